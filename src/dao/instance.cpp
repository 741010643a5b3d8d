// Instance: the prototype methods, each one Model operation on this record's id,
// refreshing the copy from what the connector stored.
#include "lb/instance.hpp"

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <array>
#include <mutex>

#include "dao/model_support.hpp"
#include "dao/observers.hpp"
#include "value/exact_integer.hpp"
#include "lb/json.hpp"
#include "lb/model.hpp"

namespace lb {
namespace {

const Value& null_value() {
  static const Value kNull;
  return kNull;
}

// Decoding a record happens at most once per Instance, under one of these (picked by
// address): a mutex per Instance would make every result row larger.
std::mutex& decode_mutex(const void* instance) {
  static std::array<std::mutex, 64> mutexes;
  return mutexes[(reinterpret_cast<std::uintptr_t>(instance) >> 4) % mutexes.size()];
}

}  // namespace

// One included relation of one parent: a range of rows kept elsewhere. `owner` keeps
// them alive; it is null when the list holding this entry is part of the same
// IncludedLevel as the rows (the level then lives as long as the list does).
struct Instance::Included {
  std::string relation;
  bool to_many = false;
  std::span<const Instance> rows;
  std::shared_ptr<const void> owner;
};

// Inline room for the usual one or two relations.
struct Instance::IncludedList {
  boost::container::small_vector<Included, 2> entries;
};

// What include attaches for one relation level: every parent's rows in one array and
// the parents' lists in another, in one allocation. A parent's included_ points into
// `lists` and shares the level, so a level of thousands of parents costs no
// allocation per parent.
struct Instance::IncludedLevel {
  std::vector<Instance> rows;
  std::vector<IncludedList> lists;

  // The rows' records, usually all of one query's result, are let go with one
  // reference-count update per source instead of one each.
  ~IncludedLevel() {
    RecordRelease release;
    for (Instance& row : rows) release.add(row.record_);
  }
};

Instance::Instance(Model& model, Object data, bool persisted)
    : model_(&model), data_(std::move(data)), decoded_(true), persisted_(persisted) {}

Instance::Instance(Model& model, Record record, bool persisted)
    : model_(&model), record_(std::move(record)), decoded_(false), persisted_(persisted) {}

// A record as found is never changed while it is shared by const readers: decode()
// fills data_ beside it and keeps it, so read() and copies need no lock. Only the
// mutating members, which no other thread may run concurrently, let it go.
Instance::Instance(const Instance& other)
    : model_(other.model_), persisted_(other.persisted_), included_(other.included_) {
  if (other.decoded_.load(std::memory_order_acquire)) {
    data_ = other.data_;
    decoded_.store(true, std::memory_order_relaxed);
  } else {
    record_ = other.record_;
    decoded_.store(false, std::memory_order_relaxed);
  }
}

// Moving from an Instance is not a read another thread may share: no lock.
Instance::Instance(Instance&& other) noexcept
    : model_(other.model_),
      record_(std::move(other.record_)),
      data_(std::move(other.data_)),
      decoded_(other.decoded_.load(std::memory_order_relaxed)),
      persisted_(other.persisted_),
      included_(std::move(other.included_)) {}

Instance& Instance::operator=(const Instance& other) {
  if (this != &other) *this = Instance(other);
  return *this;
}

Instance& Instance::operator=(Instance&& other) noexcept {
  model_ = other.model_;
  record_ = std::move(other.record_);
  data_ = std::move(other.data_);
  decoded_.store(other.decoded_.load(std::memory_order_relaxed), std::memory_order_relaxed);
  persisted_ = other.persisted_;
  included_ = std::move(other.included_);
  return *this;
}

const Object& Instance::decode() const {
  std::lock_guard lock(decode_mutex(this));
  if (!decoded_.load(std::memory_order_relaxed)) {
    data_ = record_.to_object();
    decoded_.store(true, std::memory_order_release);
  }
  return data_;
}

Object& Instance::own_data() {
  (void)data();
  record_ = Record();
  return data_;
}

Object Instance::take_data() && { return std::move(own_data()); }

const Value& Instance::get(std::string_view property) const {
  const Value* value = data().find(property);
  return value ? *value : null_value();
}

Value Instance::read(std::string_view property) const {
  if (!decoded_.load(std::memory_order_acquire)) return record_.get(property);
  return get(property);
}

namespace {

// Walks rows in runs of records of one source (rows one query found), handing each run
// to `run(source, row numbers)` and each decoded row to `one(row)`, in order, until one
// returns false; `where(row)` gives a row's source and number (no source: decoded).
// Include reads a level's keys this way, a source finding the property once a run.
template <typename Where, typename Run, typename One>
bool by_runs(std::span<const Instance> rows, Where&& where, Run&& run, One&& one) {
  boost::container::small_vector<std::size_t, 256> numbers;
  const RecordSource* run_source = nullptr;
  auto flush = [&] {
    const bool ok = numbers.empty() || run(*run_source, std::span<const std::size_t>(numbers));
    numbers.clear();
    return ok;
  };
  for (const Instance& row : rows) {
    const auto [source, number] = where(row);
    if (source != run_source && !flush()) return false;
    run_source = source;
    if (source) {
      numbers.push_back(number);
    } else if (!one(row)) {
      return false;
    }
  }
  return flush();
}

}  // namespace

std::vector<Value> Instance::read_each(std::span<const Instance> rows, std::string_view property) {
  std::vector<Value> out;
  out.reserve(rows.size());
  by_runs(
      rows,
      [](const Instance& row) {
        const RecordSource* source = row.decoded_.load(std::memory_order_acquire) ? nullptr : row.record_.source();
        return std::pair(source, row.record_.row());
      },
      [&](const RecordSource& source, std::span<const std::size_t> numbers) {
        source.values(property, numbers, out);
        return true;
      },
      [&](const Instance& row) {
        out.push_back(row.get(property));
        return true;
      });
  return out;
}

bool Instance::read_integers(std::span<const Instance> rows, std::string_view property,
                             std::vector<std::int64_t>& out) {
  out.clear();
  out.reserve(rows.size());
  return by_runs(
      rows,
      [](const Instance& row) {
        const RecordSource* source = row.decoded_.load(std::memory_order_acquire) ? nullptr : row.record_.source();
        return std::pair(source, row.record_.row());
      },
      [&](const RecordSource& source, std::span<const std::size_t> numbers) {
        return source.integers(property, numbers, out);
      },
      [&](const Instance& row) {
        std::int64_t integer;
        if (!exact_integer(row.get(property), integer)) return false;
        out.push_back(integer);
        return true;
      });
}

void Instance::set(std::string_view property, Value value) {
  own_data().insert_or_assign(std::string(property), std::move(value));
}

const Value& Instance::id() const { return get(model_->id_name()); }

Status Instance::save(const Options& options) {
  auto target = model_->target(options);
  if (!target) return target.error();
  dao::HookRun run(*model_, options);
  const bool validate = model_->validates(options, nullptr, true);
  if (!persisted_) {
    auto row = model_->prepare_create(Value(data()), true);
    if (!row) return row.error();
    auto created = model_->create_flow(Instance(*model_, std::move(row).value(), false), run, *target, validate);
    if (!created) return created.error();
    *this = std::move(created).value();
    return {};
  }
  auto row = model_->prepare_create(Value(data()), false);
  if (!row) return row.error();
  auto saved = model_->replace_flow(Instance(*model_, std::move(row).value(), true), run, *target, validate,
                                    Model::ReplaceKind::Save);
  if (!saved) return saved.error();
  *this = std::move(saved).value();
  return {};
}

Status Instance::patch_attributes(const Value& data, const Options& options) {
  auto target = model_->target(options);
  if (!target) return target.error();
  auto patch = model_->prepare_patch(data);
  if (!patch) return patch.error();
  if (Status status = model_->check_id_unchanged(id(), *patch); !status) return status;
  dao::HookRun run(*model_, options);
  auto updated = model_->patch_flow(*this, std::move(patch).value(), run, *target,
                                    model_->validates(options, nullptr, true));
  if (!updated) return updated.error();
  *this = std::move(updated).value();
  return {};
}

Status Instance::update_attribute(std::string_view property, Value value, const Options& options) {
  Object data;
  data.push_back(std::string(property), std::move(value));
  return patch_attributes(Value(std::move(data)), options);
}

Status Instance::replace_attributes(const Value& data, const Options& options) {
  auto replaced = model_->replace_by_id(id(), data, options);
  if (!replaced) return replaced.error();
  *this = std::move(replaced).value();
  return {};
}

Status Instance::destroy(const Options& options) {
  if (id().is_null()) return invalid_input(model_->name() + ": the id argument is required");
  auto deleted = model_->delete_where(WhereInput(dao::id_condition(model_->id_name(), id())), this, options);
  if (!deleted) return deleted.error();
  persisted_ = false;
  return {};
}

Status Instance::reload(const Options& options) {
  auto found = model_->find_by_id(id(), {}, options);
  if (!found) return found.error();
  if (!*found) {
    return Error(ErrorCode::NotFound, "No instance with id " + lb::to_json(id()) + " found for " +
                                          model_->name());
  }
  *this = std::move(**found);
  return {};
}

Result<RelationAccessor> Instance::related(std::string_view name) {
  auto relation = model_->relation(name);
  if (!relation) return relation.error();
  // Embedded relations need their model attached too (App attaches an embedded model
  // that has no data source of its own to a private memory one).
  // A polymorphic belongsTo points at the model this record names.
  std::string target_name = relation->to ? relation->to->name : "";
  if (!relation->to) {
    const std::string* named = get(relation->discriminator).if_string();
    if (!named) {
      return Error(ErrorCode::InvalidInput, "the polymorphic relation \"" + relation->name + "\" names no model (" +
                                                relation->discriminator + " is not set)");
    }
    target_name = *named;
  }
  Model* target = model_->related_model(target_name);
  Model* through = relation->through ? model_->related_model(relation->through->name) : nullptr;
  if (!target || (relation->through && !through)) {
    return Error(ErrorCode::Internal, "Relation \"" + relation->name + "\" of " + model_->name() +
                                          " model: a model it names is not attached to a data source");
  }
  if (!relation->to) {
    relation->to = &target->definition();
    relation->key_to = target->id_name();
  }
  return RelationAccessor(*this, std::move(relation).value(), *target, through);
}

const std::span<const Instance>* Instance::included(std::string_view relation) const {
  if (!included_) return nullptr;
  for (const Included& entry : included_->entries)
    if (entry.relation == relation) return &entry.rows;
  return nullptr;
}

std::vector<std::string> Instance::included_relations() const {
  std::vector<std::string> names;
  if (included_)
    for (const Included& entry : included_->entries) names.push_back(entry.relation);
  return names;
}

namespace {

// Adds or replaces the entry for `entry.relation`.
template <typename Entries, typename Entry>
void put_entry(Entries& entries, Entry entry) {
  auto same = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.relation == entry.relation; });
  if (same != entries.end()) {
    *same = std::move(entry);
  } else {
    entries.push_back(std::move(entry));
  }
}

}  // namespace

// A copy of `list` that can live on its own: entries whose rows the list's level
// owned are given that level (through `list`) as their owner.
std::shared_ptr<Instance::IncludedList> Instance::detached_copy(const std::shared_ptr<const IncludedList>& list) {
  auto copy = std::make_shared<IncludedList>(*list);
  for (Included& entry : copy->entries)
    if (!entry.owner) entry.owner = list;
  return copy;
}

void Instance::set_included(std::string relation, bool to_many, std::vector<Instance> rows) {
  auto kept = std::make_shared<const std::vector<Instance>>(std::move(rows));
  Included entry{std::move(relation), to_many, std::span<const Instance>(*kept), kept};
  // Copy-on-write: copies of this Instance share the list; a sole owner changes it.
  std::shared_ptr<IncludedList> next;
  if (!included_) {
    next = std::make_shared<IncludedList>();
  } else if (included_.use_count() == 1) {
    next = std::const_pointer_cast<IncludedList>(included_);
  } else {
    next = detached_copy(included_);
  }
  put_entry(next->entries, std::move(entry));
  included_ = std::move(next);
}

void Instance::set_included(std::span<Instance> parents, const std::string& relation, bool to_many,
                            std::vector<Instance> rows, std::span<const RowRange> ranges) {
  auto level = std::make_shared<IncludedLevel>();
  level->rows = std::move(rows);
  level->lists.resize(parents.size());
  const std::span<const Instance> all(level->rows);
  std::shared_ptr<const void> owner;  // the level, for parents that already have a list
  for (std::size_t p = 0; p < parents.size(); ++p) {
    // (A range past the rows is cut to them rather than read out of bounds.)
    const std::size_t first = std::min<std::size_t>(ranges[p].first, all.size());
    const std::span<const Instance> mine = all.subspan(first, std::min<std::size_t>(ranges[p].count, all.size() - first));
    Instance& parent = parents[p];
    if (!parent.included_) {
      level->lists[p].entries.push_back(Included{relation, to_many, mine, nullptr});
      parent.included_ = std::shared_ptr<const IncludedList>(level, &level->lists[p]);
      continue;
    }
    if (!owner) owner = level;
    auto next = detached_copy(parent.included_);
    put_entry(next->entries, Included{relation, to_many, mine, owner});
    parent.included_ = std::move(next);
  }
}

void Instance::drop_properties(const std::vector<std::string>& names) {
  if (names.empty()) return;
  Object& data = own_data();
  for (const std::string& name : names) data.erase(name);
}

Value Instance::to_value() const { return to_value(false); }

Value Instance::to_value(bool nested) const {
  const ModelDefinition& definition = model_->definition();
  const Object& data = this->data();
  // LoopBack hides a model's protected properties wherever it appears inside another.
  auto omitted = [&](std::string_view name) {
    return definition.is_hidden(name) || (nested && definition.is_protected(name));
  };
  Object json;
  json.reserve(data.size() + (included_ ? included_->entries.size() : 0));
  for (const PropertyDefinition& property : definition.properties) {
    if (omitted(property.name)) continue;
    if (const Value* value = data.find(property.name)) json.push_back(property.name, *value);
  }
  for (const auto& [key, value] : data) {
    if (definition.property(key) != nullptr || omitted(key)) continue;
    json.push_back(key, value);
  }
  if (included_) {
    for (const Included& entry : included_->entries) {
      if (entry.to_many) {
        Array rows;
        rows.reserve(entry.rows.size());
        for (const Instance& row : entry.rows) rows.push_back(row.to_value(true));
        json.insert_or_assign(entry.relation, Value(std::move(rows)));
      } else if (!entry.rows.empty()) {
        json.insert_or_assign(entry.relation, entry.rows.front().to_value(true));
      }
    }
  }
  return Value(std::move(json));
}

std::string Instance::to_json() const { return lb::to_json(to_value()); }

}  // namespace lb
