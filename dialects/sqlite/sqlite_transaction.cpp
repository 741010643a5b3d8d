// SqliteTransaction: BEGIN on a borrowed connection, the connector's calls on it, and
// COMMIT or ROLLBACK (see the header).
#include "sqlite/sqlite_transaction.hpp"

#include <fmt/format.h>

#include "sqlite/sqlite_connector.hpp"

namespace lb::sqlite {

Result<std::unique_ptr<ConnectorTransaction>> SqliteTransaction::begin(SqliteConnector& connector,
                                                                       const TransactionOptions& options) {
  auto connection = connector.pool().acquire();
  if (!connection) return std::move(connection).error();
  // SQLite's transactions are serializable whatever is asked (one writer at a time,
  // readers on a snapshot). IMMEDIATE takes the write lock now: a transaction that will
  // write cannot then fail half-way on a lock another one holds.
  const bool immediate =
      options.isolation == IsolationLevel::Serializable || options.isolation == IsolationLevel::RepeatableRead;
  if (auto begun = (*connection)->exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED"); !begun) {
    return begun.error();
  }
  return std::unique_ptr<ConnectorTransaction>(new SqliteTransaction(connector, std::move(connection).value()));
}

SqliteTransaction::~SqliteTransaction() {
  if (!ended_) (void)rollback();
}

template <typename Fn>
auto SqliteTransaction::run(Fn&& fn) -> decltype(fn()) {
  if (ended_) return Error(ErrorCode::Conflict, "The transaction is not active");
  if (!lost_.empty()) return Error(ErrorCode::Conflict, lost_);
  auto result = fn();
  if (!connection_->in_transaction()) {
    lost_ = "The transaction was rolled back by SQLite after an error" +
            (result ? std::string() : ": " + result.error().message());
  }
  return result;
}

std::string_view SqliteTransaction::name() const { return connector_.name(); }
ConnectorCapabilities SqliteTransaction::capabilities() const { return connector_.capabilities(); }
Status SqliteTransaction::define(const ModelDefinition& model) { return connector_.define(model); }

Result<Object> SqliteTransaction::create(const ModelDefinition& model, Object row) {
  return run([&] { return connector_.create_on({*connection_, true}, model, std::move(row)); });
}
Result<std::vector<Record>> SqliteTransaction::create_all(const ModelDefinition& model, std::vector<Object> rows) {
  return run([&] { return connector_.create_all_on({*connection_, true}, model, std::move(rows)); });
}
Result<std::vector<Record>> SqliteTransaction::find(const filter::Bound& filter) {
  return run([&] { return connector_.find_on({*connection_, true}, filter); });
}
Result<std::optional<Record>> SqliteTransaction::find_by_id(const ModelDefinition& model, const Value& id) {
  return run([&] { return connector_.find_by_id_on({*connection_, true}, model, id); });
}
Result<std::int64_t> SqliteTransaction::count(const ModelDefinition& model, const filter::BoundWhere* where) {
  return run([&] { return connector_.count_on({*connection_, true}, model, where); });
}
Result<std::int64_t> SqliteTransaction::update_all(const ModelDefinition& model, const filter::BoundWhere* where,
                                                   const Object& data) {
  return run([&] { return connector_.update_all_on({*connection_, true}, model, where, data); });
}
Result<std::int64_t> SqliteTransaction::delete_all(const ModelDefinition& model, const filter::BoundWhere* where) {
  return run([&] { return connector_.delete_all_on({*connection_, true}, model, where); });
}
Result<std::optional<Object>> SqliteTransaction::update_by_id(const ModelDefinition& model, const Value& id,
                                                              Object data, WriteMode mode) {
  return run([&] { return connector_.update_by_id_on({*connection_, true}, model, id, std::move(data), mode); });
}
Result<WriteOutcome> SqliteTransaction::upsert(const ModelDefinition& model, Object row, WriteMode mode) {
  return run([&] { return connector_.upsert_on({*connection_, true}, model, std::move(row), mode); });
}
Result<WriteOutcome> SqliteTransaction::find_or_create(const filter::Bound& filter, Object row) {
  return run([&] { return connector_.find_or_create_on({*connection_, true}, filter, std::move(row)); });
}
Result<std::string> SqliteTransaction::explain(const filter::Bound& filter) {
  return run([&] { return connector_.explain_on({*connection_, true}, filter); });
}

// A failed COMMIT (a lock held past the busy timeout) leaves the transaction open, so
// the rollback lb::Transaction makes next still ends it.
Status SqliteTransaction::commit() {
  if (ended_) return Error(ErrorCode::Conflict, "The transaction is not active");
  if (!lost_.empty()) return Error(ErrorCode::Conflict, lost_);
  Status committed = connection_->exec("COMMIT");
  if (!committed && connection_->in_transaction()) return committed;
  ended_ = true;
  connection_.reset();
  return committed;
}

Status SqliteTransaction::rollback() {
  if (ended_) return Error(ErrorCode::Conflict, "The transaction is not active");
  ended_ = true;
  Status status;
  if (connection_->in_transaction()) status = connection_->exec("ROLLBACK");
  connection_.reset();
  return status;
}

}  // namespace lb::sqlite
