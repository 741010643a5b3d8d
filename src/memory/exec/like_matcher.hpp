// LikeMatcher: SQL LIKE as lb defines it for every connector: `%` any run of
// characters, `_` exactly one character (a UTF-8 code point), `\` makes the next
// character literal, anchored at both ends; optionally case-insensitive (ASCII).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace lb::memory {

class LikeMatcher {
 public:
  LikeMatcher(std::string_view pattern, bool case_insensitive);
  [[nodiscard]] bool matches(std::string_view text) const;

 private:
  enum class Kind : std::uint8_t { Literal, AnyOne, AnyRun };
  struct Token {
    Kind kind;
    char32_t code_point = 0;
  };
  std::vector<Token> tokens_;
  bool case_insensitive_;
};

}  // namespace lb::memory
