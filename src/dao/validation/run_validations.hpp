// The validation runner the write operations and Instance::validate call: LoopBack's
// isValid over one record, its failures merged with the ones found while preparing
// the data, in the order LoopBack reports them.
#pragma once

#include "dao/validation_errors.hpp"
#include "lb/instance.hpp"
#include "lb/result.hpp"
#include "lb/transaction.hpp"

namespace lb::dao {

// Adds the failures of `instance` against its model's validations to `errors` (which
// may already hold coercion / strict-mode / forceId failures from preparing the data:
// they are merged as LoopBack's isValid orders them). Errors other than validation
// failures (a uniqueness query that failed, a validator that threw) are returned.
// Uniqueness queries run through the model with `options`, so they see its transaction.
Status run_validations(const Instance& instance, const Options& options, ValidationErrors& errors);

}  // namespace lb::dao
