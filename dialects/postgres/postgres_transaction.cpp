// PostgresTransaction: calls under a per-call savepoint on the transaction's own
// connection; commit and rollback give the connection back to the pool.
#include "postgres/postgres_transaction.hpp"

#include <fmt/format.h>

#include "postgres/postgres_connector.hpp"
#include "postgres/session.hpp"

namespace lb::postgres {
namespace {

Error lost_transaction(const PgConnection& connection) {
  return Error(ErrorCode::Unavailable,
               fmt::format("PostgreSQL connection lost: {}; the server rolled the transaction back",
                           connection.last_error().message));
}

}  // namespace

Result<std::unique_ptr<ConnectorTransaction>> PostgresTransaction::begin(PostgresConnector& connector,
                                                                         const TransactionOptions& options) {
  auto lease = connector.pool().acquire();
  if (!lease) return std::move(lease).error();
  if (auto begun = (*lease)->run(fmt::format("BEGIN ISOLATION LEVEL {}", isolation_level_name(options.isolation)));
      !begun) {
    if ((*lease)->lost()) lease->discard();
    return begun.error();
  }
  return std::unique_ptr<ConnectorTransaction>(new PostgresTransaction(connector, std::move(*lease)));
}

PostgresTransaction::~PostgresTransaction() {
  if (!ended_) (void)end("ROLLBACK");
}

ConnectorCapabilities PostgresTransaction::capabilities() const { return connector_.capabilities(); }
Status PostgresTransaction::define(const ModelDefinition& model) { return connector_.define(model); }

template <typename Fn>
auto PostgresTransaction::step(Fn&& fn) -> decltype(fn(std::declval<Session&>())) {
  if (ended_) return Error(ErrorCode::Conflict, "The transaction is not active");
  PgConnection& connection = *lease_;
  auto fail_lost = [&]() {
    ended_ = true;
    Error error = lost_transaction(connection);
    lease_.discard();
    return error;
  };
  if (connection.lost()) return fail_lost();
  if (auto mark = connection.run(savepoint_ ? "RELEASE SAVEPOINT lb_call; SAVEPOINT lb_call" : "SAVEPOINT lb_call");
      !mark) {
    if (connection.lost()) return fail_lost();
    return mark.error();
  }
  savepoint_ = true;
  Session session(connector_, connection, true);
  auto result = fn(session);
  if (!result) {
    if (connection.lost()) return fail_lost();
    if (auto back = connection.run("ROLLBACK TO SAVEPOINT lb_call"); !back) {
      if (connection.lost()) return fail_lost();
      return back.error();
    }
  }
  return result;
}

Status PostgresTransaction::end(const char* statement) {
  if (ended_) return Error(ErrorCode::Conflict, "The transaction is not active");
  ended_ = true;
  PgConnection& connection = *lease_;
  if (connection.lost()) {
    Error error = lost_transaction(connection);
    lease_.discard();
    return error;
  }
  Status status = connection.run(statement);
  if (connection.lost() || connection.in_transaction()) {
    lease_.discard();
  } else {
    lease_ = ConnectionPool::Lease();  // back to the pool
  }
  return status;
}

Status PostgresTransaction::commit() { return end("COMMIT"); }
Status PostgresTransaction::rollback() { return end("ROLLBACK"); }

Result<Object> PostgresTransaction::create(const ModelDefinition& model, Object row) {
  return step([&](Session& s) { return s.create(model, std::move(row)); });
}
Result<std::vector<Record>> PostgresTransaction::create_all(const ModelDefinition& model, std::vector<Object> rows) {
  return step([&](Session& s) { return s.create_all(model, std::move(rows)); });
}
Result<std::vector<Record>> PostgresTransaction::find(const filter::Bound& filter) {
  return step([&](Session& s) { return s.find(filter); });
}
Result<std::optional<Record>> PostgresTransaction::find_by_id(const ModelDefinition& model, const Value& id) {
  return step([&](Session& s) { return s.find_by_id(model, id); });
}
Result<std::int64_t> PostgresTransaction::count(const ModelDefinition& model, const filter::BoundWhere* where) {
  return step([&](Session& s) { return s.count(model, where); });
}
Result<std::int64_t> PostgresTransaction::update_all(const ModelDefinition& model, const filter::BoundWhere* where,
                                                     const Object& data) {
  return step([&](Session& s) { return s.update_all(model, where, data); });
}
Result<std::int64_t> PostgresTransaction::delete_all(const ModelDefinition& model, const filter::BoundWhere* where) {
  return step([&](Session& s) { return s.delete_all(model, where); });
}
Result<std::optional<Object>> PostgresTransaction::update_by_id(const ModelDefinition& model, const Value& id,
                                                                Object data, WriteMode mode) {
  return step([&](Session& s) { return s.update_by_id(model, id, std::move(data), mode); });
}
Result<WriteOutcome> PostgresTransaction::upsert(const ModelDefinition& model, Object row, WriteMode mode) {
  return step([&](Session& s) { return s.upsert(model, std::move(row), mode); });
}
Result<WriteOutcome> PostgresTransaction::find_or_create(const filter::Bound& filter, Object row) {
  return step([&](Session& s) { return s.find_or_create(filter, std::move(row)); });
}
Result<std::string> PostgresTransaction::explain(const filter::Bound& filter) {
  return step([&](Session& s) { return s.explain(filter); });
}
Status PostgresTransaction::automigrate(const ModelDefinition& model) {
  return step([&](Session& s) { return s.automigrate(model); });
}
Status PostgresTransaction::autoupdate(const ModelDefinition& model) {
  return step([&](Session& s) { return s.autoupdate(model); });
}
Result<bool> PostgresTransaction::is_actual(const ModelDefinition& model) {
  return step([&](Session& s) { return s.is_actual(model); });
}

}  // namespace lb::postgres
