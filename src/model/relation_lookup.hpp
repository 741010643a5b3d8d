// resolve_relation over any lookup of definitions by name, for the registry's own use
// while definitions are being defined (before they are in it).
#pragma once

#include <functional>
#include <string_view>

#include "lb/relation.hpp"

namespace lb::model {

using DefinitionLookup = std::function<const ModelDefinition*(std::string_view)>;

[[nodiscard]] Result<Relation> resolve_relation_with(const ModelDefinition& from, const RelationDefinition& relation,
                                                     const DefinitionLookup& find);

}  // namespace lb::model
