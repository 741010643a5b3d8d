// SqliteConnector: each Connector call lowered by dialects/sql and run on a borrowed
// connection; the lowered find of a Bound filter is kept in Bound::derived, and every
// statement stays prepared in its connection's cache, so a repeated call neither lowers
// nor compiles again.
#include "sqlite/sqlite_connector.hpp"

#include <fmt/format.h>

#include <map>
#include <mutex>

#include "sql/insert_lowering.hpp"
#include "sql/lower.hpp"
#include "sqlite/sqlite_discovery.hpp"
#include "sqlite/sqlite_schema.hpp"
#include "sqlite/sqlite_transaction.hpp"

namespace lb::sqlite {
namespace {

using Session = SqliteConnector::Session;

void undo(Session session) {
  Connection& connection = session.connection;
  if (!connection.in_transaction()) return;  // SQLite already rolled it back
  (void)connection.exec(session.in_transaction ? "ROLLBACK TO lb_call; RELEASE lb_call" : "ROLLBACK");
}

// Runs `fn` (several statements) all or nothing: inside BEGIN IMMEDIATE ... COMMIT, which
// takes the write lock first so that nothing can change between a read and the write
// that depends on it; inside a transaction, in a savepoint that a failure rolls back
// without ending the transaction.
template <typename Fn>
auto atomically(Session session, Fn&& fn) -> decltype(fn()) {
  Connection& connection = session.connection;
  if (auto begun = connection.exec(session.in_transaction ? "SAVEPOINT lb_call" : "BEGIN IMMEDIATE"); !begun) {
    return begun.error();
  }
  auto result = fn();
  if (!result) {
    undo(session);
    return result;
  }
  if (auto ended = connection.exec(session.in_transaction ? "RELEASE lb_call" : "COMMIT"); !ended) {
    undo(session);
    return ended.error();
  }
  return result;
}

// A value of the storage's kind, to lower the findById statement once (its text does
// not depend on the value).
Value sample_id(sql::Storage storage) {
  switch (storage) {
    case sql::Storage::Number: return Value(0);
    case sql::Storage::Boolean: return Value(false);
    case sql::Storage::Date: return Value(Date{0});
    case sql::Storage::Blob: return Value(Buffer{});
    default: return Value("");
  }
}

Result<std::int64_t> integer_result(Result<Value> value) {
  if (!value) return std::move(value).error();
  if (value->is_integer()) return value->as_integer();
  if (value->is_double()) return static_cast<std::int64_t>(value->as_double());
  return std::int64_t{0};
}

// The row a write returned: no row when the statement matched none.
std::optional<Object> first_object(const RawRows& rows, std::shared_ptr<const ResultShape> shape) {
  if (rows.rows() == 0) return std::nullopt;
  return SqliteRecords(std::move(shape), rows).object(0);
}

// The id of `row` as the lowering takes it: the value, or for a composite id an Object
// of its parts; nullopt when any part is missing or null.
std::optional<Value> row_id(const Object& row, const sql::TableMapping& table) {
  const auto ids = table.id_columns();
  if (ids.empty()) return std::nullopt;
  if (ids.size() == 1) {
    const Value* id = row.find(ids.front()->property->name);
    if (!id || id->is_null()) return std::nullopt;
    return *id;
  }
  Object parts;
  for (const sql::ColumnMapping* column : ids) {
    const Value* part = row.find(column->property->name);
    if (!part || part->is_null()) return std::nullopt;
    parts.push_back(column->property->name, *part);
  }
  return Value(std::move(parts));
}

}  // namespace

Result<std::unique_ptr<Connector>> make_sqlite_connector(const ConnectorConfig& config) {
  auto settings = SqliteSettings::from_config(config);
  if (!settings) return std::move(settings).error();
  auto connector = SqliteConnector::open(std::move(settings).value());
  if (!connector) return std::move(connector).error();
  return std::unique_ptr<Connector>(std::move(connector).value());
}

Result<std::unique_ptr<SqliteConnector>> SqliteConnector::open(SqliteSettings settings) {
  auto pool = ConnectionPool::open(std::move(settings));
  if (!pool) return std::move(pool).error();
  return std::unique_ptr<SqliteConnector>(new SqliteConnector(std::move(pool).value()));
}

ConnectorCapabilities SqliteConnector::capabilities() const {
  ConnectorCapabilities capabilities;
  capabilities.transactions = true;
  capabilities.persistent = !settings().in_memory();
  capabilities.geo_near = true;
  capabilities.regexp = true;
  capabilities.explain = true;
  capabilities.related_where = true;
  capabilities.limit_per_key = true;  // window functions (sql/select_lowering.cpp)
  return capabilities;
}

template <typename Fn>
auto SqliteConnector::borrowed(Fn&& fn) -> decltype(fn(std::declval<Session>())) {
  auto connection = pool_->acquire();
  if (!connection) return std::move(connection).error();
  return fn(Session{**connection, false});
}

Result<std::shared_ptr<const SqliteConnector::Table>> SqliteConnector::table_for(const ModelDefinition& model) {
  {
    std::shared_lock lock(tables_mutex_);
    auto it = tables_.find(model.name);
    if (it != tables_.end() && it->second->model == &model) return it->second;
  }
  auto mapping = sql::TableMapping::from_model(model, dialect_);
  if (!mapping) return std::move(mapping).error();
  auto table = std::make_shared<Table>(Table{&model, std::move(mapping).value(), nullptr, std::nullopt});
  table->row_shape = ResultShape::make(table->mapping.result_columns(), model, std::nullopt);
  const auto ids = table->mapping.id_columns();
  if (ids.size() == 1) {
    table->id_storage = ids.front()->storage;
    auto by_id = sql::lower_find_by_id(sample_id(table->id_storage), table->mapping);
    if (!by_id) return std::move(by_id).error();
    table->by_id = std::move(by_id).value();
  }
  std::unique_lock lock(tables_mutex_);
  tables_.insert_or_assign(model.name, table);
  return std::shared_ptr<const Table>(std::move(table));
}

Status SqliteConnector::define(const ModelDefinition& model) {
  auto table = table_for(model);
  if (!table) return std::move(table).error();
  return {};
}

Result<std::shared_ptr<const SqliteConnector::PreparedFind>> SqliteConnector::prepare_find(const filter::Bound& filter,
                                                                                         const Table& table) {
  if (auto kept = std::static_pointer_cast<const PreparedFind>(filter.derived.get(this))) return kept;
  auto statement = sql::lower_find(filter, table.mapping);
  if (!statement) return std::move(statement).error();
  auto prepared = std::make_shared<PreparedFind>();
  prepared->shape = filter.fields ? ResultShape::make(statement->columns, *table.model, filter.fields) : table.row_shape;
  prepared->statement = std::move(statement).value();
  filter.derived.set(this, prepared);
  return std::shared_ptr<const PreparedFind>(std::move(prepared));
}

// ---- The calls on a session ----------------------------------------------------------

Result<Object> SqliteConnector::create_on(Session session, const ModelDefinition& model, Object row) {
  auto table = table_for(model);
  if (!table) return std::move(table).error();
  auto statement = sql::lower_insert(row, (*table)->mapping);
  if (!statement) return std::move(statement).error();
  auto rows = session.connection.query(*statement, &(*table)->mapping);
  if (!rows) return std::move(rows).error();
  auto stored = first_object(*rows, (*table)->row_shape);
  if (!stored) return internal_error(fmt::format("{}: the insert returned no row", model.name));
  // The row as stored, without the properties it was not given (they read as null).
  Object out;
  out.reserve(stored->size());
  for (auto& [key, value] : *stored) {
    if (!value.is_null() || row.contains(key)) out.push_back(key, std::move(value));
  }
  return out;
}

Result<std::vector<Record>> SqliteConnector::create_all_on(Session session, const ModelDefinition& model,
                                                           std::vector<Object> rows) {
  auto table = table_for(model);
  if (!table) return std::move(table).error();
  const sql::TableMapping& mapping = (*table)->mapping;
  const auto& shape = (*table)->row_shape;
  return atomically(session, [&]() -> Result<std::vector<Record>> {
    RawRows all;
    all.columns = shape->columns.size();
    all.cells.reserve(rows.size() * all.columns);
    // One INSERT per row (a cached prepared statement per set of properties), so each
    // RETURNING row pairs with its input whatever order the engine returns them in.
    // Rows that set the same properties share a statement lowered once.
    sql::InsertLowering inserts(mapping);
    for (const Object& row : rows) {
      auto statement = inserts.lower(row);
      if (!statement) return std::move(statement).error();
      auto inserted = session.connection.append_rows((*statement)->text, (*statement)->params, &mapping, all);
      if (!inserted) return std::move(inserted).error();
      if (*inserted != 1) return internal_error(fmt::format("{}: an insert returned {} rows", model.name, *inserted));
    }
    return SqliteRecords::records(std::make_unique<SqliteRecords>(shape, std::move(all)));
  });
}

Result<std::vector<Record>> SqliteConnector::find_on(Session session, const filter::Bound& filter) {
  if (!filter.model) return invalid_input("the filter is bound to no model");
  auto table = table_for(*filter.model);
  if (!table) return std::move(table).error();
  auto prepared = prepare_find(filter, **table);
  if (!prepared) return std::move(prepared).error();
  auto rows = session.connection.query((*prepared)->statement, &(*table)->mapping);
  if (!rows) return std::move(rows).error();
  return SqliteRecords::records(std::make_unique<SqliteRecords>((*prepared)->shape, std::move(rows).value()));
}

Result<std::optional<Record>> SqliteConnector::find_by_id_on(Session session, const ModelDefinition& model,
                                                             const Value& id) {
  auto table = table_for(model);
  if (!table) return std::move(table).error();
  const Table& t = **table;
  Result<RawRows> rows = [&]() -> Result<RawRows> {
    if (t.by_id && !id.is_null()) {
      const std::vector<sql::SqlParam> params{dialect_.encode(id, t.id_storage)};
      return session.connection.query(t.by_id->text, params, &t.mapping);
    }
    auto statement = sql::lower_find_by_id(id, t.mapping);
    if (!statement) return std::move(statement).error();
    return session.connection.query(*statement, &t.mapping);
  }();
  if (!rows) return std::move(rows).error();
  if (rows->rows() == 0) return std::optional<Record>();
  return std::optional<Record>(Record(std::make_unique<SqliteRecords>(t.row_shape, std::move(rows).value()), 0));
}

Result<std::int64_t> SqliteConnector::count_on(Session session, const ModelDefinition& model,
                                               const filter::BoundWhere* where) {
  auto table = table_for(model);
  if (!table) return std::move(table).error();
  auto statement = sql::lower_count(where, (*table)->mapping);
  if (!statement) return std::move(statement).error();
  return integer_result(session.connection.scalar(*statement, &(*table)->mapping));
}

Result<std::int64_t> SqliteConnector::update_all_on(Session session, const ModelDefinition& model,
                                                    const filter::BoundWhere* where, const Object& data) {
  // Nothing to set still counts the rows it matches, as the memory connector does.
  if (data.empty()) return count_on(session, model, where);
  auto table = table_for(model);
  if (!table) return std::move(table).error();
  auto statement = sql::lower_update_all(where, data, (*table)->mapping);
  if (!statement) return std::move(statement).error();
  return session.connection.execute(*statement, &(*table)->mapping);
}

Result<std::int64_t> SqliteConnector::delete_all_on(Session session, const ModelDefinition& model,
                                                    const filter::BoundWhere* where) {
  auto table = table_for(model);
  if (!table) return std::move(table).error();
  auto statement = sql::lower_delete_all(where, (*table)->mapping);
  if (!statement) return std::move(statement).error();
  return session.connection.execute(*statement, &(*table)->mapping);
}

Result<std::optional<Object>> SqliteConnector::update_by_id_on(Session session, const ModelDefinition& model,
                                                               const Value& id, Object data, WriteMode mode) {
  auto table = table_for(model);
  if (!table) return std::move(table).error();
  auto statement = sql::lower_update_by_id(id, data, mode, (*table)->mapping);
  if (!statement) return std::move(statement).error();
  auto rows = session.connection.query(*statement, &(*table)->mapping);
  if (!rows) return std::move(rows).error();
  return first_object(*rows, (*table)->row_shape);
}

Result<WriteOutcome> SqliteConnector::upsert_on(Session session, const ModelDefinition& model, Object row,
                                                WriteMode mode) {
  auto table = table_for(model);
  if (!table) return std::move(table).error();
  const sql::TableMapping& mapping = (*table)->mapping;
  const std::optional<Value> id = row_id(row, mapping);
  if (!id) {
    auto created = create_on(session, model, std::move(row));
    if (!created) return std::move(created).error();
    return WriteOutcome{std::move(created).value(), true};
  }
  return atomically(session, [&]() -> Result<WriteOutcome> {
    // INSERT ... ON CONFLICT cannot tell which it did: ask first, under the same lock.
    auto exists = sql::lower_exists_by_id(*id, mapping);
    if (!exists) return std::move(exists).error();
    auto found = session.connection.scalar(*exists, &mapping);
    if (!found) return std::move(found).error();
    auto statement = sql::lower_upsert(row, mode, mapping);
    if (!statement) return std::move(statement).error();
    auto rows = session.connection.query(*statement, &mapping);
    if (!rows) return std::move(rows).error();
    auto stored = first_object(*rows, (*table)->row_shape);
    if (!stored) return internal_error(fmt::format("{}: the upsert returned no row", model.name));
    return WriteOutcome{std::move(*stored), found->is_null()};
  });
}

Result<WriteOutcome> SqliteConnector::find_or_create_on(Session session, const filter::Bound& filter, Object row) {
  if (!filter.model) return invalid_input("the filter is bound to no model");
  auto table = table_for(*filter.model);
  if (!table) return std::move(table).error();
  // The first match in the filter's order, as a whole row.
  filter::Bound first = filter;
  first.limit = 1;
  first.skip = 0;
  first.fields.reset();
  auto statement = sql::lower_find(first, (*table)->mapping);
  if (!statement) return std::move(statement).error();
  return atomically(session, [&]() -> Result<WriteOutcome> {
    auto rows = session.connection.query(*statement, &(*table)->mapping);
    if (!rows) return std::move(rows).error();
    if (auto found = first_object(*rows, (*table)->row_shape)) return WriteOutcome{std::move(*found), false};
    auto created = create_on(session, *filter.model, std::move(row));
    if (!created) return std::move(created).error();
    return WriteOutcome{std::move(created).value(), true};
  });
}

// The statement with its parameters, then SQLite's plan for it (EXPLAIN QUERY PLAN),
// one step per line, indented under its parent.
Result<std::string> SqliteConnector::explain_on(Session session, const filter::Bound& filter) {
  if (!filter.model) return invalid_input("the filter is bound to no model");
  auto table = table_for(*filter.model);
  if (!table) return std::move(table).error();
  auto prepared = prepare_find(filter, **table);
  if (!prepared) return std::move(prepared).error();
  const sql::SqlStatement& statement = (*prepared)->statement;
  auto plan = session.connection.query("EXPLAIN QUERY PLAN " + statement.text, statement.params, &(*table)->mapping);
  if (!plan) return std::move(plan).error();
  std::string out = statement.to_string() + "\nquery plan:";
  std::map<std::int64_t, int> depth;
  for (std::size_t row = 0; row < plan->rows(); ++row) {
    const Value* cells = &plan->cells[row * plan->columns];
    const std::int64_t id = cells[0].is_integer() ? cells[0].as_integer() : 0;
    const std::int64_t parent = cells[1].is_integer() ? cells[1].as_integer() : 0;
    const int level = depth.count(parent) ? depth[parent] + 1 : 1;
    depth[id] = level;
    const std::string* detail = plan->columns > 3 ? cells[3].if_string() : nullptr;
    out += "\n" + std::string(static_cast<std::size_t>(level) * 2, ' ') + (detail ? *detail : std::string("?"));
  }
  return out;
}

// ---- Connector: each call on a borrowed connection ------------------------------------

Result<Object> SqliteConnector::create(const ModelDefinition& model, Object row) {
  return borrowed([&](Session s) { return create_on(s, model, std::move(row)); });
}
Result<std::vector<Record>> SqliteConnector::create_all(const ModelDefinition& model, std::vector<Object> rows) {
  return borrowed([&](Session s) { return create_all_on(s, model, std::move(rows)); });
}
Result<std::vector<Record>> SqliteConnector::find(const filter::Bound& filter) {
  return borrowed([&](Session s) { return find_on(s, filter); });
}
Result<std::optional<Record>> SqliteConnector::find_by_id(const ModelDefinition& model, const Value& id) {
  return borrowed([&](Session s) { return find_by_id_on(s, model, id); });
}
Result<std::int64_t> SqliteConnector::count(const ModelDefinition& model, const filter::BoundWhere* where) {
  return borrowed([&](Session s) { return count_on(s, model, where); });
}
Result<std::int64_t> SqliteConnector::update_all(const ModelDefinition& model, const filter::BoundWhere* where,
                                                 const Object& data) {
  return borrowed([&](Session s) { return update_all_on(s, model, where, data); });
}
Result<std::int64_t> SqliteConnector::delete_all(const ModelDefinition& model, const filter::BoundWhere* where) {
  return borrowed([&](Session s) { return delete_all_on(s, model, where); });
}
Result<std::optional<Object>> SqliteConnector::update_by_id(const ModelDefinition& model, const Value& id, Object data,
                                                            WriteMode mode) {
  return borrowed([&](Session s) { return update_by_id_on(s, model, id, std::move(data), mode); });
}
Result<WriteOutcome> SqliteConnector::upsert(const ModelDefinition& model, Object row, WriteMode mode) {
  return borrowed([&](Session s) { return upsert_on(s, model, std::move(row), mode); });
}
Result<WriteOutcome> SqliteConnector::find_or_create(const filter::Bound& filter, Object row) {
  return borrowed([&](Session s) { return find_or_create_on(s, filter, std::move(row)); });
}
Result<std::string> SqliteConnector::explain(const filter::Bound& filter) {
  return borrowed([&](Session s) { return explain_on(s, filter); });
}

Result<std::unique_ptr<ConnectorTransaction>> SqliteConnector::begin_transaction(const TransactionOptions& options) {
  return SqliteTransaction::begin(*this, options);
}

// ---- Schema and discovery ----------------------------------------------------------------

Status SqliteConnector::automigrate(const ModelDefinition& model) {
  auto table = table_for(model);
  if (!table) return std::move(table).error();
  return borrowed([&](Session s) { return migrate_table(s.connection, (*table)->mapping); });
}

Status SqliteConnector::autoupdate(const ModelDefinition& model) {
  auto table = table_for(model);
  if (!table) return std::move(table).error();
  return borrowed([&](Session s) { return update_table(s.connection, (*table)->mapping); });
}

Result<bool> SqliteConnector::is_actual(const ModelDefinition& model) {
  auto table = table_for(model);
  if (!table) return std::move(table).error();
  return borrowed([&](Session s) { return table_is_actual(s.connection, (*table)->mapping); });
}

Result<Array> SqliteConnector::discover_model_definitions(const Value& options) {
  return borrowed([&](Session s) { return discover_tables(s.connection, options); });
}

Result<Object> SqliteConnector::discover_schemas(std::string_view table, const Value& options) {
  return borrowed([&](Session s) { return discover_table_schemas(s.connection, table, options); });
}

}  // namespace lb::sqlite
