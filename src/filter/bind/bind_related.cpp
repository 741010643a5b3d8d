// Where clauses on related models ({"reviews.stars": {"gte": 4}}): the conditions of
// one relation are bound against its target, under the include depth limit, as one
// relation node that src/dao resolves to keys at run time, or a connector tests itself
// (its join keys resolved here).
#include <fmt/format.h>

#include "filter/bind/binder.hpp"
#include "lb/relation.hpp"

namespace lb::filter::detail {

const RelationDefinition* related_relation(const ModelDefinition& model, const PropertyPath& path) {
  if (path.size() < 2 || model.relations.empty()) return nullptr;
  const RelationDefinition* relation = model.relation(path.front());
  if (relation == nullptr || model.property(path.front()) != nullptr) return nullptr;
  if (relation->type == RelationType::EmbedsOne || relation->type == RelationType::EmbedsMany) return nullptr;
  return relation;
}

namespace {

// The keys that join `relation` of `model` to its target, for connectors that test the
// condition in one query; nullopt for a relation only keys can express (referencesMany
// holds an id list) or a target without a single id.
std::optional<RelatedJoin> related_join(const ModelDefinition& model, const RelationDefinition& relation,
                                        const ModelDefinition& target, const Registry& registry) {
  if (relation.type == RelationType::ReferencesMany) return std::nullopt;
  auto resolved = resolve_relation(model, relation, registry);
  if (!resolved || resolved->polymorphic || resolved->to != &target) return std::nullopt;
  const auto ids = target.id_properties();
  if (ids.size() != 1) return std::nullopt;
  RelatedJoin join;
  join.key_from = resolved->key_from;
  join.key_to = resolved->key_to;
  join.through = resolved->through;
  join.key_through = resolved->key_through;
  join.target_id = ids.front()->name;
  return join;
}

}  // namespace

Status bind_related(const std::vector<const Condition*>& conditions, const RelationDefinition& relation,
                    const BindScope& scope, const KeyPath& key_path, BoundWhere& out) {
  const KeyPath path = key_path.member(relation.name);
  if (relation.polymorphic || relation.model.empty())
    return bind_error(path, fmt::format("a where clause on the polymorphic relation \"{}\" is not supported",
                                        relation.name));
  const ModelDefinition* target = scope.registry.find(relation.model);
  if (target == nullptr)
    return definition_error(path, fmt::format("Relation \"{}\" of {} model targets the undefined model \"{}\"",
                                              relation.name, scope.model.name, relation.model));
  const Limits& limits = scope.options.limits;
  if (scope.include_depth + 1 > limits.max_include_depth)
    return bind_error(path, fmt::format("relation nesting exceeds the maximum depth of {}", limits.max_include_depth));

  // The conditions with the relation's name taken off their paths, as one where.
  WhereNode where;
  where.kind = WhereNode::Kind::And;
  for (const Condition* condition : conditions) {
    WhereNode& child = where.children.emplace_back();
    child.kind = WhereNode::Kind::Condition;
    child.condition = *condition;
    child.condition.path.erase(child.condition.path.begin());
  }
  // Queries on related models refuse protected properties, as include scopes do.
  BindOptions options = scope.options;
  options.prohibit_protected_properties = true;
  const BindScope target_scope{*target, scope.registry, options, path, scope.include_depth + 1};
  auto related = std::make_shared<BoundRelatedWhere>();
  related->relation = &relation;
  related->target = target;
  related->join = related_join(scope.model, relation, *target, scope.registry);
  const WhereNode& bound_from = where.children.size() == 1 ? where.children.front() : where;
  if (auto status = bind_where_node(bound_from, target_scope, path, related->where); !status) return status;
  out.kind = WhereNode::Kind::Condition;
  out.condition.path.segments = {relation.name};
  out.related = std::move(related);
  return {};
}

}  // namespace lb::filter::detail
