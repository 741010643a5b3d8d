// Internal interface of the bind stage: the context one bind call carries down the
// filter (model, registry, options, the key path for errors) and the per-clause binders
// that bind.cpp assembles into a filter::Bound. Nothing here is public.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "filter/bind/key_path.hpp"
#include "filter/parse/blank.hpp"
#include "filter/parse/take.hpp"
#include "lb/error.hpp"
#include "lb/filter/bind.hpp"
#include "lb/filter/bound.hpp"
#include "lb/filter/syntax.hpp"
#include "lb/model_definition.hpp"
#include "lb/registry.hpp"
#include "lb/result.hpp"

namespace lb::filter::detail {

// What binding one filter (or one include scope) needs. `key_path` is where this filter
// sits in the caller's input ("filter", "where", "filter.include.owner") and prefixes
// every error message, so a 400 says which key was wrong. It is built into text only
// when an error is.
struct BindScope {
  const ModelDefinition& model;
  const Registry& registry;
  const BindOptions& options;
  const KeyPath& key_path;
  std::size_t include_depth = 0;  // 0 for the top-level filter
};

// Whether unknown properties are refused: every mode but Lax. LoopBack's "filter" mode
// drops unknown properties on write; a query naming one could never match, so it is
// refused like a typo rather than answered with nothing.
[[nodiscard]] inline bool is_strict(const ModelDefinition& model) {
  return model.strict != StrictMode::Lax;
}

// Whether `candidate` is `name`, for the binder's lookups of short names among a model's
// few: the length and end bytes first, so that only the name that matches reaches the
// byte loop (whose exit a branch predictor cannot guess from name to name), and no
// call to memcmp.
[[nodiscard]] inline bool same_name(const std::string& candidate, std::string_view name) {
  const std::size_t size = name.size();
  if (candidate.size() != size) return false;
  if (size == 0) return true;
  if (candidate[0] != name[0] || candidate[size - 1] != name[size - 1]) return false;
  std::size_t i = 1;
  while (i + 1 < size && candidate[i] == name[i]) ++i;
  return i + 1 >= size;
}

// Whether `names` holds `name`: ModelDefinition::is_hidden()'s answer, inline for the
// binder's lookup of every path segment (the lists are short, the names shorter).
[[nodiscard]] inline bool names_contain(const std::vector<std::string>& names, std::string_view name) {
  for (const std::string& candidate : names)
    if (same_name(candidate, name)) return true;
  return false;
}

// Why `property` of `model` may not appear in a query under `options`: "hidden" when
// prohibit_hidden_properties is set, "protected" when prohibit_protected_properties is
// also set (LoopBack pairs the two); nullptr when it may.
[[nodiscard]] inline const char* prohibited_as(const ModelDefinition& model,
                                               std::string_view property,
                                               const BindOptions& options) {
  if (!options.prohibit_hidden_properties) return nullptr;
  if (names_contain(model.hidden, property)) return "hidden";
  if (options.prohibit_protected_properties && !model.protected_properties.empty() &&
      model.is_protected(property))
    return "protected";
  return nullptr;
}

// ModelDefinition::property(name), inline for the binder's many lookups of short names
// (same_name(), not memcmp, which the profile of a typical bind showed). The same
// answer: the first property of exactly that name, or nullptr.
[[nodiscard]] inline const PropertyDefinition* find_property(const ModelDefinition& model,
                                                             std::string_view name) {
  for (const PropertyDefinition& property : model.properties)
    if (same_name(property.name, name)) return &property;
  return nullptr;
}
// The 400 for a prohibited property; `why` as prohibited_as() returns it.
[[nodiscard]] Error prohibited_error(const KeyPath& key_path, std::string_view property,
                                     const char* why);

// "a Number", "a [String]", "an Address object", "an object {city: String}": a type
// as the object of "expected ..." in messages.
[[nodiscard]] std::string type_phrase(const PropertyType& type);

// A 400 whose message is "<key_path>: <text>" (the text alone for an empty path).
[[nodiscard]] Error bind_error(const KeyPath& key_path, std::string_view text);
// A 400 for a model definition the filter cannot be checked against (an embedded model
// or relation target that the registry does not know).
[[nodiscard]] Error definition_error(const KeyPath& key_path, std::string_view text);

// Why a path is being resolved: the clause name goes into messages.
enum class PathUse { Where, Order, Fields };

// The binders below are templates over the syntax they read, instantiated twice (in
// their own .cpp files): for `const Syntax` and its const parts, a syntax the caller
// lends (bind(const Syntax&)), whose paths and operands are copied into the Bound; and
// for `Syntax`, one the caller gives up (bind(Syntax&&)), whose parts are moved out
// instead. One implementation, so both give the same Bound and the same errors. The
// rule that keeps errors identical: nothing reads a part after taking it, and every
// check that can fail on a part runs before the part is taken (an error names only
// parts not yet taken). Include scopes are shared and const (IncludeSpec::scope), so
// they are always bound by copy; only the pointer is moved.
//
// `Walked<T, X>`: T is X or const X.
template <class T, class X>
concept Walked = std::is_same_v<std::remove_const_t<T>, X>;

// `Part` with the constness of the tree `T` it comes from.
template <class T, class Part>
using PartOf = std::conditional_t<std::is_const_v<T>, const Part, Part>;

// The binders fill an `out` the caller owns (and may discard on error) rather than
// returning a Result, so that the bound tree is built in place, not moved upward node
// by node.

// Resolves `out.segments` (the path, already taken from the syntax) against
// `scope.model`, filling the rest of `out`, refusing unknown properties under strict
// definitions and hidden ones when the options say so. `key_path` names the clause.
[[nodiscard]] Status resolve_path(const BindScope& scope, const KeyPath& key_path,
                                  BoundPath& out);

// Checks the limits that bound the work of binding a where clause: nesting depth and
// condition count (`conditions` accumulates across a filter and its include scopes).
[[nodiscard]] Status check_where_limits(const WhereNode& where, const BindScope& scope,
                                        const KeyPath& key_path, std::size_t& conditions);

template <Walked<Condition> C>
[[nodiscard]] Status bind_condition(C& condition, const BindScope& scope, const KeyPath& key_path,
                                    BoundCondition& out);
// The relation a where path starts at ("reviews" in "reviews.stars"): a relation of
// `model` that is not also a property (a property wins, keeping LoopBack's meaning of
// dotted paths into objects and embedded models), is not embedded, and has more
// path after it. nullptr otherwise.
[[nodiscard]] const RelationDefinition* related_relation(const ModelDefinition& model, const PropertyPath& path);
// Binds conditions on related rows (their paths start at `relation`) into one relation
// node `out`, their rest bound against the relation's target.
[[nodiscard]] Status bind_related(const std::vector<const Condition*>& conditions, const RelationDefinition& relation,
                                  const BindScope& scope, const KeyPath& key_path, BoundWhere& out);

template <Walked<WhereNode> W>
[[nodiscard]] Status bind_where_node(W& where, const BindScope& scope, const KeyPath& key_path,
                                     BoundWhere& out);
template <Walked<std::vector<OrderKey>> O>
[[nodiscard]] Status bind_order(O& order, const BindScope& scope, std::vector<BoundOrder>& out);
// Leaves `out` empty (all properties) when `fields` has no entries.
template <Walked<FieldsSpec> F>
[[nodiscard]] Status bind_fields(F& fields, const BindScope& scope,
                                 std::optional<std::vector<std::string>>& out);

// limit/skip/offset as LoopBack normalises them; see bind_paging.cpp. They are read,
// never taken (the Bound keeps integers).
struct Paging {
  std::optional<std::int64_t> limit;
  std::int64_t skip = 0;
};
[[nodiscard]] Status bind_paging(const Syntax& syntax, const BindScope& scope, Paging& out);

template <Walked<std::vector<IncludeSpec>> I>
[[nodiscard]] Status bind_include(I& include, const BindScope& scope, std::size_t& conditions,
                                  std::vector<BoundInclude>& out);

// The whole filter against `scope.model`; `conditions` as for check_where_limits.
template <Walked<Syntax> S>
[[nodiscard]] Status bind_filter(S& syntax, const BindScope& scope, std::size_t& conditions,
                                 Bound& out);

}  // namespace lb::filter::detail
