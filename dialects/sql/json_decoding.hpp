// JSON-stored values back to their property's type. A Json column holds what
// lb::to_json wrote (Dates as ISO-8601 text, GeoPoints as {lat, lng}, Buffers as
// {"type": "Buffer", "data": [...]}); parse_json gives plain JSON values, and this walk
// turns them back into the typed Values the memory connector would return.
#pragma once

#include "lb/model_definition.hpp"
#include "lb/value.hpp"

namespace lb::sql {

// `value` (parsed JSON) converted where `type` says what it holds: Dates, GeoPoints and
// Buffers at their typed places, through arrays and inline objects. A value that does
// not have the expected shape is kept as it is; `Model` (embedded model) and `Any`
// types are kept as parsed, since their shape is not known here.
[[nodiscard]] Value typed_json_value(Value value, const PropertyType& type);

}  // namespace lb::sql
