// Internal interface of the bind stage: the context one bind call carries down the
// filter (model, registry, options, the key path for errors) and the per-clause binders
// that bind.cpp assembles into a filter::Bound. Nothing here is public.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "filter/bind/key_path.hpp"
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

// Why `property` of `model` may not appear in a query under `options`: "hidden" when
// prohibit_hidden_properties is set, "protected" when prohibit_protected_properties is
// also set (LoopBack pairs the two); nullptr when it may.
[[nodiscard]] inline const char* prohibited_as(const ModelDefinition& model,
                                               std::string_view property,
                                               const BindOptions& options) {
  if (!options.prohibit_hidden_properties) return nullptr;
  if (model.is_hidden(property)) return "hidden";
  if (options.prohibit_protected_properties && model.is_protected(property)) return "protected";
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

// An empty T to copy from. Value-initialising one of the large bound aggregates (what
// vector::resize, emplace_back() and optional::emplace() do), and even default-
// initialising a local one, compiles to a block clear that costs more than copying
// the few empty members of a ready-made one.
template <typename T>
[[nodiscard]] const T& blank() {
  static const T kEmpty;
  return kEmpty;
}

// Why a path is being resolved: the clause name goes into messages.
enum class PathUse { Where, Order, Fields };

// The binders below fill an `out` the caller owns (and may discard on error) rather
// than returning a Result, so that the bound tree is built in place, not moved upward
// node by node.

// Resolves `path` against `scope.model` into `out`, refusing unknown properties under
// strict definitions and hidden ones when the options say so. `key_path` names the
// clause.
[[nodiscard]] Status resolve_path(const PropertyPath& path, const BindScope& scope,
                                  const KeyPath& key_path, BoundPath& out);

// Checks the limits that bound the work of binding a where clause: nesting depth and
// condition count (`conditions` accumulates across a filter and its include scopes).
[[nodiscard]] Status check_where_limits(const WhereNode& where, const BindScope& scope,
                                        const KeyPath& key_path, std::size_t& conditions);

[[nodiscard]] Status bind_condition(const Condition& condition, const BindScope& scope,
                                    const KeyPath& key_path, BoundCondition& out);
[[nodiscard]] Status bind_where_node(const WhereNode& where, const BindScope& scope,
                                     const KeyPath& key_path, BoundWhere& out);
[[nodiscard]] Status bind_order(const std::vector<OrderKey>& order, const BindScope& scope,
                                std::vector<BoundOrder>& out);
// Leaves `out` empty (all properties) when `fields` has no entries.
[[nodiscard]] Status bind_fields(const FieldsSpec& fields, const BindScope& scope,
                                 std::optional<std::vector<std::string>>& out);

// limit/skip/offset as LoopBack normalises them; see bind_paging.cpp.
struct Paging {
  std::optional<std::int64_t> limit;
  std::int64_t skip = 0;
};
[[nodiscard]] Status bind_paging(const Syntax& syntax, const BindScope& scope, Paging& out);

[[nodiscard]] Status bind_include(const std::vector<IncludeSpec>& include, const BindScope& scope,
                                  std::size_t& conditions, std::vector<BoundInclude>& out);

// The whole filter against `scope.model`; `conditions` as for check_where_limits.
[[nodiscard]] Status bind_filter(const Syntax& syntax, const BindScope& scope,
                                 std::size_t& conditions, Bound& out);

}  // namespace lb::filter::detail
