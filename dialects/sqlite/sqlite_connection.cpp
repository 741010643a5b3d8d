// Connection: opening and setting up a handle, the statement cache, binding the
// lowering's parameters and reading raw cells.
#include "sqlite/sqlite_connection.hpp"

#include <fmt/format.h>


#include "sqlite/sqlite_errors.hpp"
#include "sqlite/sqlite_functions.hpp"

namespace lb::sqlite {
namespace {

using sql::ParamType;

Error open_error(const std::string& database, const std::string& message) {
  return Error(ErrorCode::Unavailable, fmt::format("SQLite cannot open the database {}: {}", database, message));
}

Value column_value(sqlite3_stmt* statement, int column) {
  switch (sqlite3_column_type(statement, column)) {
    case SQLITE_INTEGER: return Value(static_cast<std::int64_t>(sqlite3_column_int64(statement, column)));
    case SQLITE_FLOAT: return Value(sqlite3_column_double(statement, column));
    case SQLITE_TEXT: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
      return Value(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column))));
    }
    case SQLITE_BLOB: {
      const auto* bytes = static_cast<const std::uint8_t*>(sqlite3_column_blob(statement, column));
      Buffer buffer;
      buffer.bytes.assign(bytes, bytes + sqlite3_column_bytes(statement, column));
      return Value(std::move(buffer));
    }
    default: return Value();
  }
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::open(const SqliteSettings& settings, const std::string& memory_name,
                                                     std::atomic<std::uint64_t>* prepared) {
  const std::string database = settings.display_name();
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc;
  if (settings.in_memory()) {
    // memdb: one in-memory database that every connection of the connector opens by
    // name (a plain ":memory:" would give each connection a database of its own).
    rc = sqlite3_open_v2(("file:/" + memory_name + "?vfs=memdb").c_str(), &db, flags | SQLITE_OPEN_URI, nullptr);
  } else {
    rc = sqlite3_open_v2(settings.file.c_str(), &db, flags, nullptr);
  }
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return open_error(database, message);
  }
  std::unique_ptr<Connection> connection(new Connection(db, database, prepared));
  sqlite3_extended_result_codes(db, 1);
  // A double-quoted name that matches no column must be an error, never SQLite's
  // legacy fallback to a string literal: a table that lacks a column would otherwise
  // compare the column's name as text and quietly find nothing.
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, nullptr);
  sqlite3_busy_timeout(db, static_cast<int>(settings.busy_timeout.count()));
  if (register_functions(db) != SQLITE_OK) return open_error(database, sqlite3_errmsg(db));
  // Foreign keys as declared (SQLite leaves them off by default); WAL so that readers
  // on other connections go on while one writes. A file system without WAL support
  // keeps the rollback journal, which is only slower.
  if (auto status = connection->exec("PRAGMA foreign_keys = ON"); !status) return status.error();
  if (!settings.in_memory()) {
    if (auto status = connection->exec("PRAGMA journal_mode = WAL"); !status) {
      return open_error(database, status.error().message());
    }
  }
  return connection;
}

Connection::~Connection() {
  for (auto& [text, entry] : cache_) sqlite3_finalize(entry.statement);
  sqlite3_close_v2(db_);
}

Connection::Use::~Use() {
  if (!statement_) return;
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  if (entry_) {
    entry_->in_use = false;
  } else {
    sqlite3_finalize(statement_);
  }
}

Error Connection::error(int code, const sql::TableMapping* table) const {
  return sqlite_error(code, sqlite3_errmsg(db_), database_, table);
}

Status Connection::exec(const std::string& sql, const sql::TableMapping* table) {
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return error(sqlite3_extended_errcode(db_), table);
  return {};
}

void Connection::evict() {
  auto oldest = cache_.end();
  for (auto it = cache_.begin(); it != cache_.end(); ++it) {
    if (!it->second.in_use && (oldest == cache_.end() || it->second.last_use < oldest->second.last_use)) oldest = it;
  }
  if (oldest == cache_.end()) return;
  sqlite3_finalize(oldest->second.statement);
  cache_.erase(oldest);
}

Result<Connection::Use> Connection::prepare(const std::string& text, const sql::TableMapping* table) {
  auto found = cache_.find(text);
  if (found != cache_.end() && !found->second.in_use) {
    found->second.in_use = true;
    found->second.last_use = ++uses_;
    return Use(found->second.statement, &found->second);
  }
  sqlite3_stmt* statement = nullptr;
  const int rc = sqlite3_prepare_v3(db_, text.c_str(), static_cast<int>(text.size()), SQLITE_PREPARE_PERSISTENT,
                                    &statement, nullptr);
  if (rc != SQLITE_OK) {
    Error failure = error(sqlite3_extended_errcode(db_), table);
    sqlite3_finalize(statement);
    return failure;
  }
  if (prepared_) prepared_->fetch_add(1, std::memory_order_relaxed);
  // The same text already running (a statement used inside another's loop): this one
  // is used once and finalized.
  if (found != cache_.end()) return Use(statement, nullptr);
  if (cache_.size() >= kStatementCacheSize) evict();
  CacheEntry& entry = cache_[text];
  entry.statement = statement;
  entry.in_use = true;
  entry.last_use = ++uses_;
  return Use(statement, &entry);
}

Status Connection::bind(sqlite3_stmt* statement, const std::vector<sql::SqlParam>& params,
                        const sql::TableMapping* table) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    const sql::SqlParam& param = params[i];
    const int index = static_cast<int>(i + 1);
    const Value& value = param.value;
    int rc = SQLITE_OK;
    if (value.is_null() || param.type == ParamType::Null) {
      rc = sqlite3_bind_null(statement, index);
    } else {
      switch (param.type) {
        case ParamType::Boolean:
        case ParamType::Integer:
        case ParamType::Timestamp:
          rc = value.is_integer() ? sqlite3_bind_int64(statement, index, value.as_integer())
                                  : sqlite3_bind_double(statement, index, value.as_double());
          break;
        case ParamType::Real: rc = sqlite3_bind_double(statement, index, value.as_double()); break;
        case ParamType::Text:
        case ParamType::Json: {
          // The parameters outlive the statement's run: SQLite need not copy them.
          const std::string& text = value.as_string();
          rc = sqlite3_bind_text64(statement, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
          break;
        }
        case ParamType::Blob: {
          const auto& bytes = value.as_buffer().bytes;
          rc = bytes.empty() ? sqlite3_bind_zeroblob(statement, index, 0)
                             : sqlite3_bind_blob64(statement, index, bytes.data(), bytes.size(), SQLITE_STATIC);
          break;
        }
        case ParamType::Null: break;
        case ParamType::Array:
          return internal_error("the SQLite connector cannot bind an array parameter");
      }
    }
    if (rc != SQLITE_OK) return error(sqlite3_extended_errcode(db_), table);
  }
  return {};
}

Result<RawRows> Connection::query(const std::string& text, const std::vector<sql::SqlParam>& params,
                                  const sql::TableMapping* table) {
  RawRows rows;
  auto appended = append_rows(text, params, table, rows);
  if (!appended) return std::move(appended).error();
  return rows;
}

Result<std::size_t> Connection::append_rows(const std::string& text, const std::vector<sql::SqlParam>& params,
                                            const sql::TableMapping* table, RawRows& into) {
  auto use = prepare(text, table);
  if (!use) return std::move(use).error();
  sqlite3_stmt* prepared = use->get();
  if (auto status = bind(prepared, params, table); !status) return status.error();
  const auto columns = static_cast<std::size_t>(sqlite3_column_count(prepared));
  if (into.columns == 0) into.columns = columns;
  if (into.columns != columns) {
    return internal_error(fmt::format("a statement returned {} columns where {} were expected", columns, into.columns));
  }
  std::size_t rows = 0;
  int rc;
  while ((rc = sqlite3_step(prepared)) == SQLITE_ROW) {
    for (std::size_t column = 0; column < columns; ++column) {
      into.cells.push_back(column_value(prepared, static_cast<int>(column)));
    }
    ++rows;
  }
  if (rc != SQLITE_DONE) return error(sqlite3_extended_errcode(db_), table);
  return rows;
}

Result<std::int64_t> Connection::execute(const sql::SqlStatement& statement, const sql::TableMapping* table) {
  auto use = prepare(statement.text, table);
  if (!use) return std::move(use).error();
  sqlite3_stmt* prepared = use->get();
  if (auto status = bind(prepared, statement.params, table); !status) return status.error();
  int rc;
  while ((rc = sqlite3_step(prepared)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) return error(sqlite3_extended_errcode(db_), table);
  return static_cast<std::int64_t>(sqlite3_changes64(db_));
}

Result<Value> Connection::scalar(const sql::SqlStatement& statement, const sql::TableMapping* table) {
  auto use = prepare(statement.text, table);
  if (!use) return std::move(use).error();
  sqlite3_stmt* prepared = use->get();
  if (auto status = bind(prepared, statement.params, table); !status) return status.error();
  const int rc = sqlite3_step(prepared);
  if (rc == SQLITE_ROW) return column_value(prepared, 0);
  if (rc != SQLITE_DONE) return error(sqlite3_extended_errcode(db_), table);
  return Value();
}

}  // namespace lb::sqlite
