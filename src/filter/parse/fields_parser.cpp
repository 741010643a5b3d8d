// `fields`: ["a", "b"], "a", or {"a": true, "b": false}. Query strings give "true",
// "false", "1", "0" for the booleans, so those count too.
#include <fmt/format.h>

#include "filter/parse/filter_parser.hpp"

namespace lb::filter {
namespace {

Status check_name(std::string_view name, const LazyKeyPath& path, const Limits& limits) {
  if (name.empty()) return parse_error(path, "empty field name");
  if (name.size() > limits.max_string_bytes)
    return parse_error(path, fmt::format("a field name of {} bytes exceeds the limit of {} bytes", name.size(),
                                         limits.max_string_bytes));
  return {};
}

// LoopBack tests the value for truth, so "false" would include the field; lb reads
// the query-string spellings for what they say.
template <class V>
std::optional<bool> as_flag(const V& v) {
  if (v.is_bool()) return v.as_bool();
  if (v.is_integer() && (v.as_integer() == 0 || v.as_integer() == 1)) return v.as_integer() == 1;
  if (auto s = v.if_string()) {
    if (*s == "true" || *s == "1") return true;
    if (*s == "false" || *s == "0") return false;
  }
  return std::nullopt;
}

}  // namespace

template <WalkedValue V>
Status parse_fields_value(V& v, const LazyKeyPath& path, const Limits& limits, FieldsSpec& out) {
  if (auto name = v.if_string()) {
    if (auto status = check_name(*name, path, limits); !status) return status;
    out.entries.emplace_back(*name, true);
    return {};
  }
  if (auto names = array_of(v)) {
    out.entries.reserve(names->size());
    std::size_t i = 0;
    for (const auto& item : *names) {
      if (!item.is_string())
        return parse_error(path.index(i), fmt::format("expected a field name, got {}", kind_word(item)));
      if (auto status = check_name(item.as_string(), path.index(i), limits); !status) return status;
      out.entries.emplace_back(item.as_string(), true);
      ++i;
    }
    return {};
  }
  if (auto flags = object_of(v)) {
    // qs gives {"0": "a", "1": "b"} for long bracketed lists: an array in disguise.
    if (auto names = as_array_like(v); names) {
      bool all_flags = true;
      for (auto& name : *names) {
        all_flags = as_flag(name).has_value();
        if (!all_flags) break;
      }
      if (!all_flags) {
        Value array(names->take_all());
        return parse_fields_value(array, path, limits, out);
      }
    }
    out.entries.reserve(flags->size());
    for (auto&& [name, flag] : *flags) {
      LazyKeyPath item_path = path.key(name);
      if (auto status = check_name(name, item_path, limits); !status) return status;
      auto included = as_flag(flag);
      if (!included)
        return parse_error(item_path, fmt::format("expected true or false, got {}", flag.to_json()));
      out.entries.emplace_back(take(name), *included);
    }
    return {};
  }
  return parse_error(path, fmt::format("expected a field name, an array of names or an object of "
                                       "true/false, got {}", kind_word(v)));
}

template Status parse_fields_value(const Value&, const LazyKeyPath&, const Limits&, FieldsSpec&);
template Status parse_fields_value(Value&, const LazyKeyPath&, const Limits&, FieldsSpec&);
template Status parse_fields_value(const TapeValue&, const LazyKeyPath&, const Limits&, FieldsSpec&);

}  // namespace lb::filter
