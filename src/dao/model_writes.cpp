// The PersistedModel write operations, with LoopBack's steps around each connector
// call: "before save" observers, the model's validations, "persist" observers, the
// write, "loaded" and "after save" observers (or "before delete" / "after delete").
// The order and what each step shows follow LoopBack's DAO; docs/validation-and-hooks.md
// has the table. An error at any step before the write writes nothing.
#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <type_traits>
#include <utility>

#include "dao/default_values.hpp"
#include "dao/model_support.hpp"
#include "dao/observers.hpp"
#include "dao/related_where.hpp"
#include "dao/row_coercion.hpp"
#include "value/same_bytes.hpp"
#include "dao/validation/rule.hpp"
#include "dao/validation/run_validations.hpp"
#include "dao/validation_errors.hpp"
#include "lb/model.hpp"
#include "lb/validation.hpp"

namespace lb {

using dao::data_not_object;
using dao::id_text;
using dao::model_not_found;

namespace {

bool is_duplicate(const Error& error) { return error.code() == ErrorCode::Conflict; }

// Runs the observers of one step when there are any; the context is filled by `fill`.
template <typename Fill>
Status step(dao::HookRun& run, HookPoint point, Fill&& fill) {
  if (!run.observed(point)) return {};
  HookContext context = run.context(point);
  fill(context);
  return run.notify(context);
}

// The before-save step of the writes that take a where (updateAll, upsertWithWhere):
// observers may change the data and the where; a changed where is bound again.
template <typename Rebind>
Status before_save_where(dao::HookRun& run, Value& where_json, Object& data,
                         std::shared_ptr<const filter::BoundWhere>& selected, Rebind&& rebind) {
  if (!run.observed(HookPoint::BeforeSave)) return {};
  HookContext context = run.context(HookPoint::BeforeSave);
  context.where = &where_json;
  context.data = &data;
  const Value before = where_json;
  if (Status status = run.notify(context); !status) return status;
  if (where_json == before) return {};
  auto rebound = rebind(where_json);
  if (!rebound) return rebound.error();
  selected = std::move(rebound).value();
  return {};
}

// What before-save observers left in a record, made a valid row again in place: values
// converted to their property types (only those that are not already), properties a
// strict model does not define refused, and dropped for strict "filter".
Status conform_in_place(const ModelDefinition& definition, const Registry& registry, Object& row) {
  dao::ValidationErrors errors(definition.name);
  std::vector<std::string> dropped;
  for (auto& [key, value] : row) {
    const PropertyDefinition* property = definition.property(key);
    if (property == nullptr) {
      if (definition.strict == StrictMode::Strict || definition.strict == StrictMode::Throw) {
        errors.add(key, "unknown-property", "is not defined in the model", std::nullopt);
      } else if (definition.strict == StrictMode::Filter) {
        dropped.push_back(key);
      }
      continue;
    }
    Value converted;
    if (dao::coerce_to_type(value, property->type, registry, key, errors, converted)) value = std::move(converted);
  }
  for (const std::string& key : dropped) row.erase(key);
  if (!errors.empty()) return errors.to_error();
  return {};
}

// Whether the client's object is already a row: defined properties only, in definition
// order, each of its type, none left to a default (`defaults`), no id that forceId
// refuses (`client_write`). prepare_object would return it as it is.
bool already_a_row(const Model& model, const Object& input, bool client_write, bool defaults) {
  std::size_t at = 0;
  const Value* id = nullptr;  // the id, when given
  for (const PropertyDefinition& property : model.definition().properties) {
    if (at < input.size() && same_bytes((input.begin() + static_cast<std::ptrdiff_t>(at))->first, property.name)) {
      const Value& value = (input.begin() + static_cast<std::ptrdiff_t>(at))->second;
      if (!dao::already_of_type(value, property.type)) return false;
      if (property.id != 0 && property.name == model.id_name()) id = &value;
      ++at;
    } else if (defaults && (!property.default_fn.empty() || property.default_value)) {
      return false;
    }
  }
  // Every key was a property (so the id, when given, was found above).
  return at == input.size() && (!client_write || !model.force_id() || id == nullptr || id->is_null());
}

// prepare_create's work on the client's object: its properties in definition order,
// converted to their types, defaults filled in (`defaults`), undefined properties
// handled by the strict mode, and forceId checked for a client's write. With a
// mutable `input`, values already of their type are moved out of it (a caller that
// hands its data over); from a const one they are copied.
template <typename Input>
Result<Object> prepare_object(const Model& model, Input& input, bool client_write, bool defaults) {
  constexpr bool kTake = !std::is_const_v<Input>;
  const ModelDefinition& definition = model.definition();
  if constexpr (kTake) {
    // Already a row: taken whole.
    if (already_a_row(model, input, client_write, defaults)) return std::move(input);
  }
  dao::ValidationErrors errors(model.name());
  Object row;
  row.reserve(definition.properties.size() + 1);
  // Data usually lists properties in definition order: the next entry is tried first.
  std::size_t next = 0, matched = 0;
  for (const PropertyDefinition& property : definition.properties) {
    std::conditional_t<kTake, Value*, const Value*> given = nullptr;
    if (next < input.size() && (input.begin() + static_cast<std::ptrdiff_t>(next))->first == property.name) {
      given = &(input.begin() + static_cast<std::ptrdiff_t>(next++))->second;
    } else {
      given = input.find(property.name);
    }
    if (given) {
      ++matched;
      if (dao::already_of_type(*given, property.type)) {
        if constexpr (kTake) {
          row.push_back(property.name, std::move(*given));
        } else {
          row.push_back(property.name, *given);
        }
        continue;
      }
      Value converted;
      if (dao::coerce_to_type(*given, property.type, model.registry(), property.name, errors, converted)) {
        row.push_back(property.name, std::move(converted));
      }
      continue;
    }
    if (!defaults) continue;
    auto fallback = dao::default_value(property);
    if (!fallback) return fallback.error();
    if (*fallback) row.push_back(property.name, std::move(**fallback));
  }
  // Object keys are unique: when every key named a property, none is left over (and
  // only those keys' values were taken).
  if (matched != input.size()) {
    for (const auto& [key, value] : input) {
      if (definition.property(key) != nullptr) continue;
      switch (definition.strict) {
        case StrictMode::Strict:
        case StrictMode::Throw:
          errors.add(key, "unknown-property", "is not defined in the model", std::nullopt);
          break;
        case StrictMode::Filter:
          break;
        case StrictMode::Lax:
          row.push_back(key, value);
          break;
      }
    }
  }
  if (client_write && model.force_id()) {
    const Value* id = row.find(model.id_name());
    if (id != nullptr && !id->is_null()) errors.add(model.id_name(), "absence", "can't be set", *id);
  }
  if (!errors.empty()) return errors.to_error();
  return row;
}

// Whether the model's validations can fail on a row prepare_object made: not when the
// only rules are the implicit date checks of Date properties, which a prepared row
// always passes (its dates are null or valid Dates: anything else was refused).
bool validations_can_fail(const Validations& validations) {
  for (const Validations::Rule& rule : validations.rules()) {
    if (!rule.implicit || rule.kind != ValidationKind::Date) return true;
  }
  return false;
}

}  // namespace

// --- Preparing written data ---------------------------------------------------------

Result<Object> Model::prepare_create(const Value& data, bool client_write, bool defaults) const {
  const Object* input = data.if_object();
  if (input == nullptr) return data_not_object("create");
  return prepare_object(*this, *input, client_write, defaults);
}

Result<Object> Model::prepare_patch(const Value& data) const {
  const Object* input = data.if_object();
  if (input == nullptr) return data_not_object("update");
  dao::ValidationErrors errors(name());
  Object patch;
  patch.reserve(input->size());
  for (const auto& [key, value] : *input) {
    const PropertyDefinition* property = definition_->property(key);
    if (property == nullptr) {
      if (definition_->strict == StrictMode::Strict || definition_->strict == StrictMode::Throw) {
        errors.add(key, "unknown-property", "is not defined in the model", std::nullopt);
      } else if (definition_->strict == StrictMode::Lax) {
        patch.push_back(key, value);
      }
      continue;
    }
    Value converted;
    if (!dao::coerce_to_type(value, property->type, *registry_, key, errors, converted)) continue;
    patch.push_back(key, std::move(converted));
  }
  if (!errors.empty()) return errors.to_error();
  return patch;
}

Status Model::check_id_unchanged(const Value& current, const Object& patch) const {
  const Value* new_id = patch.find(id_name_);
  if (new_id == nullptr || *new_id == current) return {};
  if (force_id_) {
    return invalid_input(fmt::format("id cannot be updated from {} to {} when forceId is set to true",
                                     id_text(current), id_text(*new_id)));
  }
  return invalid_input(fmt::format("{}: the id cannot be changed from {} to {}", name(), id_text(current),
                                   id_text(*new_id)));
}

bool Model::validates(const Options& options, const char* setting, bool fallback) const {
  if (options.validate) return *options.validate;
  if (const Object* settings = definition_->settings.if_object()) {
    if (setting != nullptr) {
      if (const Value* value = settings->find(setting); value && value->is_bool()) return value->as_bool();
    }
    if (const Value* value = settings->find("automaticValidation"); value && value->is_bool()) return value->as_bool();
  }
  return fallback;
}

Status Model::validate_record(const Instance& record, const Options& options) const {
  if (validations_error_) return *validations_error_;
  if (validations_->empty()) return {};
  dao::ValidationErrors errors(name());
  if (Status status = dao::run_validations(record, options, errors); !status) return status;
  if (!errors.empty()) return errors.to_error();
  return {};
}

// --- The shared steps ----------------------------------------------------------------

Status Model::before_save_new(Instance& record, dao::HookRun& run) {
  if (!run.observed(HookPoint::BeforeSave)) return {};
  HookContext context = run.context(HookPoint::BeforeSave);
  context.instance = &record;
  context.is_new_instance = true;
  if (Status status = run.notify(context); !status) return status;
  // Observers may set any value: types are converted again and strict mode applies.
  Object data = std::move(record).take_data();
  if (Status status = conform_in_place(*definition_, *registry_, data); !status) return status;
  record = Instance(*this, std::move(data), false);
  return {};
}

Result<Object> Model::persist_new(Instance& record, dao::HookRun& run) {
  if (!run.observed(HookPoint::Persist)) return std::move(record).take_data();
  Object data = record.data();
  HookContext context = run.context(HookPoint::Persist);
  context.data = &data;
  context.current_instance = &record;
  context.is_new_instance = true;
  if (Status status = run.notify(context); !status) return status.error();
  return data;
}

Result<Instance> Model::loaded(Instance stored, dao::HookRun& run, std::optional<bool> is_new) {
  if (!run.observed(HookPoint::Loaded)) return stored;
  Object data = std::move(stored).take_data();
  HookContext context = run.context(HookPoint::Loaded);
  context.data = &data;
  context.is_new_instance = is_new;
  if (Status status = run.notify(context); !status) return status.error();
  Instance changed(*this, std::move(data), true);
  changed.included_ = std::move(stored.included_);  // what include attached stays
  return changed;
}

Result<Instance> Model::finish_write(Instance stored, dao::HookRun& run, std::optional<bool> is_new,
                                     std::optional<Instance> shown) {
  Value id = shown ? stored.read(id_name_) : Value();
  auto result = loaded(std::move(stored), run, is_new);
  if (!result) return result;
  if (shown && !update_on_load_) {
    // LoopBack returns the record as built: what persist and loaded observers changed
    // is stored but not shown (unless the model sets updateOnLoad).
    Object data = std::move(*shown).take_data();
    if (!id.is_null()) data.insert_or_assign(id_name_, std::move(id));
    result = Instance(*this, std::move(data), true);
  }
  if (Status status = step(run, HookPoint::AfterSave, [&](HookContext& c) {
        c.instance = &*result;
        c.is_new_instance = is_new;
      });
      !status) {
    return status.error();
  }
  run.emit(ModelEvent::Changed, &*result, nullptr, nullptr);
  return result;
}

Result<std::vector<Instance>> Model::finish_writes(std::vector<Record> stored, std::vector<std::optional<Instance>> shown,
                                                   std::deque<dao::HookRun>& runs) {
  std::vector<Instance> result;
  result.reserve(stored.size());
  for (std::size_t i = 0; i < stored.size(); ++i) {
    auto finished = finish_write(Instance(*this, std::move(stored[i]), true), runs[i], true, std::move(shown[i]));
    if (!finished) return finished.error();
    result.push_back(std::move(finished).value());
  }
  return result;
}

void Model::apply_scope_properties(Object& row) const {
  if (!default_scope_.where) return;
  auto apply = [&](const filter::WhereNode& node) {
    if (node.kind != filter::WhereNode::Kind::Condition || node.condition.op != filter::Operator::Eq ||
        node.condition.path.size() != 1 || !node.condition.modifiers.empty()) {
      return;
    }
    const PropertyDefinition* property = definition_->property(node.condition.path.front());
    if (property == nullptr) return;
    dao::ValidationErrors ignored(name());
    Value converted;
    if (dao::coerce_to_type(node.condition.operand, property->type, *registry_, property->name, ignored, converted)) {
      row.insert_or_assign(property->name, std::move(converted));
    }
  };
  const filter::WhereNode& where = *default_scope_.where;
  if (where.kind == filter::WhereNode::Kind::And) {
    for (const filter::WhereNode& child : where.children) apply(child);
  } else {
    apply(where);
  }
}

// A 409 from a unique index the model's uniqueness validations declared is a
// concurrent writer that got there first: reported as the validation would have.
Error Model::write_conflict(const Error& error, const Instance& record, const Options& options) const {
  if (!is_duplicate(error) || !validations_->needs_queries()) return error;
  if (Status status = validate_record(record, options); !status) return status.error();
  return error;
}

Result<Instance> Model::create_flow(Instance record, dao::HookRun& run, const Target& target, bool validate) {
  if (default_scope_.where) {
    Object data = std::move(record).take_data();
    apply_scope_properties(data);
    record = Instance(*this, std::move(data), false);
  }
  if (Status status = before_save_new(record, run); !status) return status.error();
  if (validate) {
    if (Status status = validate_record(record, run.options()); !status) return status.error();
  }
  std::optional<Instance> kept;
  if ((validate && validations_->needs_queries()) || run.observed(HookPoint::Persist) ||
      run.observed(HookPoint::Loaded)) {
    kept = record;
  }
  auto data = persist_new(record, run);
  if (!data) return data.error();
  auto stored = target->create(*definition_, std::move(data).value());
  if (!stored) return kept ? write_conflict(stored.error(), *kept, run.options()) : stored.error();
  return finish_write(Instance(*this, std::move(stored).value(), true), run, true, std::move(kept));
}

Result<Instance> Model::patch_flow(const Instance& current, Object patch, dao::HookRun& run, const Target& target,
                                   bool validate) {
  Value where = dao::id_where(id_name_, current.id());
  if (run.observed(HookPoint::BeforeSave)) {
    HookContext context = run.context(HookPoint::BeforeSave);
    context.where = &where;
    context.data = &patch;
    context.current_instance = &current;
    if (Status status = run.notify(context); !status) return status.error();
    auto again = prepare_patch(Value(std::move(patch)));
    if (!again) return again.error();
    patch = std::move(again).value();
  }
  // The record as it will read: what validation checks, what persist observers see
  // as the current instance, and (when observers may change what is written) the result.
  const bool observed_write = run.observed(HookPoint::Persist) || run.observed(HookPoint::Loaded);
  std::optional<Instance> merged;
  if ((validate && !validations_->empty()) || observed_write) {
    Object data = current.data();
    for (const auto& [key, value] : patch) data.insert_or_assign(key, value);
    merged.emplace(*this, std::move(data), true);
  }
  if (validate && !validations_->empty()) {
    if (Status status = validate_record(*merged, run.options()); !status) return status.error();
  }
  if (Status status = step(run, HookPoint::Persist, [&](HookContext& c) {
        c.where = &where;
        c.data = &patch;
        c.current_instance = merged ? &*merged : &current;
        c.is_new_instance = false;
      });
      !status) {
    return status.error();
  }
  // The data may repeat the id (upsert always does); a patch never moves a record.
  std::optional<Object> written;
  if (run.observed(HookPoint::Loaded)) written = patch;
  patch.erase(id_name_);
  auto updated = target->update_by_id(*definition_, current.id(), std::move(patch), WriteMode::Patch);
  if (!updated) return merged ? write_conflict(updated.error(), *merged, run.options()) : updated.error();
  if (!*updated) return model_not_found(current.id());
  if (!observed_write) return finish_write(Instance(*this, std::move(**updated), true), run, false);
  // LoopBack's loaded step of updateAttributes shows the data written, and its result
  // is the record as patched before persist (loaded's changes only with updateOnLoad).
  Instance result = std::move(*merged);
  if (written) {
    HookContext context = run.context(HookPoint::Loaded);
    context.data = &*written;
    context.is_new_instance = false;
    if (Status status = run.notify(context); !status) return status.error();
    if (update_on_load_) {
      Object data = std::move(result).take_data();
      for (auto& [key, value] : *written) data.insert_or_assign(key, std::move(value));
      result = Instance(*this, std::move(data), true);
    }
  }
  if (Status status = step(run, HookPoint::AfterSave, [&](HookContext& c) {
        c.instance = &result;
        c.is_new_instance = false;
      });
      !status) {
    return status.error();
  }
  run.emit(ModelEvent::Changed, &result, nullptr, nullptr);
  return result;
}

Result<Instance> Model::replace_flow(Instance replacement, dao::HookRun& run, const Target& target, bool validate,
                                     ReplaceKind kind) {
  const Value id = replacement.id();
  // replaceAttributes says isNewInstance: false from the start; save() and
  // replaceOrCreate (which may create) leave it out until the write says.
  const std::optional<bool> is_new =
      kind == ReplaceKind::Replace ? std::optional<bool>(false) : std::optional<bool>();
  if (run.observed(HookPoint::BeforeSave)) {
    HookContext context = run.context(HookPoint::BeforeSave);
    context.instance = &replacement;
    context.is_new_instance = is_new;
    if (Status status = run.notify(context); !status) return status.error();
    Object data = std::move(replacement).take_data();
    data.insert_or_assign(id_name_, id);  // the record replaced stays the one named
    if (Status status = conform_in_place(*definition_, *registry_, data); !status) return status.error();
    replacement = Instance(*this, std::move(data), true);
  }
  if (validate) {
    if (Status status = validate_record(replacement, run.options()); !status) return status.error();
  }
  std::optional<Instance> kept;
  if (validate && validations_->needs_queries()) kept = replacement;
  Value where = dao::id_where(id_name_, id);
  Object data;
  if (run.observed(HookPoint::Persist)) {
    data = replacement.data();
    HookContext context = run.context(HookPoint::Persist);
    context.where = &where;
    context.data = &data;
    context.current_instance = &replacement;
    context.is_new_instance = is_new;
    if (Status status = run.notify(context); !status) return status.error();
  } else {
    data = std::move(replacement).take_data();
  }
  if (kind == ReplaceKind::ReplaceOrCreate) {
    auto outcome = target->upsert(*definition_, std::move(data), WriteMode::Replace);
    if (!outcome) return kept ? write_conflict(outcome.error(), *kept, run.options()) : outcome.error();
    return finish_write(Instance(*this, std::move(outcome->row), true), run, outcome->created);
  }
  auto replaced = target->update_by_id(*definition_, id, std::move(data), WriteMode::Replace);
  if (!replaced) return kept ? write_conflict(replaced.error(), *kept, run.options()) : replaced.error();
  if (!*replaced) {
    return Error(ErrorCode::NotFound, "Could not replace. Object with id " + id_text(id) + " does not exist!");
  }
  return finish_write(Instance(*this, std::move(**replaced), true), run, false);
}

Result<std::optional<Value>> Model::access_by_id(const Value& key, dao::HookRun& run) {
  if (!run.observed(HookPoint::Access)) return std::optional<Value>();
  Value where = dao::id_where(id_name_, key);
  Object query_object;
  query_object.push_back("where", where);
  Value query(std::move(query_object));
  HookContext context = run.context(HookPoint::Access);
  context.query = &query;
  if (Status status = run.notify(context); !status) return status.error();
  const Value* changed = query.is_object() ? query.as_object().find("where") : nullptr;
  if (changed != nullptr && *changed == where) return std::optional<Value>();
  return std::optional<Value>(changed ? *changed : Value(Object()));
}

Result<std::optional<Instance>> Model::find_selected(const Value& where, const Target& target, const Options& options) {
  Object filter;
  filter.push_back("where", where);
  filter.push_back("limit", Value(1));
  auto bound = bind_filter(FilterInput(Value(std::move(filter))));
  if (!bound) return bound.error();
  auto rows = run_find(target, *bound, options);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Instance>();
  return std::optional<Instance>(std::move(rows->front()));
}

// --- Writes ------------------------------------------------------------------------

Result<Instance> Model::create(const Value& data, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  auto row = prepare_create(data, true);
  if (!row) return row.error();
  dao::HookRun run(*this, options);
  return create_flow(Instance(*this, std::move(row).value(), false), run, *target, validates(options, nullptr, true));
}

Result<std::vector<Instance>> Model::create_all(const Array& data, const Options& options) {
  return create_all(Array(data), options);
}

Result<std::vector<Instance>> Model::create_all(Array&& data, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  const bool validate = validates(options, nullptr, true);
  // Nothing observes and no validation can fail (a bulk load's usual case): the rows
  // go straight to the connector, their values moved out of `data`.
  if (!dao::observers_in_process.load(std::memory_order_acquire) && !validations_error_ &&
      (!validate || !validations_can_fail(*validations_))) {
    std::vector<Object> rows;
    rows.reserve(data.size());
    for (Value& item : data) {
      Object* input = item.if_object();
      if (input == nullptr) return data_not_object("create");
      if (already_a_row(*this, *input, true, true)) {
        rows.push_back(std::move(*input));  // (the usual row: no Result in between)
      } else {
        auto row = prepare_object(*this, *input, true, true);
        if (!row) return row.error();
        rows.push_back(std::move(row).value());
      }
      if (default_scope_.where) apply_scope_properties(rows.back());
    }
    auto stored = (*target)->create_all(*definition_, std::move(rows));
    if (!stored) return stored.error();
    return instances(std::move(stored).value());
  }
  // Each record is its own operation for the hooks (its own hookState), as when
  // LoopBack creates an array; the write itself is one all-or-nothing batch.
  std::deque<dao::HookRun> runs;
  std::vector<Instance> records;
  records.reserve(data.size());
  for (const Value& item : data) {
    auto row = prepare_create(item, true);
    if (!row) return row.error();
    runs.emplace_back(*this, options);
    apply_scope_properties(*row);
    Instance record(*this, std::move(row).value(), false);
    if (Status status = before_save_new(record, runs.back()); !status) return status.error();
    if (validate) {
      if (Status status = validate_record(record, options); !status) return status.error();
    }
    records.push_back(std::move(record));
  }
  std::vector<Object> rows;
  rows.reserve(records.size());
  std::vector<std::optional<Instance>> shown(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (runs[i].observed(HookPoint::Persist) || runs[i].observed(HookPoint::Loaded)) shown[i] = records[i];
    auto row = persist_new(records[i], runs[i]);
    if (!row) return row.error();
    rows.push_back(std::move(row).value());
  }
  auto stored = (*target)->create_all(*definition_, std::move(rows));
  if (!stored) return stored.error();
  if (!dao::observers_in_process.load(std::memory_order_acquire)) return instances(std::move(stored).value());
  return finish_writes(std::move(stored).value(), std::move(shown), runs);
}

Result<Instance> Model::patch_by_id(const Value& id, const Value& data, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  auto patch = prepare_patch(data);
  if (!patch) return patch.error();
  auto key = typed_id(id);
  if (!key) return key.error();
  // LoopBack's PATCH /Model/:id is findById, then updateAttributes on what it found.
  auto current = find_by_id(*key, {}, options);
  if (!current) return current.error();
  if (!*current) return model_not_found(id);
  if (Status status = check_id_unchanged((*current)->id(), *patch); !status) return status.error();
  dao::HookRun run(*this, options);
  return patch_flow(**current, std::move(patch).value(), run, *target, validates(options, nullptr, true));
}

Result<Instance> Model::replace_by_id(const Value& id, const Value& data, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  const Object* input = data.if_object();
  if (input == nullptr) return data_not_object("replaceById");
  auto key = typed_id(id);
  if (!key) return key.error();
  Object with_id = *input;
  with_id.insert_or_assign(id_name_, *key);
  auto row = prepare_create(Value(std::move(with_id)), false);
  if (!row) return row.error();
  dao::HookRun run(*this, options);
  return replace_flow(Instance(*this, std::move(row).value(), true), run, *target, validates(options, nullptr, true),
                      ReplaceKind::Replace);
}

Result<Instance> Model::upsert(const Value& data, const Options& options) {
  const Object* input = data.if_object();
  if (input == nullptr) return data_not_object("upsert");
  const Value* id = input->find(id_name_);
  if (id == nullptr || id->is_null()) return create(data, options);
  auto target = this->target(options);
  if (!target) return target.error();
  auto key = typed_id(*id);
  if (!key) return key.error();
  const bool validate = validates(options, "validateUpsert", false);
  if (force_id_) {
    // LoopBack: with forceId an upsert never creates; it is findById + updateAttributes.
    auto current = find_by_id(*key, {}, options);
    if (!current) return current.error();
    if (!*current) return model_not_found(*id);
    auto patch = prepare_patch(data);
    if (!patch) return patch.error();
    dao::HookRun run(*this, options);
    return patch_flow(**current, std::move(patch).value(), run, *target, validate);
  }
  dao::HookRun run(*this, options);
  auto chosen = access_by_id(*key, run);
  if (!chosen) return chosen.error();
  if (*chosen) {
    // An observer changed the query: patch what it selects, or create (LoopBack then
    // drops the id from the data: the query may hide a record with that id).
    auto found = find_selected(**chosen, *target, options);
    if (!found) return found.error();
    Object rest = *input;
    rest.erase(id_name_);
    if (*found) {
      auto patch = prepare_patch(Value(std::move(rest)));
      if (!patch) return patch.error();
      return patch_flow(**found, std::move(patch).value(), run, *target, validates(options, nullptr, true));
    }
    auto row = prepare_create(Value(std::move(rest)), false);
    if (!row) return row.error();
    return create_flow(Instance(*this, std::move(row).value(), false), run, *target, validates(options, nullptr, true));
  }
  Value where = dao::id_where(id_name_, *key);
  Object given = *input;
  if (Status status = step(run, HookPoint::BeforeSave, [&](HookContext& c) {
        c.where = &where;
        c.data = &given;
      });
      !status) {
    return status.error();
  }
  auto patch = prepare_patch(Value(given));
  if (!patch) return patch.error();
  if (validate && !validations_->empty()) {
    if (Status status = validate_record(Instance(*this, *patch, false), options); !status) return status.error();
  }
  if (run.observed(HookPoint::Persist)) {
    Instance current(*this, *patch, false);
    HookContext context = run.context(HookPoint::Persist);
    context.where = &where;
    context.data = &*patch;
    context.current_instance = &current;
    if (Status status = run.notify(context); !status) return status.error();
  }
  patch->insert_or_assign(id_name_, *key);
  // Patch the stored record, or create it; a create that loses a race with another
  // writer's create of the same id patches instead.
  for (int attempt = 0; attempt < 2; ++attempt) {
    Object changes = *patch;
    changes.erase(id_name_);
    auto updated = (*target)->update_by_id(*definition_, *key, std::move(changes), WriteMode::Patch);
    if (!updated) return updated.error();
    if (*updated) return finish_write(Instance(*this, std::move(**updated), true), run, false);
    auto row = prepare_create(Value(*patch), false);
    if (!row) return row.error();
    auto created = (*target)->create(*definition_, std::move(row).value());
    if (created) return finish_write(Instance(*this, std::move(created).value(), true), run, true);
    if (!is_duplicate(created.error())) return created.error();
  }
  return Error(ErrorCode::Conflict, fmt::format("{}: concurrent upserts of one id", name()));
}

Result<Instance> Model::replace_or_create(const Value& data, const Options& options) {
  const Object* input = data.if_object();
  if (input == nullptr) return data_not_object("replaceOrCreate");
  const Value* id = input->find(id_name_);
  if (id == nullptr || id->is_null()) return create(data, options);
  if (force_id_) return replace_by_id(*id, data, options);
  auto target = this->target(options);
  if (!target) return target.error();
  auto key = typed_id(*id);
  if (!key) return key.error();
  dao::HookRun run(*this, options);
  auto chosen = access_by_id(*key, run);
  if (!chosen) return chosen.error();
  if (*chosen) {
    auto found = find_selected(**chosen, *target, options);
    if (!found) return found.error();
    Object rest = *input;
    if (*found) {
      rest.insert_or_assign(id_name_, (*found)->id());
      auto row = prepare_create(Value(std::move(rest)), false);
      if (!row) return row.error();
      return replace_flow(Instance(*this, std::move(row).value(), true), run, *target, validates(options, nullptr, true),
                          ReplaceKind::Replace);
    }
    rest.erase(id_name_);
    auto row = prepare_create(Value(std::move(rest)), false);
    if (!row) return row.error();
    return create_flow(Instance(*this, std::move(row).value(), false), run, *target, validates(options, nullptr, true));
  }
  auto row = prepare_create(data, false);
  if (!row) return row.error();
  row->insert_or_assign(id_name_, *key);
  return replace_flow(Instance(*this, std::move(row).value(), true), run, *target, validates(options, nullptr, true),
                      ReplaceKind::ReplaceOrCreate);
}

Result<Instance> Model::upsert_with_where(const WhereInput& where, const Value& data, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  const Object* input = data.if_object();
  if (input == nullptr) return data_not_object("upsertWithWhere");
  auto bound = compile_where(where);
  if (!bound) return bound.error();
  dao::HookRun run(*this, options);
  Value where_json;
  auto accessed = access_where(std::move(bound).value(), where, where_json, run);
  if (!accessed) return accessed.error();
  std::shared_ptr<const filter::BoundWhere> selected = std::move(accessed).value();
  Object given = *input;
  if (Status status = before_save_where(run, where_json, given, selected,
                                        [&](const Value& changed) { return compile_where(WhereInput(changed)); });
      !status) {
    return status.error();
  }
  auto patch = prepare_patch(Value(given));
  if (!patch) return patch.error();
  // LoopBack validates the data as a record of its own here.
  if (validates(options, nullptr, true) && !validations_->empty()) {
    if (Status status = validate_record(Instance(*this, *patch, false), options); !status) return status.error();
  }
  if (run.observed(HookPoint::Persist)) {
    Instance current(*this, *patch, false);
    HookContext context = run.context(HookPoint::Persist);
    context.where = &where_json;
    context.data = &*patch;
    context.current_instance = &current;
    if (Status status = run.notify(context); !status) return status.error();
  }
  if (dao::has_related(*selected)) {
    auto resolved = dao::resolve_related(*this, *selected, options);
    if (!resolved) return resolved.error();
    selected = std::make_shared<const filter::BoundWhere>(std::move(resolved).value());
  }
  filter::Bound query;
  query.model = definition_;
  query.where = *selected;
  query.limit = 2;
  auto rows = (*target)->find(query);
  if (!rows) return rows.error();
  if (rows->size() > 1) {
    return invalid_input("There are multiple instances found.Upsert Operation will not be performed!");
  }
  if (rows->empty()) {
    auto row = prepare_create(Value(*patch), false);
    if (!row) return row.error();
    auto created = (*target)->create(*definition_, std::move(row).value());
    if (!created) return created.error();
    return finish_write(Instance(*this, std::move(created).value(), true), run, true);
  }
  const Value id = rows->front().get(id_name_);
  if (Status status = check_id_unchanged(id, *patch); !status) return status.error();
  patch->erase(id_name_);
  auto updated = (*target)->update_by_id(*definition_, id, std::move(patch).value(), WriteMode::Patch);
  if (!updated) return updated.error();
  if (!*updated) return model_not_found(id);
  return finish_write(Instance(*this, std::move(**updated), true), run, false);
}

Result<std::pair<Instance, bool>> Model::find_or_create(const FilterInput& filter, const Value& data,
                                                        const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  auto compiled = compile(filter);
  if (!compiled) return compiled.error();
  dao::HookRun run(*this, options);
  std::shared_ptr<const filter::Bound> selected = std::move(compiled).value();
  Value where_json;  // the query's where, as LoopBack's persist step shows it
  if (run.active()) {
    auto shown = access_query(filter, 1);
    if (!shown) return shown.error();
    Value query = std::move(shown).value();
    if (run.observed(HookPoint::Access)) {
      const Value before = query;
      HookContext context = run.context(HookPoint::Access);
      context.query = &query;
      if (Status status = run.notify(context); !status) return status.error();
      if (!(query == before)) {
        auto rebound = bind_filter(FilterInput(query));
        if (!rebound) return rebound.error();
        selected = std::make_shared<const filter::Bound>(std::move(rebound).value());
      }
    }
    if (const Value* where = query.is_object() ? query.as_object().find("where") : nullptr) where_json = *where;
  }
  auto bound = dao::resolve_related(*this, std::move(selected), options);
  if (!bound) return bound.error();
  auto row = prepare_create(data, true);
  if (!row) return row.error();
  apply_scope_properties(*row);
  Instance record(*this, std::move(row).value(), false);
  if (Status status = before_save_new(record, run); !status) return status.error();
  if (validates(options, nullptr, true)) {
    if (Status status = validate_record(record, options); !status) return status.error();
  }
  Object prepared;
  if (run.observed(HookPoint::Persist)) {
    prepared = record.data();
    HookContext context = run.context(HookPoint::Persist);
    context.data = &prepared;
    context.current_instance = &record;
    context.is_new_instance = true;
    if (!where_json.is_null()) context.where = &where_json;
    if (Status status = run.notify(context); !status) return status.error();
  } else {
    prepared = std::move(record).take_data();
  }
  auto outcome = (*target)->find_or_create(**bound, std::move(prepared));
  if (!outcome) return outcome.error();
  Instance stored(*this, std::move(outcome->row), true);
  if (!outcome->created) {
    auto found = loaded(std::move(stored), run, false);
    if (!found) return found.error();
    return std::pair<Instance, bool>(std::move(found).value(), false);
  }
  auto created = finish_write(std::move(stored), run, true);
  if (!created) return created.error();
  return std::pair<Instance, bool>(std::move(created).value(), true);
}

Result<std::int64_t> Model::update_all(const WhereInput& where, const Value& data, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  auto bound = compile_where(where);
  if (!bound) return bound.error();
  dao::HookRun run(*this, options);
  Value where_json;
  auto accessed = access_where(std::move(bound).value(), where, where_json, run);
  if (!accessed) return accessed.error();
  std::shared_ptr<const filter::BoundWhere> selected = std::move(accessed).value();
  const Object* input = data.if_object();
  if (input == nullptr) return data_not_object("update");
  Object given = *input;
  if (Status status = before_save_where(run, where_json, given, selected,
                                        [&](const Value& changed) { return compile_where(WhereInput(changed)); });
      !status) {
    return status.error();
  }
  auto patch = prepare_patch(Value(std::move(given)));
  if (!patch) return patch.error();
  patch->erase(id_name_);  // updateAll never changes ids
  // LoopBack validates an updateAll only when the model asks (validateUpdate), and then
  // the properties the update sets.
  if (validates(options, "validateUpdate", false) && !validations_->empty()) {
    if (Status status = validate_record(Instance(*this, *patch, false), options); !status) return status.error();
  }
  if (Status status = step(run, HookPoint::Persist, [&](HookContext& c) {
        c.where = &where_json;
        c.data = &*patch;
      });
      !status) {
    return status.error();
  }
  if (dao::has_related(*selected)) {
    auto resolved = dao::resolve_related(*this, *selected, options);
    if (!resolved) return resolved.error();
    selected = std::make_shared<const filter::BoundWhere>(std::move(resolved).value());
  }
  auto count = (*target)->update_all(*definition_, selected.get(), *patch);
  if (!count) return count;
  Object info;
  info.push_back("count", Value(*count));
  if (Status status = step(run, HookPoint::AfterSave, [&](HookContext& c) {
        c.where = &where_json;
        c.data = &*patch;
        c.info = &info;
      });
      !status) {
    return status.error();
  }
  return count;
}

Result<std::int64_t> Model::delete_where(const WhereInput& where, const Instance* instance, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  auto bound = compile_where(where);
  if (!bound) return bound.error();
  dao::HookRun run(*this, options);
  Value where_json;
  auto accessed = access_where(std::move(bound).value(), where, where_json, run);
  if (!accessed) return accessed.error();
  std::shared_ptr<const filter::BoundWhere> selected = std::move(accessed).value();
  if (run.observed(HookPoint::BeforeDelete)) {
    HookContext context = run.context(HookPoint::BeforeDelete);
    context.where = &where_json;
    Instance* shown = const_cast<Instance*>(instance);  // observers read it; nothing writes it back
    context.instance = shown;
    const Value before = where_json;
    if (Status status = run.notify(context); !status) return status.error();
    if (!(where_json == before)) {
      auto rebound = compile_where(WhereInput(where_json));
      if (!rebound) return rebound.error();
      selected = std::move(rebound).value();
    }
  }
  if (dao::has_related(*selected)) {
    auto resolved = dao::resolve_related(*this, *selected, options);
    if (!resolved) return resolved.error();
    selected = std::make_shared<const filter::BoundWhere>(std::move(resolved).value());
  }
  auto count = (*target)->delete_all(*definition_, selected.get());
  if (!count) return count;
  Object info;
  info.push_back("count", Value(*count));
  if (Status status = step(run, HookPoint::AfterDelete, [&](HookContext& c) {
        c.where = &where_json;
        c.instance = const_cast<Instance*>(instance);
        c.info = &info;
      });
      !status) {
    return status.error();
  }
  if (instance != nullptr) {
    const Value id = instance->id();
    run.emit(ModelEvent::Deleted, nullptr, &id, nullptr);
  } else {
    run.emit(ModelEvent::DeletedAll, nullptr, nullptr, &where_json);
  }
  return count;
}

Result<std::int64_t> Model::delete_all(const WhereInput& where, const Options& options) {
  return delete_where(where, nullptr, options);
}

Result<std::int64_t> Model::delete_by_id(const Value& id, const Options& options) {
  if (id.is_null()) return invalid_input(fmt::format("{}: the id argument is required", name()));
  return delete_where(WhereInput(dao::id_condition(id_name_, id)), nullptr, options);
}

Result<std::int64_t> Model::import(const Array& rows, const ImportOptions& options) {
  const std::size_t batch_size = std::max<std::size_t>(options.batch_size, 1);
  const Options none;
  std::int64_t loaded = 0;
  auto located = [](const Error& error, const std::string& where) {
    return Error(error.code(), fmt::format("{}: {}", where, error.message()), error.name(), error.details());
  };
  for (std::size_t start = 0; start < rows.size(); start += batch_size) {
    const std::size_t end = std::min(rows.size(), start + batch_size);
    std::vector<Object> batch;
    batch.reserve(end - start);
    for (std::size_t i = start; i < end; ++i) {
      auto row = prepare_create(rows[i], false);
      if (!row) return located(row.error(), fmt::format("row {}", i + 1));
      if (options.validate && !validations_->empty()) {
        Instance record(*this, std::move(row).value(), false);
        if (Status status = validate_record(record, none); !status) {
          return located(status.error(), fmt::format("row {}", i + 1));
        }
        row = std::move(record).take_data();
      }
      batch.push_back(std::move(row).value());
    }
    auto stored = data_source_->connector().create_all(*definition_, std::move(batch));
    if (!stored) return located(stored.error(), fmt::format("rows {}-{}", start + 1, end));
    loaded += static_cast<std::int64_t>(stored->size());
    if (options.progress) options.progress(static_cast<std::size_t>(loaded));
  }
  return loaded;
}

}  // namespace lb
