// PostgresConnector: each call on a pooled connection through a Session, one retry on a
// new connection when the first was lost under it and running again is safe.
#include "postgres/postgres_connector.hpp"

#include <mutex>

#include "postgres/discovery.hpp"
#include "postgres/postgres_transaction.hpp"
#include "postgres/session.hpp"

namespace lb::postgres {

PostgresConnector::PostgresConnector(PgSettings settings) : pool_(std::move(settings)) {}

ConnectorCapabilities PostgresConnector::capabilities() const {
  ConnectorCapabilities capabilities;
  capabilities.transactions = true;
  capabilities.persistent = true;
  capabilities.geo_near = true;
  capabilities.regexp = true;
  capabilities.explain = true;
  capabilities.related_where = true;
  capabilities.limit_per_key = true;  // window functions (sql/select_lowering.cpp)
  return capabilities;
}

Result<std::shared_ptr<const TableState>> PostgresConnector::table_for(const ModelDefinition& model) {
  {
    std::shared_lock lock(tables_mutex_);
    auto it = tables_.find(model.name);
    if (it != tables_.end() && it->second->model == &model) return it->second;
  }
  auto mapping = sql::TableMapping::from_model(model, dialect_);
  if (!mapping) return std::move(mapping).error();
  auto state = std::make_shared<TableState>();
  state->model = &model;
  state->mapping = std::move(*mapping);
  for (const sql::ColumnMapping& column : state->mapping.columns()) {
    if (column.generated) state->generated = &column;
  }
  std::unique_lock lock(tables_mutex_);
  tables_.insert_or_assign(model.name, state);
  return std::shared_ptr<const TableState>(std::move(state));
}

Status PostgresConnector::define(const ModelDefinition& model) {
  auto table = table_for(model);
  if (!table) return std::move(table).error();
  return {};
}

template <typename Fn>
auto PostgresConnector::with_session(bool read, Fn&& fn) -> decltype(fn(std::declval<Session&>())) {
  for (int attempt = 0;; ++attempt) {
    auto lease = pool_.acquire();
    if (!lease) return std::move(lease).error();
    Session session(*this, **lease, false);
    auto result = fn(session);
    if (result || !(*lease)->lost()) return result;
    // The connection went under the call. A read runs again on a new one; a write
    // only when the server ended the session before running it: otherwise it may
    // have committed, and running it twice would write twice.
    const bool again = attempt == 0 && (read || !(*lease)->last_error().maybe_executed);
    lease->discard();
    if (!again) return result;
  }
}

// Writes pass copies of their arguments into the session, so that a retry has them.
Result<Object> PostgresConnector::create(const ModelDefinition& model, Object row) {
  return with_session(false, [&](Session& s) { return s.create(model, row); });
}
Result<std::vector<Record>> PostgresConnector::create_all(const ModelDefinition& model, std::vector<Object> rows) {
  return with_session(false, [&](Session& s) { return s.create_all(model, rows); });
}
Result<std::vector<Record>> PostgresConnector::find(const filter::Bound& filter) {
  return with_session(true, [&](Session& s) { return s.find(filter); });
}
Result<std::optional<Record>> PostgresConnector::find_by_id(const ModelDefinition& model, const Value& id) {
  return with_session(true, [&](Session& s) { return s.find_by_id(model, id); });
}
Result<std::int64_t> PostgresConnector::count(const ModelDefinition& model, const filter::BoundWhere* where) {
  return with_session(true, [&](Session& s) { return s.count(model, where); });
}
Result<std::int64_t> PostgresConnector::update_all(const ModelDefinition& model, const filter::BoundWhere* where,
                                                   const Object& data) {
  return with_session(false, [&](Session& s) { return s.update_all(model, where, data); });
}
Result<std::int64_t> PostgresConnector::delete_all(const ModelDefinition& model, const filter::BoundWhere* where) {
  return with_session(false, [&](Session& s) { return s.delete_all(model, where); });
}
Result<std::optional<Object>> PostgresConnector::update_by_id(const ModelDefinition& model, const Value& id,
                                                              Object data, WriteMode mode) {
  return with_session(false, [&](Session& s) { return s.update_by_id(model, id, data, mode); });
}
Result<WriteOutcome> PostgresConnector::upsert(const ModelDefinition& model, Object row, WriteMode mode) {
  return with_session(false, [&](Session& s) { return s.upsert(model, row, mode); });
}
Result<WriteOutcome> PostgresConnector::find_or_create(const filter::Bound& filter, Object row) {
  return with_session(false, [&](Session& s) { return s.find_or_create(filter, row); });
}
Result<std::string> PostgresConnector::explain(const filter::Bound& filter) {
  return with_session(true, [&](Session& s) { return s.explain(filter); });
}

Result<std::unique_ptr<ConnectorTransaction>> PostgresConnector::begin_transaction(const TransactionOptions& options) {
  return PostgresTransaction::begin(*this, options);
}

Status PostgresConnector::automigrate(const ModelDefinition& model) {
  return with_session(false, [&](Session& s) { return s.automigrate(model); });
}
Status PostgresConnector::autoupdate(const ModelDefinition& model) {
  return with_session(false, [&](Session& s) { return s.autoupdate(model); });
}
Result<bool> PostgresConnector::is_actual(const ModelDefinition& model) {
  return with_session(true, [&](Session& s) { return s.is_actual(model); });
}

Result<Array> PostgresConnector::discover_model_definitions(const Value& options) {
  auto lease = pool_.acquire();
  if (!lease) return std::move(lease).error();
  return list_tables(**lease, options);
}

Result<Object> PostgresConnector::discover_schemas(std::string_view table, const Value& options) {
  auto lease = pool_.acquire();
  if (!lease) return std::move(lease).error();
  return describe_tables(**lease, table, options, pool_.settings().schema);
}

Result<std::unique_ptr<Connector>> make_postgres_connector(const ConnectorConfig& config) {
  auto settings = read_settings(config);
  if (!settings) return std::move(settings).error();
  return std::unique_ptr<Connector>(new PostgresConnector(std::move(*settings)));
}

}  // namespace lb::postgres
