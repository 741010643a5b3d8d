// PostgresTransaction: one PostgreSQL transaction on a pooled connection it holds
// until it ends. Each call runs under a savepoint, so a call that fails (a duplicate
// key, a bad value) changes nothing and the transaction goes on, as a memory
// transaction does; PostgreSQL alone would abort the whole transaction. A lost
// connection ends it (the server rolls it back) with 503.
#pragma once

#include <memory>

#include "lb/connector.hpp"
#include "postgres/connection_pool.hpp"

namespace lb::postgres {

class PostgresConnector;
class Session;

class PostgresTransaction final : public ConnectorTransaction {
 public:
  // BEGIN ISOLATION LEVEL <options.isolation> on a pooled connection.
  [[nodiscard]] static Result<std::unique_ptr<ConnectorTransaction>> begin(PostgresConnector& connector,
                                                                           const TransactionOptions& options);
  ~PostgresTransaction() override;

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
  Result<std::string> explain(const filter::Bound& filter) override;
  // Schema changes inside the transaction (PostgreSQL's DDL is transactional).
  Status automigrate(const ModelDefinition& model) override;
  Status autoupdate(const ModelDefinition& model) override;
  Result<bool> is_actual(const ModelDefinition& model) override;

  Status commit() override;
  Status rollback() override;

 private:
  PostgresTransaction(PostgresConnector& connector, ConnectionPool::Lease lease)
      : connector_(connector), lease_(std::move(lease)) {}

  // Runs one call under the savepoint "lb_call" (released by the next call or the commit).
  template <typename Fn>
  auto step(Fn&& fn) -> decltype(fn(std::declval<Session&>()));
  Status end(const char* statement);

  PostgresConnector& connector_;
  ConnectionPool::Lease lease_;
  bool ended_ = false;
  bool savepoint_ = false;  // "lb_call" exists
};

}  // namespace lb::postgres
