// A lowered statement's parameters as libpq text parameters. Every PostgreSQL
// placeholder carries its type ("$1::numeric"), so each value is sent as text with no
// type of its own and the server reads it with that type's input function.
#pragma once

#include <optional>
#include <string>

#include "sql/sql_statement.hpp"

namespace lb::postgres {

// The text form of `param` (nullopt for NULL): booleans "true"/"false", numbers as
// their shortest exact decimal ("NaN", "Infinity"), Dates as timestamp_text(), bytes
// as "\x..." hex, JSON as its text, arrays as PostgreSQL array literals.
[[nodiscard]] std::optional<std::string> param_text(const sql::SqlParam& param);

}  // namespace lb::postgres
