// The PersistedModel operations, once, over lb::Connector. Each operation turns its
// input into a bound filter or a prepared row here, then makes the connector calls;
// everything LoopBack does above the connector (defaults, ids, forceId, strict mode,
// validation, hooks, the default scope) happens in this file, model_writes.cpp and
// their helpers. This file has the queries.
#include "lb/model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "dao/bound_cache.hpp"
#include "dao/default_scope.hpp"
#include "dao/default_values.hpp"
#include "dao/include_runner.hpp"
#include "dao/model_support.hpp"
#include "dao/observers.hpp"
#include "dao/related_where.hpp"
#include "dao/row_coercion.hpp"
#include "lb/json.hpp"
#include "lb/validation.hpp"

namespace lb {

using dao::id_condition;

namespace dao {
struct QueryCache {
  BoundCache<filter::Bound> filters;
  BoundCache<filter::BoundWhere> wheres;
};
}  // namespace dao

Model::~Model() {
  // Observers of a model that goes away no longer count.
  long mine = 0;
  for (const auto& list : observers_->lists)
    if (list) mine += static_cast<long>(list->size());
  if (observers_->listeners) mine += static_cast<long>(observers_->listeners->size());
  if (mine != 0) dao::observers_in_process.fetch_sub(mine, std::memory_order_release);
}

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
      cache_(std::make_unique<dao::QueryCache>()),
      observers_(std::make_unique<dao::Observers>()) {
  if (const Object* settings = definition.settings.if_object()) {
    const Value* update_on_load = settings->find("updateOnLoad");
    update_on_load_ = update_on_load && update_on_load->is_bool() && update_on_load->as_bool();
  }
  auto validations = Validations::from_definition(definition);
  if (validations) {
    validations_ = std::make_unique<Validations>(std::move(validations).value());
  } else {
    validations_ = std::make_unique<Validations>();
    validations_error_ = validations.error();
  }
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
  auto row = prepare_create(data, /*client_write=*/false);
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

Result<filter::Bound> Model::bind_filter(FilterInput&& filter) const {
  auto syntax = std::move(filter).parse(bind_options_.limits);
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
  const std::string_view text = filter.text(query);
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
  const std::string_view text = where.text(query);
  return cache_->wheres.find_or_bind(text, query, [&] { return bind_where(where); });
}

Result<PreparedFilter> Model::prepare(const FilterInput& filter) const {
  auto bound = compile(filter);
  if (!bound) return bound.error();
  // The syntax is kept for "access" observers, which see every query as JSON.
  std::shared_ptr<const filter::Syntax> syntax;
  if (const PreparedFilter* prepared = filter.prepared()) {
    syntax = prepared->shared_syntax();
  } else if (auto parsed = filter.parse(bind_options_.limits)) {
    syntax = std::make_shared<const filter::Syntax>(std::move(parsed).value());
  }
  return PreparedFilter(std::move(bound).value(), std::move(syntax));
}

// --- Relations ---------------------------------------------------------------------

Result<Relation> Model::relation(std::string_view name) const {
  const RelationDefinition* definition = definition_->relation(name);
  if (!definition) return invalid_input(fmt::format("Relation \"{}\" is not defined for {} model", name, this->name()));
  return resolve_relation(*definition_, *definition, *registry_);
}

Result<std::vector<Instance>> Model::run_find(const Target& target, const filter::Bound& given,
                                              const Options& options, dao::HookRun* run) {
  // Relation conditions become key conditions first (queries on the related models).
  std::optional<filter::Bound> resolved;
  if (given.where && dao::has_related(*given.where)) {
    auto where = dao::resolve_related(*this, *given.where, options);
    if (!where) return where.error();
    resolved.emplace(given);
    resolved->where = std::move(where).value();
  }
  const filter::Bound& bound = resolved ? *resolved : given;
  const bool observed = run != nullptr && run->observed(HookPoint::Loaded);
  if (bound.include.empty() && !observed) {
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
  if (!bound.include.empty()) {
    if (Status status = dao::run_includes(*this, found, bound.include, options); !status) return status.error();
    for (Instance& instance : found) instance.drop_properties(added);
  }
  if (observed) {
    // "loaded" sees each row after the included models' queries ran, as in LoopBack.
    for (Instance& instance : found) {
      auto changed = loaded(std::move(instance), *run, false);
      if (!changed) return changed.error();
      instance = std::move(changed).value();
    }
  }
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

namespace {

// LoopBack's Number(x) for limit and skip: numbers, and strings that read as one.
Value number_or(const Value* value, std::int64_t fallback) {
  if (value == nullptr || value->is_null()) return Value(fallback);
  if (value->is_number()) return *value;
  if (const std::string* text = value->if_string()) {
    if (auto parsed = parse_json(*text); parsed && parsed->is_number()) return *parsed;
  }
  return *value;
}

bool matches_all(const Value& where) { return where.is_null() || (where.is_object() && where.as_object().empty()); }

// Two where clauses as LoopBack combines them for its hooks: {"and": [first, second]},
// or either alone when the other is empty.
Value and_json(Value first, Value second) {
  if (matches_all(first)) return second;
  if (matches_all(second)) return first;
  Array both;
  both.push_back(std::move(first));
  both.push_back(std::move(second));
  Object merged;
  merged.push_back("and", Value(std::move(both)));
  return Value(std::move(merged));
}

// The JSON a filter or where input holds as given (an lb::Value, or JSON text), or
// nullopt for the forms that only have a parsed tree (query strings, prepared filters).
template <typename Input>
Result<std::optional<Value>> given_json(const Input& input) {
  if (const Value* given = input.value()) return std::optional<Value>(*given);
  bool is_query_string = false;
  const std::string_view text = input.text(is_query_string);
  if (text.data() == nullptr || is_query_string) return std::optional<Value>();
  auto parsed = parse_json(text);
  if (!parsed) return parsed.error();
  return std::optional<Value>(std::move(parsed).value());
}

bool truthy(const Value* value) {
  if (value == nullptr || value->is_null()) return false;
  if (value->is_integer()) return value->as_integer() != 0;
  if (value->is_double()) return value->as_double() != 0;
  if (const std::string* text = value->if_string()) return !text->empty();
  if (value->is_bool()) return value->as_bool();
  return true;
}

}  // namespace

Result<Value> Model::access_query(const FilterInput& filter, std::optional<std::int64_t> limit,
                                  const Value* id) const {
  Object query;
  auto given = given_json(filter);
  if (!given) return given.error();
  if (*given) {
    if ((*given)->is_object()) query = (*given)->as_object();
  } else if (!filter.empty()) {
    filter::Syntax syntax;
    if (const PreparedFilter* prepared = filter.prepared()) {
      if (prepared->syntax() != nullptr) syntax = *prepared->syntax();
    } else {
      auto parsed = filter.parse(bind_options_.limits);
      if (!parsed) return parsed.error();
      syntax = std::move(parsed).value();
    }
    query = filter::to_value(syntax).as_object();
  }
  if (id != nullptr) {
    const Value* where = query.find("where");
    query.insert_or_assign("where", and_json(dao::id_where(id_name_, *id), where ? *where : Value()));
  }
  // The default scope, merged as LoopBack merges it: both wheres under an "and", the
  // scope's other keys where the query has none.
  const Object scope = filter::to_value(default_scope_).as_object();
  for (const auto& [key, value] : scope) {
    Value* mine = query.find(key);
    if (key == "where" && mine != nullptr) {
      *mine = and_json(std::move(*mine), value);
    } else if (mine == nullptr) {
      query.push_back(key, value);
    }
  }
  if (limit) query.insert_or_assign("limit", Value(*limit));
  if (truthy(query.find("limit")) || truthy(query.find("skip")) || truthy(query.find("offset"))) {
    Value paged_limit = number_or(truthy(query.find("limit")) ? query.find("limit") : nullptr, 100);
    const Value* from = truthy(query.find("skip")) ? query.find("skip") : query.find("offset");
    Value offset = number_or(truthy(from) ? from : nullptr, 0);
    query.insert_or_assign("limit", std::move(paged_limit));
    query.insert_or_assign("offset", offset);
    query.insert_or_assign("skip", std::move(offset));
  }
  return Value(std::move(query));
}

Result<std::shared_ptr<const filter::Bound>> Model::access(std::shared_ptr<const filter::Bound> bound,
                                                           const FilterInput& filter, dao::HookRun& run,
                                                           std::optional<std::int64_t> limit, const Value* id) {
  if (!run.observed(HookPoint::Access)) return bound;
  auto shown = access_query(filter, limit, id);
  if (!shown) return shown.error();
  Value query = std::move(shown).value();
  const Value before = query;
  HookContext context = run.context(HookPoint::Access);
  context.query = &query;
  if (Status status = run.notify(context); !status) return status.error();
  if (query == before) return bound;
  // The query as the observers left it, bound like any query (the default scope is in
  // it already: binding it again adds nothing).
  auto rebound = bind_filter(FilterInput(std::move(query)));
  if (!rebound) return rebound.error();
  if (limit) rebound->limit = *limit;
  return std::make_shared<const filter::Bound>(std::move(rebound).value());
}

Result<std::shared_ptr<const filter::BoundWhere>> Model::access_where(std::shared_ptr<const filter::BoundWhere> bound,
                                                                     const WhereInput& where, Value& where_json,
                                                                     dao::HookRun& run) {
  if (!run.active()) return bound;
  // The where as given (JSON text or value), else as parsed; LoopBack's `where || {}`.
  auto given = given_json(where);
  if (!given) return given.error();
  if (*given) {
    where_json = (*given)->is_null() ? Value(Object()) : std::move(**given);
  } else {
    auto node = where.parse(bind_options_.limits);
    if (!node) return node.error();
    where_json = filter::to_value(*node);
  }
  if (default_scope_.where) where_json = and_json(std::move(where_json), filter::to_value(*default_scope_.where));
  if (!run.observed(HookPoint::Access)) return bound;
  Object query_object;
  query_object.push_back("where", where_json);
  Value query(std::move(query_object));
  const Value before = query;
  HookContext context = run.context(HookPoint::Access);
  context.query = &query;
  if (Status status = run.notify(context); !status) return status.error();
  if (query == before) return bound;
  const Value* changed = query.is_object() ? query.as_object().find("where") : nullptr;
  where_json = changed ? *changed : Value(Object());
  auto rebound = compile_where(WhereInput(where_json));
  if (!rebound) return rebound.error();
  return std::move(rebound).value();
}

Result<std::vector<Instance>> Model::find(const FilterInput& filter, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  auto bound = compile(filter);
  if (!bound) return bound.error();
  dao::HookRun run(*this, options);
  if (!run.active()) return run_find(*target, **bound, options);
  auto accessed = access(std::move(bound).value(), filter, run);
  if (!accessed) return accessed.error();
  return run_find(*target, **accessed, options, &run);
}

Result<std::optional<Instance>> Model::find_one(const FilterInput& filter, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  auto compiled = compile(filter);
  if (!compiled) return compiled.error();
  std::shared_ptr<const filter::Bound> bound = std::move(compiled).value();
  dao::HookRun run(*this, options);
  if (run.active()) {
    // LoopBack's findOne is find with limit 1: that is the query observers see.
    auto accessed = access(bound, filter, run, 1);
    if (!accessed) return accessed.error();
    bound = std::move(accessed).value();
  }
  if (bound->limit != 1) {
    auto limited = std::make_shared<filter::Bound>(*bound);
    limited->limit = 1;
    bound = std::move(limited);
  }
  auto rows = run_find(*target, *bound, options, &run);
  if (!rows) return rows.error();
  if (rows->empty()) return std::optional<Instance>();
  return std::optional<Instance>(std::move(rows->front()));
}

Result<std::optional<Instance>> Model::find_by_id(const Value& id, const FilterInput& filter, const Options& options) {
  auto target = this->target(options);
  if (!target) return target.error();
  dao::HookRun run(*this, options);
  // No filter, no default scope, nobody observing: a direct lookup, as a primary-key
  // read should be.
  if (filter.empty() && direct_id_lookup_ && !run.active()) {
    if (auto key = typed_id(id)) {
      auto row = (*target)->find_by_id(*definition_, *key);
      if (!row) return row.error();
      if (!*row) return std::optional<Instance>();
      return std::optional<Instance>(Instance(*this, std::move(**row), true));
    }
  }
  if (id.is_null()) return invalid_input(fmt::format("{}: the id argument is required", name()));
  auto syntax = filter.parse(bind_options_.limits);
  if (!syntax) return syntax.error();
  syntax->where = dao::and_where(id_condition(id_name_, id), std::move(syntax->where));
  syntax->limit = Value(1);
  auto bound = bind_syntax(*syntax);
  if (!bound) return bound.error();
  std::shared_ptr<const filter::Bound> selected = std::make_shared<const filter::Bound>(std::move(bound).value());
  if (run.active()) {
    auto key = typed_id(id);
    auto accessed = access(std::move(selected), filter, run, 1, key ? &*key : &id);
    if (!accessed) return accessed.error();
    selected = std::move(accessed).value();
  }
  auto rows = run_find(*target, *selected, options, &run);
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
  auto bound = bind_syntax(*syntax);
  if (!bound) return bound.error();
  std::shared_ptr<const filter::Bound> selected = std::make_shared<const filter::Bound>(std::move(bound).value());
  dao::HookRun run(*this, options);
  if (run.active()) {
    auto accessed = access(std::move(selected), FilterInput(std::move(syntax).value()), run);
    if (!accessed) return accessed.error();
    selected = std::move(accessed).value();
  }
  auto rows = run_find(*target, *selected, options, &run);
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
  dao::HookRun run(*this, options);
  if (!run.active()) {
    // The clause from this thread's last hit when the text repeats (no lock, no
    // reference counting); a clause on related models goes the long way.
    bool query = false;
    const std::string_view text = where.text(query);
    std::shared_ptr<const filter::BoundWhere> held;
    auto recent = cache_->wheres.find_recent(text, query, held, [&] { return bind_where(where); });
    if (!recent) return recent.error();
    const dao::BoundCache<filter::BoundWhere>::InUse in_use;
    if (!dao::has_related(**recent)) return (*target)->count(*definition_, *recent);
    auto bound = compile_where(where, options);
    if (!bound) return bound.error();
    return (*target)->count(*definition_, bound->get());
  }
  auto bound = compile_where(where);
  if (!bound) return bound.error();
  Value where_json;
  auto accessed = access_where(std::move(bound).value(), where, where_json, run);
  if (!accessed) return accessed.error();
  std::shared_ptr<const filter::BoundWhere> selected = std::move(accessed).value();
  if (dao::has_related(*selected)) {
    auto resolved = dao::resolve_related(*this, *selected, options);
    if (!resolved) return resolved.error();
    selected = std::make_shared<const filter::BoundWhere>(std::move(resolved).value());
  }
  return (*target)->count(*definition_, selected.get());
}

Result<bool> Model::exists(const Value& id, const Options& options) {
  if (id.is_null()) return invalid_input(fmt::format("{}: the id argument is required", name()));
  // LoopBack's exists is a count of the id (its hooks are count's).
  auto n = count(WhereInput(id_condition(id_name_, id)), options);
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

}  // namespace lb
