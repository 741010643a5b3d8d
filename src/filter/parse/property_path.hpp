// Dotted property paths ("address.city") split into segments; the grammar lives in
// property_path_grammar.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "lb/filter/syntax.hpp"

namespace lb::filter {

// The grammar: "address.city" -> {"address", "city"}; nullopt for an empty path or an
// empty segment ("", ".a", "a..b", "a.").
[[nodiscard]] std::optional<PropertyPath> parse_dotted_property_path(std::string_view text);

// Whether the grammar accepts `text`: segments of one byte or more between single dots.
// (Plain loops: names are short, and a call to memchr costs more than scanning them.)
[[nodiscard]] inline bool is_property_path(std::string_view text) {
  if (text.empty() || text.front() == '.' || text.back() == '.') return false;
  for (std::size_t i = 1; i < text.size(); ++i)
    if (text[i] == '.' && text[i - 1] == '.') return false;
  return true;
}

// A path is_property_path() accepts, split into `out` (empty before), where the caller
// keeps it: the common case (a plain name, no dot) without the grammar. Built in place,
// because a returned path would be moved out of stack memory written by halves, which
// stalls the load that reads it whole.
inline void build_property_path(std::string_view text, PropertyPath& out) {
  bool dotted = false;
  for (char c : text) dotted = dotted || c == '.';
  if (!dotted) {
    out.emplace_back(text);
    return;
  }
  out = std::move(*parse_dotted_property_path(text));
}

// Both: the path, or nullopt when the grammar refuses the text.
[[nodiscard]] inline std::optional<PropertyPath> parse_property_path(std::string_view text) {
  if (!is_property_path(text)) return std::nullopt;
  std::optional<PropertyPath> path(std::in_place);
  build_property_path(text, *path);
  return path;
}

}  // namespace lb::filter
