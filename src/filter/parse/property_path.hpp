// Dotted property paths ("address.city") split into segments; the grammar lives in
// property_path_grammar.cpp.
#pragma once

#include <optional>
#include <string_view>

#include "lb/filter/syntax.hpp"

namespace lb::filter {

// "address.city" -> {"address", "city"}. nullopt for an empty path or an empty
// segment ("", ".a", "a..b", "a.").
[[nodiscard]] std::optional<PropertyPath> parse_property_path(std::string_view text);

}  // namespace lb::filter
