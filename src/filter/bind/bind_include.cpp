// include: relation names resolved on the model, targets found in the registry, and
// scopes bound recursively against their targets, up to the include depth limit.
#include <fmt/format.h>

#include <memory>

#include "filter/bind/binder.hpp"

namespace lb::filter::detail {

template <Walked<std::vector<IncludeSpec>> I>
Status bind_include(I& include, const BindScope& scope, std::size_t& conditions,
                    std::vector<BoundInclude>& out) {
  if (include.empty()) return {};
  const KeyPath key_path = scope.key_path.member("include");
  const Limits& limits = scope.options.limits;
  if (scope.include_depth + 1 > limits.max_include_depth)
    return bind_error(key_path, fmt::format("include nesting exceeds the maximum depth of {}",
                                            limits.max_include_depth));
  // Queries for included models also refuse protected properties, as LoopBack's
  // include does (prohibitProtectedPropertiesInQuery).
  BindOptions scope_options = scope.options;
  scope_options.prohibit_protected_properties = true;

  out.reserve(include.size());
  for (auto& spec : include) {
    const RelationDefinition* relation = scope.model.relation(spec.relation);
    if (!relation)
      return bind_error(key_path, fmt::format("Relation \"{}\" is not defined for {} model",
                                              spec.relation, scope.model.name));
    // LoopBack skips such relations silently; so do we, so that clients written against
    // it keep working. The relation's data is simply not loaded.
    if (relation->include_disabled()) continue;

    BoundInclude& bound = out.emplace_back(blank<BoundInclude>());
    bound.relation = relation;
    if (relation->model.empty()) {
      if (!relation->polymorphic)
        return definition_error(
            key_path, fmt::format("Relation.modelTo is not defined for relation {} and is no "
                                  "polymorphic",
                                  relation->name));
      // The target is named by each row's discriminator: the scope is bound later,
      // per target, by the relations layer.
      bound.unbound_scope = take(spec.scope);
      continue;
    }
    bound.target = scope.registry.find(relation->model);
    if (!bound.target)
      return definition_error(key_path,
                              fmt::format("Relation \"{}\" of {} model targets the undefined "
                                          "model \"{}\"",
                                          relation->name, scope.model.name, relation->model));
    if (spec.scope) {
      const KeyPath scope_path = key_path.member(relation->name);
      const BindScope target_scope{*bound.target, scope.registry, scope_options, scope_path,
                                   scope.include_depth + 1};
      // Bound where it will live: the shared block is allocated once and filled.
      // The scope is shared and const, so it binds by copy whichever way the filter does.
      auto bound_scope = std::make_shared_for_overwrite<Bound>();
      if (auto status = bind_filter(*spec.scope, target_scope, conditions, *bound_scope); !status)
        return status;
      bound.scope = std::move(bound_scope);
      // Kept as written too: include runs it merged with the relation's scope and the
      // target's default scope.
      bound.unbound_scope = spec.scope;
    }
  }
  return {};
}

template Status bind_include(const std::vector<IncludeSpec>&, const BindScope&, std::size_t&,
                             std::vector<BoundInclude>&);
template Status bind_include(std::vector<IncludeSpec>&, const BindScope&, std::size_t&,
                             std::vector<BoundInclude>&);

}  // namespace lb::filter::detail
