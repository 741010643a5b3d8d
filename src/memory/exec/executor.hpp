// The executor: runs a Plan against its table, under the caller's lock. It walks the
// access path, keeps rows the residual accepts, brings them to the requested order by
// the plan's sort strategy, and applies skip/limit. Results are row pointers into the
// table (valid while the lock is held); project() copies them out as Objects.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "lb/record.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"
#include "memory/exec/predicate.hpp"
#include "memory/exec/row_order.hpp"
#include "memory/plan/plan.hpp"

namespace lb::memory {

[[nodiscard]] Result<std::vector<Row>> execute(const Plan& plan);

// A find made ready to run: its plan, residual predicate and order. The connector
// keeps one with the Bound filter (Bound::derived), so a filter run again is neither
// planned nor compiled again; `table_serial` ties it to the table it was made for.
struct PreparedFind {
  std::uint64_t table_serial = 0;
  Plan plan;
  Predicate predicate;
  RowOrder order;
};
[[nodiscard]] Result<PreparedFind> prepare_find(const Table& table, const filter::Bound& filter);
// Its rows into `out` (emptied first), so that a caller may reuse one list.
void execute(const PreparedFind& find, std::vector<Row>& out);

// A count made ready to run, kept with its where clause (BoundWhere::derived) as a
// find is with its filter.
struct PreparedCount {
  std::uint64_t table_serial = 0;
  Plan plan;
  Predicate predicate;
};
[[nodiscard]] Result<PreparedCount> prepare_count(const Table& table, const filter::BoundWhere* where);
// How many rows the plan's where matches (skip, limit and order play no part). When
// the access path guarantees every condition, the count is read off the index.
[[nodiscard]] std::int64_t execute_count(const PreparedCount& count);
[[nodiscard]] Result<std::int64_t> execute_count(const Plan& plan);

// The rows as the Connector returns them, copied out in their encoding (decoded when
// read: definition order, then extras; only the plan's fields when it has them).
[[nodiscard]] std::vector<Record> project(const Plan& plan, const std::vector<Row>& rows);

}  // namespace lb::memory
