// SqliteConnector: the "sqlite3" connector (LoopBack's loopback-connector-sqlite3).
// Every call is lowered by dialects/sql and run on a pooled connection (or a
// transaction's), with the memory connector's semantics (docs/sqlite.md). Tables come
// from automigrate/autoupdate; define() only checks the mapping.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>

#include "lb/connector.hpp"
#include "sql/sql_statement.hpp"
#include "sql/table_mapping.hpp"
#include "sqlite/sqlite_connection_pool.hpp"
#include "sqlite/sqlite_dialect.hpp"
#include "sqlite/sqlite_records.hpp"
#include "sqlite/sqlite_settings.hpp"

namespace lb::sqlite {

// The factory registered under "sqlite3": settings as SqliteSettings reads them. 400 for
// bad settings, 503 when the database cannot be opened.
[[nodiscard]] Result<std::unique_ptr<Connector>> make_sqlite_connector(const ConnectorConfig& config);

class SqliteConnector final : public Connector {
 public:
  static Result<std::unique_ptr<SqliteConnector>> open(SqliteSettings settings);

  std::string_view name() const override { return "sqlite3"; }
  ConnectorCapabilities capabilities() const override;
  Status define(const ModelDefinition& model) override;

  Result<Object> create(const ModelDefinition& model, Object row) override;
  Result<std::vector<Record>> create_all(const ModelDefinition& model, std::vector<Object> rows) override;
  Result<std::vector<Record>> find(const filter::Bound& filter) override;
  Result<std::optional<Record>> find_by_id(const ModelDefinition& model, const Value& id) override;
  Result<std::int64_t> count(const ModelDefinition& model, const filter::BoundWhere* where) override;
  Result<std::int64_t> update_all(const ModelDefinition& model, const filter::BoundWhere* where,
                                  const Object& data) override;
  Result<std::int64_t> delete_all(const ModelDefinition& model, const filter::BoundWhere* where) override;
  Result<std::optional<Object>> update_by_id(const ModelDefinition& model, const Value& id, Object data,
                                             WriteMode mode) override;
  Result<WriteOutcome> upsert(const ModelDefinition& model, Object row, WriteMode mode) override;
  Result<WriteOutcome> find_or_create(const filter::Bound& filter, Object row) override;
  Result<std::string> explain(const filter::Bound& filter) override;

  // BEGIN IMMEDIATE for Serializable and RepeatableRead (the write lock is taken at
  // once, so the transaction cannot fail later on a lock upgrade), BEGIN DEFERRED for
  // the others; on a connection of its own (docs/sqlite.md: isolation).
  Result<std::unique_ptr<ConnectorTransaction>> begin_transaction(const TransactionOptions& options) override;

  Status automigrate(const ModelDefinition& model) override;
  Status autoupdate(const ModelDefinition& model) override;
  Result<bool> is_actual(const ModelDefinition& model) override;
  Result<Array> discover_model_definitions(const Value& options) override;
  Result<Object> discover_schemas(std::string_view table, const Value& options) override;

  [[nodiscard]] const SqliteSettings& settings() const { return pool_->settings(); }
  [[nodiscard]] ConnectionPool& pool() { return *pool_; }
  // Statements compiled so far on any connection: a repeated call compiles none.
  [[nodiscard]] std::uint64_t statements_prepared() const { return pool_->statements_prepared(); }

  // ---- The calls on a given connection (a borrowed one, or a transaction's). Calls
  // made of several statements run inside BEGIN IMMEDIATE ... COMMIT, or inside a
  // savepoint when `in_transaction`, so that each is all or nothing.
  struct Session {
    Connection& connection;
    bool in_transaction = false;
  };
  Result<Object> create_on(Session session, const ModelDefinition& model, Object row);
  Result<std::vector<Record>> create_all_on(Session session, const ModelDefinition& model, std::vector<Object> rows);
  Result<std::vector<Record>> find_on(Session session, const filter::Bound& filter);
  Result<std::optional<Record>> find_by_id_on(Session session, const ModelDefinition& model, const Value& id);
  Result<std::int64_t> count_on(Session session, const ModelDefinition& model, const filter::BoundWhere* where);
  Result<std::int64_t> update_all_on(Session session, const ModelDefinition& model, const filter::BoundWhere* where,
                                     const Object& data);
  Result<std::int64_t> delete_all_on(Session session, const ModelDefinition& model, const filter::BoundWhere* where);
  Result<std::optional<Object>> update_by_id_on(Session session, const ModelDefinition& model, const Value& id,
                                                Object data, WriteMode mode);
  Result<WriteOutcome> upsert_on(Session session, const ModelDefinition& model, Object row, WriteMode mode);
  Result<WriteOutcome> find_or_create_on(Session session, const filter::Bound& filter, Object row);
  Result<std::string> explain_on(Session session, const filter::Bound& filter);

 private:
  explicit SqliteConnector(std::unique_ptr<ConnectionPool> pool) : pool_(std::move(pool)) {}

  // What the connector keeps per model: the mapping, the shape of a whole row, and the
  // findById statement's text (single ids), built once.
  struct Table {
    const ModelDefinition* model = nullptr;
    sql::TableMapping mapping;
    std::shared_ptr<const ResultShape> row_shape;
    std::optional<sql::SqlStatement> by_id;  // its one parameter replaced per call
    sql::Storage id_storage = sql::Storage::Number;
  };
  Result<std::shared_ptr<const Table>> table_for(const ModelDefinition& model);

  // What a Bound filter lowers to, kept in Bound::derived.
  struct PreparedFind {
    sql::SqlStatement statement;
    std::shared_ptr<const ResultShape> shape;
  };
  Result<std::shared_ptr<const PreparedFind>> prepare_find(const filter::Bound& filter, const Table& table);

  // Runs `fn(Session)` on a borrowed connection.
  template <typename Fn>
  auto borrowed(Fn&& fn) -> decltype(fn(std::declval<Session>()));

  SqliteDialect dialect_;
  std::unique_ptr<ConnectionPool> pool_;
  mutable std::shared_mutex tables_mutex_;
  std::map<std::string, std::shared_ptr<const Table>, std::less<>> tables_;
};

}  // namespace lb::sqlite
