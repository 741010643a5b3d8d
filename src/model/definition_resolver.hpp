// The second half of defining a model: a parsed definition merged with its resolved
// base by LoopBack's inheritance rules, then interpreted into a ModelDefinition.
#pragma once

#include <memory>

#include "lb/model_definition.hpp"
#include "lb/result.hpp"
#include "model/definition_parser.hpp"

namespace lb::model {

// `base` is nullptr only for the root Model; `depth` is the new model's inheritance
// depth (Model 1, PersistedModel 2, ...), used to rank its ACL entries.
[[nodiscard]] Result<std::unique_ptr<ModelDefinition>> resolve_definition(
    const ParsedDefinition& parsed, const ModelDefinition* base, int depth);

}  // namespace lb::model
