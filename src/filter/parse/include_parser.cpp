// `include`: "rel", ["a", "b"], {"a": "b"}, {"a": ["b", {"c": "d"}]}, {"a": true},
// {"relation": "a", "scope": {...filter}} and arrays mixing these, normalised to
// IncludeSpec{relation, scope}; a nested include becomes the scope's include.
#include <fmt/format.h>

#include "filter/parse/filter_parser.hpp"

namespace lb::filter {
namespace {

Status check_relation_name(const std::string& name, const std::string& path, const Limits& limits) {
  if (name.empty()) return parse_error(path, "empty relation name");
  if (name.size() > limits.max_string_bytes)
    return parse_error(path, fmt::format("a relation name of {} bytes exceeds the limit of {} bytes", name.size(),
                                         limits.max_string_bytes));
  return {};
}

// {"relation": "a", "scope": {...}} (LoopBack also reads "rel" for "relation").
Status parse_scoped_include(const Object& object, const std::string& relation, const std::string& path,
                            std::size_t level, ParseState& state, std::vector<IncludeSpec>& out) {
  if (auto status = check_relation_name(relation, member_path(path, "relation"), state.limits); !status)
    return status;
  IncludeSpec spec{relation, nullptr};
  for (const auto& [key, value] : object) {
    if (key == "relation" || key == "rel") continue;
    if (key != "scope")
      return parse_error(path, fmt::format("unknown key {} in an include (expected \"relation\" and \"scope\")",
                                           quoted(key)));
    if (value.is_null()) continue;
    auto scope = parse_filter_object(value, member_path(path, "scope"), level, state);
    if (!scope) return std::move(scope).error();
    // An empty scope changes nothing; dropping it keeps {"relation": "a", "scope": {}}
    // and "a" the same tree.
    if (*scope == Syntax{}) continue;
    spec.scope = std::make_shared<const Syntax>(std::move(*scope));
  }
  out.push_back(std::move(spec));
  return {};
}

}  // namespace

// `level` is the include nesting level of the entries being parsed (1 for the top
// filter's include).
Status parse_include_value(const Value& v, const std::string& path, std::size_t level, ParseState& state,
                           std::vector<IncludeSpec>& out) {
  if (level > state.limits.max_include_depth)
    return parse_error(path, fmt::format("includes nested deeper than {} levels", state.limits.max_include_depth));

  if (const std::string* name = v.if_string()) {
    if (auto status = check_relation_name(*name, path, state.limits); !status) return status;
    out.push_back(IncludeSpec{*name, nullptr});
    return {};
  }
  if (v.is_array()) {
    const Array& items = v.as_array();
    for (std::size_t i = 0; i < items.size(); ++i)
      if (auto status = parse_include_value(items[i], index_path(path, i), level, state, out); !status)
        return status;
    return {};
  }
  if (const Object* object = v.if_object()) {
    for (const char* key : {"relation", "rel"}) {
      const Value* relation = object->find(key);
      if (relation && relation->is_string())
        return parse_scoped_include(*object, relation->as_string(), path, level, state, out);
    }
    // qs turns long bracketed lists into {"0": .., "1": ..}.
    if (auto items = as_array_like(v)) return parse_include_value(Value(copy_items(*items)), path, level, state, out);
    for (const auto& [relation, sub] : *object) {
      std::string item_path = member_path(path, relation);
      if (auto status = check_relation_name(relation, item_path, state.limits); !status) return status;
      IncludeSpec spec{relation, nullptr};
      // A query string can only say "true" as text; a relation named "true" is not
      // worth keeping that spelling from it.
      bool alone = (sub.is_bool() && sub.as_bool()) || (sub.is_string() && sub.as_string() == "true");
      if (!alone) {
        if (!sub.is_string() && !sub.is_array() && !sub.is_object())
          return parse_error(item_path, fmt::format("expected true, a relation name, an array or an object, got {}",
                                                    sub.to_json()));
        Syntax scope;
        if (auto status = parse_include_value(sub, item_path, level + 1, state, scope.include); !status)
          return status;
        if (!scope.include.empty()) spec.scope = std::make_shared<const Syntax>(std::move(scope));
      }
      out.push_back(std::move(spec));
    }
    return {};
  }
  return parse_error(path, fmt::format("expected a relation name, an array or an object, got {}", kind_word(v)));
}

}  // namespace lb::filter
