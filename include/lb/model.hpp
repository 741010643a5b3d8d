// lb::Model: a model definition attached to a data source, with LoopBack's
// PersistedModel API. The operations are written once (src/dao) over lb::Connector:
// defaults, defaultFn ids, forceId, strict mode, required properties and the default
// scope happen here, the same for every connector. Thread-safe: calls may run
// concurrently (each connector call is atomic; compound operations such as
// upsertWithWhere are not, as in LoopBack).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lb/data_source.hpp"
#include "lb/filter/bind.hpp"
#include "lb/filter/bound.hpp"
#include "lb/filter_input.hpp"
#include "lb/hooks.hpp"
#include "lb/instance.hpp"
#include "lb/model_definition.hpp"
#include "lb/registry.hpp"
#include "lb/relation.hpp"
#include "lb/result.hpp"
#include "lb/transaction.hpp"
#include "lb/validation.hpp"
#include "lb/value.hpp"

namespace lb {

namespace dao {
struct QueryCache;
struct Observers;
class HookRun;
}

class Model {
 public:
  // `definition` must belong to `registry`; all three must outlive the Model.
  Model(const ModelDefinition& definition, const Registry& registry, DataSource& data_source);
  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  [[nodiscard]] const std::string& name() const { return definition_->name; }
  [[nodiscard]] const ModelDefinition& definition() const { return *definition_; }
  [[nodiscard]] const Registry& registry() const { return *registry_; }
  [[nodiscard]] DataSource& data_source() const { return *data_source_; }
  // The id property's name ("id" unless the definition says otherwise).
  [[nodiscard]] const std::string& id_name() const { return id_name_; }
  // Whether clients may not choose ids (the forceId setting, which LoopBack turns on
  // for generated ids unless the model sets it to false).
  [[nodiscard]] bool force_id() const { return force_id_; }

  // --- Queries. Filters and where clauses take any FilterInput / WhereInput form. ---
  [[nodiscard]] Result<std::vector<Instance>> find(const FilterInput& filter = {}, const Options& options = {});
  [[nodiscard]] Result<std::optional<Instance>> find_one(const FilterInput& filter = {}, const Options& options = {});
  [[nodiscard]] Result<std::optional<Instance>> find_by_id(const Value& id,
                                                           const FilterInput& filter = {}, const Options& options = {});
  // In the order of `ids`, skipping ids with no record.
  [[nodiscard]] Result<std::vector<Instance>> find_by_ids(const Array& ids,
                                                          const FilterInput& filter = {}, const Options& options = {});
  [[nodiscard]] Result<std::int64_t> count(const WhereInput& where = {}, const Options& options = {});
  [[nodiscard]] Result<bool> exists(const Value& id, const Options& options = {});
  // The records a named scope (the definition's `scopes`) selects, narrowed by `filter`.
  [[nodiscard]] Result<std::vector<Instance>> find_in_scope(std::string_view scope,
                                                            const FilterInput& filter = {}, const Options& options = {});
  // How the connector would run find(filter).
  [[nodiscard]] Result<std::string> explain(const FilterInput& filter = {}, const Options& options = {});

  // --- Writes. Data is an Object (a JSON object); anything else is a 400. ---
  [[nodiscard]] Result<Instance> create(const Value& data, const Options& options = {});
  // Several records, all or nothing (LoopBack creates the valid ones and reports an
  // error per invalid one; see docs/compatibility.md).
  [[nodiscard]] Result<std::vector<Instance>> create_all(const Array& data, const Options& options = {});
  // The same for data the caller hands over: its values are moved into the new rows
  // rather than copied (what a bulk load that built its array wants).
  [[nodiscard]] Result<std::vector<Instance>> create_all(Array&& data, const Options& options = {});
  // LoopBack's upsert = updateOrCreate = patchOrCreate.
  [[nodiscard]] Result<Instance> upsert(const Value& data, const Options& options = {});
  [[nodiscard]] Result<Instance> replace_or_create(const Value& data, const Options& options = {});
  // Patches the one record matching `where`, or creates one; 400 when several match.
  [[nodiscard]] Result<Instance> upsert_with_where(const WhereInput& where, const Value& data, const Options& options = {});
  // The first record matching `filter`, or `data` created; .second says it was created.
  [[nodiscard]] Result<std::pair<Instance, bool>> find_or_create(const FilterInput& filter,
                                                                 const Value& data, const Options& options = {});
  // Patches every record matching `where`; returns how many.
  [[nodiscard]] Result<std::int64_t> update_all(const WhereInput& where, const Value& data, const Options& options = {});
  // Deletes every record matching `where`; returns how many (deleteAll = destroyAll).
  [[nodiscard]] Result<std::int64_t> delete_all(const WhereInput& where = {}, const Options& options = {});
  [[nodiscard]] Result<std::int64_t> delete_by_id(const Value& id, const Options& options = {});
  // 404 when there is no record with this id.
  [[nodiscard]] Result<Instance> replace_by_id(const Value& id, const Value& data, const Options& options = {});
  [[nodiscard]] Result<Instance> patch_by_id(const Value& id, const Value& data, const Options& options = {});
  // A data load, not a client's create: ids are kept (forceId does not apply), while
  // defaults, types and strict mode do, and required properties are checked unless
  // `validate` is off (LoopBack's create(data, {validate: false})). Rows go to the
  // connector in all-or-nothing batches of `batch_size`; `progress` (may be empty) is
  // called after each batch with the number of rows loaded so far. Returns the number
  // loaded; on error, batches before the failing one stay loaded and the error names
  // the row.
  struct ImportOptions {
    std::size_t batch_size = 1000;
    bool validate = true;
    std::function<void(std::size_t)> progress;
  };
  [[nodiscard]] Result<std::int64_t> import(const Array& rows, const ImportOptions& options);
  [[nodiscard]] Result<std::int64_t> import(const Array& rows) { return import(rows, ImportOptions{}); }

  // --- Transactions. ---
  // A transaction on this model's data source (LoopBack's Model.beginTransaction);
  // pass it in Options to the operations that should run inside it.
  [[nodiscard]] Result<Transaction> begin_transaction(const TransactionOptions& options = {});

  // --- Prepared filters. ---
  // Parses and binds `filter` once (default scope applied); pass the result to this
  // model's queries as often as needed. Queries given the same JSON text or query
  // string again reuse its compiled form without this call: each model keeps the
  // last few hundred it compiled.
  [[nodiscard]] Result<PreparedFilter> prepare(const FilterInput& filter) const;

  // --- Building blocks, for layers above (relations, REST). ---
  // Parses and binds a filter with the default scope applied.
  [[nodiscard]] Result<filter::Bound> bind_filter(const FilterInput& filter) const;
  // The same for an input given up: a parsed tree in it is moved, not copied.
  [[nodiscard]] Result<filter::Bound> bind_filter(FilterInput&& filter) const;
  [[nodiscard]] Result<filter::BoundWhere> bind_where(const WhereInput& where) const;
  // The limits and rules this model's filters are bound with.
  [[nodiscard]] const filter::BindOptions& bind_options() const { return bind_options_; }
  // A new, unsaved Instance holding `data` as given.
  [[nodiscard]] Instance make_instance(Object data, bool persisted);
  // A new, unsaved Instance as LoopBack's `new Model(data)` makes it: types converted,
  // defaults filled in, nothing checked or stored (save() does that).
  [[nodiscard]] Result<Instance> build(const Value& data);

  // --- Validation (docs/validation-and-hooks.md). ---
  // The model's validations: the ones its definition declares (`validations`, and
  // `required` properties) and any added from C++. Add them before the model is used
  // from several threads at once.
  [[nodiscard]] Validations& validations() { return *validations_; }
  [[nodiscard]] const Validations& validations() const { return *validations_; }

  // --- Operation hooks and model events (lb/hooks.hpp). ---
  // Observers run in registration order, those of the base models (attached under
  // their own names) first. Safe to call while operations run.
  void observe(HookPoint point, Observer observer);
  // LoopBack's names ("before save"...); 400 for any other name.
  [[nodiscard]] Status observe(std::string_view point, Observer observer);
  // Removes this model's observers of `point` (LoopBack's clearObservers).
  void clear_observers(HookPoint point);
  void on(ModelEvent event, EventListener listener);

  // --- Relations. ---
  // How this model finds the attached models its relations name; App sets it when it
  // attaches the model. Without one, relations of this model cannot be followed.
  using ModelLookup = std::function<Model*(std::string_view)>;
  void set_model_lookup(ModelLookup lookup) { lookup_ = std::move(lookup); }
  // The attached model called `name`, or nullptr.
  [[nodiscard]] Model* related_model(std::string_view name) const { return lookup_ ? lookup_(name) : nullptr; }
  // The relation called `name` with LoopBack's default keys filled in; 400 naming the
  // model when it has no such relation.
  [[nodiscard]] Result<Relation> relation(std::string_view name) const;

 private:
  friend class Instance;
  friend class dao::HookRun;
  // The connector an operation runs on: the data source's, or its transaction's (held
  // for the operation; 400 for another data source's transaction).
  struct Target {
    std::optional<Transaction::Lease> lease;
    Connector* connector = nullptr;
    Connector* operator->() const { return connector; }
  };
  [[nodiscard]] Result<Target> target(const Options& options) const;
  [[nodiscard]] Result<filter::Bound> bind_syntax(filter::Syntax syntax) const;
  // The bound filter for `filter`: the prepared one, a cached one for a text seen
  // before, or a new one (then cached when it came as text).
  [[nodiscard]] Result<std::shared_ptr<const filter::Bound>> compile(const FilterInput& filter) const;
  [[nodiscard]] Result<std::shared_ptr<const filter::BoundWhere>> compile_where(const WhereInput& where) const;
  // The same with relation conditions resolved to key conditions (which queries the
  // related models: never cached).
  [[nodiscard]] Result<std::shared_ptr<const filter::BoundWhere>> compile_where(const WhereInput& where,
                                                                              const Options& options) const;
  [[nodiscard]] Result<filter::BoundWhere> bind_where_node(filter::WhereNode where) const;
  [[nodiscard]] Result<Value> typed_id(const Value& id) const;
  // A client's data as a full row: types converted, defaults filled in (unless
  // `defaults` is off), strict mode and forceId (when `client_write`) checked. The
  // model's validations run later (validate_record), after the before-save observers.
  [[nodiscard]] Result<Object> prepare_create(const Value& data, bool client_write, bool defaults = true) const;
  // A client's partial data: types converted and strict mode applied, no defaults.
  [[nodiscard]] Result<Object> prepare_patch(const Value& data) const;
  // 400 when `patch` would change the record's id (`current`).
  [[nodiscard]] Status check_id_unchanged(const Value& current, const Object& patch) const;
  // Whether an operation validates: Options::validate when set, else the model's
  // `setting` (validateUpsert, validateUpdate; may be null) when set, else its
  // automaticValidation when set, else `fallback`.
  [[nodiscard]] bool validates(const Options& options, const char* setting, bool fallback) const;
  // The model's validations on `record`: ok or the 422 ValidationError.
  [[nodiscard]] Status validate_record(const Instance& record, const Options& options) const;

  // The write steps the operations share, in LoopBack's order with its hooks:
  // before save, validation, persist, the connector call, loaded, after save.
  [[nodiscard]] Result<Instance> create_flow(Instance record, dao::HookRun& run, const Target& target, bool validate);
  // Changes `current` (a stored record) by `patch` (prepared): updateAttributes.
  [[nodiscard]] Result<Instance> patch_flow(const Instance& current, Object patch, dao::HookRun& run,
                                            const Target& target, bool validate);
  // Replaces the stored record with `replacement`'s data (its id says which). What
  // the observers see differs a little between save(), replaceById/replaceAttributes
  // and replaceOrCreate (which also creates the record when it is missing).
  enum class ReplaceKind { Save, Replace, ReplaceOrCreate };
  [[nodiscard]] Result<Instance> replace_flow(Instance replacement, dao::HookRun& run, const Target& target,
                                              bool validate, ReplaceKind kind);
  [[nodiscard]] Status before_save_new(Instance& record, dao::HookRun& run);
  [[nodiscard]] Result<Object> persist_new(Instance& record, dao::HookRun& run);
  // The "loaded" step: observers see (and may change) a row read or written.
  [[nodiscard]] Result<Instance> loaded(Instance stored, dao::HookRun& run, std::optional<bool> is_new);
  // loaded, then after save, then the "changed" event. The result is the stored row,
  // or `shown` (with the stored id) for the writes whose result LoopBack builds before
  // the persist and loaded steps (create, updateAttributes).
  [[nodiscard]] Result<Instance> finish_write(Instance stored, dao::HookRun& run, std::optional<bool> is_new,
                                              std::optional<Instance> shown = std::nullopt);
  // The loaded and after-save steps of a batch: every row's loaded, then every row's
  // after save (as LoopBack runs an array create).
  [[nodiscard]] Result<std::vector<Instance>> finish_writes(std::vector<Record> stored,
                                                            std::vector<std::optional<Instance>> shown,
                                                            std::deque<dao::HookRun>& runs);
  // Sets what the default scope's where fixes by equality ({"where": {"visible": true}}
  // makes every new record visible), as LoopBack does on create.
  void apply_scope_properties(Object& row) const;
  // A duplicate-key error from a write, as the uniqueness validation would report it.
  [[nodiscard]] Error write_conflict(const Error& error, const Instance& record, const Options& options) const;
  // The filter as LoopBack's ctx.query shows it: as given, the default scope merged
  // in, limit/offset/skip normalised as LoopBack does; `limit` overrides the limit.
  // `id` (findById) narrows the where to one record.
  [[nodiscard]] Result<Value> access_query(const FilterInput& filter, std::optional<std::int64_t> limit,
                                           const Value* id = nullptr) const;
  // The "access" step: observers see the filter as JSON and may change it; the bound
  // filter to run is `bound` unless they did.
  [[nodiscard]] Result<std::shared_ptr<const filter::Bound>> access(std::shared_ptr<const filter::Bound> bound,
                                                                    const FilterInput& filter, dao::HookRun& run,
                                                                    std::optional<std::int64_t> limit = std::nullopt,
                                                                    const Value* id = nullptr);
  // The same for operations that take a where ({"where": ...} is what observers see);
  // `where_json` receives the where as it stands afterwards.
  [[nodiscard]] Result<std::shared_ptr<const filter::BoundWhere>> access_where(
      std::shared_ptr<const filter::BoundWhere> bound, const WhereInput& where, Value& where_json, dao::HookRun& run);
  // The access step of upsert and replaceOrCreate: nullopt when observers left the
  // by-id query alone, else the where they put in its place.
  [[nodiscard]] Result<std::optional<Value>> access_by_id(const Value& key, dao::HookRun& run);
  // The first record `where` selects, without hooks (LoopBack's {notify: false}).
  [[nodiscard]] Result<std::optional<Instance>> find_selected(const Value& where, const Target& target,
                                                              const Options& options);
  // deleteAll, deleteById and Instance::destroy (which passes itself as `instance`).
  [[nodiscard]] Result<std::int64_t> delete_where(const WhereInput& where, const Instance* instance,
                                                  const Options& options);
  [[nodiscard]] std::vector<Instance> instances(std::vector<Object> rows);
  [[nodiscard]] std::vector<Instance> instances(std::vector<Record> rows);
  // Runs a bound find on the target connector, then its includes (reading the keys
  // they need even when `fields` leave them out, and dropping those afterwards).
  // With a HookRun, "loaded" observers see each row first.
  [[nodiscard]] Result<std::vector<Instance>> run_find(const Target& target, const filter::Bound& bound,
                                                       const Options& options, dao::HookRun* run = nullptr);

  const ModelDefinition* definition_;
  const Registry* registry_;
  DataSource* data_source_;
  std::string id_name_;
  bool force_id_ = false;
  filter::BindOptions bind_options_;
  filter::Syntax default_scope_;  // the `scope` setting, parsed once
  // Whether findById without a filter is a direct connector lookup (no default scope
  // where to apply).
  bool direct_id_lookup_ = false;
  std::unique_ptr<dao::QueryCache> cache_;
  ModelLookup lookup_;
  std::optional<Error> scope_error_;  // why the `scope` setting could not be parsed
  std::unique_ptr<Validations> validations_;
  std::optional<Error> validations_error_;
  bool update_on_load_ = false;  // the updateOnLoad setting  // why the `validations` section could not be read
  std::unique_ptr<dao::Observers> observers_;
};

}  // namespace lb
