// Node's util.inspect for the values a ValidationError message shows: LoopBack prints
// arrays (to depth 1) and objects (to depth 0) that way, "[ 'a', 'b' ]", long lists
// grouped in columns over several lines, before cutting the text to 32 characters.
#pragma once

#include <string>

#include "lb/value.hpp"

namespace lb::dao {

// util.inspect(value, {depth}) with Node's defaults otherwise (breakLength 80,
// compact 3, single-quoted strings, at most 100 array items).
[[nodiscard]] std::string js_inspect(const Value& value, int depth);

// JavaScript's String(number): "1.5", "1e+21", "NaN", "-Infinity".
[[nodiscard]] std::string js_number_text(const Value& number);

}  // namespace lb::dao
