// Discovery on SQLite: the tables and views of a database, and LoopBack model
// definitions read from a table's columns, primary key and foreign keys, shaped as
// loopback-datasource-juggler's discoverSchemas output (names through its default
// name mapper: tables PascalCase, columns camelCase, foreign keys "<table>Rel"), each
// keyed by its model name.
#pragma once

#include <string>
#include <string_view>

#include "lb/result.hpp"
#include "lb/value.hpp"
#include "sqlite/sqlite_connection.hpp"

namespace lb::sqlite {

// [{"type": "table"|"view", "name", "owner"}], by name. `options`: "owner" or "schema"
// (an attached database; "main" by default), "views" (include views; default false).
Result<Array> discover_tables(Connection& connection, const Value& options);
// The definition of `table` and, with "relations" or "associations" true, of the tables
// its foreign keys reach. Other options: "owner"/"schema", "nameMapper": null (keep the
// database's names), "disableCamelCase" (keep column names). 404 for a missing table.
Result<Object> discover_table_schemas(Connection& connection, std::string_view table, const Value& options);

// LoopBack's name mapping (change-case's pascalCase and camelCase): words split at
// lower-to-upper changes and non-alphanumeric characters.
[[nodiscard]] std::string pascal_case(std::string_view name);
[[nodiscard]] std::string camel_case(std::string_view name);
// The LoopBack type of a column declared as `declared` ("VARCHAR(20)" -> "String").
[[nodiscard]] std::string discovered_type(std::string_view declared);

}  // namespace lb::sqlite
