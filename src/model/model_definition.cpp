// ModelDefinition, PropertyDefinition, RelationDefinition and PropertyType: lookups and
// the two printed forms (LoopBack JSON and the readable summary golden tests pin).
#include "lb/model_definition.hpp"

#include <algorithm>

#include "lb/json.hpp"

namespace lb {
namespace {

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

const Value* object_entry(const Value& object, std::string_view key) {
  const Value* entry = object.find(key);
  return entry && entry->is_object() ? entry : nullptr;
}

const char* strict_name(StrictMode mode) {
  switch (mode) {
    case StrictMode::Strict: return "true";
    case StrictMode::Lax: return "false";
    case StrictMode::Filter: return "filter";
    case StrictMode::Throw: return "throw";
  }
  return "false";
}

// Property settings the summary shows as flags; the rest print as JSON.
constexpr std::string_view kPropertyFlags[] = {"type",      "id",    "required", "default",
                                               "defaultFn", "generated", "index", "hidden",
                                               "description"};

std::string property_line(const PropertyDefinition& property) {
  std::string line = property.name + ": " + property.type.to_string();
  if (property.id) line += " id=" + std::to_string(property.id);
  if (property.required) line += " required";
  if (property.default_value) line += " default=" + property.default_value->to_json();
  if (!property.default_fn.empty()) line += " defaultFn=" + property.default_fn;
  if (property.generated) line += " generated";
  if (property.index) line += property.unique ? " unique-index" : " index";
  if (property.hidden) line += " hidden";
  if (!property.description.empty()) line += " description=" + Value(property.description).to_json();
  if (const Object* settings = property.settings.if_object()) {
    Object rest;
    for (const auto& [key, value] : *settings)
      if (std::find(std::begin(kPropertyFlags), std::end(kPropertyFlags), key) ==
          std::end(kPropertyFlags))
        rest.push_back(key, value);
    if (!rest.empty()) line += " " + Value(std::move(rest)).to_json();
  }
  return line;
}

std::string relation_line(const RelationDefinition& relation) {
  std::string line = relation.name + ": " + relation_type_name(relation.type);
  if (!relation.model.empty()) line += " " + relation.model;
  auto add = [&line](const char* key, const std::string& value) {
    if (!value.empty()) line += std::string(" ") + key + "=" + value;
  };
  add("foreignKey", relation.foreign_key);
  add("primaryKey", relation.primary_key);
  add("through", relation.through);
  add("keyThrough", relation.key_through);
  add("property", relation.property);
  if (relation.polymorphic) {
    line += " polymorphic(";
    if (!relation.polymorphic_as.empty()) line += "as=" + relation.polymorphic_as;
    if (!relation.discriminator.empty())
      line += std::string(relation.polymorphic_as.empty() ? "" : " ") +
              "discriminator=" + relation.discriminator;
    line += ")";
  }
  if (!relation.scope.is_null()) line += " scope=" + relation.scope.to_json();
  if (!relation.properties.is_null()) line += " properties=" + relation.properties.to_json();
  if (!relation.options.is_null()) line += " options=" + relation.options.to_json();
  return line;
}

std::string index_line(const IndexDefinition& index) {
  std::string line = index.name + ":";
  for (std::size_t i = 0; i < index.keys.size(); ++i) {
    line += (i ? ", " : " ") + index.keys[i].first + (index.keys[i].second < 0 ? " DESC" : " ASC");
  }
  if (index.unique) line += " unique";
  return line;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// Settings the summary shows on their own lines.
constexpr std::string_view kSummarised[] = {
    "base",   "plural",    "description", "strict", "idInjection", "forceId",
    "hidden", "protected", "relations",   "indexes", "acls"};

}  // namespace

std::string PropertyType::to_string() const {
  switch (kind) {
    case Kind::String: return "String";
    case Kind::Number: return "Number";
    case Kind::Boolean: return "Boolean";
    case Kind::Date: return "Date";
    case Kind::Buffer: return "Buffer";
    case Kind::GeoPoint: return "GeoPoint";
    case Kind::Any: return "Any";
    case Kind::Array: {
      // Appended piecewise: GCC 12 -O3 misreports `"[" + s + "]"` under -Wrestrict.
      std::string out = "[";
      out += element ? element->to_string() : std::string("Any");
      out += ']';
      return out;
    }
    case Kind::Model: return model;
    case Kind::Object: {
      std::string out = "{";
      if (nested) {
        for (const PropertyDefinition& property : nested->properties) {
          if (out.size() > 1) out += ", ";
          out += property.name + ": " + property.type.to_string();
        }
      }
      return out + "}";
    }
  }
  return "Any";
}

const Value* PropertyDefinition::connector_settings(std::string_view connector) const {
  return object_entry(settings, connector);
}

std::optional<std::string> PropertyDefinition::column_name(std::string_view connector) const {
  const Value* section = connector_settings(connector);
  if (!section) return std::nullopt;
  // juggler's columnName() prefers "column" over "columnName".
  for (const char* key : {"column", "columnName"}) {
    const Value* name = section->find(key);
    if (name && name->is_string() && !name->as_string().empty()) return name->as_string();
  }
  return std::nullopt;
}

const char* relation_type_name(RelationType type) {
  switch (type) {
    case RelationType::BelongsTo: return "belongsTo";
    case RelationType::HasMany: return "hasMany";
    case RelationType::HasOne: return "hasOne";
    case RelationType::HasAndBelongsToMany: return "hasAndBelongsToMany";
    case RelationType::ReferencesMany: return "referencesMany";
    case RelationType::EmbedsOne: return "embedsOne";
    case RelationType::EmbedsMany: return "embedsMany";
  }
  return "belongsTo";
}

bool RelationDefinition::is_to_many() const {
  return type == RelationType::HasMany || type == RelationType::HasAndBelongsToMany ||
         type == RelationType::ReferencesMany || type == RelationType::EmbedsMany;
}

bool RelationDefinition::include_disabled() const {
  const Value* flag = options.find("disableInclude");
  return flag && flag->is_bool() && flag->as_bool();
}

const PropertyDefinition* ModelDefinition::property(std::string_view property_name) const {
  for (const PropertyDefinition& property : properties)
    if (property.name == property_name) return &property;
  return nullptr;
}

const RelationDefinition* ModelDefinition::relation(std::string_view relation_name) const {
  for (const RelationDefinition& relation : relations)
    if (relation.name == relation_name) return &relation;
  return nullptr;
}

std::vector<const PropertyDefinition*> ModelDefinition::id_properties() const {
  std::vector<const PropertyDefinition*> ids;
  for (const PropertyDefinition& property : properties)
    if (property.id > 0) ids.push_back(&property);
  std::stable_sort(ids.begin(), ids.end(),
                   [](const PropertyDefinition* a, const PropertyDefinition* b) { return a->id < b->id; });
  return ids;
}

bool ModelDefinition::is_hidden(std::string_view property) const { return contains(hidden, property); }

bool ModelDefinition::is_protected(std::string_view property) const {
  return contains(protected_properties, property);
}

const Value* ModelDefinition::connector_settings(std::string_view connector) const {
  return object_entry(settings, connector);
}

Value ModelDefinition::to_value() const {
  Object out;
  out.push_back("name", name);
  if (!base.empty()) out.push_back("base", base);
  if (!plural.empty()) out.push_back("plural", plural);
  Object props;
  for (const PropertyDefinition& property : properties) props.push_back(property.name, property.settings);
  out.push_back("properties", Value(std::move(props)));
  if (const Object* rest = settings.if_object()) {
    for (const auto& [key, value] : *rest)
      if (key != "base" && key != "plural") out.push_back(key, value);
  }
  return Value(std::move(out));
}

std::string ModelDefinition::to_string() const {
  std::string out = "model " + name;
  if (!base.empty()) out += " : " + base;
  out += "\n  plural: " + plural;
  out += "\n  strict: " + std::string(strict_name(strict)) +
         ", idInjection: " + (id_injection ? "true" : "false") +
         ", forceId: " + (force_id ? (*force_id ? "true" : "false") : "auto");
  if (!description.empty()) out += "\n  description: " + Value(description).to_json();
  out += "\n  properties:";
  for (const PropertyDefinition& property : properties) out += "\n    " + property_line(property);
  if (!relations.empty()) {
    out += "\n  relations:";
    for (const RelationDefinition& relation : relations) out += "\n    " + relation_line(relation);
  }
  if (!indexes.empty()) {
    out += "\n  indexes:";
    for (const IndexDefinition& index : indexes) out += "\n    " + index_line(index);
  }
  if (!hidden.empty()) out += "\n  hidden: " + join(hidden);
  if (!protected_properties.empty()) out += "\n  protected: " + join(protected_properties);
  if (const Array* entries = acls.if_array(); entries && !entries->empty()) {
    out += "\n  acls:";
    for (std::size_t i = 0; i < entries->size(); ++i) {
      int rank = i < acl_ranks.size() ? acl_ranks[i] : 0;
      out += "\n    rank " + std::to_string(rank) + ": " + (*entries)[i].to_json();
    }
  }
  if (const Object* all = settings.if_object()) {
    Object rest;
    for (const auto& [key, value] : *all)
      if (std::find(std::begin(kSummarised), std::end(kSummarised), key) == std::end(kSummarised))
        rest.push_back(key, value);
    if (!rest.empty()) out += "\n  settings: " + Value(std::move(rest)).to_json();
  }
  return out;
}

}  // namespace lb
