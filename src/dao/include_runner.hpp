// Include: loads the related records a filter's `include` names for a whole result
// set, one query per relation per level (never one per row), on any connector.
#pragma once

#include <string>
#include <vector>

#include "lb/filter/bound.hpp"
#include "lb/instance.hpp"
#include "lb/result.hpp"
#include "lb/transaction.hpp"

namespace lb {
class Model;
}

namespace lb::dao {

// The properties of `model` that `includes` read from each parent row (a hasMany's id,
// a belongsTo's foreign key, ...): a query with `fields` must read them even when the
// fields leave them out.
[[nodiscard]] Result<std::vector<std::string>> include_keys(const Model& model,
                                                            const std::vector<filter::BoundInclude>& includes);

// The options for a query on a related model: `options` when it shares the data source
// of their transaction (a transaction belongs to one data source), else none.
[[nodiscard]] Options options_for(const Model& target, const Options& options);

// Loads every relation of `includes` into `parents` (instances of `model`).
[[nodiscard]] Status run_includes(const Model& model, std::vector<Instance>& parents,
                                  const std::vector<filter::BoundInclude>& includes, const Options& options);

}  // namespace lb::dao
