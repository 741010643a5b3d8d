// to_error: SQLSTATEs to LoopBack statuses. A unique violation names the key's
// properties, read from the server's detail ("Key (a, b)=(..) already exists.") and
// mapped back from columns, so the message matches the memory connector's.
#include "postgres/server_error.hpp"

#include <fmt/format.h>

#include <vector>

namespace lb::postgres {
namespace {

// The column names of "Key (a, "b c")=(...)": split on ", " outside double quotes.
std::vector<std::string> key_columns(const std::string& detail) {
  std::vector<std::string> out;
  const std::size_t open = detail.find("Key (");
  if (open == std::string::npos) return out;
  std::string current;
  bool quoted = false;
  for (std::size_t i = open + 5; i < detail.size(); ++i) {
    const char c = detail[i];
    if (quoted) {
      if (c == '"' && i + 1 < detail.size() && detail[i + 1] == '"') {
        current += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        current += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == ')') {
      out.push_back(current);
      return out;
    } else if (c == ',' && i + 1 < detail.size() && detail[i + 1] == ' ') {
      out.push_back(current);
      current.clear();
      ++i;
    } else {
      current += c;
    }
  }
  return {};  // no closing parenthesis: not the shape we know
}

std::string duplicate_keys(const ServerError& error, const sql::TableMapping& table) {
  std::string keys;
  for (const std::string& column : key_columns(error.detail)) {
    const sql::ColumnMapping* mapped = table.column_named(column);
    keys += (keys.empty() ? "" : ",") + (mapped ? mapped->property->name : column);
  }
  if (!keys.empty()) return keys;
  // No detail (some PostgreSQL-compatible engines send none): the primary key's
  // constraint is "<table>_pkey".
  if (error.constraint == table.table() + "_pkey") {
    for (const sql::ColumnMapping* id : table.id_columns()) keys += (keys.empty() ? "" : ",") + id->property->name;
  }
  return keys.empty() ? error.constraint : keys;
}

}  // namespace

Error to_error(const ServerError& error, const sql::TableMapping* table) {
  const std::string& state = error.sqlstate;
  const std::string model = table ? table->model().name : std::string();
  if (error.connection_lost) {
    return Error(ErrorCode::Unavailable, fmt::format("PostgreSQL connection lost: {}", error.message));
  }
  if (state == "23505") {
    if (!table) return Error(ErrorCode::Conflict, error.message);
    return Error(ErrorCode::Conflict, fmt::format("Duplicate entry for {}.{}", model, duplicate_keys(error, *table)));
  }
  if (state == "23502" || state == "23514" || state == "23503") {
    return Error(ErrorCode::Validation, model.empty() ? error.message : fmt::format("{}: {}", model, error.message),
                 "ValidationError");
  }
  if (state.size() == 5 && state.compare(0, 2, "22") == 0) {
    return invalid_input(model.empty() ? error.message : fmt::format("{}: {}", model, error.message));
  }
  if (state == "40001" || state == "40P01") {
    return Error(ErrorCode::Conflict, fmt::format("{}; retry the transaction", error.message));
  }
  if (state.empty()) return Error(ErrorCode::Unavailable, fmt::format("PostgreSQL: {}", error.message));
  return internal_error(fmt::format("PostgreSQL {}: {}", state, error.message));
}

}  // namespace lb::postgres
