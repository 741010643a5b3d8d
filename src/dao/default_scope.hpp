// Scopes: a model's default scope (its `scope` setting) and named scopes (`scopes`)
// merged into a caller's filter as LoopBack merges them: where clauses are ANDed,
// includes concatenated, and order, fields, limit and skip taken from the caller
// when given, from the scope otherwise.
#pragma once

#include "lb/filter/syntax.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb::dao {

// `scope` is the setting's JSON (an object, or null for none). Errors name `label`.
[[nodiscard]] Result<filter::Syntax> parse_scope(const Value& scope, const char* label);
// `scope` first, then the caller's `filter`.
[[nodiscard]] filter::Syntax merge_scope(const filter::Syntax& scope, filter::Syntax filter);
// The where clauses of both, ANDed; an absent or empty one drops out.
[[nodiscard]] std::optional<filter::WhereNode> and_where(std::optional<filter::WhereNode> a,
                                                         std::optional<filter::WhereNode> b);

}  // namespace lb::dao
