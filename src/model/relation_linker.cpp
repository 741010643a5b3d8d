// link_relations: what each relation type adds to the models it joins, as LoopBack's
// relation definitions add it. New properties go after the existing ones (the id
// included), where LoopBack's defineProperty puts them.
#include "model/relation_linker.hpp"

#include <algorithm>

#include "lb/relation.hpp"
#include "model/key_path.hpp"
#include "model/property_parser.hpp"
#include "model/relation_lookup.hpp"

namespace lb::model {
namespace {

// A type as a definition writes it ("Number", ["String"], "Address").
Value type_value(const PropertyType& type) {
  switch (type.kind) {
    case PropertyType::Kind::Array: return Value(Array{type.element ? type_value(*type.element) : Value("any")});
    case PropertyType::Kind::Model: return Value(type.model);
    case PropertyType::Kind::Object: return Value("object");
    default: return Value(type.to_string());
  }
}

const PropertyDefinition* id_property(const ModelDefinition& model, const std::string& name) {
  if (const PropertyDefinition* property = model.property(name)) return property;
  auto ids = model.id_properties();
  return ids.empty() ? nullptr : ids.front();
}

class Linker {
 public:
  explicit Linker(const LinkScope& scope) : scope_(scope) {}

  Status run() {
    // Relations of models already defined that point at a fresh model: hasMany and
    // hasOne put their foreign key on it.
    for (const ModelDefinition* owner : scope_.existing()) {
      if (Status status = link_targets_only(*owner); !status) return status;
    }
    // Fresh models, including through models created on the way (the list grows).
    for (std::size_t i = 0; i < scope_.fresh->size(); ++i) {
      if (Status status = link((*scope_.fresh)[i]); !status) return status;
    }
    return {};
  }

 private:
  ModelDefinition* fresh(std::string_view name) const {
    for (ModelDefinition* def : *scope_.fresh)
      if (def->name == name) return def;
    return nullptr;
  }

  // Adds `name` to `model` (a fresh one) typed `type`, or, when it exists and is no
  // id, gives it that type, as LoopBack's defineForeignKey does. `extra` holds more
  // settings ("default", connector sections).
  Status define(ModelDefinition& model, const std::string& name, Value type, Object extra = {}) {
    auto existing = std::find_if(model.properties.begin(), model.properties.end(),
                                 [&](const PropertyDefinition& p) { return p.name == name; });
    if (existing != model.properties.end()) {
      if (existing->id > 0 || type.is_null()) return {};
      auto parsed = parse_property_type(type, KeyPath(model.name).key("properties").key(name), model.name);
      if (!parsed) return parsed.error();
      existing->type = std::move(parsed).value();
      return {};
    }
    Object settings;
    settings.push_back("type", type.is_null() ? Value("any") : std::move(type));
    for (auto& [key, value] : extra) settings.push_back(key, value);
    Object properties;
    properties.push_back(name, Value(std::move(settings)));
    auto parsed = parse_properties(Value(std::move(properties)), KeyPath(model.name).key("properties"), model.name);
    if (!parsed) return parsed.error();
    model.properties.push_back(std::move(parsed->front().definition));
    return {};
  }

  // A foreign key on `model` pointing at `target`'s key `key`: typed like it, with its
  // connector sections' dataType (a uuid id gets a uuid foreign key).
  Status define_foreign_key(ModelDefinition& model, const std::string& name, const ModelDefinition* target,
                            const std::string& key) {
    const PropertyDefinition* id = target ? id_property(*target, key) : nullptr;
    if (!id) return define(model, name, Value("Number"), Object{{"index", true}});
    // Foreign keys are indexed, as Django and Rails index them: include, relation
    // methods and relation filters all look rows up by them (LoopBack indexes only
    // its polymorphic keys).
    Object extra{{"index", true}};
    if (const Object* settings = id->settings.if_object()) {
      for (const auto& [section, value] : *settings) {
        const Object* connector = value.if_object();
        const Value* data_type = connector ? connector->find("dataType") : nullptr;
        if (data_type) extra.push_back(section, Value(Object{{"dataType", *data_type}}));
      }
    }
    return define(model, name, type_value(id->type), std::move(extra));
  }

  Status link_targets_only(const ModelDefinition& owner) {
    for (const RelationDefinition& definition : owner.relations) {
      if (definition.type != RelationType::HasMany && definition.type != RelationType::HasOne) continue;
      if (!fresh(definition.model)) continue;
      if (Status status = link_relation(owner, definition, /*own_side=*/false); !status) return status;
    }
    return {};
  }

  Status link(ModelDefinition* model) {
    for (const RelationDefinition& definition : model->relations) {
      if (Status status = link_relation(*model, definition, /*own_side=*/true); !status) return status;
    }
    return {};
  }

  // A relation of `owner`: its own side when `own_side` (owner is fresh), and the side
  // of a fresh target.
  Status link_relation(const ModelDefinition& owner, const RelationDefinition& definition, bool own_side) {
    // Targets not defined yet are left alone: the relation resolves once they are.
    if (!definition.model.empty() && !scope_.find(definition.model)) return {};
    if (definition.type == RelationType::HasAndBelongsToMany && definition.through.empty()) {
      if (Status status = ensure_through(owner, definition); !status) return status;
    } else if (!definition.through.empty() && !scope_.find(definition.through)) {
      return {};
    }
    auto relation = resolve(owner, definition);
    if (!relation) return relation.error();
    ModelDefinition* self = own_side ? fresh(owner.name) : nullptr;
    ModelDefinition* target = relation->to ? fresh(relation->to->name) : nullptr;
    switch (relation->type) {
      case RelationType::BelongsTo:
        if (!self) return {};
        if (relation->polymorphic) {
          if (Status s = define_foreign_key(*self, relation->key_from, &owner, relation->key_to); !s) return s;
          return define(*self, relation->discriminator, Value("String"), Object{{"index", true}});
        }
        return define_foreign_key(*self, relation->key_from, relation->to, relation->key_to);
      case RelationType::HasMany:
      case RelationType::HasOne:
      case RelationType::HasAndBelongsToMany:
        if (relation->has_through()) {
          // LoopBack's through model gets a belongsTo to each side (HABTM); its keys.
          ModelDefinition* through = fresh(relation->through->name);
          if (!through || relation->type != RelationType::HasAndBelongsToMany) return {};
          if (Status s = define_foreign_key(*through, relation->key_to, &owner, relation->key_from); !s) return s;
          return define_foreign_key(*through, relation->key_through, relation->to, "");
        }
        if (!target) return {};
        if (relation->polymorphic) {
          if (Status s = define(*target, relation->discriminator, Value("String"), Object{{"index", true}}); !s) return s;
        }
        return define_foreign_key(*target, relation->key_to, &owner, relation->key_from);
      case RelationType::ReferencesMany: {
        if (!self) return {};
        const PropertyDefinition* id = id_property(*relation->to, relation->key_to);
        Value element = id ? type_value(id->type) : Value("Number");
        return define(*self, relation->key_from, Value(Array{std::move(element)}), Object{{"default", Value(Array{})}});
      }
      case RelationType::EmbedsOne:
        if (!self) return {};
        return define(*self, relation->key_from, Value(relation->to->name));
      case RelationType::EmbedsMany:
        if (!self) return {};
        return define(*self, relation->key_from, Value(Array{Value(relation->to->name)}),
                      Object{{"default", Value(Array{})}});
    }
    return {};
  }

  // A hasAndBelongsToMany without `through` uses <From><To> or <To><From>, and
  // creates <From><To> when neither exists.
  Status ensure_through(const ModelDefinition& owner, const RelationDefinition& definition) {
    const std::string first = owner.name + definition.model;
    if (scope_.find(first) || scope_.find(definition.model + owner.name)) return {};
    Object through;
    through.push_back("name", first);
    through.push_back("base", "PersistedModel");
    through.push_back("properties", Value(Object{}));
    auto created = scope_.create(Value(std::move(through)));
    if (!created) return created.error();
    return {};
  }

  Result<Relation> resolve(const ModelDefinition& owner, const RelationDefinition& definition) const {
    // Through the scope's lookup, which sees the fresh definitions too.
    return resolve_relation_with(owner, definition, scope_.find);
  }

  const LinkScope& scope_;
};

}  // namespace

Status link_relations(const LinkScope& scope) { return Linker(scope).run(); }

}  // namespace lb::model
