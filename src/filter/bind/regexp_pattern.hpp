// `regexp` operands: a "/re/flags" literal or a plain pattern (with flags in the
// "options" modifier), translated from JavaScript's syntax to RE2's where the two
// spell the same thing differently, and compiled once to refuse bad patterns early.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "filter/bind/key_path.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb::filter::detail {

struct RegexpPattern {
  std::string pattern;  // RE2 syntax; "(?m)" leads when the m flag was given
  bool case_insensitive = false;
};

// `operand` must be a string; `options` is the "options" modifier or nullptr. Flags
// other than i, g and m are refused as LoopBack refuses them; g is dropped (a match
// test has no global mode). Patterns RE2 cannot run (lookaround, backreferences) are
// a 400 naming `key_path`.
[[nodiscard]] Result<RegexpPattern> bind_regexp(const Value& operand, const Value* options,
                                                const KeyPath& key_path);

// JavaScript regexp syntax to RE2's for the constructs RE2 spells differently:
// "(?<name>" -> "(?P<name>", "\uXXXX" -> "\x{XXXX}". Everything else is passed on for
// RE2 to accept or refuse.
[[nodiscard]] std::string js_regexp_to_re2(std::string_view pattern);

}  // namespace lb::filter::detail
