// The PersistedModel operations, once, over lb::Connector. Each operation turns its
// input into a bound filter or a prepared row here, then makes the connector calls;
// everything LoopBack does above the connector (defaults, ids, forceId, strict mode,
// required properties, the default scope) happens in this file and its helpers.
#include "lb/model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "dao/bound_cache.hpp"
#include "dao/default_scope.hpp"
#include "dao/default_values.hpp"
#include "dao/include_runner.hpp"
#include "dao/related_where.hpp"
#include "dao/row_coercion.hpp"
#include "dao/validation_errors.hpp"
#include "lb/json.hpp"

namespace lb {
namespace {

// LoopBack's `blank`: what a required property may not be.
bool blank(const Value* value) {
  if (value == nullptr || value->is_null()) return true;
  if (value->is_string()) return value->as_string().empty();
  if (value->is_array()) return value->as_array().empty();
  if (value->is_double()) return std::isnan(value->as_double());
  return false;
}

// How an id prints in LoopBack's messages: numbers and strings bare.
std::string id_text(const Value& id) {
  if (id.is_string()) return id.as_string();
  return to_json(id);
}

Error model_not_found(const Value& id) {
  return Error(ErrorCode::NotFound,
               "Could not update attributes. Object with id " + id_text(id) + " does not exist!");
}

Error data_not_object(const char* operation) {
  return invalid_input(fmt::format("{}: data must be an object", operation));
}

bool is_duplicate(const Error& error) { return error.code() == ErrorCode::Conflict; }

filter::WhereNode id_condition(const std::string& id_name, const Value& id) {
  filter::WhereNode node;
  node.kind = filter::WhereNode::Kind::Condition;
  node.condition.path = {id_name};
  node.condition.op = filter::Operator::Eq;
  node.condition.operand = id;
  return node;
}

}  // namespace

namespace dao {
struct QueryCache {
  BoundCache<filter::Bound> filters;
  BoundCache<filter::BoundWhere> wheres;
};
}  // namespace dao

Model::~Model() = default;

// The id converted to the id property's type, as bind converts operands ("7" -> 7).
// Ids already of the property's kind (the common case) skip the binder.
Result<Value> Model::typed_id(const Value& id) const {
  if (id.is_null()) return invalid_input(fmt::format("{}: the id argument is required", name()));
  if (const PropertyDefinition* property = definition_->property(id_name_)) {
    const PropertyType::Kind kind = property->type.kind;
    if ((kind == PropertyType::Kind::Number && id.is_number()) ||
        (kind == PropertyType::Kind::String && id.is_string())) {
      return id;
    }
  }
  auto bound = filter::bind_where(id_condition(id_name_, id), *definition_, *registry_, bind_options_);
  if (!bound) return bound.error();
  if (bound->kind != filter::WhereNode::Kind::Condition || bound->condition.values.empty()) return id;
  return std::move(bound->condition.values.front());
}

Model::Model(const ModelDefinition& definition, const Registry& registry, DataSource& data_source)
    : definition_(&definition),
      registry_(&registry),
      data_source_(&data_source),
      cache_(std::make_unique<dao::QueryCache>()) {
  const auto ids = definition.id_properties();
  id_name_ = ids.empty() ? "id" : ids.front()->name;
  // LoopBack turns forceId on for a generated id unless the model says false.
  const bool generated = !ids.empty() && ids.front()->generated;
  force_id_ = definition.force_id.value_or(generated);
  auto scope = dao::parse_scope(definition.scope, "scope");
  if (scope) {
    default_scope_ = std::move(scope).value();
  } else {
    scope_error_ = scope.error();
  }
  // A primary-key read may skip planning only when nothing else narrows it: no default
  // scope where (an id property always exists once the registry resolved the model).
  direct_id_lookup_ = !scope_error_ && !default_scope_.where && definition.property(id_name_) != nullptr;
}

Result<Instance> Model::build(const Value& data) {
  auto row = prepare_create(data, /*client_write=*/false, /*validate=*/false);
  if (!row) return row.error();
  return Instance(*this, std::move(row).value(), false);
}

Instance Model::make_instance(Object data, bool persisted) {
  return Instance(*this, std::move(data), persisted);
}

std::vector<Instance> Model::instances(std::vector<Object> rows) {
  std::vector<Instance> result;
  result.reserve(rows.size());
  for (Object& row : rows) result.emplace_back(*this, std::move(row), true);
  return result;
}

std::vector<Instance> Model::instances(std::vector<Record> rows) {
  std::vector<Instance> result;
  result.reserve(rows.size());
  for (Record& row : rows) result.emplace_back(*this, std::move(row), true);
  return result;
}

// --- Binding -----------------------------------------------------------------------

Result<filter::Bound> Model::bind_syntax(filter::Syntax syntax) const {
  if (scope_error_) return *scope_error_;
  syntax = dao::merge_scope(default_scope_, std::move(syntax));
  return filter::bind(std::move(syntax), *definition_, *registry_, bind_options_);
}

Result<filter::Bound> Model::bind_filter(const FilterInput& filter) const {
  auto syntax = filter.parse(bind_options_.limits);
  if (!syntax) return syntax.error();
  return bind_syntax(std::move(syntax).value());
}

Result<filter::BoundWhere> Model::bind_where_node(filter::WhereNode where) const {
  if (scope_error_) return *scope_error_;
  auto merged = dao::and_where(default_scope_.where, std::move(where));
  if (!merged) merged = filter::WhereNode{};
  return filter::bind_where(std::move(*merged), *definition_, *registry_, bind_options_);
}

Result<filter::BoundWhere> Model::bind_where(const WhereInput& where) const {
  auto node = where.parse(bind_options_.limits);
  if (!node) return node.error();
  return bind_where_node(std::move(node).value());
}

Result<std::shared_ptr<const filter::Bound>> Model::compile(const FilterInput& filter) const {
  if (const PreparedFilter* prepared = filter.prepared()) {
    if (prepared->bound().model != definition_) {
      return invalid_input(fmt::format("a filter prepared for {} cannot query {}",
                                       prepared->bound().model ? prepared->bound().model->name : "?",
                                       name()));
    }
    return prepared->shared();
  }
  bool query = false;
  const std::string* text = filter.text(query);
  return cache_->filters.find_or_bind(text, query, [&] { return bind_filter(filter); });
}

Result<std::shared_ptr<const filter::BoundWhere>> Model::compile_where(const WhereInput& where,
                                                                      const Options& options) const {
  auto bound = compile_where(where);
  if (!bound) return bound.error();
  if (!dao::has_related(**bound)) return bound;
  auto resolved = dao::resolve_related(*this, **bound, options);
  if (!resolved) return resolved.error();
  return std::make_shared<const filter::BoundWhere>(std::move(resolved).value());
}

Result<std::shared_ptr<const filter::BoundWhere>> Model::compile_where(const WhereInput& where) const {
  bool query = false;
  const std::string* text = where.text(query);
  return cache_->wheres.find_or_bind(text, query, [&] { return bind_where(where); });
}

Result<PreparedFilter> Model::prepare(const FilterInput& filter) const {
  auto bound = compile(filter);
  if (!bound) return bound.error();
  return PreparedFilter(std::move(bound).value());
}

Result<filter::Bound> Model::by_id_filter(const Value& id, const FilterInput& filter) const {
  if (id.is_null()) return invalid_input(fmt::format("{}: the id argument is required", name()));
  auto syntax = filter.parse(bind_options_.limits);
  if (!syntax) return syntax.error();
  syntax->where = dao::and_where(id_condition(id_name_, id), std::move(syntax->where));
  return bind_syntax(std::move(syntax).value());
}

// --- Relations ---------------------------------------------------------------------

Result<Relation> Model::relation(std::string_view name) const {
  const RelationDefinition* definition = definition_->relation(name);
  if (!definition) return invalid_input(fmt::format("Relation \"{}\" is not defined for {} model", name, this->name()));
  return resolve_relation(*definition_, *definition, *registry_);
}

Result<std::vector<Instance>> Model::run_find(const Target& target, const filter::Bound& given,
                                              const Options& options) {
  // Relation conditions become key conditions first (queries on the related models).
  std::optional<filter::Bound> resolved;
  if (given.where && dao::has_related(*given.where)) {
    auto where = dao::resolve_related(*this, *given.where, options);
    if (!where) return where.error();
    resolved.emplace(given);
    resolved->where = std::move(where).value();
  }
  const filter::Bound& bound = resolved ? *resolved : given;
  if (bound.include.empty()) {
    auto rows = target->find(bound);
    if (!rows) return rows.error();
    return instances(std::move(rows).value());
  }
  auto keys = dao::include_keys(*this, bound.include);
  if (!keys) return keys.error();
  // A `fields` that leaves out a key an include needs still gets the include: the key
  // is read, then dropped from the output (LoopBack fails or drops the include).
  std::vector<std::string> added;
  std::optional<filter::Bound> widened;
  if (bound.fields) {
    for (const std::string& key : *keys)
      if (std::find(bound.fields->begin(), bound.fields->end(), key) == bound.fields->end()) added.push_back(key);
    if (!added.empty()) {
      widened.emplace(bound);
      widened->fields->insert(widened->fields->end(), added.begin(), added.end());
    }
  }
  auto rows = target->find(widened ? *widened : bound);
  if (!rows) return rows.error();
  std::vector<Instance> found = instances(std::move(rows).value());
  if (Status status = dao::run_includes(*this, found, bound.include, options); !status) return status.error();
  for (Instance& instance : found) instance.drop_properties(added);
  return found;
}

// --- Transactions ------------------------------------------------------------------

Result<Model::Target> Model::target(const Options& options) const {
  Target target;
  if (options.transaction == nullptr) {
    target.connector = &data_source_->connector();
    return target;
  }
  if (&options.transaction->data_source() != data_source_) {
    return invalid_input(fmt::format("{}: the transaction belongs to data source \"{}\", not \"{}\"", name(),
                                     options.transaction->data_source().name(), data_source_->name()));
  }
  auto lease = options.transaction->use();
  if (!lease) return lease.error();
  target.lease.emplace(std::move(lease).value());
  target.connector = &target.lease->connector();
  return target;
}

Result<Transaction> Model::begin_transaction(const TransactionOptions& options) {
  return data_source_->begin_transaction(options);
}

// --- Queries -----------------------------------------------------------------------

Result<std::vector<Instance>> Model::find(const FilterInput& filter, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  auto bound = compile(filter);
  if (!bound) return bound.error();
  return run_find(*target, **bound, options);
}

Result<std::optional<Instance>> Model::find_one(const FilterInput& filter, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  auto compiled = compile(filter);
  if (!compiled) return compiled.error();
  std::shared_ptr<const filter::Bound> bound = std::move(compiled).value();
  if (bound->limit != 1) {
    auto limited = std::make_shared<filter::Bound>(*bound);
    limited->limit = 1;
    bound = std::move(limited);
  }
  auto rows = run_find(*target, *bound, options);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Instance>();
  return std::optional<Instance>(std::move(rows->front()));
}

Result<std::optional<Instance>> Model::find_by_id(const Value& id, const FilterInput& filter, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  // No filter and no default scope: a direct lookup, as a primary-key read should be.
  if (filter.empty() && direct_id_lookup_) {
    if (auto key = typed_id(id)) {
      auto row = (*target)->find_by_id(*definition_, *key);
      if (!row) return row.error();
      if (!*row) return std::optional<Instance>();
      return std::optional<Instance>(Instance(*this, std::move(**row), true));
    }
  }
  auto bound = by_id_filter(id, filter);
  if (!bound) return bound.error();
  bound->limit = 1;
  auto rows = run_find(*target, *bound, options);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Instance>();
  return std::optional<Instance>(std::move(rows->front()));
}

Result<std::vector<Instance>> Model::find_by_ids(const Array& ids, const FilterInput& filter, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  auto syntax = filter.parse(bind_options_.limits);
  if (!syntax) return syntax.error();
  filter::WhereNode in;
  in.kind = filter::WhereNode::Kind::Condition;
  in.condition.path = {id_name_};
  in.condition.op = filter::Operator::Inq;
  in.condition.operand = ids;
  syntax->where = dao::and_where(std::move(in), std::move(syntax->where));
  auto bound = bind_syntax(std::move(syntax).value());
  if (!bound) return bound.error();
  auto rows = run_find(*target, *bound, options);
  if (!rows) return rows.error();
  // LoopBack returns them in the order the ids were given.
  std::vector<Instance> found = std::move(rows).value();
  std::vector<Instance> ordered;
  ordered.reserve(found.size());
  for (const Value& id : ids) {
    auto key = typed_id(id);
    if (!key) continue;
    for (const Instance& instance : found) {
      if (instance.id() == *key) {
        ordered.push_back(instance);
        break;
      }
    }
  }
  return ordered;
}

Result<std::int64_t> Model::count(const WhereInput& where, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  auto bound = compile_where(where, options);
  if (!bound) return bound.error();
  return (*target)->count(*definition_, bound->get());
}

Result<bool> Model::exists(const Value& id, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  if (id.is_null()) return invalid_input(fmt::format("{}: the id argument is required", name()));
  auto bound = bind_where_node(id_condition(id_name_, id));
  if (!bound) return bound.error();
  auto n = (*target)->count(*definition_, &*bound);
  if (!n) return n.error();
  return *n > 0;
}

Result<std::vector<Instance>> Model::find_in_scope(std::string_view scope, const FilterInput& filter, const Options& options) {
  const Value* definition = definition_->scopes.find(scope);
  if (definition == nullptr) {
    return Error(ErrorCode::NotFound, fmt::format("{} has no scope named \"{}\"", name(), scope));
  }
  auto scope_syntax = dao::parse_scope(*definition, "scopes");
  if (!scope_syntax) return scope_syntax.error();
  auto syntax = filter.parse(bind_options_.limits);
  if (!syntax) return syntax.error();
  return find(FilterInput(dao::merge_scope(*scope_syntax, std::move(syntax).value())), options);
}

Result<std::string> Model::explain(const FilterInput& filter, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  auto compiled = compile(filter);
  if (!compiled) return compiled.error();
  auto bound = dao::resolve_related(*this, std::move(compiled).value(), options);
  if (!bound) return bound.error();
  return (*target)->explain(**bound);
}

// --- Preparing written data ---------------------------------------------------------

Result<Object> Model::prepare_create(const Value& data, bool client_write, bool validate) const {
  const Object* input = data.if_object();
  if (input == nullptr) return data_not_object("create");
  dao::ValidationErrors errors(name());
  Object row;
  row.reserve(definition_->properties.size() + 1);
  // Data usually lists properties in definition order: the next entry is tried first.
  std::size_t next = 0, matched = 0;
  for (const PropertyDefinition& property : definition_->properties) {
    const Value* given = nullptr;
    if (next < input->size() && (input->begin() + static_cast<std::ptrdiff_t>(next))->first == property.name) {
      given = &(input->begin() + static_cast<std::ptrdiff_t>(next++))->second;
    } else {
      given = input->find(property.name);
    }
    if (given) {
      ++matched;
      // Most values are already of their property's type: copied once, in place.
      if (dao::already_of_type(*given, property.type)) {
        row.push_back(property.name, *given);
        continue;
      }
      Value converted;
      if (dao::coerce_to_type(*given, property.type, *registry_, property.name, errors, converted)) {
        row.push_back(property.name, std::move(converted));
      }
      continue;
    }
    if (!property.default_value && property.default_fn.empty()) continue;  // no default
    auto fallback = dao::default_value(property);
    if (!fallback) return fallback.error();
    if (*fallback) row.push_back(property.name, std::move(**fallback));
  }
  // Object keys are unique: when every key named a property, none is left over.
  if (matched != input->size()) {
    for (const auto& [key, value] : *input) {
      if (definition_->property(key) != nullptr) continue;
      switch (definition_->strict) {
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
  if (client_write && force_id_) {
    const Value* id = row.find(id_name_);
    if (id != nullptr && !id->is_null()) errors.add(id_name_, "absence", "can't be set", *id);
  }
  for (const PropertyDefinition& property : definition_->properties) {
    if (!property.required || !validate) continue;
    const Value* value = row.find(property.name);
    if (blank(value)) {
      errors.add(property.name, "presence", "can't be blank",
                 value ? std::optional<Value>(*value) : std::nullopt);
    }
  }
  if (!errors.empty()) return errors.to_error();
  return row;
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
    if (property->required && blank(&converted)) {
      errors.add(key, "presence", "can't be blank", converted);
      continue;
    }
    patch.push_back(key, std::move(converted));
  }
  if (!errors.empty()) return errors.to_error();
  return patch;
}

// --- Writes ------------------------------------------------------------------------

Result<Instance> Model::create_prepared(Object row, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  auto stored = (*target)->create(*definition_, std::move(row));
  if (!stored) return stored.error();
  return Instance(*this, std::move(stored).value(), true);
}

Result<Instance> Model::create(const Value& data, const Options& options) {
  auto row = prepare_create(data, true);
  if (!row) return row.error();
  return create_prepared(std::move(row).value(), options);
}

Result<std::vector<Instance>> Model::create_all(const Array& data, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  std::vector<Object> rows;
  rows.reserve(data.size());
  for (const Value& item : data) {
    auto row = prepare_create(item, true);
    if (!row) return row.error();
    rows.push_back(std::move(row).value());
  }
  auto stored = (*target)->create_all(*definition_, std::move(rows));
  if (!stored) return stored.error();
  return instances(std::move(stored).value());
}

Result<Instance> Model::patch_by_id(const Value& id, const Value& data, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  auto patch = prepare_patch(data);
  if (!patch) return patch.error();
  auto key = typed_id(id);
  if (!key) return key.error();
  if (const Value* new_id = patch->find(id_name_)) {
    // The data may repeat the id (upsert always does); only a different one needs the
    // stored record, to say whether it is missing (404) or may not move (400).
    if (!(*new_id == *key)) {
      auto current = find_by_id(*key, {}, options);
      if (!current) return current.error();
      if (!*current) return model_not_found(id);
      if (force_id_) {
        return invalid_input(fmt::format("id cannot be updated from {} to {} when forceId is set to true",
                                         id_text((*current)->id()), id_text(*new_id)));
      }
      return invalid_input(fmt::format("{}: the id cannot be changed from {} to {}", name(),
                                       id_text((*current)->id()), id_text(*new_id)));
    }
    patch->erase(id_name_);
  }
  auto updated = (*target)->update_by_id(*definition_, *key,
                                                        std::move(patch).value(), WriteMode::Patch);
  if (!updated) return updated.error();
  if (!*updated) return model_not_found(id);
  return Instance(*this, std::move(**updated), true);
}

Result<Instance> Model::replace_by_id(const Value& id, const Value& data, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  const Object* input = data.if_object();
  if (input == nullptr) return data_not_object("replaceById");
  auto key = typed_id(id);
  if (!key) return key.error();
  const Value& typed = *key;
  Object with_id = *input;
  with_id.insert_or_assign(id_name_, typed);
  auto row = prepare_create(Value(std::move(with_id)), false);
  if (!row) return row.error();
  auto replaced = (*target)->update_by_id(*definition_, typed,
                                                         std::move(row).value(), WriteMode::Replace);
  if (!replaced) return replaced.error();
  if (!*replaced) {
    return Error(ErrorCode::NotFound,
                 "Could not replace. Object with id " + id_text(id) + " does not exist!");
  }
  return Instance(*this, std::move(**replaced), true);
}

Result<Instance> Model::upsert(const Value& data, const Options& options) {
  const Object* input = data.if_object();
  if (input == nullptr) return data_not_object("upsert");
  const Value* id = input->find(id_name_);
  if (id == nullptr || id->is_null()) return create(data, options);
  // Patch the existing record, or create it; a create that loses a race with another
  // writer's create of the same id patches instead.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto patched = patch_by_id(*id, data, options);
    if (patched) return patched;
    if (patched.error().code() != ErrorCode::NotFound) return patched.error();
    if (force_id_) return patched.error();  // LoopBack: forceId never creates on upsert
    auto row = prepare_create(data, false);
    if (!row) return row.error();
    auto created = create_prepared(std::move(row).value(), options);
    if (created || !is_duplicate(created.error())) return created;
  }
  return Error(ErrorCode::Conflict, fmt::format("{}: concurrent upserts of one id", name()));
}

Result<Instance> Model::replace_or_create(const Value& data, const Options& options) {
  const Object* input = data.if_object();
  if (input == nullptr) return data_not_object("replaceOrCreate");
  const Value* id = input->find(id_name_);
  if (id == nullptr || id->is_null()) return create(data, options);
  if (force_id_) return replace_by_id(*id, data, options);
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto replaced = replace_by_id(*id, data, options);
    if (replaced) return replaced;
    if (replaced.error().code() != ErrorCode::NotFound) return replaced.error();
    auto row = prepare_create(data, false);
    if (!row) return row.error();
    auto created = create_prepared(std::move(row).value(), options);
    if (created || !is_duplicate(created.error())) return created;
  }
  return Error(ErrorCode::Conflict, fmt::format("{}: concurrent writes of one id", name()));
}

Result<Instance> Model::upsert_with_where(const WhereInput& where, const Value& data, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  if (!data.is_object()) return data_not_object("upsertWithWhere");
  auto node = where.parse(bind_options_.limits);
  if (!node) return node.error();
  filter::Syntax syntax;
  syntax.where = std::move(node).value();
  syntax.limit = Value(2);
  auto bound = bind_syntax(std::move(syntax));
  if (!bound) return bound.error();
  auto rows = run_find(*target, *bound, options);
  if (!rows) return rows.error();
  if (rows->empty()) return create(data, options);
  if (rows->size() > 1) {
    return invalid_input("There are multiple instances found.Upsert Operation will not be performed!");
  }
  return patch_by_id(rows->front().get(id_name_), data, options);
}

Result<std::pair<Instance, bool>> Model::find_or_create(const FilterInput& filter, const Value& data, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  auto compiled = compile(filter);
  if (!compiled) return compiled.error();
  auto bound = dao::resolve_related(*this, std::move(compiled).value(), options);
  if (!bound) return bound.error();
  auto row = prepare_create(data, true);
  if (!row) return row.error();
  auto outcome = (*target)->find_or_create(**bound, std::move(row).value());
  if (!outcome) return outcome.error();
  return std::pair<Instance, bool>(Instance(*this, std::move(outcome->row), true), outcome->created);
}

Result<std::int64_t> Model::update_all(const WhereInput& where, const Value& data, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  auto bound = compile_where(where, options);
  if (!bound) return bound.error();
  auto patch = prepare_patch(data);
  if (!patch) return patch.error();
  patch->erase(id_name_);  // updateAll never changes ids
  return (*target)->update_all(*definition_, bound->get(), *patch);
}

Result<std::int64_t> Model::delete_all(const WhereInput& where, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  auto bound = compile_where(where, options);
  if (!bound) return bound.error();
  return (*target)->delete_all(*definition_, bound->get());
}

Result<std::int64_t> Model::delete_by_id(const Value& id, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  if (id.is_null()) return invalid_input(fmt::format("{}: the id argument is required", name()));
  auto bound = bind_where_node(id_condition(id_name_, id));
  if (!bound) return bound.error();
  return (*target)->delete_all(*definition_, &*bound);
}

Result<std::int64_t> Model::import(const Array& rows, const ImportOptions& options) {
  const std::size_t batch_size = std::max<std::size_t>(options.batch_size, 1);
  std::int64_t loaded = 0;
  for (std::size_t start = 0; start < rows.size(); start += batch_size) {
    const std::size_t end = std::min(rows.size(), start + batch_size);
    std::vector<Object> batch;
    batch.reserve(end - start);
    for (std::size_t i = start; i < end; ++i) {
      auto row = prepare_create(rows[i], false, options.validate);
      if (!row) {
        Error error = row.error();
        return Error(error.code(), fmt::format("row {}: {}", i + 1, error.message()), error.name(),
                     error.details());
      }
      batch.push_back(std::move(row).value());
    }
    auto stored = data_source_->connector().create_all(*definition_, std::move(batch));
    if (!stored) {
      Error error = stored.error();
      return Error(error.code(), fmt::format("rows {}-{}: {}", start + 1, end, error.message()),
                   error.name(), error.details());
    }
    loaded += static_cast<std::int64_t>(stored->size());
    if (options.progress) options.progress(static_cast<std::size_t>(loaded));
  }
  return loaded;
}

}  // namespace lb
