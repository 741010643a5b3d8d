// SqliteTransaction: one open transaction on a connection borrowed from the pool until
// commit or rollback; its calls are the connector's, made on that connection, so they
// see the transaction's writes and other connections see them once it commits.
#pragma once

#include <string>

#include "lb/connector.hpp"
#include "sqlite/sqlite_connection_pool.hpp"

namespace lb::sqlite {

class SqliteConnector;

// Should SQLite end the transaction by itself after an error (it does for a few, such
// as a full disk), every later call fails with a 409 instead of running outside it.
class SqliteTransaction final : public ConnectorTransaction {
 public:
  // Borrows a connection and runs BEGIN (IMMEDIATE for Serializable and RepeatableRead,
  // DEFERRED otherwise). 409 when the database stays locked past the busy timeout.
  static Result<std::unique_ptr<ConnectorTransaction>> begin(SqliteConnector& connector,
                                                             const TransactionOptions& options);
  ~SqliteTransaction() override;

  std::string_view name() const override;
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
  Status commit() override;
  Status rollback() override;

 private:
  SqliteTransaction(SqliteConnector& connector, ConnectionPool::Lease connection)
      : connector_(connector), connection_(std::move(connection)) {}

  // Runs one call on the transaction's connection, after checking it is still open.
  template <typename Fn>
  auto run(Fn&& fn) -> decltype(fn());

  SqliteConnector& connector_;
  ConnectionPool::Lease connection_;
  bool ended_ = false;
  std::string lost_;  // why SQLite ended the transaction by itself; empty while it is open
};

}  // namespace lb::sqlite
