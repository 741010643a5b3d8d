// Session: the Connector calls written once against one connection, for the connector
// (a pooled connection per call) and for its transactions (the transaction's own
// connection). A call of several statements runs in its own transaction block
// outside a transaction, and inside one relies on the transaction's savepoint per
// call, so every call is all or nothing either way.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "lb/connector.hpp"
#include "postgres/pg_connection.hpp"
#include "postgres/table_state.hpp"
#include "sql/insert_lowering.hpp"

namespace lb::postgres {

class PostgresConnector;

class Session {
 public:
  // `in_transaction`: the connection is inside the caller's transaction (no BEGIN here).
  Session(PostgresConnector& connector, PgConnection& connection, bool in_transaction)
      : connector_(connector), connection_(connection), in_transaction_(in_transaction) {}

  Result<Object> create(const ModelDefinition& model, Object row);
  Result<std::vector<Record>> create_all(const ModelDefinition& model, std::vector<Object> rows);
  Result<std::vector<Record>> find(const filter::Bound& filter);
  Result<std::optional<Record>> find_by_id(const ModelDefinition& model, const Value& id);
  Result<std::int64_t> count(const ModelDefinition& model, const filter::BoundWhere* where);
  Result<std::int64_t> update_all(const ModelDefinition& model, const filter::BoundWhere* where, const Object& data);
  Result<std::int64_t> delete_all(const ModelDefinition& model, const filter::BoundWhere* where);
  Result<std::optional<Object>> update_by_id(const ModelDefinition& model, const Value& id, Object data,
                                             WriteMode mode);
  Result<WriteOutcome> upsert(const ModelDefinition& model, Object row, WriteMode mode);
  Result<WriteOutcome> find_or_create(const filter::Bound& filter, Object row);
  Result<std::string> explain(const filter::Bound& filter);

  Status automigrate(const ModelDefinition& model);
  Status autoupdate(const ModelDefinition& model);
  Result<bool> is_actual(const ModelDefinition& model);

 private:
  // Runs `fn` all or nothing: in a transaction block of its own, unless the caller's
  // transaction already holds the connection.
  template <typename Fn>
  auto atomic(Fn&& fn) -> decltype(fn());

  // `inserts` (may be null): a bulk create's lowering, kept from row to row.
  Result<Object> insert(const TableState& table, const Object& row, sql::InsertLowering* inserts = nullptr);
  void schema_changed();
  // Moves the id sequence past an id given explicitly, so that later generated ids do
  // not collide with it (LoopBack moves its memory counter the same way).
  Status advance_sequence(const TableState& table, const Value& id);

  PostgresConnector& connector_;
  PgConnection& connection_;
  bool in_transaction_;
};

}  // namespace lb::postgres
