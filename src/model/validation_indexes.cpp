// add_uniqueness_indexes: see validation_indexes.hpp for why.
#include "model/validation_indexes.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace lb::model {
namespace {

// A unique index over a subset of `keys` already makes every combination of `keys`
// unique; so does the id when it is one of them.
bool already_unique(const ModelDefinition& definition, const std::vector<std::string>& keys) {
  const auto ids = definition.id_properties();
  if (ids.size() == 1 && std::find(keys.begin(), keys.end(), ids.front()->name) != keys.end()) return true;
  for (const IndexDefinition& index : definition.indexes) {
    if (!index.unique || index.keys.empty()) continue;
    const bool subset = std::all_of(index.keys.begin(), index.keys.end(), [&](const auto& key) {
      return std::find(keys.begin(), keys.end(), key.first) != keys.end();
    });
    if (subset) return true;
  }
  return false;
}

// The entry's keys (scopedTo, then the property), or nothing when it adds no index.
std::vector<std::string> index_keys(const ModelDefinition& definition, const Object& entry) {
  const Value* kind = entry.find("validation");
  if (!kind || !kind->is_string() || kind->as_string() != "uniqueness") return {};
  if (const Value* ignore_case = entry.find("ignoreCase"); ignore_case && !(ignore_case->is_bool() && !ignore_case->as_bool()))
    return {};  // case-insensitive: no portable unique index expresses it
  const Value* property = entry.find("property");
  if (!property || !property->is_string()) return {};
  std::vector<std::string> keys;
  if (const Value* scoped = entry.find("scopedTo")) {
    if (!scoped->is_array()) return {};
    for (const Value& name : scoped->as_array()) {
      if (!name.is_string()) return {};
      if (std::find(keys.begin(), keys.end(), name.as_string()) == keys.end()) keys.push_back(name.as_string());
    }
  }
  if (std::find(keys.begin(), keys.end(), property->as_string()) == keys.end()) keys.push_back(property->as_string());
  for (const std::string& key : keys) {
    // Only top-level properties the definition declares: an index cannot name others.
    if (definition.property(key) == nullptr) return {};
  }
  return keys;
}

std::string index_name(const ModelDefinition& definition, const std::vector<std::string>& keys) {
  std::string base;
  for (const std::string& key : keys) base += key + "_";
  base += "unique";
  std::string name = base;
  for (int n = 2; std::any_of(definition.indexes.begin(), definition.indexes.end(),
                              [&](const IndexDefinition& index) { return index.name == name; });
       ++n) {
    name = base + "_" + std::to_string(n);
  }
  return name;
}

}  // namespace

void add_uniqueness_indexes(ModelDefinition& definition) {
  if (!definition.validations.is_array()) return;
  for (const Value& entry : definition.validations.as_array()) {
    const Object* object = entry.if_object();
    if (object == nullptr) continue;
    const std::vector<std::string> keys = index_keys(definition, *object);
    if (keys.empty() || already_unique(definition, keys)) continue;
    IndexDefinition index;
    index.name = index_name(definition, keys);
    Object key_settings;
    for (const std::string& key : keys) {
      index.keys.emplace_back(key, 1);
      key_settings.push_back(key, 1);
    }
    index.unique = true;
    index.settings = Value(Object{{"keys", Value(std::move(key_settings))}, {"options", Value(Object{{"unique", true}})}});
    definition.indexes.push_back(std::move(index));
  }
}

}  // namespace lb::model
