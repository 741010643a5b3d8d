// PostgresConnector: the "postgresql" connector (LoopBack's loopback-connector-postgresql)
// over libpq, returning for every call what the memory connector returns for it
// (docs/postgresql.md lists where it cannot).
#pragma once

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>

#include "lb/connector.hpp"
#include "postgres/connection_pool.hpp"
#include "postgres/pg_settings.hpp"
#include "postgres/postgres_dialect.hpp"
#include "postgres/table_state.hpp"

namespace lb::postgres {

class Session;

// A connection pool, named prepared statements cached per connection, transactions at
// the four isolation levels, automigrate/autoupdate/isActual from the definitions'
// "postgresql" sections, and discovery from the catalogs.
//
// Thread-safe: calls from several threads each take a pooled connection. A call that
// finds its connection lost reconnects; a read is then run again, and a write only when
// the server said it ended the session before running it (otherwise its outcome is
// unknown and the call fails with 503).
class PostgresConnector final : public Connector {
 public:
  explicit PostgresConnector(PgSettings settings);

  std::string_view name() const override { return "postgresql"; }
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
  // The SQL, its parameters and PostgreSQL's EXPLAIN of it.
  Result<std::string> explain(const filter::Bound& filter) override;

  // BEGIN ISOLATION LEVEL ... on a pooled connection the transaction keeps until it
  // ends (READ UNCOMMITTED runs as READ COMMITTED, PostgreSQL's weakest level).
  Result<std::unique_ptr<ConnectorTransaction>> begin_transaction(const TransactionOptions& options) override;

  Status automigrate(const ModelDefinition& model) override;
  Status autoupdate(const ModelDefinition& model) override;
  Result<bool> is_actual(const ModelDefinition& model) override;
  Result<Array> discover_model_definitions(const Value& options) override;
  Result<Object> discover_schemas(std::string_view table, const Value& options) override;

  // ---- For Session, transactions and tests.
  [[nodiscard]] ConnectionPool& pool() { return pool_; }
  [[nodiscard]] const PostgresDialect& dialect() const { return dialect_; }
  // The model's table state, built on first use when define() was not called for it
  // (and again for another definition of the same name). 400 for a definition whose
  // names cannot map to a table.
  [[nodiscard]] Result<std::shared_ptr<const TableState>> table_for(const ModelDefinition& model);

 private:
  // Runs `fn(Session&)` on a pooled connection. `read`: the call only reads, so it may
  // run again on a new connection when the first was lost under it.
  template <typename Fn>
  auto with_session(bool read, Fn&& fn) -> decltype(fn(std::declval<Session&>()));

  PostgresDialect dialect_;
  ConnectionPool pool_;
  std::shared_mutex tables_mutex_;
  std::map<std::string, std::shared_ptr<const TableState>, std::less<>> tables_;
};

// The "postgresql" connector factory (registered by dialects/postgres/register).
[[nodiscard]] Result<std::unique_ptr<Connector>> make_postgres_connector(const ConnectorConfig& config);

}  // namespace lb::postgres
