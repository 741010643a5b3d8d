// loopback-boot's merge of environment-specific configuration files
// (plugin-base.js _mergeObjects), rebuilt over lb::Value.
#include "boot/config_merge.hpp"

#include <fmt/format.h>

#include <string>

namespace lb::boot {
namespace {

// loopback-boot's hasCompatibleType. JavaScript's typeof null is "object", so null
// may replace an object but not a scalar, and anything may replace null.
bool compatible(const Value& original, const Value& replacement) {
  if (original.is_null()) return true;
  if (original.is_array()) return replacement.is_array();
  if (original.is_object()) return replacement.is_object() || replacement.is_null();
  return !replacement.is_object() && !replacement.is_array() && !replacement.is_null();
}

Error merge_error(std::string_view file, const std::string& message) {
  return Error(ErrorCode::InvalidDefinition, fmt::format("{}: {}", file, message));
}

Status merge_value(Value& target, const Value& replacement, const std::string& key,
                   std::string_view file);

Status merge_object(Object& target, const Object& overrides, const std::string& prefix,
                    std::string_view file) {
  for (const auto& [key, value] : overrides) {
    const std::string full_key = prefix.empty() ? key : prefix + "." + key;
    Value* original = target.find(key);
    if (!original) {
      target.push_back(key, value);
      continue;
    }
    if (Status merged = merge_value(*original, value, full_key, file); !merged) return merged;
  }
  return {};
}

Status merge_value(Value& target, const Value& replacement, const std::string& key,
                   std::string_view file) {
  if (!compatible(target, replacement))
    return merge_error(file, fmt::format("cannot merge values of incompatible types for `{}`", key));
  if (target.is_array()) {
    Array& into = target.as_array();
    const Array& from = replacement.as_array();
    if (into.size() != from.size())
      return merge_error(file, fmt::format("cannot merge arrays of different length for `{}` "
                                           "({} and {} elements)", key, into.size(), from.size()));
    for (std::size_t i = 0; i < into.size(); ++i) {
      if (Status merged = merge_value(into[i], from[i], fmt::format("{}[{}]", key, i), file); !merged)
        return merged;
    }
    return {};
  }
  if (target.is_object() && replacement.is_object())
    return merge_object(target.as_object(), replacement.as_object(), key, file);
  target = replacement;
  return {};
}

}  // namespace

Status merge_config(Value& target, const Value& overrides, std::string_view file) {
  if (!overrides.is_object()) return merge_error(file, "expected a JSON object");
  if (!target.is_object()) return merge_error(file, "the main configuration is not a JSON object");
  return merge_object(target.as_object(), overrides.as_object(), "", file);
}

}  // namespace lb::boot
