// Write data to property types: what LoopBack's model constructor does to a client's
// data (numbers from numeric strings, dates from ISO strings and epoch milliseconds,
// GeoPoints from {lat,lng}, "lat,lng" or [lat,lng], arrays element by element),
// refusing what it would store as NaN or Invalid Date with a ValidationError entry.
#pragma once

#include <string_view>

#include "dao/validation_errors.hpp"
#include "lb/model_definition.hpp"
#include "lb/registry.hpp"
#include "lb/value.hpp"

namespace lb::dao {

// Converts `value` to `type`; on failure records an error for `property` and returns
// false (`out` is then unspecified). Null stays null. Embedded models and inline
// objects convert member by member; their unknown members are kept.
[[nodiscard]] bool coerce_to_type(const Value& value, const PropertyType& type,
                                  const Registry& registry, std::string_view property,
                                  ValidationErrors& errors, Value& out);

}  // namespace lb::dao
