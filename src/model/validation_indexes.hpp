// Unique indexes behind the `validations` section's uniqueness entries, so that the
// store itself refuses a duplicate that two concurrent writers both checked for.
#pragma once

#include "lb/model_definition.hpp"

namespace lb::model {

// For each {"validation": "uniqueness"} entry of `definition.validations` without
// ignoreCase, adds a unique index over scopedTo + property to `definition.indexes`,
// unless a unique index over a subset of those properties (the id among them) already
// guarantees it. Entries naming undefined properties, and malformed ones (reported by
// Validations::from_definition), add nothing.
//
// Why: validatesUniquenessOf queries before it writes, so two writers can both see no
// clash and both write. A unique index makes the second write fail on every connector
// with unique indexes (the memory connector and the SQL ones) with a 409, where the check alone
// would have let both through. Null keys never clash in such an index, as in SQL.
void add_uniqueness_indexes(ModelDefinition& definition);

}  // namespace lb::model
