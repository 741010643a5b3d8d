// where clauses: the and/or/nor tree walked after its size is checked, so that no
// input makes binding recurse or allocate past the limits.
#include <fmt/format.h>

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
  if (where.kind == WhereNode::Kind::Condition)
    return bind_condition(where.condition, scope, key_path, out.condition);
  // Explicit and implicit "and" look alike in the syntax tree; or/nor name themselves
  // in the key path so that an error inside them is easier to place.
  const KeyPath child_path = key_path.member(where.kind == WhereNode::Kind::Or    ? "or"
                                             : where.kind == WhereNode::Kind::Nor ? "nor"
                                                                                  : "");
  // Children are bound where they will live, not moved up the tree.
  out.children.reserve(where.children.size());
  for (W& child : where.children)
    if (auto status =
            bind_where_node(child, scope, child_path, out.children.emplace_back(blank<BoundWhere>()));
        !status)
      return status;
  return {};
}

template Status bind_where_node(const WhereNode&, const BindScope&, const KeyPath&, BoundWhere&);
template Status bind_where_node(WhereNode&, const BindScope&, const KeyPath&, BoundWhere&);

}  // namespace lb::filter::detail
