// SQLite's result codes as lb::Errors with the status LoopBack would use: a duplicate
// id or unique index entry is the memory connector's 409 ("Duplicate entry for
// Item.sku"), NOT NULL and CHECK violations are 422, a lock held past the busy timeout
// is a 409 conflict, a database that cannot be opened or read is a 503, and the rest
// are 500s carrying SQLite's own message.
#pragma once

#include <string_view>

#include "lb/error.hpp"
#include "sql/table_mapping.hpp"

namespace lb::sqlite {

// `code` is SQLite's extended result code, `message` sqlite3_errmsg's text, `database`
// the file (or ":memory:"). `table`, when known, turns column names in constraint
// messages into the model's property names.
[[nodiscard]] Error sqlite_error(int code, std::string_view message, std::string_view database,
                                 const sql::TableMapping* table);

}  // namespace lb::sqlite
