// Dotted property paths ("address.city") split into segments; the grammar lives in
// property_path_grammar.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lb/filter/syntax.hpp"

namespace lb::filter {

// The grammar: "address.city" -> {"address", "city"}; nullopt for an empty path or an
// empty segment ("", ".a", "a..b", "a.").
[[nodiscard]] std::optional<PropertyPath> parse_dotted_property_path(std::string_view text);

// The same, with the common case (a plain name, no dot) done without the grammar.
[[nodiscard]] inline std::optional<PropertyPath> parse_property_path(std::string_view text) {
  // A plain loop: names are short, and a call to memchr costs more than scanning them.
  bool dotted = text.empty();
  for (char c : text) dotted = dotted || c == '.';
  if (!dotted) {
    // Built in place: a braced list would copy the name once more.
    std::optional<PropertyPath> path(std::in_place);
    path->emplace_back(text);
    return path;
  }
  return parse_dotted_property_path(text);
}

}  // namespace lb::filter
