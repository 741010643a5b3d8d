// Internal interface of the bind stage: the context one bind call carries down the
// filter (model, registry, options, the key path for errors) and the per-clause binders
// that bind.cpp assembles into a filter::Bound. Nothing here is public.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lb/error.hpp"
#include "lb/filter/bind.hpp"
#include "lb/filter/bound.hpp"
#include "lb/filter/syntax.hpp"
#include "lb/model_definition.hpp"
#include "lb/registry.hpp"
#include "lb/result.hpp"

namespace lb::filter::detail {

// What binding one filter (or one include scope) needs. `key_path` is where this filter
// sits in the caller's input ("filter", "where", "filter.include.owner.scope") and
// prefixes every error message, so a 400 says which key was wrong.
struct BindScope {
  const ModelDefinition& model;
  const Registry& registry;
  const BindOptions& options;
  std::string key_path;
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
[[nodiscard]] Error prohibited_error(std::string_view key_path, std::string_view property,
                                     const char* why);

// "a Number", "a [String]", "an Address object", "an object {city: String}": a type
// as the object of "expected ..." in messages.
[[nodiscard]] std::string type_phrase(const PropertyType& type);

// A 400 whose message is "<key_path>: <text>".
[[nodiscard]] Error bind_error(std::string_view key_path, std::string_view text);
// A 400 for a model definition the filter cannot be checked against (an embedded model
// or relation target that the registry does not know).
[[nodiscard]] Error definition_error(std::string_view key_path, std::string_view text);
// "filter" + "where" -> "filter.where"; an empty prefix yields the suffix alone.
[[nodiscard]] std::string join_key_path(std::string_view prefix, std::string_view suffix);

// Why a path is being resolved: the clause name goes into messages.
enum class PathUse { Where, Order, Fields };

// Resolves `path` against `scope.model`, refusing unknown properties under strict
// definitions and hidden ones when the options say so. `key_path` names the clause.
[[nodiscard]] Result<BoundPath> resolve_path(const PropertyPath& path, const BindScope& scope,
                                             std::string_view key_path);

// Checks the limits that bound the work of binding a where clause: nesting depth and
// condition count (`conditions` accumulates across a filter and its include scopes).
[[nodiscard]] Status check_where_limits(const WhereNode& where, const BindScope& scope,
                                        std::string_view key_path, std::size_t& conditions);

[[nodiscard]] Result<BoundCondition> bind_condition(const Condition& condition,
                                                    const BindScope& scope,
                                                    std::string_view key_path);
[[nodiscard]] Result<BoundWhere> bind_where_node(const WhereNode& where, const BindScope& scope,
                                                 std::string_view key_path);
[[nodiscard]] Result<std::vector<BoundOrder>> bind_order(const std::vector<OrderKey>& order,
                                                         const BindScope& scope);
[[nodiscard]] Result<std::optional<std::vector<std::string>>> bind_fields(const FieldsSpec& fields,
                                                                          const BindScope& scope);

// limit/skip/offset as LoopBack normalises them; see bind_paging.cpp.
struct Paging {
  std::optional<std::int64_t> limit;
  std::int64_t skip = 0;
};
[[nodiscard]] Result<Paging> bind_paging(const Syntax& syntax, const BindScope& scope);

[[nodiscard]] Result<std::vector<BoundInclude>> bind_include(
    const std::vector<IncludeSpec>& include, const BindScope& scope, std::size_t& conditions);

// The whole filter against `scope.model`; `conditions` as for check_where_limits.
[[nodiscard]] Result<Bound> bind_filter(const Syntax& syntax, const BindScope& scope,
                                        std::size_t& conditions);

}  // namespace lb::filter::detail
