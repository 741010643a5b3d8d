// `include`: "rel", ["a", "b"], {"a": "b"}, {"a": ["b", {"c": "d"}]}, {"a": true},
// {"relation": "a", "scope": {...filter}} and arrays mixing these, normalised to
// IncludeSpec{relation, scope}; a nested include becomes the scope's include.
#include <fmt/format.h>

#include "filter/parse/blank.hpp"
#include "filter/parse/filter_parser.hpp"

namespace lb::filter {
namespace {

Status check_relation_name(std::string_view name, const LazyKeyPath& path, const Limits& limits) {
  if (name.empty()) return parse_error(path, "empty relation name");
  if (name.size() > limits.max_string_bytes)
    return parse_error(path, fmt::format("a relation name of {} bytes exceeds the limit of {} bytes", name.size(),
                                         limits.max_string_bytes));
  return {};
}

bool is_empty(const Syntax& syntax) {
  return !syntax.where && syntax.order.empty() && !syntax.fields && !syntax.limit && !syntax.skip &&
         !syntax.offset && syntax.include.empty();
}

// {"relation": "a", "scope": {...}} (LoopBack also reads "rel" for "relation").
template <WalkedValue V>
Status parse_scoped_include(ObjectOf<V>& object, std::string_view relation, const LazyKeyPath& path,
                            std::size_t level, ParseState& state, std::vector<IncludeSpec>& out) {
  if (auto status = check_relation_name(relation, path.member("relation"), state.limits); !status) return status;
  IncludeSpec spec{std::string(relation), nullptr};
  for (auto&& [key, value] : object) {
    if (is_key(key, "relation") || is_key(key, "rel")) continue;
    if (!is_key(key, "scope"))
      return parse_error(path, fmt::format("unknown key {} in an include (expected \"relation\" and \"scope\")",
                                           quoted(key)));
    if (value.is_null()) continue;
    // Parsed where it will live (a Syntax is not cheap to move).
    auto scope = std::make_shared<Syntax>(blank<Syntax>());
    if (auto status = parse_filter_object(value, path.member("scope"), level, state, *scope); !status)
      return status;
    // An empty scope changes nothing; dropping it keeps {"relation": "a", "scope": {}}
    // and "a" the same tree.
    if (is_empty(*scope)) continue;
    spec.scope = std::move(scope);
  }
  out.push_back(std::move(spec));
  return {};
}

}  // namespace

// `level` is the include nesting level of the entries being parsed (1 for the top
// filter's include).
template <WalkedValue V>
Status parse_include_value(V& v, const LazyKeyPath& path, std::size_t level, ParseState& state,
                           std::vector<IncludeSpec>& out) {
  if (level > state.limits.max_include_depth)
    return parse_error(path, fmt::format("includes nested deeper than {} levels", state.limits.max_include_depth));

  if (auto name = v.if_string()) {
    if (auto status = check_relation_name(*name, path, state.limits); !status) return status;
    out.push_back(IncludeSpec{std::string(*name), nullptr});
    return {};
  }
  if (auto items = array_of(v)) {
    std::size_t i = 0;
    for (auto& item : *items)
      if (auto status = parse_include_value(item, path.index(i++), level, state, out); !status) return status;
    return {};
  }
  if (auto object = object_of(v)) {
    for (std::string_view key : {std::string_view("relation"), std::string_view("rel")}) {
      const auto* relation = object->find(key);
      if (relation && relation->is_string())
        return parse_scoped_include<V>(*object, relation->as_string(), path, level, state, out);
    }
    // qs turns long bracketed lists into {"0": .., "1": ..}.
    if (auto items = as_array_like(v)) {
      Value array(items->take_all());
      return parse_include_value(array, path, level, state, out);
    }
    for (auto&& [relation, sub] : *object) {
      LazyKeyPath item_path = path.key(relation);
      if (auto status = check_relation_name(relation, item_path, state.limits); !status) return status;
      IncludeSpec spec{std::string(relation), nullptr};
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

template Status parse_include_value(const Value&, const LazyKeyPath&, std::size_t, ParseState&,
                                    std::vector<IncludeSpec>&);
template Status parse_include_value(Value&, const LazyKeyPath&, std::size_t, ParseState&, std::vector<IncludeSpec>&);
template Status parse_include_value(const TapeValue&, const LazyKeyPath&, std::size_t, ParseState&,
                                    std::vector<IncludeSpec>&);

}  // namespace lb::filter
