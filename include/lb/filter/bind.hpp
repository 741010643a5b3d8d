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
//
// The const& overloads copy what the Bound keeps (property paths, operands) out of the
// syntax, which stays as it was: use them to bind one Syntax several times. The &&
// overloads move those parts out instead, which saves an allocation or more per
// condition: use them for the usual parse-then-bind of a temporary,
// `bind(std::move(syntax).value(), model, registry)`. Both give the same Bound and
// the same errors. Afterwards the syntax is left valid but unspecified, on success and
// on error alike (an error may come after some parts were taken): destroy it or assign
// to it, do not read it. Include scopes are shared (IncludeSpec::scope) and are never
// modified; they are bound by copy either way.
[[nodiscard]] Result<Bound> bind(const Syntax& syntax, const ModelDefinition& model,
                                 const Registry& registry, const BindOptions& options = {});
[[nodiscard]] Result<Bound> bind(Syntax&& syntax, const ModelDefinition& model,
                                 const Registry& registry, const BindOptions& options = {});
[[nodiscard]] Result<BoundWhere> bind_where(const WhereNode& where, const ModelDefinition& model,
                                            const Registry& registry,
                                            const BindOptions& options = {});
[[nodiscard]] Result<BoundWhere> bind_where(WhereNode&& where, const ModelDefinition& model,
                                            const Registry& registry,
                                            const BindOptions& options = {});

}  // namespace lb::filter
