// resolve_definition(): juggler's ModelClass.extend() and define() in one pass.
// Properties: the child's own (minus removals), then the base's that it does not
// mention, minus the base's ids when the child declares its own, minus
// excludeBaseProperties; then id injection. Settings: mergeSettings by policy.
#include "model/definition_resolver.hpp"

#include <algorithm>
#include <set>

#include "model/index_parser.hpp"
#include "model/merge_policy.hpp"
#include "model/pluralize.hpp"
#include "model/relation_parser.hpp"

namespace lb::model {
namespace {

// What a subclass must not inherit from its base's settings: its name-derived plural
// and REST path would otherwise collide with the base's (see docs/model-definitions.md).
Object inheritable_settings(const Value& base_settings) {
  Object settings = base_settings.is_object() ? base_settings.as_object() : Object{};
  settings.erase("plural");
  if (Value* http = settings.find("http"); http && http->is_object()) {
    http->as_object().erase("path");
    if (http->as_object().empty()) settings.erase("http");
  }
  return settings;
}

Value setting_or_null(const Object& settings, std::string_view key) {
  const Value* value = settings.find(key);
  return value ? *value : Value();
}

std::vector<std::string> names_of(const Value* list) {
  std::vector<std::string> names;
  if (const Array* array = list ? list->if_array() : nullptr)
    for (const Value& name : *array)
      if (const std::string* text = name.if_string()) names.push_back(*text);
  return names;
}

void add_unique(std::vector<std::string>& names, const std::string& name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

std::vector<PropertyDefinition> merge_properties(const ParsedDefinition& parsed,
                                                 const ModelDefinition* base,
                                                 const Object& settings) {
  std::vector<PropertyDefinition> properties;
  std::set<std::string, std::less<>> mentioned;
  bool declares_id = false;
  for (const OwnProperty& own : parsed.properties) {
    mentioned.insert(own.definition.name);
    if (own.removed) continue;
    declares_id = declares_id || own.definition.id > 0;
    properties.push_back(own.definition);
  }
  if (base) {
    for (const PropertyDefinition& inherited : base->properties) {
      if (mentioned.count(inherited.name)) continue;
      if (declares_id && inherited.id > 0) continue;  // a new id replaces all inherited ids
      properties.push_back(inherited);
    }
  }
  std::vector<std::string> excluded = names_of(settings.find("excludeBaseProperties"));
  std::erase_if(properties, [&](const PropertyDefinition& property) {
    return std::find(excluded.begin(), excluded.end(), property.name) != excluded.end();
  });
  return properties;
}

// juggler adds `id: {type: Number, id: 1, generated: true}` at the end when no property
// is an id. A non-id property already called "id" becomes the id with its own type
// (juggler would silently replace it with a Number).
void inject_id(std::vector<PropertyDefinition>& properties) {
  for (const PropertyDefinition& property : properties)
    if (property.id > 0) return;
  for (PropertyDefinition& property : properties) {
    if (property.name != "id") continue;
    property.id = 1;
    Object settings = property.settings.is_object() ? property.settings.as_object() : Object{};
    settings.insert_or_assign("id", 1);
    if (property.type.kind == PropertyType::Kind::Number) {
      property.generated = true;
      settings.insert_or_assign("generated", true);
    }
    property.settings = Value(std::move(settings));
    return;
  }
  PropertyDefinition id;
  id.name = "id";
  id.type.kind = PropertyType::Kind::Number;
  id.id = 1;
  id.generated = true;
  id.settings = Value(Object{{"type", "Number"}, {"id", 1}, {"generated", true}});
  properties.push_back(std::move(id));
}

StrictMode strict_mode(const Value* strict) {
  if (!strict || strict->is_null()) return StrictMode::Lax;
  if (strict->is_bool()) return strict->as_bool() ? StrictMode::Strict : StrictMode::Lax;
  if (strict->is_string() && strict->as_string() == "filter") return StrictMode::Filter;
  if (strict->is_string() && strict->as_string() == "throw") return StrictMode::Throw;
  return StrictMode::Lax;
}

std::string description_text(const Value* description) {
  if (!description) return {};
  if (const std::string* text = description->if_string()) return *text;
  std::string joined;
  if (const Array* lines = description->if_array()) {
    for (const Value& line : *lines) {
      if (!joined.empty()) joined += '\n';
      if (const std::string* text = line.if_string()) joined += *text;
    }
  }
  return joined;
}

// Ranks follow the merged array: entries still equal to the base's at the same index
// keep the base's rank; the rest were declared here.
std::vector<int> rank_acls(const Value& acls, const ModelDefinition* base, int depth) {
  std::vector<int> ranks;
  const Array* merged = acls.if_array();
  if (!merged) return ranks;
  const Array* inherited = base ? base->acls.if_array() : nullptr;
  for (std::size_t i = 0; i < merged->size(); ++i) {
    bool from_base = inherited && i < inherited->size() && i < base->acl_ranks.size() &&
                     (*inherited)[i] == (*merged)[i];
    ranks.push_back(from_base ? base->acl_ranks[i] : depth);
  }
  return ranks;
}

}  // namespace

Result<std::unique_ptr<ModelDefinition>> resolve_definition(const ParsedDefinition& parsed,
                                                            const ModelDefinition* base,
                                                            int depth) {
  auto policy = MergePolicy::for_settings(parsed.settings, parsed.path);
  if (!policy) return std::move(policy).error();

  Object settings = base ? merge_settings(inheritable_settings(base->settings), parsed.settings,
                                          *policy)
                         : parsed.settings;
  if (base) settings.insert_or_assign("base", base->name);

  auto def = std::make_unique<ModelDefinition>();
  def->name = parsed.name;
  def->base = base ? base->name : "";
  def->source = parsed.source;
  def->properties = merge_properties(parsed, base, settings);

  const Value* id_injection = settings.find("idInjection");
  def->id_injection = !(id_injection && id_injection->is_bool() && !id_injection->as_bool());
  if (def->id_injection) inject_id(def->properties);

  const Value* plural = parsed.settings.find("plural");
  def->plural = plural && plural->is_string() ? plural->as_string() : pluralize(parsed.name);
  def->description = description_text(settings.find("description"));
  def->strict = strict_mode(settings.find("strict"));
  if (const Value* force_id = settings.find("forceId"); force_id && force_id->is_bool())
    def->force_id = force_id->as_bool();

  def->hidden = names_of(settings.find("hidden"));
  for (const PropertyDefinition& property : def->properties)
    if (property.hidden) add_unique(def->hidden, property.name);
  def->protected_properties = names_of(settings.find("protected"));

  if (const Object* relations = settings.find("relations") ? settings.find("relations")->if_object()
                                                           : nullptr) {
    KeyPath path = parsed.setting_path("relations");
    for (const auto& [name, value] : *relations) {
      if (value.is_null()) continue;  // a subclass removed an inherited relation
      auto relation = parse_relation(name, value, path.key(name));
      if (!relation) return std::move(relation).error();
      def->relations.push_back(std::move(*relation));
    }
  }

  if (const Object* indexes = settings.find("indexes") ? settings.find("indexes")->if_object()
                                                       : nullptr) {
    KeyPath path = parsed.setting_path("indexes");
    for (const auto& [name, value] : *indexes) {
      if (value.is_null()) continue;
      auto index = parse_index(name, value, path.key(name));
      if (!index) return std::move(index).error();
      def->indexes.push_back(std::move(*index));
    }
  }
  for (const PropertyDefinition& property : def->properties)
    if (property.index) def->indexes.push_back(property_index(property));

  def->scope = setting_or_null(settings, "scope");
  def->scopes = setting_or_null(settings, "scopes");
  def->validations = setting_or_null(settings, "validations");
  def->acls = setting_or_null(settings, "acls");
  def->acl_ranks = rank_acls(def->acls, base, depth);
  def->methods = setting_or_null(settings, "methods");
  def->mixins = setting_or_null(settings, "mixins");
  def->http = setting_or_null(settings, "http");
  def->options = parsed.options;
  def->settings = Value(std::move(settings));
  return def;
}

}  // namespace lb::model
