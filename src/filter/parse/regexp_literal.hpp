// JavaScript-style regexp literals ("/^p.*n$/i") as LoopBack accepts them in a
// `regexp` operand. Shared by parse (which checks flags) and bind (which compiles).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lb::filter {

struct RegexpLiteral {
  std::string pattern;  // between the first and the last '/'
  std::string flags;    // letters after the last '/', as written (may be empty)
  friend bool operator==(const RegexpLiteral&, const RegexpLiteral&) = default;
};

// "/re/flags" -> {re, flags}. nullopt when the text is not a literal: it does not
// start with '/', has no closing '/', has an empty pattern, or has non-letters after
// the closing '/'. A text that is not a literal is a plain pattern. The pattern keeps
// any inner '/' ("/a/b/i" -> {"a/b", "i"}); flags are not checked here.
[[nodiscard]] std::optional<RegexpLiteral> parse_regexp_literal(std::string_view text);

// The flags LoopBack accepts in a literal: i, g and m.
[[nodiscard]] bool is_loopback_regexp_flag(char flag);

}  // namespace lb::filter
