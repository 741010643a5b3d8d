// RelationAccessor: each relation method as one or two operations of the related
// models (and the through model), narrowed by the keys that tie rows to the owner.
#include "lb/relation_accessor.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "dao/default_scope.hpp"
#include "dao/embedded_accessor.hpp"
#include "dao/include_runner.hpp"
#include "dao/model_support.hpp"
#include "lb/instance.hpp"
#include "lb/json.hpp"
#include "lb/model.hpp"

namespace lb {
namespace {

using dao::id_text;
using dao::same_id;
using filter::WhereNode;

WhereNode condition(const std::string& property, filter::Operator op, Value operand) {
  WhereNode node;
  node.kind = WhereNode::Kind::Condition;
  node.condition.path = {property};
  node.condition.op = op;
  node.condition.operand = std::move(operand);
  return node;
}

Error no_instance(const Value& id, const Model& target) {
  return not_found(fmt::format("No instance with id {} found for {}", id_text(id), target.name()));
}

}  // namespace

RelationAccessor::RelationAccessor(Instance& owner, Relation relation, Model& target, Model* through)
    : owner_(&owner), relation_(std::move(relation)), target_(&target), through_(through) {}

bool RelationAccessor::to_many() const { return relation_.multiple; }

bool RelationAccessor::embedded() const {
  return relation_.type == RelationType::EmbedsOne || relation_.type == RelationType::EmbedsMany;
}

// A method of an embedded relation: its implementation (src/dao/embedded_accessor),
// after the check that the relation type has the method.
template <typename Call>
auto embedded_call(Status allowed, Instance& owner, const Relation& relation, Model& target, Call&& call)
    -> decltype(call(std::declval<dao::EmbeddedAccessor&>())) {
  using Returned = decltype(call(std::declval<dao::EmbeddedAccessor&>()));
  if (!allowed) return Returned(allowed.error());
  dao::EmbeddedAccessor accessor(owner, relation, target);
  return call(accessor);
}

Status RelationAccessor::expect(bool allowed, const char* method) const {
  if (allowed) return {};
  return Error(ErrorCode::InvalidInput, fmt::format("{} relation \"{}\" of {} has no method {}",
                                                    relation_type_name(relation_.type), relation_.name,
                                                    owner_->model().name(), method));
}

const Value& RelationAccessor::owner_key() const { return owner_->get(relation_.key_from); }

Result<Array> RelationAccessor::through_ids(const Options& options) const {
  if (relation_.type == RelationType::ReferencesMany) {
    const Array* ids = owner_key().if_array();
    return ids ? *ids : Array{};
  }
  filter::Syntax links;
  links.where = condition(relation_.key_to, filter::Operator::Eq, owner_key());
  links.fields = filter::FieldsSpec{{{relation_.key_through, true}}};
  auto rows = through_->find(FilterInput(std::move(links)), dao::options_for(*through_, options));
  if (!rows) return rows.error();
  Array ids;
  for (const Instance& row : *rows) {
    const Value& id = row.get(relation_.key_through);
    if (!id.is_null() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return ids;
}

Result<WhereNode> RelationAccessor::related_where(const Options& options) const {
  WhereNode where;
  if (relation_.has_through() || relation_.type == RelationType::ReferencesMany) {
    auto ids = through_ids(options);
    if (!ids) return ids.error();
    where = condition(target_->id_name(), filter::Operator::Inq, Value(std::move(ids).value()));
  } else if (relation_.type == RelationType::BelongsTo) {
    where = condition(relation_.key_to, filter::Operator::Eq, owner_key());
  } else {
    where = condition(relation_.key_to, filter::Operator::Eq, owner_key());
    if (relation_.polymorphic)
      where = *dao::and_where(std::move(where), condition(relation_.discriminator, filter::Operator::Eq,
                                                         Value(owner_->model().name())));
  }
  return where;
}

Result<filter::Syntax> RelationAccessor::scoped_filter(const FilterInput& filter, const Options& options) const {
  auto syntax = filter.parse();
  if (!syntax) return syntax.error();
  if (relation_.definition->scope.is_object()) {
    auto scope = dao::parse_scope(relation_.definition->scope, "relation scope");
    if (!scope) return scope.error();
    syntax = dao::merge_scope(*scope, std::move(syntax).value());
  }
  auto narrowed = related_where(options);
  if (!narrowed) return narrowed.error();
  // LoopBack puts a query's where before the relation's keys (scoped_where, for
  // updates and deletes, puts it after them): "access" observers see that order.
  syntax->where = dao::and_where(std::move(syntax->where), std::move(narrowed).value());
  return syntax;
}

Result<WhereNode> RelationAccessor::scoped_where(const WhereInput& where, const Options& options) const {
  auto node = where.parse();
  if (!node) return node.error();
  std::optional<WhereNode> given = std::move(node).value();
  if (relation_.definition->scope.is_object()) {
    auto scope = dao::parse_scope(relation_.definition->scope, "relation scope");
    if (!scope) return scope.error();
    given = dao::and_where(scope->where, std::move(given));
  }
  auto narrowed = related_where(options);
  if (!narrowed) return narrowed.error();
  auto scoped = dao::and_where(std::move(narrowed).value(), std::move(given));
  return scoped ? std::move(*scoped) : WhereNode{};
}

Result<std::vector<Instance>> RelationAccessor::find(const FilterInput& filter, const Options& options) const {
  if (embedded())
    return embedded_call(expect(relation_.type == RelationType::EmbedsMany, "find"), *owner_, relation_, *target_,
                         [&](dao::EmbeddedAccessor& e) { return e.find(filter, options); });
  if (Status ok = expect(to_many(), "find"); !ok) return ok.error();
  auto syntax = scoped_filter(filter, options);
  if (!syntax) return syntax.error();
  const bool sorted = !syntax->order.empty();
  auto rows = target_->find(FilterInput(std::move(syntax).value()), options);
  if (!rows || relation_.type != RelationType::ReferencesMany || sorted) return rows;
  // referencesMany keeps the order of its id list, as LoopBack does.
  const Array* ids = owner_key().if_array();
  std::vector<Instance> ordered;
  if (ids)
    for (const Value& id : *ids)
      for (const Instance& row : *rows)
        if (same_id(row.id(), id)) ordered.push_back(row);
  return ordered;
}

Result<std::optional<Instance>> RelationAccessor::find_one(const FilterInput& filter, const Options& options) const {
  if (embedded()) {
    if (Status ok = expect(relation_.type == RelationType::EmbedsMany, "findOne"); !ok) return ok.error();
    auto syntax = filter.parse();
    if (!syntax) return syntax.error();
    syntax->limit = Value(1);
    auto rows = dao::EmbeddedAccessor(*owner_, relation_, *target_).find(FilterInput(std::move(syntax).value()), options);
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<Instance>();
    return std::optional<Instance>(std::move(rows->front()));
  }
  if (Status ok = expect(to_many(), "findOne"); !ok) return ok.error();
  auto syntax = scoped_filter(filter, options);
  if (!syntax) return syntax.error();
  return target_->find_one(FilterInput(std::move(syntax).value()), options);
}

Result<Instance> RelationAccessor::find_by_id(const Value& id, const FilterInput& filter, const Options& options) const {
  if (embedded())
    return embedded_call(expect(relation_.type == RelationType::EmbedsMany, "findById"), *owner_, relation_, *target_,
                         [&](dao::EmbeddedAccessor& e) { return e.find_by_id(id); });
  if (Status ok = expect(to_many(), "findById"); !ok) return ok.error();
  const bool no_filter =
      filter.empty() || (filter.value() && (filter.value()->is_null() || (filter.value()->is_object() &&
                                                                          filter.value()->as_object().empty())));
  if (no_filter && !relation_.definition->scope.is_object() && !relation_.has_through() &&
      relation_.type == RelationType::HasMany && !relation_.polymorphic) {
    // The common case as LoopBack writes its query: one where naming the id and the key.
    Object where;
    where.push_back(target_->id_name(), id);
    where.push_back(relation_.key_to, owner_key());
    Object query;
    query.push_back("where", Value(std::move(where)));
    auto found = target_->find_one(FilterInput(Value(std::move(query))), options);
    if (!found) return found.error();
    if (!*found) return no_instance(id, *target_);
    return std::move(**found);
  }
  auto syntax = scoped_filter(filter, options);
  if (!syntax) return syntax.error();
  syntax->where = dao::and_where(condition(target_->id_name(), filter::Operator::Eq, id), std::move(syntax->where));
  auto found = target_->find_one(FilterInput(std::move(syntax).value()), options);
  if (!found) return found.error();
  if (!*found) return no_instance(id, *target_);
  return std::move(**found);
}

Result<std::int64_t> RelationAccessor::count(const WhereInput& where, const Options& options) const {
  if (embedded())
    return embedded_call(expect(relation_.type == RelationType::EmbedsMany, "count"), *owner_, relation_, *target_,
                         [&](dao::EmbeddedAccessor& e) { return e.count(where, options); });
  if (Status ok = expect(to_many(), "count"); !ok) return ok.error();
  auto scoped = scoped_where(where, options);
  if (!scoped) return scoped.error();
  return target_->count(WhereInput(std::move(scoped).value()), options);
}

Result<bool> RelationAccessor::exists(const Value& id, const Options& options) const {
  if (embedded())
    return embedded_call(expect(relation_.type == RelationType::EmbedsMany, "exists"), *owner_, relation_, *target_,
                         [&](dao::EmbeddedAccessor& e) -> Result<bool> { return e.exists(id); });
  if (Status ok = expect(to_many(), "exists"); !ok) return ok.error();
  filter::Syntax syntax;
  syntax.where = condition(target_->id_name(), filter::Operator::Eq, id);
  auto scoped = scoped_where(WhereInput(*syntax.where), options);
  if (!scoped) return scoped.error();
  auto n = target_->count(WhereInput(std::move(scoped).value()), options);
  if (!n) return n.error();
  return *n > 0;
}

Status RelationAccessor::check_foreign_key(const Value& data) const {
  // Only keys stored on the related row can move it to another parent.
  if (relation_.has_through() || relation_.type == RelationType::BelongsTo ||
      relation_.type == RelationType::ReferencesMany)
    return {};
  const Value* given = data.find(relation_.key_to);
  if (!given || same_id(*given, owner_key())) return {};
  return Error(ErrorCode::InvalidInput, fmt::format("Cannot override foreign key {} from {} to {}", relation_.key_to,
                                                    id_text(owner_key()), id_text(*given)));
}

Result<Instance> RelationAccessor::update_by_id(const Value& id, const Value& data, const Options& options) const {
  if (embedded())
    return embedded_call(expect(relation_.type == RelationType::EmbedsMany, "updateById"), *owner_, relation_, *target_,
                         [&](dao::EmbeddedAccessor& e) { return e.update_by_id(id, data, options); });
  if (Status ok = expect(to_many(), "updateById"); !ok) return ok.error();
  if (!data.is_object()) return Error(ErrorCode::InvalidInput, "updateById: data must be an object");
  if (Status ok = check_foreign_key(data); !ok) return ok.error();
  auto found = find_by_id(id, {}, options);
  if (!found) return found.error();
  // LoopBack: findById through the relation, then updateAttributes on what it found.
  if (Status patched = found->patch_attributes(data, options); !patched) return patched.error();
  return std::move(found).value();
}

Result<std::int64_t> RelationAccessor::destroy_by_id(const Value& id, const Options& options) const {
  if (embedded())
    return embedded_call(expect(relation_.type == RelationType::EmbedsMany, "destroyById"), *owner_, relation_, *target_,
                         [&](dao::EmbeddedAccessor& e) { return e.destroy_by_id(id, options); });
  if (Status ok = expect(to_many(), "destroyById"); !ok) return ok.error();
  auto found = find_by_id(id, {}, options);
  if (!found) return found.error();
  if (relation_.has_through() || relation_.type == RelationType::ReferencesMany) {
    if (Status removed = remove(found->id(), options); !removed) return removed.error();
  }
  // LoopBack destroys the instance it found (its delete observers see it).
  if (Status destroyed = found->destroy(options); !destroyed) return destroyed.error();
  return 1;
}

Result<std::int64_t> RelationAccessor::update_all(const WhereInput& where, const Value& data,
                                                  const Options& options) const {
  if (embedded())
    return embedded_call(expect(false, "updateAll"), *owner_, relation_, *target_,
                         [&](dao::EmbeddedAccessor& e) { return e.count(where, options); });
  if (Status ok = expect(to_many(), "updateAll"); !ok) return ok.error();
  if (!data.is_object()) return Error(ErrorCode::InvalidInput, "updateAll: data must be an object");
  if (Status ok = check_foreign_key(data); !ok) return ok.error();
  auto scoped = scoped_where(where, options);
  if (!scoped) return scoped.error();
  return target_->update_all(WhereInput(std::move(scoped).value()), data, options);
}

Result<std::int64_t> RelationAccessor::destroy_all(const WhereInput& where, const Options& options) const {
  if (embedded())
    return embedded_call(expect(relation_.type == RelationType::EmbedsMany, "destroyAll"), *owner_, relation_, *target_,
                         [&](dao::EmbeddedAccessor& e) { return e.destroy_all(where, options); });
  if (Status ok = expect(to_many(), "destroyAll"); !ok) return ok.error();
  auto scoped = scoped_where(where, options);
  if (!scoped) return scoped.error();
  return target_->delete_all(WhereInput(std::move(scoped).value()), options);
}

Result<Instance> RelationAccessor::add(const Value& target_id, const Value& link_data, const Options& options) const {
  if (embedded())
    return embedded_call(expect(false, "add"), *owner_, relation_, *target_,
                         [&](dao::EmbeddedAccessor& e) { return e.find_by_id(target_id); });
  const bool through = relation_.has_through();
  if (Status ok = expect(through || relation_.type == RelationType::ReferencesMany, "add"); !ok) return ok.error();
  if (through) {
    // LoopBack links without reading the target; a link that exists already is kept.
    Object link = link_data.is_object() ? link_data.as_object() : Object{};
    link.insert_or_assign(relation_.key_to, owner_key());
    link.insert_or_assign(relation_.key_through, target_id);
    Object where;
    where.push_back(relation_.key_to, owner_key());
    where.push_back(relation_.key_through, target_id);
    Object filter;
    filter.push_back("where", Value(std::move(where)));
    auto linked = through_->find_or_create(FilterInput(Value(std::move(filter))), Value(std::move(link)),
                                           dao::options_for(*through_, options));
    if (!linked) return linked.error();
    return std::move(linked->first);
  }
  auto target = target_->find_by_id(target_id, {}, options);
  if (!target) return target.error();
  if (!*target) return no_instance(target_id, *target_);
  {
    Array ids = owner_key().is_array() ? owner_key().as_array() : Array{};
    if (std::none_of(ids.begin(), ids.end(), [&](const Value& id) { return same_id(id, (*target)->id()); })) {
      ids.push_back((*target)->id());
      if (Status saved = owner_->patch_attributes(Value(Object{{relation_.key_from, Value(std::move(ids))}}), options);
          !saved)
        return saved.error();
    }
    return std::move(**target);
  }
}

Status RelationAccessor::remove(const Value& target_id, const Options& options) const {
  if (embedded()) return expect(false, "remove");
  if (Status ok = expect(relation_.has_through() || relation_.type == RelationType::ReferencesMany, "remove"); !ok)
    return ok;
  if (!relation_.has_through()) {
    Array ids = owner_key().is_array() ? owner_key().as_array() : Array{};
    auto kept = std::remove_if(ids.begin(), ids.end(), [&](const Value& id) { return same_id(id, target_id); });
    if (kept == ids.end()) return {};
    ids.erase(kept, ids.end());
    return owner_->patch_attributes(Value(Object{{relation_.key_from, Value(std::move(ids))}}), options);
  }
  Object link;
  link.push_back(relation_.key_to, owner_key());
  link.push_back(relation_.key_through, target_id);
  auto deleted = through_->delete_all(WhereInput(Value(std::move(link))), dao::options_for(*through_, options));
  if (!deleted) return deleted.error();
  return {};
}

Result<std::optional<Instance>> RelationAccessor::at(std::int64_t index) const {
  if (Status ok = expect(relation_.type == RelationType::EmbedsMany, "at"); !ok) return ok.error();
  return dao::EmbeddedAccessor(*owner_, relation_, *target_).at(index);
}

Result<std::optional<Instance>> RelationAccessor::get(const Options& options) const {
  if (embedded())
    return embedded_call(expect(relation_.type == RelationType::EmbedsOne, "get"), *owner_, relation_, *target_,
                         [&](dao::EmbeddedAccessor& e) { return e.get(); });
  if (Status ok = expect(!to_many(), "get"); !ok) return ok.error();
  if (owner_key().is_null()) return std::optional<Instance>();
  auto syntax = scoped_filter(FilterInput(), options);
  if (!syntax) return syntax.error();
  return target_->find_one(FilterInput(std::move(syntax).value()), options);
}

Result<Instance> RelationAccessor::update(const Value& data, const Options& options) const {
  if (embedded())
    return embedded_call(expect(relation_.type == RelationType::EmbedsOne, "update"), *owner_, relation_, *target_,
                         [&](dao::EmbeddedAccessor& e) { return e.update(data, options); });
  if (Status ok = expect(!to_many(), "update"); !ok) return ok.error();
  if (!data.is_object()) return Error(ErrorCode::InvalidInput, "update: data must be an object");
  if (Status ok = check_foreign_key(data); !ok) return ok.error();
  auto current = get(options);
  if (!current) return current.error();
  if (!*current)
    return not_found(fmt::format("{} relation \"{}\" of {} is empty", relation_type_name(relation_.type),
                                 relation_.name, owner_->model().name()));
  if (Status patched = (*current)->patch_attributes(data, options); !patched) return patched.error();
  return std::move(**current);
}

Result<std::int64_t> RelationAccessor::destroy(const Options& options) const {
  if (embedded())
    return embedded_call(expect(relation_.type == RelationType::EmbedsOne, "destroy"), *owner_, relation_, *target_,
                         [&](dao::EmbeddedAccessor& e) { return e.destroy(options); });
  if (Status ok = expect(!to_many(), "destroy"); !ok) return ok.error();
  auto current = get(options);
  if (!current) return current.error();
  if (!*current) return 0;
  if (Status destroyed = (*current)->destroy(options); !destroyed) return destroyed.error();
  const std::int64_t deleted = 1;
  if (relation_.type == RelationType::BelongsTo && !owner_->is_new_record()) {
    if (Status saved = owner_->patch_attributes(Value(Object{{relation_.key_from, Value()}}), options); !saved)
      return saved.error();
  }
  return deleted;
}

Result<Value> RelationAccessor::keyed_data(const Value& data) const {
  if (!data.is_null() && !data.is_object()) return Error(ErrorCode::InvalidInput, "data must be an object");
  Object row = data.is_object() ? data.as_object() : Object{};
  if (relation_.type != RelationType::BelongsTo && !relation_.has_through() &&
      relation_.type != RelationType::ReferencesMany) {
    row.insert_or_assign(relation_.key_to, owner_key());
    if (relation_.polymorphic) row.insert_or_assign(relation_.discriminator, Value(owner_->model().name()));
  }
  // The relation's `properties`: {targetProperty: ownerProperty} copied on create.
  if (const Object* properties = relation_.definition->properties.if_object()) {
    for (const auto& [to, from] : *properties)
      if (const std::string* source = from.if_string()) row.insert_or_assign(to, owner_->get(*source));
  }
  return Value(std::move(row));
}

Result<Instance> RelationAccessor::build(const Value& data) const {
  if (embedded())
    return embedded_call(expect(true, "build"), *owner_, relation_, *target_,
                         [&](dao::EmbeddedAccessor& e) { return e.build(data); });
  auto row = keyed_data(data);
  if (!row) return row.error();
  return target_->build(*row);
}

Result<Instance> RelationAccessor::create(const Value& data, const Options& options) const {
  if (embedded())
    return embedded_call(expect(true, "create"), *owner_, relation_, *target_,
                         [&](dao::EmbeddedAccessor& e) { return e.create(data, options); });
  auto row = keyed_data(data);
  if (!row) return row.error();
  if (relation_.type == RelationType::HasOne) {
    // LoopBack: findOrCreate on the key; finding one means the relation is taken.
    Object where;
    where.push_back(relation_.key_to, owner_key());
    if (relation_.polymorphic) where.push_back(relation_.discriminator, Value(owner_->model().name()));
    Object filter;
    filter.push_back("where", Value(std::move(where)));
    auto outcome = target_->find_or_create(FilterInput(Value(std::move(filter))), *row, options);
    if (!outcome) return outcome.error();
    if (!outcome->second)
      return Error(ErrorCode::Conflict,
                   fmt::format("HasOne relation cannot create more than one instance of {}", target_->name()));
    return std::move(outcome->first);
  }
  auto created = target_->create(*row, options);
  if (!created) return created.error();
  if (relation_.type == RelationType::BelongsTo) {
    // The owner now points at the new row (saved when it is stored already).
    const Value key = created->get(relation_.key_to);
    if (owner_->is_new_record()) {
      owner_->set(relation_.key_from, key);
    } else if (Status saved = owner_->patch_attributes(Value(Object{{relation_.key_from, key}}), options); !saved) {
      return saved.error();
    }
  } else if (relation_.has_through() || relation_.type == RelationType::ReferencesMany) {
    auto linked = add(created->id(), Value(), options);
    if (!linked) return linked.error();
  }
  return created;
}


}  // namespace lb
