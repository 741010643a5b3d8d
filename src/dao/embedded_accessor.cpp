// EmbeddedAccessor: embedsOne / embedsMany methods over the owner's property. Reads
// that take a filter load the items into a scratch memory table and run the filter
// there, so where, order, limit, skip behave exactly as on the memory connector.
// Writes notify the embedded model's observers at the points LoopBack's relation
// methods do (see each method), each write with a hookState of its own.
#include "dao/embedded_accessor.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "dao/include_runner.hpp"
#include "dao/model_support.hpp"
#include "dao/observers.hpp"
#include "dao/scratch_connector.hpp"
#include "lb/connector.hpp"
#include "lb/data_source.hpp"
#include "lb/json.hpp"
#include "lb/model.hpp"

namespace lb::dao {
namespace {

// The scratch table's id: an item's position in the owner's list.
constexpr const char* kPosition = "__lb_embedded_position";

bool relation_option(const Relation& relation, const char* name, bool fallback) {
  const Value* options = relation.definition ? relation.definition->settings.find("options") : nullptr;
  const Value* value = options && options->is_object() ? options->find(name) : nullptr;
  return value && value->is_bool() ? value->as_bool() : fallback;
}

bool empty_where(const filter::WhereNode& where) {
  return where.kind == filter::WhereNode::Kind::And && where.children.empty();
}

// The items' model as a scratch table sees it: no ids, keys, defaults, validations or
// scope of its own, and the list position as the id.
ModelDefinition scratch_definition(const ModelDefinition& target) {
  ModelDefinition scratch = target;
  for (PropertyDefinition& property : scratch.properties) {
    property.id = 0;
    property.generated = false;
    property.index = false;
    property.unique = false;
    property.required = false;
    property.default_value.reset();
    property.default_fn.clear();
  }
  PropertyDefinition position;
  position.name = kPosition;
  position.type.kind = PropertyType::Kind::Number;
  position.id = 1;
  scratch.properties.push_back(std::move(position));
  scratch.relations.clear();
  scratch.indexes.clear();
  scratch.strict = StrictMode::Lax;
  scratch.id_injection = false;
  scratch.force_id = false;
  scratch.scope = Value();
  scratch.validations = Value();
  return scratch;
}

// `fields` applied to one item as the memory connector applies them: the names marked
// true when there are any, otherwise every property but those marked false.
void apply_fields(Instance& item, const filter::FieldsSpec& fields) {
  const bool including = std::any_of(fields.entries.begin(), fields.entries.end(),
                                     [](const auto& entry) { return entry.second; });
  std::vector<std::string> dropped;
  for (const auto& entry_in_item : item.data()) {
    const std::string& key = entry_in_item.first;
    auto named = std::find_if(fields.entries.begin(), fields.entries.end(),
                              [&](const auto& entry) { return entry.first == key; });
    const bool keep = including ? (named != fields.entries.end() && named->second)
                                : (named == fields.entries.end() || named->second);
    if (!keep) dropped.push_back(key);
  }
  item.drop_properties(dropped);
}

Error not_in_list(const Value& id, const Model& target) {
  return not_found(fmt::format("No instance with id {} found for {}", id_text(id), target.name()));
}

// Runs the embedded model's observers of one step, when there are any; `fill` sets the
// step's fields. LoopBack's ctx for an embedded item carries no isNewInstance and no
// where: only instance, or data + currentInstance (before save of an update).
template <typename Fill>
Status step(HookRun& run, HookPoint point, Fill&& fill) {
  if (!run.observed(point)) return {};
  HookContext context = run.context(point);
  fill(context);
  return run.notify(context);
}

// The position of the item whose id is `id` (by LoopBack's string comparison).
Array::iterator find_item(Array& list, const std::string& key, const Value& id) {
  return std::find_if(list.begin(), list.end(), [&](const Value& item) {
    const Value* value = item.find(key);
    return item.is_object() && value && same_id(*value, id);
  });
}

}  // namespace

Array EmbeddedAccessor::items() const {
  const Value& stored = owner_->get(relation_->key_from);
  return stored.is_array() ? stored.as_array() : Array{};
}

Instance EmbeddedAccessor::instance(const Value& item) const {
  return target_->make_instance(item.is_object() ? item.as_object() : Object{}, true);
}

Result<Object> EmbeddedAccessor::make_item(const Value& data, const Array* list) const {
  if (!data.is_null() && !data.is_object()) return invalid_input("data must be an object");
  Object row = data.is_object() ? data.as_object() : Object{};
  // The relation's `properties`: {itemProperty: ownerProperty} copied from the owner.
  if (const Object* properties = relation_->definition->properties.if_object()) {
    for (const auto& [to, from] : *properties)
      if (const std::string* source = from.if_string()) row.insert_or_assign(to, owner_->get(*source));
  }
  const std::string& id_name = relation_->key_to;
  const PropertyDefinition* id = target_->definition().property(id_name);
  const Value* given = row.find(id_name);
  if (list && id && id->type.kind == PropertyType::Kind::Number &&
      (!given || given->is_null() || relation_option(*relation_, "forceId", false))) {
    // LoopBack numbers embedded items: one more than the largest numeric id in the list.
    double next = 1;
    for (const Value& item : *list) {
      const Value* other = item.find(id_name);
      if (other && other->is_number()) next = std::max(next, std::floor(other->is_integer() ? static_cast<double>(other->as_integer()) : other->as_double()) + 1);
    }
    row.insert_or_assign(id_name, Value(static_cast<std::int64_t>(next)));
  }
  auto built = target_->build(Value(std::move(row)));
  if (!built) return built.error();
  return built->data();
}

Result<Object> EmbeddedAccessor::conform(const Instance& item) const {
  auto built = target_->build(Value(item.data()));
  if (!built) return built.error();
  return built->data();
}

Status EmbeddedAccessor::check(const Object& item, const Options& options) const {
  if (!relation_option(*relation_, "validate", true)) return {};
  Instance candidate(*target_, item, false);
  return candidate.validate(options_for(*target_, options));
}

Status EmbeddedAccessor::save_owner(Value value, const Options& options, bool changed_in_place) const {
  if (owner_->is_new_record()) {
    owner_->set(relation_->key_from, std::move(value));
    return owner_->save(options);
  }
  Value previous;
  if (changed_in_place) {
    previous = owner_->get(relation_->key_from);
    owner_->set(relation_->key_from, value);
  }
  Status patched = owner_->patch_attributes(Value(Object{{relation_->key_from, std::move(value)}}), options);
  if (!patched && changed_in_place) owner_->set(relation_->key_from, std::move(previous));
  return patched;
}

Status EmbeddedAccessor::save_whole_owner(Value value, const Options& options) const {
  Value previous = owner_->get(relation_->key_from);
  owner_->set(relation_->key_from, std::move(value));
  Status saved = owner_->save(options);
  if (!saved) owner_->set(relation_->key_from, std::move(previous));
  return saved;
}

Result<std::vector<std::size_t>> EmbeddedAccessor::select(const Array& list, filter::Syntax syntax,
                                                          const Options& /*options*/) const {
  if (!syntax.include.empty())
    return invalid_input(fmt::format("filter.include: the items of the embedded relation \"{}\" cannot include "
                                     "relations",
                                     relation_->name));
  ModelDefinition definition = scratch_definition(target_->definition());
  ConnectorConfig config{"embedded items", Value(Object{{"connector", "memory"}}), {}};
  auto connector = make_scratch_connector(config);
  if (!connector) return connector.error();
  DataSource source(config.data_source, config.settings, std::move(connector).value());
  if (Status defined = source.connector().define(definition); !defined) return defined.error();
  Model scratch(definition, target_->registry(), source);
  Array rows;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_object()) continue;
    Object row = list[i].as_object();
    row.insert_or_assign(kPosition, Value(static_cast<std::int64_t>(i)));
    rows.emplace_back(std::move(row));
  }
  Model::ImportOptions import;
  import.validate = false;
  if (auto loaded = scratch.import(rows, import); !loaded) return loaded.error();
  // List order where the filter gives none, and among equal keys.
  syntax.order.push_back(filter::OrderKey{{kPosition}, false});
  syntax.fields = filter::FieldsSpec{{{kPosition, true}}};
  auto found = scratch.find(FilterInput(std::move(syntax)));
  if (!found) return found.error();
  std::vector<std::size_t> positions;
  for (const Instance& row : *found) {
    const Value& position = row.get(kPosition);
    if (position.is_number()) positions.push_back(static_cast<std::size_t>(position.is_integer() ? position.as_integer() : static_cast<std::int64_t>(position.as_double())));
  }
  return positions;
}

// --- embedsOne ---

Result<std::optional<Instance>> EmbeddedAccessor::get() const {
  const Value& stored = owner_->get(relation_->key_from);
  if (!stored.is_object()) return std::optional<Instance>();
  return std::optional<Instance>(instance(stored));
}

// LoopBack: before save {data, currentInstance}, the data applied and validated, the
// whole owner saved, after save {instance}; what after-save observers change is returned.
Result<Instance> EmbeddedAccessor::update(const Value& data, const Options& options) const {
  if (!data.is_object()) return invalid_input("update: data must be an object");
  const Value stored = owner_->get(relation_->key_from);
  if (!stored.is_object()) return create(data, options);
  HookRun run(*target_, options);
  Object changes = data.as_object();
  const Instance current = instance(stored);
  if (Status status = step(run, HookPoint::BeforeSave, [&](HookContext& c) {
        c.data = &changes;
        c.current_instance = &current;
      });
      !status) {
    return status.error();
  }
  Object merged = stored.as_object();
  for (auto& [key, value] : changes) merged.insert_or_assign(key, std::move(value));
  auto item = make_item(Value(std::move(merged)), nullptr);
  if (!item) return item.error();
  return store_one(run, std::move(item).value(), options, true);
}

Result<Instance> EmbeddedAccessor::store_one(HookRun& run, Object item, const Options& options,
                                             bool whole_owner) const {
  if (Status ok = check(item, options); !ok) return ok.error();
  Status saved = whole_owner ? save_whole_owner(Value(std::move(item)), options) : save_owner(Value(std::move(item)), options);
  if (!saved) return saved.error();
  Instance stored = instance(owner_->get(relation_->key_from));
  if (Status status = step(run, HookPoint::AfterSave, [&](HookContext& c) { c.instance = &stored; }); !status)
    return status.error();
  return stored;
}

// LoopBack: before delete {instance}, the whole owner saved with the property unset,
// after delete {instance}.
Result<std::int64_t> EmbeddedAccessor::destroy(const Options& options) const {
  const Value& stored = owner_->get(relation_->key_from);
  if (!stored.is_object()) return 0;
  HookRun run(*target_, options);
  Instance removed = instance(stored);
  if (Status status = step(run, HookPoint::BeforeDelete, [&](HookContext& c) { c.instance = &removed; }); !status)
    return status.error();
  if (Status saved = save_whole_owner(Value(), options); !saved) return saved.error();
  if (Status status = step(run, HookPoint::AfterDelete, [&](HookContext& c) { c.instance = &removed; }); !status)
    return status.error();
  return 1;
}

// --- embedsMany ---

Result<std::vector<Instance>> EmbeddedAccessor::find(const FilterInput& filter, const Options& options) const {
  auto syntax = filter.parse();
  if (!syntax) return syntax.error();
  std::optional<filter::FieldsSpec> fields = std::move(syntax->fields);
  syntax->fields.reset();
  const Array list = items();
  std::vector<Instance> rows;
  const bool everything = (!syntax->where || empty_where(*syntax->where)) && syntax->order.empty() &&
                          !syntax->limit && !syntax->skip && !syntax->offset && syntax->include.empty();
  if (everything) {
    for (const Value& item : list)
      if (item.is_object()) rows.push_back(instance(item));
  } else {
    auto positions = select(list, std::move(syntax).value(), options);
    if (!positions) return positions.error();
    for (std::size_t position : *positions) rows.push_back(instance(list[position]));
  }
  if (fields && !fields->entries.empty())
    for (Instance& row : rows) apply_fields(row, *fields);
  return rows;
}

Result<Instance> EmbeddedAccessor::find_by_id(const Value& id) const {
  for (const Value& item : items()) {
    const Value* key = item.find(relation_->key_to);
    if (item.is_object() && key && same_id(*key, id)) return instance(item);
  }
  return not_in_list(id, *target_);
}

Result<std::int64_t> EmbeddedAccessor::count(const WhereInput& where, const Options& options) const {
  auto node = where.parse();
  if (!node) return node.error();
  const Array list = items();
  if (empty_where(*node))
    return static_cast<std::int64_t>(std::count_if(list.begin(), list.end(), [](const Value& v) { return v.is_object(); }));
  filter::Syntax syntax;
  syntax.where = std::move(node).value();
  auto positions = select(list, std::move(syntax), options);
  if (!positions) return positions.error();
  return static_cast<std::int64_t>(positions->size());
}

bool EmbeddedAccessor::exists(const Value& id) const { return static_cast<bool>(find_by_id(id)); }

std::optional<Instance> EmbeddedAccessor::at(std::int64_t index) const {
  const Array list = items();
  if (index < 0 || static_cast<std::size_t>(index) >= list.size() || !list[index].is_object()) return std::nullopt;
  return instance(list[index]);
}

// LoopBack: before save {data, currentInstance}, the data applied and validated, the
// owner patched, after save {instance}; what after-save observers change is returned.
Result<Instance> EmbeddedAccessor::update_by_id(const Value& id, const Value& data, const Options& options) const {
  if (!data.is_object()) return invalid_input("updateById: data must be an object");
  Array list = items();
  auto it = find_item(list, relation_->key_to, id);
  if (it == list.end()) return not_in_list(id, *target_);
  const Value current_id = *it->find(relation_->key_to);
  const auto id_kept = [&](const Object& changes) -> Status {
    const Value* given = changes.find(relation_->key_to);
    if (!given || same_id(*given, current_id)) return {};
    return invalid_input(fmt::format("updateById: the id of an item of the embedded relation \"{}\" cannot change "
                                     "(from {} to {})",
                                     relation_->name, id_text(current_id), id_text(*given)));
  };
  Object changes = data.as_object();
  if (Status kept = id_kept(changes); !kept) return kept.error();
  const auto position = static_cast<std::size_t>(it - list.begin());
  HookRun run(*target_, options);
  const Instance current = instance(*it);
  if (Status status = step(run, HookPoint::BeforeSave, [&](HookContext& c) {
        c.data = &changes;
        c.current_instance = &current;
      });
      !status) {
    return status.error();
  }
  if (Status kept = id_kept(changes); !kept) return kept.error();  // an observer may have set it
  Object merged = list[position].as_object();
  for (auto& [key, value] : changes) merged.insert_or_assign(key, std::move(value));
  auto item = make_item(Value(std::move(merged)), nullptr);
  if (!item) return item.error();
  if (Status ok = check(*item, options); !ok) return ok.error();
  list[position] = Value(std::move(item).value());
  if (Status saved = save_owner(Value(std::move(list)), options); !saved) return saved.error();
  const Array stored = items();
  Instance updated = instance(position < stored.size() ? stored[position] : Value());
  if (Status status = step(run, HookPoint::AfterSave, [&](HookContext& c) { c.instance = &updated; }); !status)
    return status.error();
  return updated;
}

// LoopBack: before delete {instance}, the owner patched, after delete {instance}.
Result<std::int64_t> EmbeddedAccessor::destroy_by_id(const Value& id, const Options& options) const {
  Array list = items();
  auto it = find_item(list, relation_->key_to, id);
  if (it == list.end()) return 0;
  HookRun run(*target_, options);
  Instance removed = instance(*it);
  if (Status status = step(run, HookPoint::BeforeDelete, [&](HookContext& c) { c.instance = &removed; }); !status)
    return status.error();
  list.erase(it);
  if (Status saved = save_owner(Value(std::move(list)), options); !saved) return saved.error();
  if (Status status = step(run, HookPoint::AfterDelete, [&](HookContext& c) { c.instance = &removed; }); !status)
    return status.error();
  return 1;
}

Result<std::int64_t> EmbeddedAccessor::destroy_all(const WhereInput& where, const Options& options) const {
  auto node = where.parse();
  if (!node) return node.error();
  const Array list = items();
  Array kept;
  if (!empty_where(*node)) {
    filter::Syntax syntax;
    syntax.where = std::move(node).value();
    auto positions = select(list, std::move(syntax), options);
    if (!positions) return positions.error();
    std::vector<bool> removed(list.size(), false);
    for (std::size_t position : *positions) removed[position] = true;
    for (std::size_t i = 0; i < list.size(); ++i)
      if (!removed[i]) kept.push_back(list[i]);
  }
  const auto n = static_cast<std::int64_t>(list.size() - kept.size());
  if (Status saved = save_owner(Value(std::move(kept)), options, false); !saved) return saved.error();
  return n;
}

// --- Both ---

// LoopBack: embedsOne runs before save {instance} and then validates the value;
// embedsMany validates the item first. Then the owner is patched (saved when new) and
// after save {instance} runs; what after-save observers change is returned, not stored.
Result<Instance> EmbeddedAccessor::create(const Value& data, const Options& options) const {
  Array list;
  if (relation_->multiple) list = items();
  auto item = make_item(data, relation_->multiple ? &list : nullptr);
  if (!item) return item.error();
  if (relation_->multiple) {
    if (Status ok = check(*item, options); !ok) return ok.error();
  }
  HookRun run(*target_, options);
  if (run.observed(HookPoint::BeforeSave)) {
    Instance built = target_->make_instance(std::move(item).value(), false);
    if (Status status = step(run, HookPoint::BeforeSave, [&](HookContext& c) { c.instance = &built; }); !status)
      return status.error();
    item = conform(built);
    if (!item) return item.error();
  }
  if (!relation_->multiple) return store_one(run, std::move(item).value(), options, false);
  const bool prepend = relation_option(*relation_, "prepend", false);
  if (prepend) {
    list.insert(list.begin(), Value(std::move(item).value()));
  } else {
    list.push_back(Value(std::move(item).value()));
  }
  const std::size_t position = prepend ? 0 : list.size() - 1;
  if (Status saved = save_owner(Value(std::move(list)), options); !saved) return saved.error();
  const Array stored = items();
  Instance created = instance(position < stored.size() ? stored[position] : Value());
  if (Status status = step(run, HookPoint::AfterSave, [&](HookContext& c) { c.instance = &created; }); !status)
    return status.error();
  return created;
}

Result<Instance> EmbeddedAccessor::build(const Value& data) const {
  if (!relation_->multiple) {
    auto item = make_item(data, nullptr);
    if (!item) return item.error();
    owner_->set(relation_->key_from, Value(*item));
    return instance(Value(std::move(item).value()));
  }
  Array list = items();
  auto item = make_item(data, &list);
  if (!item) return item.error();
  Value value(std::move(item).value());
  if (relation_option(*relation_, "prepend", false)) {
    list.insert(list.begin(), value);
  } else {
    list.push_back(value);
  }
  owner_->set(relation_->key_from, Value(std::move(list)));
  return instance(value);
}

// --- Owner-side validations ---

Status add_embedded_validations(Model& owner, const Relation& relation) {
  const std::string target_name = relation.to ? relation.to->name : "";
  const std::string property = relation.key_from;
  const std::string id_name = relation.key_to;
  auto target_of = [target_name](const Instance& record) { return record.model().related_model(target_name); };
  auto valid_item = [target_of](const Instance& record, const Value& item, const Options& options) {
    Model* target = target_of(record);
    if (!target || !item.is_object()) return item.is_null();
    return Instance(*target, item.as_object(), false).is_valid(options_for(*target, options));
  };
  if (relation_option(relation, "validate", true)) {
    ValidationOptions invalid;
    invalid.code = "invalid";
    if (relation.type == RelationType::EmbedsOne) {
      invalid.message = "is invalid";
      Status added = owner.validations().validate(
          relation.name,
          [property, valid_item](const Instance& record, const Options& options) {
            return valid_item(record, record.get(property), options);
          },
          std::move(invalid));
      if (!added) return added;
    } else {
      invalid.message = "contains invalid item";
      Status added = owner.validations().validate(
          property,
          [property, valid_item](const Instance& record, const Options& options) {
            const Value& list = record.get(property);
            if (!list.is_array()) return true;
            return std::all_of(list.as_array().begin(), list.as_array().end(),
                               [&](const Value& item) { return item.is_object() && valid_item(record, item, options); });
          },
          std::move(invalid));
      if (!added) return added;
    }
  }
  if (relation.type != RelationType::EmbedsMany || relation.polymorphic) return {};
  ValidationOptions duplicate;
  duplicate.code = "uniqueness";
  duplicate.message = fmt::format("contains duplicate `{}`", id_name);
  return owner.validations().validate(
      property,
      [property, id_name](const Instance& record, const Options&) {
        const Value& list = record.get(property);
        if (!list.is_array()) return true;
        std::vector<std::string> seen;
        for (const Value& item : list.as_array()) {
          const Value* id = item.find(id_name);
          if (!id || id->is_null()) continue;
          std::string text = id_text(*id);
          if (std::find(seen.begin(), seen.end(), text) != seen.end()) return false;
          seen.push_back(std::move(text));
        }
        return true;
      },
      std::move(duplicate));
}

}  // namespace lb::dao
