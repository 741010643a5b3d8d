// Property defaults on create: `"default"` values (with LoopBack's "$now" for dates)
// and the `defaultFn` generators (uuid, guid, uuidv4, now, nanoid, shortid).
#pragma once

#include <optional>
#include <string>

#include "lb/model_definition.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb::dao {

// The value a new record gets for `property` when the data leaves it out, or nullopt
// when the property has no default. A defaultFn unknown to lb is a 400 naming it
// (LoopBack only warns and leaves the property unset).
[[nodiscard]] Result<std::optional<Value>> default_value(const PropertyDefinition& property);

// RFC 4122 version 1 (time-based, random node) and version 4 (random) UUIDs, and a
// 21-character nanoid over the URL-safe alphabet. Thread-safe.
[[nodiscard]] std::string make_uuid_v1();
[[nodiscard]] std::string make_uuid_v4();
[[nodiscard]] std::string make_nanoid();

}  // namespace lb::dao
