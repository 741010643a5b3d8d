// MemoryConnector: the Connector calls, each one critical section on its table (a
// shared lock to read, an exclusive one to write), written to the file before the
// lock is released so the file never runs behind a later write.
#include "memory/memory_connector.hpp"

#include <fmt/format.h>

#include <map>
#include <mutex>
#include <shared_mutex>

#include "lb/json.hpp"
#include "memory/exec/executor.hpp"
#include "memory/plan/planner.hpp"
#include "memory/store/file_store.hpp"
#include "memory/store/record_batch.hpp"
#include "memory/store/table.hpp"

namespace lb::memory {
namespace {

// `data` laid over `row` (Patch) or replacing it (Replace); the id never changes.
Object updated_row(Object row, const Object& data, WriteMode mode, const std::string& id_name) {
  if (mode == WriteMode::Replace) row = Object();
  for (const auto& [key, value] : data) {
    if (key != id_name) row.insert_or_assign(key, value);
  }
  return row;
}

class MemoryConnector final : public Connector {
 public:
  explicit MemoryConnector(std::unique_ptr<FileStore> file) : file_(std::move(file)) {}

  std::string_view name() const override { return "memory"; }

  ConnectorCapabilities capabilities() const override {
    ConnectorCapabilities capabilities;
    capabilities.persistent = file_ != nullptr;
    capabilities.geo_near = true;
    capabilities.regexp = true;
    capabilities.explain = true;
    return capabilities;
  }

  Status define(const ModelDefinition& model) override {
    std::unique_lock lock(tables_mutex_);
    return define_locked(model);
  }

  Result<Object> create(const ModelDefinition& model, Object row) override {
    auto table = table_for(model);
    if (!table) return std::move(table).error();
    std::unique_lock lock((*table)->mutex());
    auto inserted = (*table)->insert(std::move(row));
    if (!inserted) return std::move(inserted).error();
    if (auto status = persist(**table); !status) return status.error();
    return decode_row(*inserted, (*table)->schema());
  }

  Result<std::vector<Record>> create_all(const ModelDefinition& model, std::vector<Object> rows) override {
    auto table = table_for(model);
    if (!table) return std::move(table).error();
    Table& t = **table;
    std::unique_lock lock(t.mutex());
    auto inserted = t.insert_all(std::move(rows));
    if (!inserted) return std::move(inserted).error();
    if (auto status = persist(t); !status) return status.error();
    auto batch = std::make_shared<RecordBatch>(t.schema().layout(), nullptr);
    batch->reserve(inserted->size(), inserted->size() * 64);
    for (Row row : *inserted) batch->add(row);
    return to_records(std::move(batch));
  }

  Result<std::vector<Record>> find(const filter::Bound& filter) override {
    auto table = table_for(*filter.model);
    if (!table) return std::move(table).error();
    const Table& t = **table;
    std::shared_lock lock(t.mutex());
    // A filter run before against this table brings its plan with it.
    std::shared_ptr<const PreparedFind> prepared =
        std::static_pointer_cast<const PreparedFind>(filter.derived.get(this));
    if (!prepared || prepared->table_serial != t.serial()) {
      auto made = prepare_find(t, filter);
      if (!made) return std::move(made).error();
      prepared = std::move(made).value();
      filter.derived.set(this, prepared);
    }
    auto rows = execute(*prepared);
    if (!rows) return std::move(rows).error();
    return project(prepared->plan, *rows);
  }

  Result<std::optional<Record>> find_by_id(const ModelDefinition& model, const Value& id) override {
    auto table = table_for(model);
    if (!table) return std::move(table).error();
    std::shared_lock lock((*table)->mutex());
    const Row row = (*table)->find(id);
    if (!row) return std::optional<Record>();
    return std::optional<Record>(single_record((*table)->schema().layout(), row));
  }

  Result<std::int64_t> count(const ModelDefinition& model, const filter::BoundWhere* where) override {
    auto table = table_for(model);
    if (!table) return std::move(table).error();
    std::shared_lock lock((*table)->mutex());
    if (!where) return static_cast<std::int64_t>((*table)->size());
    return execute_count(plan_where(**table, where));
  }

  Result<std::int64_t> update_all(const ModelDefinition& model, const filter::BoundWhere* where,
                                  const Object& data) override {
    auto table = table_for(model);
    if (!table) return std::move(table).error();
    Table& t = **table;
    std::unique_lock lock(t.mutex());
    auto rows = execute(plan_where(t, where));
    if (!rows) return std::move(rows).error();
    const std::string& id_name = t.schema().id_name();
    std::vector<Object> before;
    before.reserve(rows->size());
    for (std::size_t i = 0; i < rows->size(); ++i) {
      Object old_row = decode_row((*rows)[i], t.schema());
      auto replaced = t.replace((*rows)[i], updated_row(old_row, data, WriteMode::Patch, id_name));
      if (!replaced) {
        // Put back the rows already changed, latest first: each one held its values
        // before this call, so restoring cannot conflict.
        for (std::size_t k = before.size(); k-- > 0;) (void)t.replace((*rows)[k], before[k]);
        return std::move(replaced).error();
      }
      (*rows)[i] = *replaced;  // a rewritten row moves
      before.push_back(std::move(old_row));
    }
    if (!rows->empty()) {
      if (auto status = persist(t); !status) return status.error();
    }
    return static_cast<std::int64_t>(rows->size());
  }

  Result<std::int64_t> delete_all(const ModelDefinition& model, const filter::BoundWhere* where) override {
    auto table = table_for(model);
    if (!table) return std::move(table).error();
    Table& t = **table;
    std::unique_lock lock(t.mutex());
    std::int64_t count = 0;
    if (!where) {
      count = static_cast<std::int64_t>(t.size());
      t.clear();
    } else if (Plan plan = plan_where(t, where); plan.access.kind == AccessKind::FullScan && plan.residual.empty()) {
      count = static_cast<std::int64_t>(t.size());  // a where that holds for every row
      t.clear();
    } else {
      auto rows = execute(plan);
      if (!rows) return std::move(rows).error();
      for (Row row : *rows) t.erase(row);
      count = static_cast<std::int64_t>(rows->size());
    }
    if (count > 0) {
      if (auto status = persist(t); !status) return status.error();
    }
    return count;
  }

  Result<std::optional<Object>> update_by_id(const ModelDefinition& model, const Value& id, Object data,
                                             WriteMode mode) override {
    auto table = table_for(model);
    if (!table) return std::move(table).error();
    Table& t = **table;
    std::unique_lock lock(t.mutex());
    Row row = t.find(id);
    if (!row) return std::optional<Object>();
    auto updated = update_row(t, row, data, mode);
    if (!updated) return std::move(updated).error();
    return std::optional<Object>(std::move(*updated));
  }

  Result<WriteOutcome> upsert(const ModelDefinition& model, Object row, WriteMode mode) override {
    auto table = table_for(model);
    if (!table) return std::move(table).error();
    Table& t = **table;
    std::unique_lock lock(t.mutex());
    const Value* id = row.find(t.schema().id_name());
    if (id && !id->is_null()) {
      if (Row existing = t.find(*id)) {
        auto updated = update_row(t, existing, row, mode);
        if (!updated) return std::move(updated).error();
        return WriteOutcome{std::move(*updated), false};
      }
    }
    return insert_row(t, std::move(row));
  }

  Result<WriteOutcome> find_or_create(const filter::Bound& filter, Object row) override {
    auto table = table_for(*filter.model);
    if (!table) return std::move(table).error();
    Table& t = **table;
    std::unique_lock lock(t.mutex());
    Plan plan = plan_find(t, filter);
    plan.skip = 0;
    plan.limit = 1;
    if (plan.sort == SortKind::FullSort) plan.sort = SortKind::TopK;
    auto found = execute(plan);
    if (!found) return std::move(found).error();
    if (!found->empty()) return WriteOutcome{decode_row(found->front(), t.schema()), false};
    return insert_row(t, std::move(row));
  }

  Result<std::string> explain(const filter::Bound& filter) override {
    auto table = table_for(*filter.model);
    if (!table) return std::move(table).error();
    std::shared_lock lock((*table)->mutex());
    return plan_find(**table, filter).explain();
  }

  // The table of a defined model (nullptr otherwise), for memory_usage().
  const Table* table(std::string_view model) const {
    std::shared_lock lock(tables_mutex_);
    auto it = tables_.find(model);
    return it == tables_.end() ? nullptr : it->second.get();
  }

 private:
  Status define_locked(const ModelDefinition& model) {
    auto table = Table::create(model);
    if (!table) return std::move(table).error();
    if (file_) {
      auto section = file_->section(model);
      if (!section) return std::move(section).error();
      for (Object& row : section->rows) {
        auto inserted = (*table)->insert(std::move(row));
        if (!inserted) {
          return Error(ErrorCode::InvalidDefinition,
                       fmt::format("memory file {}: {}", file_->path().string(), inserted.error().message()));
        }
      }
      if (section->next_id && *section->next_id > (*table)->next_id()) (*table)->set_next_id(*section->next_id);
    }
    tables_[model.name] = std::move(*table);
    return {};
  }

  // The model's table, defined on first use when define() was not called for it.
  Result<Table*> table_for(const ModelDefinition& model) {
    {
      std::shared_lock lock(tables_mutex_);
      auto it = tables_.find(model.name);
      if (it != tables_.end()) return it->second.get();
    }
    std::unique_lock lock(tables_mutex_);
    auto it = tables_.find(model.name);
    if (it == tables_.end()) {
      if (auto status = define_locked(model); !status) return status.error();
      it = tables_.find(model.name);
    }
    return it->second.get();
  }

  Result<Object> update_row(Table& t, Row row, const Object& data, WriteMode mode) {
    Object content = updated_row(decode_row(row, t.schema()), data, mode, t.schema().id_name());
    auto replaced = t.replace(row, content);
    if (!replaced) return std::move(replaced).error();
    if (auto status = persist(t); !status) return status.error();
    return decode_row(*replaced, t.schema());
  }

  Result<WriteOutcome> insert_row(Table& t, Object row) {
    auto inserted = t.insert(std::move(row));
    if (!inserted) return std::move(inserted).error();
    if (auto status = persist(t); !status) return status.error();
    return WriteOutcome{decode_row(*inserted, t.schema()), true};
  }

  // Rewrites the table's section of the file (the caller holds the table's write lock).
  Status persist(const Table& t) {
    if (!file_) return {};
    std::vector<std::pair<std::string, std::string>> rows;
    rows.reserve(t.size());
    for (Row row : t.id_order()) {
      rows.emplace_back(id_key(row.id().to_value()), to_json(Value(decode_row(row, t.schema()))));
    }
    return file_->write_section(t.schema().model_name(), t.next_id(), std::move(rows));
  }

  mutable std::shared_mutex tables_mutex_;
  std::map<std::string, std::unique_ptr<Table>, std::less<>> tables_;
  std::unique_ptr<FileStore> file_;
};

}  // namespace

std::optional<MemoryUsage> memory_usage(const Connector& connector, std::string_view model) {
  const auto* memory = dynamic_cast<const MemoryConnector*>(&connector);
  const Table* table = memory ? memory->table(model) : nullptr;
  if (!table) return std::nullopt;
  std::shared_lock lock(table->mutex());
  return table->memory_usage();
}

Result<std::unique_ptr<Connector>> make_memory_connector(const ConnectorConfig& config) {
  std::unique_ptr<FileStore> file;
  const Value* setting = config.settings.is_object() ? config.settings.find("file") : nullptr;
  if (setting && !setting->is_null()) {
    const std::string* path = setting->if_string();
    if (!path || path->empty()) {
      return invalid_input(fmt::format("data source {}: settings.file: expected a file path string",
                                       config.data_source));
    }
    std::filesystem::path resolved(*path);
    if (resolved.is_relative() && !config.base_dir.empty()) resolved = config.base_dir / resolved;
    auto store = FileStore::open(resolved);
    if (!store) return std::move(store).error();
    file = std::move(*store);
  }
  return std::unique_ptr<Connector>(new MemoryConnector(std::move(file)));
}

}  // namespace lb::memory
