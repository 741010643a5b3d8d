// MemoryConnector: the Connector calls, each one critical section on its table (a
// shared lock to read, an exclusive one to write), written to the file before the
// lock is released so the file never runs behind a later write; and its transactions,
// which hold the tables they touch until they end.
#include "memory/memory_connector.hpp"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
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

class MemoryConnector;

// What a transaction changed, so that rollback can take it back: per change, the
// table, the row's id and what the row held before (nothing for an insert).
struct Journal {
  struct Entry {
    Table* table;
    Value id;
    std::optional<Object> before;  // nullopt: the row was inserted
  };
  std::vector<Entry> entries;
  std::vector<std::pair<Table*, std::int64_t>> held;  // tables held, with their id counters then
};

// A memory transaction: it holds every table it touches (reads included) until it ends,
// so other callers wait for it: serializable whatever level was asked for. Changes are
// made in place and journaled; rollback replays the journal backwards; a file-backed
// data source writes the transaction's tables at commit only.
class MemoryTransaction final : public ConnectorTransaction {
 public:
  MemoryTransaction(MemoryConnector& connector, const TransactionOptions& options)
      : connector_(connector), wait_(options.timeout.count() > 0 ? options.timeout : std::chrono::seconds(10)) {}
  ~MemoryTransaction() override;

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

  Journal& journal() { return journal_; }
  std::chrono::milliseconds wait() const { return wait_; }

 private:
  Status end(bool commit);

  MemoryConnector& connector_;
  std::chrono::milliseconds wait_;  // how long to wait for a table another transaction holds
  Journal journal_;
  bool ended_ = false;
};

class MemoryConnector final : public Connector {
 public:
  explicit MemoryConnector(std::unique_ptr<FileStore> file) : file_(std::move(file)) {}

  std::string_view name() const override { return "memory"; }

  ConnectorCapabilities capabilities() const override {
    ConnectorCapabilities capabilities;
    capabilities.transactions = true;
    capabilities.persistent = file_ != nullptr;
    capabilities.geo_near = true;
    capabilities.regexp = true;
    capabilities.explain = true;
    capabilities.limit_per_key = true;  // paged after the sort (exec/executor.cpp)
    return capabilities;
  }

  Status define(const ModelDefinition& model) override {
    std::unique_lock lock(tables_mutex_);
    return define_locked(model);
  }

  Result<std::unique_ptr<ConnectorTransaction>> begin_transaction(const TransactionOptions& options) override {
    return std::unique_ptr<ConnectorTransaction>(new MemoryTransaction(*this, options));
  }

  // ---- The calls, each made by the connector itself (tx null) or by a transaction.

  Result<Object> do_create(const ModelDefinition& model, Object row, MemoryTransaction* tx) {
    return write(model, tx, [&](Table& t, Journal* journal) -> Result<Object> {
      auto inserted = insert_row(t, std::move(row), journal);
      if (!inserted) return std::move(inserted).error();
      return std::move(inserted->row);
    });
  }

  Result<std::vector<Record>> do_create_all(const ModelDefinition& model, std::vector<Object> rows,
                                            MemoryTransaction* tx) {
    return write(model, tx, [&](Table& t, Journal* journal) -> Result<std::vector<Record>> {
      bool as_given = false;
      std::int64_t first_id = 0;
      auto inserted = t.insert_batch(rows, &as_given, &first_id);
      if (!inserted) return std::move(inserted).error();
      if (journal) {
        for (Row row : *inserted) journal->entries.push_back({&t, row.id().to_value(), std::nullopt});
      }
      if (auto status = persist(t, journal); !status) return status.error();
      // Rows stored as given (plus their generated ids) are handed back themselves
      // rather than copied out of the table.
      if (as_given) return created_records(t.schema().layout(), first_id, std::move(rows));
      return to_records(std::make_unique<const RecordBatch>(t.schema().layout(), nullptr, *inserted));
    });
  }

  Result<std::vector<Record>> do_find(const filter::Bound& filter, MemoryTransaction* tx) {
    // A filter run before brings its plan, and the table it ran on, with it.
    std::shared_ptr<const Kept<PreparedFind>> owned;
    const Kept<PreparedFind>* kept = kept_state(filter.derived, owned);
    const std::uint64_t generation = generation_.load(std::memory_order_acquire);  // before any lookup
    Table* table = kept_table(kept, *filter.model, generation);
    return read(*filter.model, table, tx, [&](const Table& t) -> Result<std::vector<Record>> {
      if (!kept || kept->prepared.table_serial != t.serial()) {
        auto made = prepare_find(t, filter);
        if (!made) return std::move(made).error();
        owned = keep(generation, *table, *filter.model, std::move(made).value());
        kept = owned.get();
        filter.derived.set(this, owned);
        remember(owned);
      } else if (owned) {
        remember(owned);
      }
      // The row list is the thread's, reused from one find to the next (a small one is
      // kept: a find of a few rows then allocates no list of its own).
      thread_local std::vector<Row> rows;
      execute(kept->prepared, rows);
      std::vector<Record> records = project(kept->prepared.plan, rows);
      if (rows.capacity() > 4096) std::vector<Row>().swap(rows);
      return records;
    });
  }

  Result<std::optional<Record>> do_find_by_id(const ModelDefinition& model, const Value& id, MemoryTransaction* tx) {
    return read(model, tx, [&](const Table& t) -> Result<std::optional<Record>> {
      const Row row = t.find(id);
      if (!row) return std::optional<Record>();
      return std::optional<Record>(single_record(t.schema().layout(), row));
    });
  }

  Result<std::int64_t> do_count(const ModelDefinition& model, const filter::BoundWhere* where, MemoryTransaction* tx) {
    if (!where) {
      return read(model, tx, [&](const Table& t) -> Result<std::int64_t> { return static_cast<std::int64_t>(t.size()); });
    }
    // As do_find: the plan and table come with the where clause.
    std::shared_ptr<const Kept<PreparedCount>> owned;
    const Kept<PreparedCount>* kept = kept_state(where->derived, owned);
    const std::uint64_t generation = generation_.load(std::memory_order_acquire);
    Table* table = kept_table(kept, model, generation);
    return read(model, table, tx, [&](const Table& t) -> Result<std::int64_t> {
      if (!kept || kept->prepared.table_serial != t.serial()) {
        auto made = prepare_count(t, where);
        if (!made) return std::move(made).error();
        owned = keep(generation, *table, model, std::move(made).value());
        kept = owned.get();
        where->derived.set(this, owned);
        remember(owned);
      } else if (owned) {
        remember(owned);
      }
      return execute_count(kept->prepared);
    });
  }

  Result<std::int64_t> do_update_all(const ModelDefinition& model, const filter::BoundWhere* where,
                                     const Object& data, MemoryTransaction* tx) {
    return write(model, tx, [&](Table& t, Journal* journal) -> Result<std::int64_t> {
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
      if (journal) {
        for (std::size_t i = 0; i < rows->size(); ++i) {
          journal->entries.push_back({&t, (*rows)[i].id().to_value(), std::move(before[i])});
        }
      }
      if (!rows->empty()) {
        if (auto status = persist(t, journal); !status) return status.error();
      }
      return static_cast<std::int64_t>(rows->size());
    });
  }

  Result<std::int64_t> do_delete_all(const ModelDefinition& model, const filter::BoundWhere* where,
                                     MemoryTransaction* tx) {
    return write(model, tx, [&](Table& t, Journal* journal) -> Result<std::int64_t> {
      std::int64_t count = 0;
      const bool everything =
          !where || [&] {
            Plan plan = plan_where(t, where);
            return plan.access.kind == AccessKind::FullScan && plan.residual.empty();  // holds for every row
          }();
      if (everything && !journal) {
        count = static_cast<std::int64_t>(t.size());
        t.clear();
      } else {
        std::vector<Row> rows;
        if (everything) {
          t.id_order().for_each([&](Row row) {
            rows.push_back(row);
            return true;
          });
        } else {
          auto found = execute(plan_where(t, where));
          if (!found) return std::move(found).error();
          rows = std::move(found).value();
        }
        for (Row row : rows) {
          if (journal) journal->entries.push_back({&t, row.id().to_value(), decode_row(row, t.schema())});
          t.erase(row);
        }
        count = static_cast<std::int64_t>(rows.size());
      }
      if (count > 0) {
        if (auto status = persist(t, journal); !status) return status.error();
      }
      return count;
    });
  }

  Result<std::optional<Object>> do_update_by_id(const ModelDefinition& model, const Value& id, Object data,
                                                WriteMode mode, MemoryTransaction* tx) {
    return write(model, tx, [&](Table& t, Journal* journal) -> Result<std::optional<Object>> {
      Row row = t.find(id);
      if (!row) return std::optional<Object>();
      auto updated = update_row(t, row, data, mode, journal);
      if (!updated) return std::move(updated).error();
      return std::optional<Object>(std::move(*updated));
    });
  }

  Result<WriteOutcome> do_upsert(const ModelDefinition& model, Object row, WriteMode mode, MemoryTransaction* tx) {
    return write(model, tx, [&](Table& t, Journal* journal) -> Result<WriteOutcome> {
      const Value* id = row.find(t.schema().id_name());
      if (id && !id->is_null()) {
        if (Row existing = t.find(*id)) {
          auto updated = update_row(t, existing, row, mode, journal);
          if (!updated) return std::move(updated).error();
          return WriteOutcome{std::move(*updated), false};
        }
      }
      return insert_row(t, std::move(row), journal);
    });
  }

  Result<WriteOutcome> do_find_or_create(const filter::Bound& filter, Object row, MemoryTransaction* tx) {
    return write(*filter.model, tx, [&](Table& t, Journal* journal) -> Result<WriteOutcome> {
      Plan plan = plan_find(t, filter);
      plan.skip = 0;
      plan.limit = 1;
      if (plan.sort == SortKind::FullSort) plan.sort = SortKind::TopK;
      auto found = execute(plan);
      if (!found) return std::move(found).error();
      if (!found->empty()) return WriteOutcome{decode_row(found->front(), t.schema()), false};
      return insert_row(t, std::move(row), journal);
    });
  }

  Result<std::string> do_explain(const filter::Bound& filter, MemoryTransaction* tx) {
    return read(*filter.model, tx, [&](const Table& t) -> Result<std::string> { return plan_find(t, filter).explain(); });
  }

  // ---- Connector ----

  Result<Object> create(const ModelDefinition& model, Object row) override {
    return do_create(model, std::move(row), nullptr);
  }
  Result<std::vector<Record>> create_all(const ModelDefinition& model, std::vector<Object> rows) override {
    return do_create_all(model, std::move(rows), nullptr);
  }
  Result<std::vector<Record>> find(const filter::Bound& filter) override { return do_find(filter, nullptr); }
  Result<std::optional<Record>> find_by_id(const ModelDefinition& model, const Value& id) override {
    return do_find_by_id(model, id, nullptr);
  }
  Result<std::int64_t> count(const ModelDefinition& model, const filter::BoundWhere* where) override {
    return do_count(model, where, nullptr);
  }
  Result<std::int64_t> update_all(const ModelDefinition& model, const filter::BoundWhere* where,
                                  const Object& data) override {
    return do_update_all(model, where, data, nullptr);
  }
  Result<std::int64_t> delete_all(const ModelDefinition& model, const filter::BoundWhere* where) override {
    return do_delete_all(model, where, nullptr);
  }
  Result<std::optional<Object>> update_by_id(const ModelDefinition& model, const Value& id, Object data,
                                             WriteMode mode) override {
    return do_update_by_id(model, id, std::move(data), mode, nullptr);
  }
  Result<WriteOutcome> upsert(const ModelDefinition& model, Object row, WriteMode mode) override {
    return do_upsert(model, std::move(row), mode, nullptr);
  }
  Result<WriteOutcome> find_or_create(const filter::Bound& filter, Object row) override {
    return do_find_or_create(filter, std::move(row), nullptr);
  }
  Result<std::string> explain(const filter::Bound& filter) override { return do_explain(filter, nullptr); }

  // The table of a defined model (nullptr otherwise), for memory_usage().
  const Table* table(std::string_view model) const {
    std::shared_lock lock(tables_mutex_);
    auto it = tables_.find(model);
    return it == tables_.end() ? nullptr : it->second.get();
  }

  // Ends a transaction: takes back its changes (rollback) or writes its tables to the
  // file (commit), then releases its tables to the callers waiting for them.
  Status end_transaction(MemoryTransaction& tx, bool commit) {
    Journal& journal = tx.journal();
    Status status;
    if (!commit) {
      for (auto it = journal.entries.rbegin(); it != journal.entries.rend(); ++it) {
        std::unique_lock lock(it->table->mutex());
        undo(*it);
      }
    }
    for (auto& [table, next_id] : journal.held) {
      std::unique_lock lock(table->mutex());
      if (!commit) table->set_next_id(next_id);
      if (commit && status) status = persist(*table, nullptr);
      table->hold().owner = nullptr;
      table->hold().released.notify_all();
    }
    journal = Journal();
    return status;
  }

 private:
  // Runs `fn` on the model's table under the right lock: shared for a read, exclusive
  // for a write (every call of a transaction is exclusive). A table another
  // transaction holds is waited for.
  template <typename Fn>
  auto read(const ModelDefinition& model, MemoryTransaction* tx, Fn&& fn) -> decltype(fn(std::declval<const Table&>())) {
    Table* table = nullptr;
    return read(model, table, tx, std::forward<Fn>(fn));
  }
  // The same with the table already known (from a Kept state); when `table` is null,
  // it is looked up and set before fn runs.
  template <typename Fn>
  auto read(const ModelDefinition& model, Table*& table, MemoryTransaction* tx, Fn&& fn)
      -> decltype(fn(std::declval<const Table&>())) {
    if (!table) {
      auto found = table_for(model);
      if (!found) return std::move(found).error();
      table = *found;
    }
    Table& t = *table;
    if (tx) {
      std::unique_lock lock(t.mutex());
      if (auto status = take(t, *tx, lock); !status) return status.error();
      return fn(t);
    }
    std::shared_lock lock(t.mutex());
    // The usual case, no transaction holding the table, without building a Status.
    if (t.hold().owner != nullptr) {
      if (auto status = wait_for_release(t, lock); !status) return status.error();
    }
    return fn(t);
  }

  template <typename Fn>
  auto write(const ModelDefinition& model, MemoryTransaction* tx, Fn&& fn)
      -> decltype(fn(std::declval<Table&>(), nullptr)) {
    auto table = table_for(model);
    if (!table) return std::move(table).error();
    Table& t = **table;
    std::unique_lock lock(t.mutex());
    if (tx) {
      if (auto status = take(t, *tx, lock); !status) return status.error();
      return fn(t, &tx->journal());
    }
    if (auto status = wait_for_release(t, lock); !status) return status.error();
    return fn(t, nullptr);
  }

  // Outside a transaction: waits while one holds the table. The thread that last
  // used that transaction would wait for itself: it gets an error instead.
  template <typename Lock>
  Status wait_for_release(const Table& t, Lock& lock) {
    Table::Hold& hold = t.hold();
    while (hold.owner != nullptr) {
      if (hold.thread == std::this_thread::get_id()) {
        return Error(ErrorCode::Conflict,
                     fmt::format("{}: a transaction open on this thread holds the table; pass it in the "
                                 "operation's options",
                                 t.schema().model_name()));
      }
      hold.released.wait(lock);
    }
    return {};
  }

  // For a transaction: holds the table (waiting, up to the transaction's patience, for
  // another transaction that holds it).
  Status take(Table& t, MemoryTransaction& tx, std::unique_lock<TableLock>& lock) {
    Table::Hold& hold = t.hold();
    if (hold.owner != &tx) {
      const auto deadline = std::chrono::steady_clock::now() + tx.wait();
      while (hold.owner != nullptr) {
        if (hold.released.wait_until(lock, deadline) == std::cv_status::timeout && hold.owner != nullptr) {
          return Error(ErrorCode::Conflict, fmt::format("{}: another transaction holds the table (waited {} ms)",
                                                        t.schema().model_name(), tx.wait().count()));
        }
      }
      hold.owner = &tx;
      tx.journal().held.emplace_back(&t, t.next_id());
    }
    hold.thread = std::this_thread::get_id();
    return {};
  }

  // Puts back one journaled change (the caller holds the table exclusively).
  static void undo(const Journal::Entry& entry) {
    Table& t = *entry.table;
    Row current = t.find(entry.id);
    if (!entry.before) {
      if (current) t.erase(current);
    } else if (current) {
      (void)t.replace(current, *entry.before);
    } else {
      (void)t.insert(*entry.before);
    }
  }

  // What do_find and do_count keep in a filter's derived state: the prepared query
  // and the table it was prepared on, which later calls use without looking the
  // model's table up (while no define has changed the set of tables since).
  template <typename Prepared>
  struct Kept {
    std::uint64_t generation;
    const ModelDefinition* model;
    Table* table;
    Prepared prepared;
  };

  template <typename Prepared>
  static std::shared_ptr<const Kept<Prepared>> keep(std::uint64_t generation, Table& t, const ModelDefinition& model,
                                                    Prepared prepared) {
    return std::make_shared<const Kept<Prepared>>(Kept<Prepared>{generation, &model, &t, std::move(prepared)});
  }

  // Each thread's last kept state of each kind, held: a call with the same clause finds
  // it with one plain load (DerivedState::current) instead of the reference counting
  // of DerivedState::get, the costliest step of a repeated count.
  template <typename Prepared>
  struct LastKept {
    const MemoryConnector* connector = nullptr;
    std::shared_ptr<const Kept<Prepared>> kept;
  };
  template <typename Prepared>
  static LastKept<Prepared>& last_kept() {
    static thread_local LastKept<Prepared> last;
    return last;
  }
  // The state this connector keeps in `derived` (null when none): the thread's last
  // one when `derived` still holds it, else taken from `derived` into `owned`.
  template <typename Prepared>
  const Kept<Prepared>* kept_state(const filter::DerivedState& derived, std::shared_ptr<const Kept<Prepared>>& owned) {
    const LastKept<Prepared>& last = last_kept<Prepared>();
    if (last.connector == this && last.kept && derived.current() == last.kept.get()) return last.kept.get();
    owned = std::static_pointer_cast<const Kept<Prepared>>(derived.get(this));
    return owned.get();
  }
  template <typename Prepared>
  void remember(const std::shared_ptr<const Kept<Prepared>>& kept) {
    LastKept<Prepared>& last = last_kept<Prepared>();
    last.connector = this;
    last.kept = kept;
  }

  // The table a kept state names, or null when it may no longer be the model's (the
  // tables changed since `generation`, read before the state's table was looked up).
  template <typename Prepared>
  static Table* kept_table(const Kept<Prepared>* kept, const ModelDefinition& model, std::uint64_t generation) {
    return kept && kept->model == &model && kept->generation == generation ? kept->table : nullptr;
  }

  Status define_locked(const ModelDefinition& model) {
    auto table = Table::create(model);
    if (!table) return std::move(table).error();
    if (file_) {
      auto section = file_->section(model);
      if (!section) return std::move(section).error();
      auto inserted = (*table)->insert_all(std::move(section->rows));
      if (!inserted) {
        return Error(ErrorCode::InvalidDefinition,
                     fmt::format("memory file {}: {}", file_->path().string(), inserted.error().message()));
      }
      if (section->next_id && *section->next_id > (*table)->next_id()) (*table)->set_next_id(*section->next_id);
    }
    tables_[model.name] = std::move(*table);
    generation_.store(new_generation(), std::memory_order_release);
    return {};
  }

  // The model's table, defined on first use when define() was not called for it. Each
  // thread remembers the last table it was given, which its next call (usually on
  // the same model) takes without the lookup and its lock while the tables have not
  // changed.
  Result<Table*> table_for(const ModelDefinition& model) {
    struct Last {
      const MemoryConnector* connector;
      std::uint64_t generation;
      const std::string* name;  // the tables_ key, which lives as long as its entry
      Table* table;
    };
    static thread_local Last last{nullptr, 0, nullptr, nullptr};
    const std::uint64_t generation = generation_.load(std::memory_order_acquire);
    if (last.connector == this && last.generation == generation && *last.name == model.name) return last.table;
    {
      std::shared_lock lock(tables_mutex_);
      auto it = tables_.find(model.name);
      if (it != tables_.end()) {
        last = Last{this, generation, &it->first, it->second.get()};
        return it->second.get();
      }
    }
    std::unique_lock lock(tables_mutex_);
    auto it = tables_.find(model.name);
    if (it == tables_.end()) {
      if (auto status = define_locked(model); !status) return status.error();
      it = tables_.find(model.name);
    }
    return it->second.get();
  }

  Result<Object> update_row(Table& t, Row row, const Object& data, WriteMode mode, Journal* journal) {
    Object before = decode_row(row, t.schema());
    Object content = updated_row(before, data, mode, t.schema().id_name());
    auto replaced = t.replace(row, content);
    if (!replaced) return std::move(replaced).error();
    if (journal) journal->entries.push_back({&t, replaced->id().to_value(), std::move(before)});
    if (auto status = persist(t, journal); !status) return status.error();
    return decode_row(*replaced, t.schema());
  }

  Result<WriteOutcome> insert_row(Table& t, Object row, Journal* journal) {
    auto inserted = t.insert(std::move(row));
    if (!inserted) return std::move(inserted).error();
    if (journal) journal->entries.push_back({&t, inserted->id().to_value(), std::nullopt});
    if (auto status = persist(t, journal); !status) return status.error();
    return WriteOutcome{decode_row(*inserted, t.schema()), true};
  }

  // Rewrites the table's section of the file (the caller holds the table's write lock);
  // inside a transaction, nothing until it commits.
  Status persist(const Table& t, const Journal* journal) {
    if (!file_ || journal) return {};
    std::vector<std::pair<std::string, std::string>> rows;
    rows.reserve(t.size());
    for (Row row : t.id_order()) {
      rows.emplace_back(id_key(row.id().to_value()), to_json(Value(decode_row(row, t.schema()))));
    }
    return file_->write_section(t.schema().model_name(), t.next_id(), std::move(rows));
  }

  mutable std::shared_mutex tables_mutex_;
  std::map<std::string, std::unique_ptr<Table>, std::less<>> tables_;
  // Changes whenever tables_ does: a kept table pointer is trusted only while it has
  // not changed since. Generations are unique in the process, so that a state kept
  // for a connector since destroyed never matches one made later at its address.
  static std::uint64_t new_generation() {
    static std::atomic<std::uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
  }
  std::atomic<std::uint64_t> generation_{new_generation()};
  std::unique_ptr<FileStore> file_;
};

MemoryTransaction::~MemoryTransaction() {
  if (!ended_) (void)end(false);
}

std::string_view MemoryTransaction::name() const { return connector_.name(); }
ConnectorCapabilities MemoryTransaction::capabilities() const { return connector_.capabilities(); }
Status MemoryTransaction::define(const ModelDefinition& model) { return connector_.define(model); }

Result<Object> MemoryTransaction::create(const ModelDefinition& model, Object row) {
  return connector_.do_create(model, std::move(row), this);
}
Result<std::vector<Record>> MemoryTransaction::create_all(const ModelDefinition& model, std::vector<Object> rows) {
  return connector_.do_create_all(model, std::move(rows), this);
}
Result<std::vector<Record>> MemoryTransaction::find(const filter::Bound& filter) {
  return connector_.do_find(filter, this);
}
Result<std::optional<Record>> MemoryTransaction::find_by_id(const ModelDefinition& model, const Value& id) {
  return connector_.do_find_by_id(model, id, this);
}
Result<std::int64_t> MemoryTransaction::count(const ModelDefinition& model, const filter::BoundWhere* where) {
  return connector_.do_count(model, where, this);
}
Result<std::int64_t> MemoryTransaction::update_all(const ModelDefinition& model, const filter::BoundWhere* where,
                                                   const Object& data) {
  return connector_.do_update_all(model, where, data, this);
}
Result<std::int64_t> MemoryTransaction::delete_all(const ModelDefinition& model, const filter::BoundWhere* where) {
  return connector_.do_delete_all(model, where, this);
}
Result<std::optional<Object>> MemoryTransaction::update_by_id(const ModelDefinition& model, const Value& id,
                                                              Object data, WriteMode mode) {
  return connector_.do_update_by_id(model, id, std::move(data), mode, this);
}
Result<WriteOutcome> MemoryTransaction::upsert(const ModelDefinition& model, Object row, WriteMode mode) {
  return connector_.do_upsert(model, std::move(row), mode, this);
}
Result<WriteOutcome> MemoryTransaction::find_or_create(const filter::Bound& filter, Object row) {
  return connector_.do_find_or_create(filter, std::move(row), this);
}
Result<std::string> MemoryTransaction::explain(const filter::Bound& filter) { return connector_.do_explain(filter, this); }

Status MemoryTransaction::commit() { return end(true); }
Status MemoryTransaction::rollback() { return end(false); }

Status MemoryTransaction::end(bool commit) {
  if (ended_) return Error(ErrorCode::Conflict, "The transaction is not active");
  ended_ = true;
  return connector_.end_transaction(*this, commit);
}

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
