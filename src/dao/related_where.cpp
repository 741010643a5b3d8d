// Relation conditions resolved to keys: the related model is queried (its default
// scope applied, its own relation conditions resolved the same way) for the key that
// joins it to this model, and the condition becomes `key inq [those values]`.
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

// The distinct values of `key` in the rows of `target` matching `where`.
Result<Array> query_keys(Model& target, BoundWhere where, const std::string& key, const Options& options) {
  auto scope = target.bind_where(WhereInput{});  // the target's default scope
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
      auto keys = query_keys(*target, related.where, relation->key_to, options);
      if (!keys) return keys.error();
      return key_condition(self, relation->key_from, std::move(keys).value());
    }
    default:
      break;
  }
  if (!relation->has_through()) {
    auto keys = query_keys(*target, related.where, relation->key_to, options);
    if (!keys) return keys.error();
    return key_condition(self, relation->key_from, std::move(keys).value());
  }
  Model* through = model.related_model(relation->through->name);
  if (!through) return not_attached(model, relation->name, relation->through->name);
  auto ids = query_keys(*target, related.where, target->id_name(), options);
  if (!ids) return ids.error();
  auto keys = query_keys(*through, key_condition(through->definition(), relation->key_through, std::move(ids).value()),
                         relation->key_to, options);
  if (!keys) return keys.error();
  return key_condition(self, relation->key_from, std::move(keys).value());
}

}  // namespace

bool has_related(const BoundWhere& where) {
  if (where.related) return true;
  for (const BoundWhere& child : where.children)
    if (has_related(child)) return true;
  return false;
}

Result<BoundWhere> resolve_related(const Model& model, const BoundWhere& where, const Options& options) {
  if (where.related) return resolve_node(model, *where.related, options);
  if (!has_related(where)) return where;
  BoundWhere out;
  out.kind = where.kind;
  out.children.reserve(where.children.size());
  for (const BoundWhere& child : where.children) {
    auto resolved = resolve_related(model, child, options);
    if (!resolved) return resolved.error();
    out.children.push_back(std::move(resolved).value());
  }
  return out;
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
