// `fields`: ["a", "b"], "a", or {"a": true, "b": false}. Query strings give "true",
// "false", "1", "0" for the booleans, so those count too.
#include <algorithm>

#include <fmt/format.h>

#include "filter/parse/filter_parser.hpp"

namespace lb::filter {
namespace {

Status check_name(const std::string& name, const std::string& path, const Limits& limits) {
  if (name.empty()) return parse_error(path, "empty field name");
  if (name.size() > limits.max_string_bytes)
    return parse_error(path, fmt::format("a field name of {} bytes exceeds the limit of {} bytes", name.size(),
                                         limits.max_string_bytes));
  return {};
}

// LoopBack tests the value for truth, so "false" would include the field; lb reads
// the query-string spellings for what they say.
std::optional<bool> as_flag(const Value& v) {
  if (v.is_bool()) return v.as_bool();
  if (v.is_integer() && (v.as_integer() == 0 || v.as_integer() == 1)) return v.as_integer() == 1;
  if (const std::string* s = v.if_string()) {
    if (*s == "true" || *s == "1") return true;
    if (*s == "false" || *s == "0") return false;
  }
  return std::nullopt;
}

}  // namespace

Result<FieldsSpec> parse_fields_value(const Value& v, const std::string& path, const Limits& limits) {
  FieldsSpec spec;
  if (const std::string* name = v.if_string()) {
    if (auto status = check_name(*name, path, limits); !status) return status.error();
    spec.entries.emplace_back(*name, true);
    return spec;
  }
  if (const Array* names = v.if_array()) {
    for (std::size_t i = 0; i < names->size(); ++i) {
      const Value& item = (*names)[i];
      std::string item_path = index_path(path, i);
      if (!item.is_string())
        return parse_error(item_path, fmt::format("expected a field name, got {}", kind_word(item)));
      if (auto status = check_name(item.as_string(), item_path, limits); !status) return status.error();
      spec.entries.emplace_back(item.as_string(), true);
    }
    return spec;
  }
  if (const Object* flags = v.if_object()) {
    // qs gives {"0": "a", "1": "b"} for long bracketed lists: an array in disguise.
    if (auto names = as_array_like(v); names && !std::all_of(names->begin(), names->end(), [](const Value* n) {
          return as_flag(*n).has_value();
        }))
      return parse_fields_value(Value(copy_items(*names)), path, limits);
    for (const auto& [name, flag] : *flags) {
      std::string item_path = member_path(path, name);
      if (auto status = check_name(name, item_path, limits); !status) return status.error();
      auto included = as_flag(flag);
      if (!included)
        return parse_error(item_path, fmt::format("expected true or false, got {}", flag.to_json()));
      spec.entries.emplace_back(name, *included);
    }
    return spec;
  }
  return parse_error(path, fmt::format("expected a field name, an array of names or an object of "
                                       "true/false, got {}", kind_word(v)));
}

}  // namespace lb::filter
