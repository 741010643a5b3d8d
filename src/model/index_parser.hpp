// Reads model-level `indexes` entries in the forms LoopBack connectors accept, and turns
// property-level `"index"` settings into index definitions.
#pragma once

#include <string>

#include "lb/model_definition.hpp"
#include "lb/result.hpp"
#include "model/key_path.hpp"

namespace lb::model {

// One `indexes` entry: {"keys": {"a": 1, "b": -1}, "options": {"unique": true}},
// {"columns": "a,b", "kind": "unique"}, or the shorthand {"a": 1, "b": -1}.
[[nodiscard]] Result<IndexDefinition> parse_index(const std::string& name, const Value& index,
                                                  const KeyPath& path);

// The index a property's `"index": true | {...}` declares, named "<property>_index" as
// juggler's ModelDefinition.indexes() names it.
[[nodiscard]] IndexDefinition property_index(const PropertyDefinition& property);

}  // namespace lb::model
