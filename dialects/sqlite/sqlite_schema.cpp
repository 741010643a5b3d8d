// automigrate / autoupdate / isActual on SQLite (see sqlite_schema.hpp). SQLite's names
// are case-insensitive (ASCII), so columns and indexes compare that way.
#include "sqlite/sqlite_schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "sql/dialect.hpp"
#include "sql/lower.hpp"

namespace lb::sqlite {
namespace {

std::string folded(std::string_view name) {
  std::string out(name);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool holds(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), folded(name)) != names.end();
}

std::string schema_of(const sql::TableMapping& table) { return table.schema().empty() ? "main" : table.schema(); }

// The first column of every row of a catalogue query on the table (its name and schema
// bound as ?1 and ?2), folded.
Result<std::vector<std::string>> catalogue(Connection& connection, const char* query, const sql::TableMapping& table) {
  sql::SqlStatement statement;
  statement.text = query;
  statement.params = {{Value(table.table()), sql::ParamType::Text}, {Value(schema_of(table)), sql::ParamType::Text}};
  auto rows = connection.query(statement, &table);
  if (!rows) return std::move(rows).error();
  std::vector<std::string> names;
  for (std::size_t row = 0; row < rows->rows(); ++row) {
    if (const std::string* name = rows->cells[row * rows->columns].if_string()) names.push_back(folded(*name));
  }
  return names;
}

Result<std::vector<std::string>> existing_columns(Connection& connection, const sql::TableMapping& table) {
  return catalogue(connection, "SELECT name FROM pragma_table_info(?1, ?2)", table);
}

Result<std::vector<std::string>> existing_indexes(Connection& connection, const sql::TableMapping& table) {
  return catalogue(connection, "SELECT name FROM pragma_index_list(?1, ?2)", table);
}

// Runs `fn` inside BEGIN IMMEDIATE ... COMMIT (ROLLBACK when it fails).
template <typename Fn>
Status in_transaction(Connection& connection, Fn&& fn) {
  if (auto begun = connection.exec("BEGIN IMMEDIATE"); !begun) return begun;
  Status status = fn();
  if (status) status = connection.exec("COMMIT");
  if (!status && connection.in_transaction()) (void)connection.exec("ROLLBACK");
  return status;
}

Status run_all(Connection& connection, const std::vector<sql::SqlStatement>& statements, std::size_t first,
               const sql::TableMapping& table) {
  for (std::size_t i = first; i < statements.size(); ++i) {
    if (auto status = connection.exec(statements[i].text, &table); !status) return status;
  }
  return {};
}

}  // namespace

Status migrate_table(Connection& connection, const sql::TableMapping& table) {
  auto create = sql::lower_create_table(table);
  if (!create) return std::move(create).error();
  auto drop = sql::lower_drop_table(table);
  if (!drop) return std::move(drop).error();
  return in_transaction(connection, [&]() -> Status {
    if (auto dropped = connection.exec(drop->text, &table); !dropped) return dropped;
    return run_all(connection, *create, 0, table);
  });
}

Status update_table(Connection& connection, const sql::TableMapping& table) {
  auto create = sql::lower_create_table(table);
  if (!create) return std::move(create).error();
  return in_transaction(connection, [&]() -> Status {
    auto columns = existing_columns(connection, table);
    if (!columns) return std::move(columns).error();
    if (columns->empty()) return run_all(connection, *create, 0, table);
    for (const sql::ColumnMapping& column : table.columns()) {
      if (holds(*columns, column.name)) continue;
      if (column.id > 0) {
        return Error(ErrorCode::InvalidDefinition,
                     fmt::format("{}: autoupdate cannot add the id column \"{}\" to the existing table {}; "
                                 "automigrate recreates the table (its data is lost)",
                                 table.model().name, column.name, table.qualified()));
      }
      auto added = connection.exec(
          fmt::format("ALTER TABLE {} ADD COLUMN {} {}", table.qualified(), column.quoted, column.sql_type), &table);
      if (!added) return added;
    }
    if (table.extras_column() && !holds(*columns, *table.extras_column_name())) {
      auto added = connection.exec(fmt::format("ALTER TABLE {} ADD COLUMN {} {}", table.qualified(),
                                               *table.extras_column(), table.dialect().column_type(sql::Storage::Json)),
                                   &table);
      if (!added) return added;
    }
    // CREATE INDEX IF NOT EXISTS: the ones there already are left as they are.
    return run_all(connection, *create, 1, table);
  });
}

Result<bool> table_is_actual(Connection& connection, const sql::TableMapping& table) {
  auto columns = existing_columns(connection, table);
  if (!columns) return std::move(columns).error();
  if (columns->empty()) return false;
  for (const sql::ColumnMapping& column : table.columns()) {
    if (!holds(*columns, column.name)) return false;
  }
  if (table.extras_column() && !holds(*columns, *table.extras_column_name())) return false;
  auto indexes = existing_indexes(connection, table);
  if (!indexes) return std::move(indexes).error();
  for (const std::string& name : sql::lower_index_names(table)) {
    if (!holds(*indexes, name)) return false;
  }
  return true;
}

}  // namespace lb::sqlite
