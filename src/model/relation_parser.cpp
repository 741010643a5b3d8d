// parse_relation(): relation keys are stored as written; default keys (foreignKey from
// the model name, ...) are the relations layer's job, not the definition's.
#include "model/relation_parser.hpp"

#include <array>
#include <utility>

namespace lb::model {
namespace {

constexpr std::array<std::pair<const char*, RelationType>, 7> kRelationTypes{{
    {"belongsTo", RelationType::BelongsTo},
    {"hasMany", RelationType::HasMany},
    {"hasOne", RelationType::HasOne},
    {"hasAndBelongsToMany", RelationType::HasAndBelongsToMany},
    {"referencesMany", RelationType::ReferencesMany},
    {"embedsOne", RelationType::EmbedsOne},
    {"embedsMany", RelationType::EmbedsMany},
}};

std::string type_list() {
  std::string out;
  for (const auto& [name, type] : kRelationTypes) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

Status read_name(const Object& relation, const char* key, const KeyPath& path, std::string& out) {
  const Value* value = relation.find(key);
  if (!value || value->is_null()) return {};
  if (const std::string* text = value->if_string()) {
    out = *text;
    return {};
  }
  return path.key(key).error("expected a name, got " + describe_kind(*value));
}

Status read_object(const Object& relation, const char* key, const KeyPath& path, Value& out) {
  const Value* value = relation.find(key);
  if (!value || value->is_null()) return {};
  if (!value->is_object())
    return path.key(key).error("expected an object, got " + describe_kind(*value));
  out = *value;
  return {};
}

// `"polymorphic": true | "name" | {"as"|"selector", "foreignKey", "discriminator"}`.
// true names the polymorphic after the relation; an object's foreignKey is the
// relation's key (juggler reads it from there).
Status read_polymorphic(const Value& value, const std::string& relation_name,
                        const KeyPath& path, RelationDefinition& def) {
  if (value.is_null() || (value.is_bool() && !value.as_bool())) return {};
  def.polymorphic = true;
  if (value.is_bool()) {
    def.polymorphic_as = relation_name;
    return {};
  }
  if (const std::string* as = value.if_string()) {
    if (as->empty()) return path.error("expected true, a name or an object, got an empty string");
    def.polymorphic_as = *as;
    return {};
  }
  const Object* object = value.if_object();
  if (!object) return path.error("expected true, a name or an object, got " + describe_kind(value));
  std::string as, selector, foreign_key, discriminator;
  for (auto [key, target] : {std::pair{"as", &as}, std::pair{"selector", &selector},
                             std::pair{"foreignKey", &foreign_key},
                             std::pair{"discriminator", &discriminator}}) {
    if (Status status = read_name(*object, key, path, *target); !status) return status;
  }
  if (!foreign_key.empty() && discriminator.empty())
    return path.error("\"foreignKey\" needs a \"discriminator\" too");
  if (!discriminator.empty() && foreign_key.empty())
    return path.error("\"discriminator\" needs a \"foreignKey\" too");
  if (!foreign_key.empty() && !as.empty())
    return path.error("\"as\" cannot be combined with a custom \"foreignKey\"/\"discriminator\"");
  if (!foreign_key.empty() && !selector.empty())
    return path.error(
        "\"selector\" cannot be combined with a custom \"foreignKey\"/\"discriminator\"");
  def.polymorphic_as = !as.empty() ? as : !selector.empty() ? selector : "";
  if (def.polymorphic_as.empty() && foreign_key.empty()) def.polymorphic_as = relation_name;
  def.discriminator = discriminator;
  if (!foreign_key.empty()) def.foreign_key = foreign_key;
  return {};
}

}  // namespace

Result<RelationDefinition> parse_relation(const std::string& name, const Value& value,
                                          const KeyPath& path) {
  if (name.empty()) return path.error("a relation name cannot be empty");
  if (name == "trigger") return path.error("\"trigger\" cannot be a relation name");
  const Object* relation = value.if_object();
  if (!relation) return path.error("expected a relation object, got " + describe_kind(value));

  RelationDefinition def;
  def.name = name;
  def.settings = value;

  const Value* type = relation->find("type");
  if (!type || type->is_null()) return path.key("type").error("missing relation type");
  const std::string* type_name = type->if_string();
  bool known = false;
  for (const auto& [spelling, kind] : kRelationTypes) {
    if (type_name && *type_name == spelling) {
      def.type = kind;
      known = true;
    }
  }
  if (!known && type_name && *type_name == "hasManyThrough")
    return path.key("type").error("unknown relation type \"hasManyThrough\" (write \"hasMany\" "
                                  "with a \"through\" model)");
  if (!known) {
    return path.key("type").error(
        (type_name ? "unknown relation type " + quote_name(*type_name)
                   : "expected a relation type, got " + describe_kind(*type)) +
        " (expected one of " + type_list() + ")");
  }

  for (auto [key, target] :
       {std::pair{"model", &def.model}, std::pair{"foreignKey", &def.foreign_key},
        std::pair{"primaryKey", &def.primary_key}, std::pair{"through", &def.through},
        std::pair{"keyThrough", &def.key_through}, std::pair{"property", &def.property}}) {
    if (Status status = read_name(*relation, key, path, *target); !status) return status.error();
  }
  for (auto [key, target] : {std::pair{"scope", &def.scope}, std::pair{"properties", &def.properties},
                             std::pair{"options", &def.options}}) {
    if (Status status = read_object(*relation, key, path, *target); !status) return status.error();
  }
  if (const Value* polymorphic = relation->find("polymorphic")) {
    Status status = read_polymorphic(*polymorphic, name, path.key("polymorphic"), def);
    if (!status) return status.error();
  }

  // The same combinations juggler's validateRelation refuses.
  const bool belongs_to = def.type == RelationType::BelongsTo;
  if (belongs_to && !def.polymorphic && def.model.empty())
    return path.key("model").error("a belongsTo relation needs a target \"model\"");
  if (belongs_to && def.polymorphic && !def.model.empty())
    return path.key("model").error(
        "a polymorphic belongsTo relation takes no \"model\" (the discriminator names it)");
  if (!belongs_to && def.model.empty())
    return path.key("model").error(std::string("a ") + relation_type_name(def.type) +
                                   " relation needs a target \"model\"");
  return def;
}

}  // namespace lb::model
