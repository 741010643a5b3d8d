// where clauses: the and/or/nor tree walked after its size is checked, so that no
// input makes binding recurse or allocate past the limits.
#include <fmt/format.h>

#include "filter/bind/binder.hpp"

namespace lb::filter::detail {
namespace {

Status count_conditions(const WhereNode& node, std::size_t depth, const BindScope& scope,
                        std::string_view key_path, std::size_t& conditions) {
  const Limits& limits = scope.options.limits;
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
    if (auto status = count_conditions(child, depth + 1, scope, key_path, conditions); !status)
      return status;
  return {};
}

}  // namespace

Status check_where_limits(const WhereNode& where, const BindScope& scope, std::string_view key_path,
                          std::size_t& conditions) {
  return count_conditions(where, 0, scope, key_path, conditions);
}

Result<BoundWhere> bind_where_node(const WhereNode& where, const BindScope& scope,
                                   std::string_view key_path) {
  BoundWhere out;
  out.kind = where.kind;
  if (where.kind == WhereNode::Kind::Condition) {
    auto condition = bind_condition(where.condition, scope, key_path);
    if (!condition) return std::move(condition).error();
    out.condition = std::move(*condition);
    return out;
  }
  // Explicit and implicit "and" look alike in the syntax tree; or/nor name themselves
  // in the key path so that an error inside them is easier to place.
  std::string child_path(key_path);
  if (where.kind == WhereNode::Kind::Or) child_path = join_key_path(key_path, "or");
  if (where.kind == WhereNode::Kind::Nor) child_path = join_key_path(key_path, "nor");
  out.children.reserve(where.children.size());
  for (const WhereNode& child : where.children) {
    auto bound = bind_where_node(child, scope, child_path);
    if (!bound) return std::move(bound).error();
    out.children.push_back(std::move(*bound));
  }
  return out;
}

}  // namespace lb::filter::detail
