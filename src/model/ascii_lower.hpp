// ASCII lower-casing for the case-insensitive words of the definition language
// (type names, "desc", "unique"); LoopBack compares them the same way.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace lb::model {

[[nodiscard]] inline std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace lb::model
