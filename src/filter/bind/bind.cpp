// The bind stage's entry points: a filter, or a where clause alone, bound against a
// model. Clauses bind in a fixed order (limits and paging first, the cheapest checks)
// and the first error wins.
#include "lb/filter/bind.hpp"

#include "filter/bind/binder.hpp"

namespace lb::filter {
namespace detail {

Status bind_filter(const Syntax& syntax, const BindScope& scope, std::size_t& conditions,
                   Bound& out) {
  out.model = &scope.model;
  const KeyPath where_path = scope.key_path.member("where");
  if (syntax.where) {
    if (auto status = check_where_limits(*syntax.where, scope, where_path, conditions); !status)
      return status;
  }
  Paging paging;
  if (auto status = bind_paging(syntax, scope, paging); !status) return status;
  out.limit = paging.limit;
  out.skip = paging.skip;

  if (syntax.where) {
    if (auto status =
            bind_where_node(*syntax.where, scope, where_path, out.where.emplace(blank<BoundWhere>()));
        !status)
      return status;
  }
  if (auto status = bind_order(syntax.order, scope, out.order); !status) return status;
  if (syntax.fields) {
    if (auto status = bind_fields(*syntax.fields, scope, out.fields); !status) return status;
  }
  return bind_include(syntax.include, scope, conditions, out.include);
}

}  // namespace detail

Result<Bound> bind(const Syntax& syntax, const ModelDefinition& model, const Registry& registry,
                   const BindOptions& options) {
  const detail::KeyPath root("filter");
  const detail::BindScope scope{model, registry, options, root, 0};
  std::size_t conditions = 0;
  Bound out(detail::blank<Bound>());
  if (auto status = detail::bind_filter(syntax, scope, conditions, out); !status)
    return status.error();
  return out;
}

Result<BoundWhere> bind_where(const WhereNode& where, const ModelDefinition& model,
                              const Registry& registry, const BindOptions& options) {
  const detail::KeyPath root("");
  const detail::KeyPath where_path("where");
  const detail::BindScope scope{model, registry, options, root, 0};
  std::size_t conditions = 0;
  if (auto status = detail::check_where_limits(where, scope, where_path, conditions); !status)
    return status.error();
  BoundWhere out(detail::blank<BoundWhere>());
  if (auto status = detail::bind_where_node(where, scope, where_path, out); !status)
    return status.error();
  return out;
}

}  // namespace lb::filter
