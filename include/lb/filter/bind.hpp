// The bind stage: a filter::Syntax checked and coerced against a model definition into
// a filter::Bound. Resolves property paths (into nested objects and embedded models),
// coerces operands the way LoopBack does, binds include scopes against their target
// models, and refuses hidden properties, unknown properties under strict models, and
// anything over the limits, with a 400 naming the key path.
#pragma once

#include "lb/filter/bound.hpp"
#include "lb/filter/limits.hpp"
#include "lb/filter/syntax.hpp"
#include "lb/model_definition.hpp"
#include "lb/registry.hpp"
#include "lb/result.hpp"

namespace lb::filter {

struct BindOptions {
  Limits limits;
  // Refuse hidden properties in where/order/fields (LoopBack's
  // prohibitHiddenPropertiesInQuery, but refusing rather than silently widening).
  bool prohibit_hidden_properties = true;
  // Protected properties are hidden only in nested (included) results; they may be
  // queried. Kept here for symmetry with LoopBack's settings.
  bool prohibit_protected_properties = false;
};

// `registry` resolves relation targets and embedded model types; `model` must belong
// to it. Thread-safe for concurrent calls on a registry nobody is defining into.
[[nodiscard]] Result<Bound> bind(const Syntax& syntax, const ModelDefinition& model,
                                 const Registry& registry, const BindOptions& options = {});
[[nodiscard]] Result<BoundWhere> bind_where(const WhereNode& where, const ModelDefinition& model,
                                            const Registry& registry,
                                            const BindOptions& options = {});

}  // namespace lb::filter
