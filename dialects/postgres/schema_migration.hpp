// LoopBack's automigrate, autoupdate and isActual for one table, from its mapping (the
// definition's "postgresql" sections). autoupdate never loses data: it creates what is
// missing (the schema, the table, columns, indexes) and never drops or alters a
// column, an index or a table. Run them inside a transaction block: PostgreSQL's DDL
// is transactional, so a failure leaves the schema as it was.
#pragma once

#include <string>
#include <vector>

#include "lb/result.hpp"
#include "postgres/pg_connection.hpp"
#include "sql/table_mapping.hpp"

namespace lb::postgres {

// DROP TABLE IF EXISTS (with `drop`), then CREATE SCHEMA IF NOT EXISTS for the table's
// schema (its section's, else `default_schema`, when either is set), CREATE TABLE and
// CREATE INDEX from the lowering.
[[nodiscard]] Status migrate_table(PgConnection& connection, const sql::TableMapping& table,
                                   const std::string& default_schema, bool drop);
// Creates the table when it is missing; otherwise adds the columns and indexes it lacks.
[[nodiscard]] Status update_table(PgConnection& connection, const sql::TableMapping& table,
                                  const std::string& default_schema);
// Whether the table exists with every column and index the mapping gives it (so that
// update_table would change nothing). Column types are not compared: autoupdate does
// not change them.
[[nodiscard]] Result<bool> table_is_actual(PgConnection& connection, const sql::TableMapping& table);

// The names of the indexes lb creates for the table, as PostgreSQL stores them
// (truncated to 63 bytes).
[[nodiscard]] std::vector<std::string> index_names(const sql::TableMapping& table);

}  // namespace lb::postgres
