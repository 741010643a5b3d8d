// where clauses: the and/or/nor tree walked after its size is checked, so that no
// input makes binding recurse or allocate past the limits.
#include <fmt/format.h>

#include <algorithm>

#include "filter/bind/binder.hpp"

namespace lb::filter::detail {
namespace {

Status count_conditions(const WhereNode& node, std::size_t depth, const Limits& limits,
                        const KeyPath& key_path, std::size_t& conditions) {
  if (node.kind == WhereNode::Kind::Condition) {
    if (++conditions > limits.max_conditions)
      return bind_error(
          key_path, fmt::format("the filter has more than {} conditions", limits.max_conditions));
    return {};
  }
  if (depth + 1 > limits.max_where_depth)
    return bind_error(key_path, fmt::format("and/or/nor nesting exceeds the maximum depth of {}",
                                            limits.max_where_depth));
  for (const WhereNode& child : node.children)
    if (auto status = count_conditions(child, depth + 1, limits, key_path, conditions); !status)
      return status;
  return {};
}

}  // namespace

Status check_where_limits(const WhereNode& where, const BindScope& scope, const KeyPath& key_path,
                          std::size_t& conditions) {
  return count_conditions(where, 0, scope.options.limits, key_path, conditions);
}

template <Walked<WhereNode> W>
Status bind_where_node(W& where, const BindScope& scope, const KeyPath& key_path,
                       BoundWhere& out) {
  out.kind = where.kind;
  if (where.kind == WhereNode::Kind::Condition) {
    if (const RelationDefinition* relation = related_relation(scope.model, where.condition.path))
      return bind_related({&where.condition}, *relation, scope, key_path, out);
    return bind_condition(where.condition, scope, key_path, out.condition);
  }
  // Explicit and implicit "and" look alike in the syntax tree; or/nor name themselves
  // in the key path so that an error inside them is easier to place.
  const KeyPath child_path = key_path.member(where.kind == WhereNode::Kind::Or    ? "or"
                                             : where.kind == WhereNode::Kind::Nor ? "nor"
                                                                                  : "");
  // Children are bound where they will live, not moved up the tree. Under an "and",
  // the conditions on one relation are gathered into one relation node (one related
  // row must match them all); under or/nor each child stands alone.
  const bool gather = where.kind == WhereNode::Kind::And;
  std::vector<std::pair<const RelationDefinition*, std::vector<const Condition*>>> related;
  out.children.reserve(where.children.size());
  for (W& child : where.children) {
    if (gather && child.kind == WhereNode::Kind::Condition) {
      if (const RelationDefinition* relation = related_relation(scope.model, child.condition.path)) {
        auto group = std::find_if(related.begin(), related.end(), [&](const auto& g) { return g.first == relation; });
        if (group == related.end()) group = related.insert(related.end(), {relation, {}});
        group->second.push_back(&child.condition);
        continue;
      }
    }
    if (auto status =
            bind_where_node(child, scope, child_path, out.children.emplace_back(blank<BoundWhere>()));
        !status)
      return status;
  }
  for (const auto& [relation, conditions] : related)
    if (auto status = bind_related(conditions, *relation, scope, child_path, out.children.emplace_back(blank<BoundWhere>()));
        !status)
      return status;
  return {};
}

template Status bind_where_node(const WhereNode&, const BindScope&, const KeyPath&, BoundWhere&);
template Status bind_where_node(WhereNode&, const BindScope&, const KeyPath&, BoundWhere&);

}  // namespace lb::filter::detail
