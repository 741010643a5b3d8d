// Reads one entry of a definition's `relations` object into a RelationDefinition,
// with the checks juggler's validateRelation makes, as 400 errors.
#pragma once

#include <string>

#include "lb/model_definition.hpp"
#include "lb/result.hpp"
#include "model/key_path.hpp"

namespace lb::model {

[[nodiscard]] Result<RelationDefinition> parse_relation(const std::string& name,
                                                        const Value& relation,
                                                        const KeyPath& path);

}  // namespace lb::model
