// "${NAME}" placeholders in datasources.json, replaced from the environment as
// loopback-boot does (so "url": "${DATABASE_URL}" works unchanged).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "lb/value.hpp"

namespace lb::boot {

// Looks a variable up; nullopt when unset.
using VariableLookup = std::function<std::optional<std::string>(std::string_view name)>;

// The process environment.
[[nodiscard]] std::optional<std::string> environment_variable(std::string_view name);

// Returns `settings` with every string that is exactly "${NAME}" (NAME: letters, digits,
// underscore) replaced by the variable's value, in objects and arrays at any depth. An
// unset variable removes the key (an array element becomes null), as loopback-boot
// leaves it undefined. loopback-boot also consults app.get(NAME) (config.json), which
// lb does not read.
[[nodiscard]] Value resolve_variables(const Value& settings, const VariableLookup& lookup);

}  // namespace lb::boot
