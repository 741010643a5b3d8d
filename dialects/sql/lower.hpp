// Lowering: Bound filters and connector operations to SQL statements for one table in
// one dialect. The statements return the same rows, in the same order, as the memory
// connector does for the same call (docs/sql.md lists the few places where SQL needed
// care for that, and the corners where it cannot follow).
//
// Every value is a bound parameter; identifiers come only from the TableMapping.
// Rows and data are Objects keyed by property name with values of their property's
// type (as lb::Connector passes them); properties a non-strict model does not define go
// to its extras column. All functions are pure: they touch no database, and are safe
// to call from any thread. Errors are 400s naming what cannot be expressed.
#pragma once

#include <string>
#include <vector>

#include "lb/connector.hpp"
#include "lb/filter/bound.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"
#include "sql/sql_statement.hpp"
#include "sql/table_mapping.hpp"

namespace lb::sql {

// ---- Reads ------------------------------------------------------------------

// find: SELECT the filter's fields (all columns when it has none) WHERE its where,
// ORDER BY its keys (null and missing first ascending, last descending) then the id
// ascending; a `near` sorts by distance first. LIMIT/OFFSET from limit and skip; with
// `filter.limit_per_key`, limit and skip keep a page of each key's rows instead (window
// functions in a subquery; the rows still come in the order above).
// `filter.include` is ignored (src/dao resolves relations).
[[nodiscard]] Result<SqlStatement> lower_find(const filter::Bound& filter, const TableMapping& table);
// SELECT COUNT(*) ...; `where` may be null (all rows).
[[nodiscard]] Result<SqlStatement> lower_count(const filter::BoundWhere* where, const TableMapping& table);
// The row with this id (all columns). `id` is the id value, or for a composite id an
// Object holding each id property.
[[nodiscard]] Result<SqlStatement> lower_find_by_id(const Value& id, const TableMapping& table);
// SELECT 1 ... LIMIT 1 for the row with this id: how an upsert learns whether it
// creates (run it in the upsert's transaction, before the upsert).
[[nodiscard]] Result<SqlStatement> lower_exists_by_id(const Value& id, const TableMapping& table);
// The WHERE clause alone (without the keyword; "TRUE" for no condition), with its
// parameters: for connectors composing their own statements.
[[nodiscard]] Result<SqlStatement> lower_where(const filter::BoundWhere* where, const TableMapping& table);

// ---- Writes -----------------------------------------------------------------

// INSERT one row, RETURNING every column (the generated id among them). A property
// absent from `row` is left to the column's default.
[[nodiscard]] Result<SqlStatement> lower_insert(const Object& row, const TableMapping& table);
// INSERT several rows: one multi-row statement per run of rows that set the same
// properties (PostgreSQL writes DEFAULT for the others, so any mix is one run there),
// split to stay under the parameter limit, in row order. Both engines return a
// multi-row INSERT's RETURNING rows in VALUES order in practice, but neither promises
// it: a connector that must pair them with `rows` inserts one row per statement
// (lower_insert, a cached prepared statement).
[[nodiscard]] Result<std::vector<SqlStatement>> lower_insert_all(const std::vector<Object>& rows,
                                                                 const TableMapping& table);
// UPDATE every row matching `where` (null: all) with `data` (a patch; the connector
// reads the count of changed rows from its driver). `data` must not be empty.
[[nodiscard]] Result<SqlStatement> lower_update_all(const filter::BoundWhere* where, const Object& data,
                                                    const TableMapping& table);
// UPDATE the row with this id, RETURNING every column (no row: there was none).
// Patch sets what `data` holds; Replace also sets every other non-id column to NULL
// and replaces the extras. Id properties in `data` are ignored.
[[nodiscard]] Result<SqlStatement> lower_update_by_id(const Value& id, const Object& data, WriteMode mode,
                                                      const TableMapping& table);
// DELETE every row matching `where` (null: all).
[[nodiscard]] Result<SqlStatement> lower_delete_all(const filter::BoundWhere* where, const TableMapping& table);
// INSERT ... ON CONFLICT (id) DO UPDATE ... RETURNING every column: creates the row,
// or updates the one with its id (Patch: the properties `row` holds; Replace: every
// column). `row` must hold the id. Whether it created is not in the result: see
// lower_exists_by_id().
[[nodiscard]] Result<SqlStatement> lower_upsert(const Object& row, WriteMode mode, const TableMapping& table);

// ---- Schema -----------------------------------------------------------------

// CREATE TABLE for the mapping, then CREATE INDEX for each of the model's indexes
// (property `index` and model `indexes`), all IF NOT EXISTS.
[[nodiscard]] Result<std::vector<SqlStatement>> lower_create_table(const TableMapping& table);
// The names of the indexes lower_create_table creates, in the same order as its CREATE
// INDEX statements (unquoted): how a connector checks which of them a table lacks.
[[nodiscard]] std::vector<std::string> lower_index_names(const TableMapping& table);
// DROP TABLE IF EXISTS.
[[nodiscard]] Result<SqlStatement> lower_drop_table(const TableMapping& table);

}  // namespace lb::sql
