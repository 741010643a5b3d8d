// Merge policies and the deep merge behind `base` inheritance of settings. The rules
// follow juggler's documented behaviour; see docs/model-definitions.md.
#include "model/merge_policy.hpp"

#include <algorithm>

namespace lb::model {
namespace {

bool is_container(const Value& value) { return value.is_object() || value.is_array(); }

// JavaScript's indexOf on the merged array: primitives compare by value, objects and
// arrays by identity, so a child's object element is always new.
bool contains_primitive(const Array& array, const Value& element) {
  if (is_container(element)) return false;
  return std::find(array.begin(), array.end(), element) != array.end();
}

Value merge_containers(const Value& base, const Value& extras) {
  if (base.is_array() && extras.is_array()) {
    Array merged = base.as_array();
    for (const Value& element : extras.as_array())
      if (!contains_primitive(merged, element)) merged.push_back(element);
    return Value(std::move(merged));
  }
  if (base.is_object() && extras.is_object()) {
    Object merged = base.as_object();
    for (const auto& [key, value] : extras.as_object())
      merged.insert_or_assign(key, deep_merge(merged.find(key), value));
    return Value(std::move(merged));
  }
  // An object meeting an array: juggler would copy indexes into keys; the child wins.
  return extras;
}

Result<MergeRule> parse_rule(const Value& value, const KeyPath& path) {
  const Object* object = value.if_object();
  if (!object)
    return path.error("expected a merge rule like {\"replace\": true}, got " +
                      describe_kind(value));
  MergeRule rule;
  for (const auto& [key, flag] : *object) {
    bool* target = key == "replace" ? &rule.replace
                   : key == "patch" ? &rule.patch
                   : key == "rank"  ? &rule.rank
                                    : nullptr;
    if (!target) continue;  // juggler ignores other keys too
    if (!flag.is_bool() && !flag.is_null())
      return path.key(key).error("expected true or false, got " + describe_kind(flag));
    *target = flag.is_bool() && flag.as_bool();
  }
  return rule;
}

}  // namespace

MergePolicy MergePolicy::legacy() {
  MergePolicy policy;
  policy.rules_ = {
      {"description", {.replace = true}}, {"properties", {.patch = true}},
      {"hidden", {}},                      {"protected", {}},
      {"relations", {.patch = true}},      {"acls", {.rank = true}},
  };
  return policy;
}

MergePolicy MergePolicy::recommended() {
  MergePolicy policy;
  policy.rules_ = {
      {"description", {.replace = true}}, {"options", {.patch = true}},
      {"hidden", {}},                      {"protected", {}},
      {"indexes", {.patch = true}},        {"methods", {.patch = true}},
      {"mixins", {.patch = true}},         {"relations", {.patch = true}},
      {"scope", {.replace = true}},        {"scopes", {.patch = true}},
      {"acls", {.rank = true}},
  };
  policy.delete_marker_ = Value();
  policy.default_rule_.replace = true;
  return policy;
}

Result<MergePolicy> MergePolicy::for_settings(const Object& child_settings, const KeyPath& path) {
  const Value* config = child_settings.find("configureModelMerge");
  if (!config || config->is_null() || (config->is_bool() && !config->as_bool())) return legacy();
  if (config->is_bool()) return recommended();
  const Object* rules = config->if_object();
  KeyPath here = path.key("configureModelMerge");
  if (!rules) return here.error("expected true or an object of merge rules, got " +
                                describe_kind(*config));
  MergePolicy policy;
  for (const auto& [key, value] : *rules) {
    if (key == "__delete") {
      policy.delete_marker_ = value;
      continue;
    }
    auto rule = parse_rule(value, here.key(key));
    if (!rule) return std::move(rule).error();
    if (key == "__default") policy.default_rule_ = *rule;
    else policy.rules_.emplace_back(key, *rule);
  }
  return policy;
}

MergeRule MergePolicy::rule(std::string_view key) const {
  for (const auto& [name, rule] : rules_)
    if (name == key) return rule;
  return default_rule_;
}

bool MergePolicy::deletes(const Value& child_value) const {
  return delete_marker_ && *delete_marker_ == child_value;
}

Value deep_merge(const Value* base, const Value& extras) {
  if (!is_container(extras)) return extras;  // null and scalars replace
  if (!base || base->is_null() || !is_container(*base)) return extras;
  return merge_containers(*base, extras);
}

Object merge_settings(const Object& base, const Object& child, const MergePolicy& policy) {
  Object merged = base;
  for (const auto& [key, value] : child) {
    MergeRule rule = policy.rule(key);
    if (policy.deletes(value)) {
      merged.erase(key);
      continue;
    }
    if (rule.replace) {
      merged.insert_or_assign(key, value);
      continue;
    }
    if (rule.patch) {
      const Object* entries = value.if_object();
      if (!entries) {  // juggler fails on a non-object here; replacing is the useful reading
        merged.insert_or_assign(key, value);
        continue;
      }
      Value& slot = merged[key];
      if (!slot.is_object()) slot = Value(Object{});
      for (const auto& [inner, inner_value] : *entries)
        slot.as_object().insert_or_assign(inner, inner_value);
      continue;
    }
    merged.insert_or_assign(key, deep_merge(merged.find(key), value));
  }
  return merged;
}

}  // namespace lb::model
