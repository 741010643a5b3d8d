// The memory planner: chooses a Plan for a bound filter against a table. Only
// conditions ANDed at the top of the where clause can drive an access path; an `or`
// (or `nor`) is left to the residual and runs as a full scan (no index union: the
// union would need deduplication and a sort, and pays off only for selective
// branches, which a later planner can detect with statistics this one does not keep).
// The access paths in order of preference: id lookup, id multi-lookup, index
// equality (unique and longest key first), index multi-lookup, nearest (R-tree),
// index range, index-ordered scan (only for order + limit), full scan.
#pragma once

#include "lb/filter/bound.hpp"
#include "memory/plan/plan.hpp"
#include "memory/store/table.hpp"

namespace lb::memory {

// For find, find_or_create and explain: where, order, near, skip/limit and fields.
[[nodiscard]] Plan plan_find(const Table& table, const filter::Bound& filter);
// For count, update_all and delete_all: where only (null: every row), no sort.
[[nodiscard]] Plan plan_where(const Table& table, const filter::BoundWhere* where);

}  // namespace lb::memory
