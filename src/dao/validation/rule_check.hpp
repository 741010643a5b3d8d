// What one synchronous rule finds wrong with a value, as juggler's validators decide
// it (blank, nullCheck, JavaScript's typeof and string length), and the code and
// message LoopBack reports for each failure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dao/validation/rule.hpp"
#include "lb/value.hpp"

namespace lb::dao {

// One way a rule failed: "" for the rule's only failure, otherwise the sub-kind juggler
// names ("min", "max", "is", "int", "number", "blank", "null").
using Failure = std::string;

// juggler's blank(): undefined, null, NaN, "" and [] are blank.
[[nodiscard]] bool is_blank(const Value* value);

// The failures of a Presence, Absence, Length, Format, Inclusion, Exclusion,
// Numericality or Date rule on `value` (nullptr: the property is absent).
[[nodiscard]] std::vector<Failure> check_rule(const Validations::Rule& rule, const Value* value);

// "presence", "length.min", or the rule's `code` option with the failure appended.
[[nodiscard]] std::string failure_code(const Validations::Rule& rule, const Failure& failure);
// The rule's message for `failure`: the per-failure message; for blank and null
// "is blank" / "is null"; then the rule's message; then LoopBack's default ("can't be
// blank", "too short", "is invalid", ...).
[[nodiscard]] std::string failure_message(const Validations::Rule& rule, const Failure& failure);

// JavaScript's `string.length`: UTF-16 code units of UTF-8 text.
[[nodiscard]] std::size_t utf16_length(const std::string& text);

}  // namespace lb::dao
