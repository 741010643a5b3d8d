// The bind stage's entry points: a filter, or a where clause alone, bound against a
// model, from a syntax lent (copied from) or given up (moved from). Clauses bind in a
// fixed order (limits and paging first, the cheapest checks) and the first error wins.
#include "lb/filter/bind.hpp"


#include "filter/bind/binder.hpp"

namespace lb::filter {
namespace detail {

template <Walked<Syntax> S>
Status bind_filter(S& syntax, const BindScope& scope, std::size_t& conditions, Bound& out) {
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

template Status bind_filter(const Syntax&, const BindScope&, std::size_t&, Bound&);
template Status bind_filter(Syntax&, const BindScope&, std::size_t&, Bound&);

namespace {

template <Walked<Syntax> S>
Result<Bound> bind_syntax(S& syntax, const ModelDefinition& model, const Registry& registry,
                          const BindOptions& options) {
  const KeyPath root("filter");
  const BindScope scope{model, registry, options, root, 0};
  std::size_t conditions = 0;
  // Built inside the Result, which every path returns (so it is not moved on return).
  Result<Bound> result(blank<Bound>());
  if (auto status = bind_filter(syntax, scope, conditions, *result); !status)
    result = status.error();
  return result;
}

template <Walked<WhereNode> W>
Result<BoundWhere> bind_where_clause(W& where, const ModelDefinition& model,
                                     const Registry& registry, const BindOptions& options) {
  const KeyPath root("");
  const KeyPath where_path("where");
  const BindScope scope{model, registry, options, root, 0};
  std::size_t conditions = 0;
  if (auto status = check_where_limits(where, scope, where_path, conditions); !status)
    return status.error();
  Result<BoundWhere> result(blank<BoundWhere>());  // as in bind_syntax
  if (auto status = bind_where_node(where, scope, where_path, *result); !status)
    result = status.error();
  return result;
}

}  // namespace
}  // namespace detail

Result<Bound> bind(const Syntax& syntax, const ModelDefinition& model, const Registry& registry,
                   const BindOptions& options) {
  return detail::bind_syntax(syntax, model, registry, options);
}

Result<Bound> bind(Syntax&& syntax, const ModelDefinition& model, const Registry& registry,
                   const BindOptions& options) {
  return detail::bind_syntax(syntax, model, registry, options);
}

Result<BoundWhere> bind_where(const WhereNode& where, const ModelDefinition& model,
                              const Registry& registry, const BindOptions& options) {
  return detail::bind_where_clause(where, model, registry, options);
}

Result<BoundWhere> bind_where(WhereNode&& where, const ModelDefinition& model,
                              const Registry& registry, const BindOptions& options) {
  return detail::bind_where_clause(where, model, registry, options);
}

}  // namespace lb::filter
