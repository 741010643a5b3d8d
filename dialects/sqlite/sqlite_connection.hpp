// Connection: one sqlite3 handle, set up the way the lowered SQL needs it (WAL for
// files, a busy timeout, foreign keys on, regexp() and lb_geo_distance() registered),
// with a cache of prepared statements keyed by SQL text. A connection is used by one
// thread at a time (the pool or a transaction sees to it), so it takes no lock.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lb/result.hpp"
#include "lb/value.hpp"
#include "sql/sql_statement.hpp"
#include "sql/table_mapping.hpp"
#include "sqlite/sqlite_settings.hpp"

namespace lb::sqlite {

// The cells of a result, row after row, as SQLite returned them: null, Integer,
// Number, String (TEXT) or Buffer (BLOB). Decoding to property types comes later.
struct RawRows {
  std::size_t columns = 0;
  std::vector<Value> cells;
  [[nodiscard]] std::size_t rows() const { return columns == 0 ? 0 : cells.size() / columns; }
};

class Connection {
 public:
  // Opens the database the settings name; an in-memory database is the memdb file
  // `memory_name`, shared by every connection of one connector. 503 when it cannot be
  // opened or set up. `prepared` (may be null) counts the statements compiled.
  static Result<std::unique_ptr<Connection>> open(const SqliteSettings& settings, const std::string& memory_name,
                                                  std::atomic<std::uint64_t>* prepared);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  [[nodiscard]] sqlite3* handle() const { return db_; }
  [[nodiscard]] const std::string& database() const { return database_; }
  // True inside BEGIN ... COMMIT (SQLite may end a transaction by itself after some
  // errors; a transaction checks this after each call).
  [[nodiscard]] bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

  // Runs statements without parameters or results (BEGIN, PRAGMA, DDL).
  Status exec(const std::string& sql, const sql::TableMapping* table = nullptr);
  // Runs a statement and returns its rows (`statement.columns` cells each, or as many
  // as the statement yields when it names none). Errors are mapped with `table` (the
  // model's names in constraint messages).
  Result<RawRows> query(const sql::SqlStatement& statement, const sql::TableMapping* table = nullptr) {
    return query(statement.text, statement.params, table);
  }
  Result<RawRows> query(const std::string& text, const std::vector<sql::SqlParam>& params,
                        const sql::TableMapping* table = nullptr);
  // Runs a statement and appends the cells of its rows to `into`, whose `columns` must
  // be 0 (then set) or the statement's column count; the number of rows appended. A
  // bulk insert gathers its RETURNING rows this way, with no RawRows per row.
  Result<std::size_t> append_rows(const std::string& text, const std::vector<sql::SqlParam>& params,
                                  const sql::TableMapping* table, RawRows& into);
  // Runs a statement that returns no rows; the number of rows it changed.
  Result<std::int64_t> execute(const sql::SqlStatement& statement, const sql::TableMapping* table = nullptr);
  // Runs a query for its first column of its first row (null when there is none).
  Result<Value> scalar(const sql::SqlStatement& statement, const sql::TableMapping* table = nullptr);

  // The error for a failed call, from SQLite's extended code and message.
  [[nodiscard]] Error error(int code, const sql::TableMapping* table = nullptr) const;

  // Statements kept prepared at most; the least recently used one is dropped beyond it.
  static constexpr std::size_t kStatementCacheSize = 256;
  [[nodiscard]] std::size_t cached_statements() const { return cache_.size(); }

 private:
  Connection(sqlite3* db, std::string database, std::atomic<std::uint64_t>* prepared)
      : db_(db), database_(std::move(database)), prepared_(prepared) {}

  struct CacheEntry {
    sqlite3_stmt* statement = nullptr;
    std::uint64_t last_use = 0;
    bool in_use = false;
  };
  // A statement while it runs: reset and unbound when done, and back in the cache (or
  // finalized, when it was prepared outside it because the cached one was busy).
  class Use {
   public:
    Use(sqlite3_stmt* statement, CacheEntry* entry) : statement_(statement), entry_(entry) {}
    Use(Use&& other) noexcept : statement_(other.statement_), entry_(other.entry_) { other.statement_ = nullptr; }
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;
    Use& operator=(Use&&) = delete;
    ~Use();
    [[nodiscard]] sqlite3_stmt* get() const { return statement_; }

   private:
    sqlite3_stmt* statement_;
    CacheEntry* entry_;
  };

  Result<Use> prepare(const std::string& text, const sql::TableMapping* table);
  Status bind(sqlite3_stmt* statement, const std::vector<sql::SqlParam>& params, const sql::TableMapping* table);
  void evict();

  sqlite3* db_;
  std::string database_;
  std::atomic<std::uint64_t>* prepared_;
  std::unordered_map<std::string, CacheEntry> cache_;
  std::uint64_t uses_ = 0;
};

}  // namespace lb::sqlite
