// The bind stage's entry points: a filter, or a where clause alone, bound against a
// model. Clauses bind in a fixed order (limits and paging first, the cheapest checks)
// and the first error wins.
#include "lb/filter/bind.hpp"

#include "filter/bind/binder.hpp"

namespace lb::filter {
namespace detail {

Result<Bound> bind_filter(const Syntax& syntax, const BindScope& scope, std::size_t& conditions) {
  Bound out;
  out.model = &scope.model;
  const std::string where_path = join_key_path(scope.key_path, "where");
  if (syntax.where) {
    if (auto status = check_where_limits(*syntax.where, scope, where_path, conditions); !status)
      return status.error();
  }
  auto paging = bind_paging(syntax, scope);
  if (!paging) return std::move(paging).error();
  out.limit = paging->limit;
  out.skip = paging->skip;

  if (syntax.where) {
    auto where = bind_where_node(*syntax.where, scope, where_path);
    if (!where) return std::move(where).error();
    out.where = std::move(*where);
  }
  auto order = bind_order(syntax.order, scope);
  if (!order) return std::move(order).error();
  out.order = std::move(*order);
  if (syntax.fields) {
    auto fields = bind_fields(*syntax.fields, scope);
    if (!fields) return std::move(fields).error();
    out.fields = std::move(*fields);
  }
  auto include = bind_include(syntax.include, scope, conditions);
  if (!include) return std::move(include).error();
  out.include = std::move(*include);
  return out;
}

}  // namespace detail

Result<Bound> bind(const Syntax& syntax, const ModelDefinition& model, const Registry& registry,
                   const BindOptions& options) {
  const detail::BindScope scope{model, registry, options, "filter", 0};
  std::size_t conditions = 0;
  return detail::bind_filter(syntax, scope, conditions);
}

Result<BoundWhere> bind_where(const WhereNode& where, const ModelDefinition& model,
                              const Registry& registry, const BindOptions& options) {
  const detail::BindScope scope{model, registry, options, "", 0};
  std::size_t conditions = 0;
  if (auto status = detail::check_where_limits(where, scope, "where", conditions); !status)
    return status.error();
  return detail::bind_where_node(where, scope, "where");
}

}  // namespace lb::filter
