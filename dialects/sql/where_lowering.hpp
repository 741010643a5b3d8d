// WhereLowering: a bound where clause as an SQL condition that holds for exactly the
// rows the memory connector's predicate accepts. The pieces other statements reuse
// (the `near` distance, for ORDER BY) are here too.
#pragma once

#include <optional>
#include <string>

#include "lb/filter/bound.hpp"
#include "lb/result.hpp"
#include "sql/sql_builder.hpp"
#include "sql/table_mapping.hpp"

namespace lb::sql {

// The condition, never NULL-sensitive at the top: negations are pushed down to the
// conditions (De Morgan), and each negated condition is written so that a NULL column
// makes it true, as a missing property does in memory. nullopt when `where` is an
// empty `and` (no condition).
[[nodiscard]] Result<std::optional<std::string>> lower_condition(const filter::BoundWhere& where,
                                                                 const TableMapping& table, SqlBuilder& sql);

// The first `near` condition in the clause (depth first, as the memory planner finds
// it), or nullptr.
[[nodiscard]] const filter::BoundCondition* find_near(const filter::BoundWhere& where);

// The distance of a row's point from the near origin (NULL when it has none): the
// first ORDER BY key of a `near` query.
[[nodiscard]] Result<std::string> near_distance(const filter::BoundCondition& near, const TableMapping& table,
                                                SqlBuilder& sql);

}  // namespace lb::sql
