// Relation conditions resolved to keys: the related model is queried (its default
// scope applied, its own relation conditions resolved the same way) for the key that
// joins it to this model, and the condition becomes `key inq [those values]`. A
// connector with related_where gets the condition itself instead (one query, EXISTS on
// SQL), with the default scopes added, when the related models share its data source.
#include "dao/related_where.hpp"

#include <fmt/format.h>

#include <unordered_map>
#include <unordered_set>

#include "dao/include_runner.hpp"
#include "dao/key_hash.hpp"
#include "lb/model.hpp"
#include "lb/relation.hpp"

namespace lb::dao {
namespace {

using filter::BoundWhere;
using filter::WhereNode;

// `key inq keys` on `model`, built directly: the keys come from stored rows, not from
// a client, so no input limit applies to their number.
BoundWhere key_condition(const ModelDefinition& model, const std::string& key, Array keys) {
  static const PropertyType kAny;  // an undeclared property of a non-strict model
  BoundWhere out;
  out.kind = WhereNode::Kind::Condition;
  out.condition.path.segments = {key};
  out.condition.path.property = model.property(key);
  out.condition.path.type = out.condition.path.property ? &out.condition.path.property->type : &kAny;
  out.condition.op = filter::Operator::Inq;
  out.condition.values = std::move(keys);
  return out;
}

// The where of a relation's own `scope` ({"scope": {"where": {"approved": true}}}),
// which narrows the related rows as it narrows include and the relation methods; an
// empty where when it has none.
Value relation_scope_where(const RelationDefinition& relation) {
  if (const Object* scope = relation.scope.if_object()) {
    if (const Value* where = scope->find("where"); where && where->is_object()) return *where;
  }
  return Value(Object());
}

// The distinct values of `key` in the rows of `target` matching `where` (and, for the
// relation's target, the relation's scope).
Result<Array> query_keys(Model& target, BoundWhere where, const std::string& key, const Options& options,
                         const RelationDefinition* scoped_by = nullptr) {
  // The target's default scope, and the relation's own when given.
  auto scope = target.bind_where(scoped_by ? WhereInput(relation_scope_where(*scoped_by)) : WhereInput{});
  if (!scope) return scope.error();
  filter::Bound query;
  query.model = &target.definition();
  BoundWhere both;
  both.kind = WhereNode::Kind::And;
  both.children.push_back(std::move(scope).value());
  both.children.push_back(std::move(where));
  query.where = std::move(both);
  query.fields = std::vector<std::string>{key};
  auto rows = target.find(PreparedFilter(std::make_shared<const filter::Bound>(std::move(query))),
                          options_for(target, options));
  if (!rows) return rows.error();
  std::unordered_set<Value, KeyHash> seen;
  Array keys;
  for (const Instance& row : *rows) {
    const Value& value = row.get(key);
    if (const Array* list = value.if_array()) {  // an id list (referencesMany)
      for (const Value& item : *list)
        if (!item.is_null() && seen.insert(item).second) keys.push_back(item);
    } else if (!value.is_null() && seen.insert(value).second) {
      keys.push_back(value);
    }
  }
  return keys;
}

Error not_attached(const Model& model, const std::string& relation, const std::string& target) {
  return Error(ErrorCode::Internal, fmt::format("Relation \"{}\" of {} model: the model \"{}\" is not attached to a "
                                                "data source",
                                                relation, model.name(), target));
}

Result<BoundWhere> resolve_node(const Model& model, const filter::BoundRelatedWhere& related, const Options& options) {
  auto relation = model.relation(related.relation->name);
  if (!relation) return relation.error();
  Model* target = model.related_model(relation->to->name);
  if (!target) return not_attached(model, relation->name, relation->to->name);
  const ModelDefinition& self = model.definition();
  switch (relation->type) {
    case RelationType::BelongsTo:
    case RelationType::ReferencesMany: {
      // This model holds the key (or the id list): the target's matching ids.
      auto keys = query_keys(*target, related.where, relation->key_to, options, related.relation);
      if (!keys) return keys.error();
      return key_condition(self, relation->key_from, std::move(keys).value());
    }
    default:
      break;
  }
  if (!relation->has_through()) {
    auto keys = query_keys(*target, related.where, relation->key_to, options, related.relation);
    if (!keys) return keys.error();
    return key_condition(self, relation->key_from, std::move(keys).value());
  }
  Model* through = model.related_model(relation->through->name);
  if (!through) return not_attached(model, relation->name, relation->through->name);
  auto ids = query_keys(*target, related.where, target->id_name(), options, related.relation);
  if (!ids) return ids.error();
  auto keys = query_keys(*through, key_condition(through->definition(), relation->key_through, std::move(ids).value()),
                         relation->key_to, options);
  if (!keys) return keys.error();
  return key_condition(self, relation->key_from, std::move(keys).value());
}

bool is_all(const BoundWhere& where) { return where.kind == WhereNode::Kind::And && where.children.empty(); }

// `first` and `second`, leaving out either when it holds for every row.
BoundWhere both(BoundWhere first, BoundWhere second) {
  if (is_all(first)) return second;
  if (is_all(second)) return first;
  BoundWhere out;
  out.kind = WhereNode::Kind::And;
  out.children.push_back(std::move(first));
  out.children.push_back(std::move(second));
  return out;
}

// Whether `a` on `from` and `b` on `to` are keys a database compares as they are: both
// defined, of one scalar type (the two-phase path coerces nothing either, but compares
// values, not columns).
bool same_key_type(const ModelDefinition& from, const std::string& a, const ModelDefinition& to,
                   const std::string& b) {
  const PropertyDefinition* left = from.property(a);
  const PropertyDefinition* right = to.property(b);
  if (!left || !right || left->type.kind != right->type.kind) return false;
  const auto kind = left->type.kind;
  return kind == PropertyType::Kind::String || kind == PropertyType::Kind::Number;
}

bool shares_connector(const Model& model, const Model* other) {
  return other != nullptr && &other->data_source() == &model.data_source();
}

Result<BoundWhere> resolve_where(const Model& model, const BoundWhere& where, const Options& options);

// The relation condition kept for a connector that tests it itself (its target's
// default scope added, its own relation conditions resolved as that connector needs);
// nullopt when this one must become keys: a connector without related_where, a model
// on another data source, a relation without a join, keys of different types.
Result<std::optional<BoundWhere>> kept_for_connector(const Model& model, const BoundWhere& node,
                                                     const Options& options) {
  const filter::BoundRelatedWhere& related = *node.related;
  if (related.scoped) return std::optional<BoundWhere>(node);
  if (!related.join || !model.data_source().connector().capabilities().related_where) return std::nullopt;
  const filter::RelatedJoin& join = *related.join;
  Model* target = model.related_model(related.target->name);
  if (!shares_connector(model, target) || &target->definition() != related.target ||
      target->id_name() != join.target_id)
    return std::nullopt;
  Model* through = nullptr;
  if (join.through) {
    through = model.related_model(join.through->name);
    if (!shares_connector(model, through) || &through->definition() != join.through ||
        !same_key_type(model.definition(), join.key_from, *join.through, join.key_to) ||
        !same_key_type(*join.through, join.key_through, *related.target, join.target_id))
      return std::nullopt;
  } else if (!same_key_type(model.definition(), join.key_from, *related.target, join.key_to)) {
    return std::nullopt;
  }
  auto inner = resolve_where(*target, related.where, options);
  if (!inner) return inner.error();
  // The target's default scope and the relation's own, as query_keys applies them.
  auto scope = target->bind_where(WhereInput(relation_scope_where(*related.relation)));
  if (!scope) return scope.error();
  auto kept = std::make_shared<filter::BoundRelatedWhere>();
  kept->relation = related.relation;
  kept->target = related.target;
  kept->join = related.join;
  kept->where = both(std::move(scope).value(), std::move(inner).value());
  kept->scoped = true;
  if (through) {
    auto through_scope = through->bind_where(WhereInput{});
    if (!through_scope) return through_scope.error();
    kept->through_scope = std::move(through_scope).value();
  }
  BoundWhere out;
  out.kind = WhereNode::Kind::Condition;
  out.condition = node.condition;
  out.related = std::move(kept);
  return std::optional<BoundWhere>(std::move(out));
}

Result<BoundWhere> resolve_where(const Model& model, const BoundWhere& where, const Options& options) {
  if (where.related) {
    auto kept = kept_for_connector(model, where, options);
    if (!kept) return kept.error();
    if (*kept) return std::move(**kept);
    return resolve_node(model, *where.related, options);
  }
  if (!has_related(where)) return where;
  BoundWhere out;
  out.kind = where.kind;
  out.children.reserve(where.children.size());
  for (const BoundWhere& child : where.children) {
    auto resolved = resolve_where(model, child, options);
    if (!resolved) return resolved.error();
    out.children.push_back(std::move(resolved).value());
  }
  return out;
}

}  // namespace

bool has_related(const BoundWhere& where) {
  if (where.related) return true;
  for (const BoundWhere& child : where.children)
    if (has_related(child)) return true;
  return false;
}

Result<BoundWhere> resolve_related(const Model& model, const BoundWhere& where, const Options& options) {
  return resolve_where(model, where, options);
}

Result<std::shared_ptr<const filter::Bound>> resolve_related(const Model& model,
                                                             std::shared_ptr<const filter::Bound> bound,
                                                             const Options& options) {
  if (!bound->where || !has_related(*bound->where)) return bound;
  auto where = resolve_related(model, *bound->where, options);
  if (!where) return where.error();
  auto resolved = std::make_shared<filter::Bound>(*bound);
  resolved->where = std::move(where).value();
  return std::shared_ptr<const filter::Bound>(std::move(resolved));
}

}  // namespace lb::dao
