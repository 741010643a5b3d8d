// LoopBack's automigrate, autoupdate and isActual for one table on SQLite. The DDL is
// dialects/sql's (lower_create_table); this file compares it with what the database
// holds (PRAGMA table_info, index_list) and never drops anything but the table
// automigrate replaces.
#pragma once

#include "lb/result.hpp"
#include "sql/table_mapping.hpp"
#include "sqlite/sqlite_connection.hpp"

namespace lb::sqlite {

// Drops the table (its data and indexes with it) and creates it and its indexes from
// the definition, in one transaction.
Status migrate_table(Connection& connection, const sql::TableMapping& table);
// Creates the table when it is missing; otherwise adds the columns and indexes it
// lacks (added columns accept NULL: SQLite cannot add a NOT NULL column without a
// default to rows that exist). Drops nothing and changes no existing column. One
// transaction.
Status update_table(Connection& connection, const sql::TableMapping& table);
// True when the table exists with every column and index of the definition: nothing
// for update_table to do.
Result<bool> table_is_actual(Connection& connection, const sql::TableMapping& table);

}  // namespace lb::sqlite
