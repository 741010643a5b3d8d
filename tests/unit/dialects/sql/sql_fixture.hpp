// Shared fixture of the SQL lowering tests: the models of tests/golden/sql/models.json,
// both dialects, and the golden-case runner ("find Item {...}" in, the statement out).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "lb/filter/bound.hpp"
#include "lb/registry.hpp"
#include "postgres/postgres_dialect.hpp"
#include "sql/dialect.hpp"
#include "sql/sql_statement.hpp"
#include "sql/table_mapping.hpp"
#include "sqlite/sqlite_dialect.hpp"

namespace lb::sql::testing {

// Marks the relation conditions in `where` as src/dao passes them to a connector with
// ConnectorCapabilities::related_where (for models without default scopes to add).
void mark_scoped(filter::BoundWhere& where);

class SqlFixture : public ::testing::Test {
 protected:
  SqlFixture();

  [[nodiscard]] const ModelDefinition& model(std::string_view name) const;
  [[nodiscard]] TableMapping mapping(const Dialect& dialect, std::string_view model_name) const;
  [[nodiscard]] filter::Bound bound(std::string_view model_name, const std::string& filter_json) const;
  // A row from JSON with top-level Dates, GeoPoints and Buffers typed, as src/dao
  // hands rows to a connector.
  [[nodiscard]] Object typed_row(const ModelDefinition& model, const Value& row) const;

  // One golden case's input, "<operation> <Model> [JSON]" (operations: find,
  // find-per-key, count, where, find-by-id, exists-by-id, insert, insert-all,
  // update-all, update-by-id, delete-all, upsert, create-table, drop-table), lowered.
  [[nodiscard]] Result<std::vector<SqlStatement>> lower(const Dialect& dialect, const std::string& input) const;
  // The same, printed: the statements separated by ";" lines, or "error <status>: <message>".
  [[nodiscard]] std::string run(const Dialect& dialect, const std::string& input) const;

  Registry registry_;
  sqlite::SqliteDialect sqlite_;
  postgres::PostgresDialect postgres_;
};

}  // namespace lb::sql::testing
