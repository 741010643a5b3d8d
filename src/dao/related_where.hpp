// Where clauses on related models, resolved at run time: each relation condition
// ({"reviews.stars": {"gte": 4}}) becomes a condition on the model's own key (its id
// `inq` the parents of matching reviews), found by querying the related model with its
// indexes and default scope. Connectors then see plain conditions only, except those
// with ConnectorCapabilities::related_where, which get the relation conditions whose
// models share their data source (the default scopes added; BoundRelatedWhere::scoped).
#pragma once

#include <memory>

#include "lb/filter/bound.hpp"
#include "lb/result.hpp"
#include "lb/transaction.hpp"

namespace lb {
class Model;
}

namespace lb::dao {

[[nodiscard]] bool has_related(const filter::BoundWhere& where);

// `where` (of `model`) with its relation conditions resolved, as `model`'s connector
// needs them (above).
[[nodiscard]] Result<filter::BoundWhere> resolve_related(const Model& model, const filter::BoundWhere& where,
                                                         const Options& options);

// The same for a whole filter; returns `bound` itself when it has none.
[[nodiscard]] Result<std::shared_ptr<const filter::Bound>> resolve_related(const Model& model,
                                                                           std::shared_ptr<const filter::Bound> bound,
                                                                           const Options& options);

}  // namespace lb::dao
