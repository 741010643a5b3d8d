// PgConnection: one libpq connection with its session prepared for lb (UTC, ISO dates,
// hex bytea, the data source's schema first on the search_path) and its cache of named
// prepared statements, keyed by SQL text. Not thread-safe: the pool hands a connection
// to one caller at a time.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lb/result.hpp"
#include "postgres/pg_result.hpp"
#include "postgres/pg_settings.hpp"
#include "postgres/server_error.hpp"
#include "sql/sql_statement.hpp"
#include "sql/table_mapping.hpp"

struct pg_conn;

namespace lb::postgres {

class PgConnection {
 public:
  // The most prepared statements a connection keeps; the least recently used one is
  // deallocated beyond that (statements for long inq lists or odd row shapes come and go).
  static constexpr std::size_t kMaxCachedStatements = 512;

  // Connects and prepares the session. 503 naming the server when it cannot be reached.
  [[nodiscard]] static Result<std::unique_ptr<PgConnection>> open(const PgSettings& settings);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs a lowered statement as a named prepared statement, prepared on first use. A
  // statement the server must re-plan with another result type (a table recreated by
  // someone else) is prepared again, outside a transaction block. Errors map through
  // to_error() with `table` (the statement's table, for the messages).
  [[nodiscard]] Result<PgResult> execute(const sql::SqlStatement& statement, const sql::TableMapping* table = nullptr);
  // Runs `text` once, unprepared, with text parameters (catalog queries).
  [[nodiscard]] Result<PgResult> query(std::string_view text, const std::vector<std::optional<std::string>>& params = {},
                                       const sql::TableMapping* table = nullptr);
  // Runs statements without parameters through the simple protocol (BEGIN, COMMIT,
  // SAVEPOINT, DDL); several may be separated by semicolons.
  [[nodiscard]] Status run(std::string_view text, const sql::TableMapping* table = nullptr);

  // What the last failure was (valid after a call returned an error).
  [[nodiscard]] const ServerError& last_error() const { return last_error_; }
  // The server connection is gone; the connection cannot be used again.
  [[nodiscard]] bool lost() const;
  // Inside a transaction block (open or failed).
  [[nodiscard]] bool in_transaction() const;
  // Checks, without a round trip, whether the server closed the connection while it
  // sat idle (a restart, pg_terminate_backend, an idle timeout).
  [[nodiscard]] bool alive();

  // Deallocates every prepared statement (after schema changes made through lb).
  void forget_statements();
  [[nodiscard]] std::size_t cached_statements() const { return statements_.size(); }
  // The server process serving this connection (pg_backend_pid()).
  [[nodiscard]] int backend_pid() const;

  // The pool's schema epoch this connection's statements were prepared under.
  std::uint64_t schema_epoch = 0;

 private:
  explicit PgConnection(pg_conn* connection) : connection_(connection) {}

  // The name of the prepared statement for `text`, preparing it when needed.
  Result<const std::string*> prepared(const std::string& text, std::size_t parameters,
                                      const sql::TableMapping* table);
  void drop_statement(const std::string& text);
  pg_result* collect();
  Error fail(pg_result* result, const sql::TableMapping* table);

  struct CachedStatement {
    std::string name;
    std::list<const std::string*>::iterator use;  // its place in uses_
  };

  pg_conn* connection_;
  std::unordered_map<std::string, CachedStatement> statements_;
  std::list<const std::string*> uses_;  // the statements' texts (map keys), most recently used first
  std::uint64_t next_statement_ = 1;
  ServerError last_error_;
};

}  // namespace lb::postgres
