// sqlite_error: SQLite failures mapped to lb::Errors (see sqlite_errors.hpp).
#include "sqlite/sqlite_errors.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <string>
#include <vector>

namespace lb::sqlite {
namespace {

// "UNIQUE constraint failed: Item.sku, Item.name" -> the properties of those columns,
// joined by ",", as the memory connector names an index's keys.
std::string constraint_properties(std::string_view message, const sql::TableMapping* table) {
  const auto colon = message.find(": ");
  if (colon == std::string_view::npos) return {};
  std::string_view list = message.substr(colon + 2);
  std::vector<std::string> names;
  while (!list.empty()) {
    const auto comma = list.find(", ");
    std::string_view item = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 2);
    const auto dot = item.rfind('.');
    std::string_view column = dot == std::string_view::npos ? item : item.substr(dot + 1);
    const sql::ColumnMapping* mapped = table ? table->column_named(column) : nullptr;
    names.emplace_back(mapped ? std::string_view(mapped->property->name) : column);
  }
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ",") + name;
  return out;
}

std::string model_name(const sql::TableMapping* table) { return table ? table->model().name : std::string(); }

}  // namespace

Error sqlite_error(int code, std::string_view message, std::string_view database, const sql::TableMapping* table) {
  switch (code) {
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_ROWID: {
      std::string what = constraint_properties(message, table);
      if (table) return Error(ErrorCode::Conflict, fmt::format("Duplicate entry for {}.{}", model_name(table), what));
      return Error(ErrorCode::Conflict, fmt::format("Duplicate entry: {}", message));
    }
    case SQLITE_CONSTRAINT_NOTNULL: {
      std::string what = constraint_properties(message, table);
      return Error(ErrorCode::Validation,
                   table ? fmt::format("{}.{} cannot be null (the column is NOT NULL)", model_name(table), what)
                         : std::string(message));
    }
    case SQLITE_CONSTRAINT_CHECK:
      return Error(ErrorCode::Validation, fmt::format("{}{}", table ? model_name(table) + ": " : "", message));
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Error(ErrorCode::Conflict, fmt::format("{}{}", table ? model_name(table) + ": " : "", message));
    default: break;
  }
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error(ErrorCode::Conflict,
                   fmt::format("SQLite database {} is locked by another connection or transaction ({})", database,
                               message));
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_READONLY:
    case SQLITE_FULL:
    case SQLITE_PERM:
    case SQLITE_MISUSE:
      return Error(ErrorCode::Unavailable, fmt::format("SQLite database {}: {}", database, message));
    case SQLITE_CONSTRAINT:
      return Error(ErrorCode::Validation, fmt::format("{}{}", table ? model_name(table) + ": " : "", message));
    default: break;
  }
  if (table && message.starts_with("no such table")) {
    return Error(ErrorCode::Internal,
                 fmt::format("{}: the table {} does not exist in {} (run automigrate or autoupdate, `lb migrate`)",
                             model_name(table), table->qualified(), database));
  }
  if (table && (message.starts_with("no such column") ||
                (message.starts_with("table ") && message.find(" has no column named ") != std::string_view::npos))) {
    return Error(ErrorCode::Internal, fmt::format("{}: {} in {} (run autoupdate, `lb migrate --update`)",
                                                  model_name(table), message, database));
  }
  return Error(ErrorCode::Internal, fmt::format("SQLite error in {}: {}", database, message));
}

}  // namespace lb::sqlite
