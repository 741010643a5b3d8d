// ServerError: what PostgreSQL (or libpq, when the server never answered) said about a
// failed statement, and its mapping to the lb::Error LoopBack users expect: unique
// violations as 409 with the memory connector's message, constraint violations as
// 422, a lost connection as 503, the rest as 500 with the server's message.
#pragma once

#include <string>

#include "lb/error.hpp"
#include "sql/table_mapping.hpp"

namespace lb::postgres {

struct ServerError {
  std::string sqlstate;    // "23505"; empty when libpq failed before the server answered
  std::string message;     // the primary message
  std::string detail;      // "Key (sku)=(P-1) already exists."
  std::string constraint;  // the violated constraint or index, when the server names one
  std::string column;      // the column, for not-null violations
  bool connection_lost = false;
  // With connection_lost: whether the statement may have run (and committed) before
  // the connection went. False only when the server said it ended the session first.
  bool maybe_executed = true;
};

// The error for `error` raised by a statement on `table` (null for statements on no
// model's table):
//   23505 unique_violation          409 "Duplicate entry for Item.sku" (the key's
//                                   properties, comma-separated, as the memory connector says)
//   23502 not_null, 23514 check,
//   23503 foreign_key               422 naming the model and the server's message
//   class 22 (data exceptions)      400 with the server's message (a value out of range)
//   40001, 40P01 (serialization
//   failure, deadlock)              409 "... retry the transaction"
//   a lost connection               503
//   anything else                   500 with the server's message
[[nodiscard]] Error to_error(const ServerError& error, const sql::TableMapping* table);

}  // namespace lb::postgres
