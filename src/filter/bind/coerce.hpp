// Operand coercion: a filter value as written converted to a property's type the way
// LoopBack's DAO coerces where clauses, but refusing what LoopBack would pass through
// unconverted (a 400 instead of a query that silently matches nothing).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "filter/bind/binder.hpp"
#include "lb/model_definition.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb::filter::detail {

// JavaScript's Number(text) for decimal text: surrounding blanks ignored, optional
// sign, digits with an optional fraction and exponent. Integer when the text has no
// fraction or exponent and fits int64, Number otherwise. nullopt for anything else,
// including "", hex ("0x10") and "Infinity", which JavaScript would accept.
[[nodiscard]] std::optional<Value> parse_number_text(std::string_view text);

// The common case of that reading, without building a Value: `text` is only digits, at
// most 18 of them (query strings give limits and numeric operands so), read into `out`
// ("007" is 7, as in JavaScript). False for anything else, which may still be a number.
[[nodiscard]] inline bool parse_digits(std::string_view text, std::int64_t& out) {
  if (text.empty() || text.size() > 18) return false;
  std::int64_t number = 0;
  for (char c : text) {
    const auto digit = static_cast<unsigned>(c - '0');
    if (digit > 9) return false;
    number = number * 10 + digit;
  }
  out = number;
  return true;
}

// `value` as `type`. Arrays coerce element-wise against their element type, and a
// single value against an array type coerces to the element type (LoopBack's "the
// array contains" match). Null stays null. Inline objects and embedded models coerce
// member by member against their definitions. Errors name `key_path`. The result is
// written to `out` (left unspecified on error), so that it lands where it will live.
// `V` is const Value for an operand lent (copied from), Value for one taken (moved
// from, and left unspecified; see binder.hpp). Instantiated for both in coerce.cpp.
template <Walked<Value> V>
[[nodiscard]] Status coerce_value(V& value, const PropertyType& type, const BindScope& scope,
                                  const KeyPath& key_path, Value& out);

// LoopBack's Boolean coercion, minus its "any other truthy value is true": true,
// false, "true", "false", "1", "0", 1 and 0.
[[nodiscard]] Result<bool> coerce_boolean(const Value& value, const KeyPath& key_path);

// A GeoPoint from {lat, lng}, [lat, lng], "lat,lng" (or that text as JSON), or a
// GeoPoint; coordinates may be numeric strings and must be in range.
[[nodiscard]] Result<GeoPoint> coerce_geo_point(const Value& value, const KeyPath& key_path);

// A short JSON rendering of an operand for error messages, cut at a bounded length so
// that a 16 KiB operand does not become a 16 KiB message.
[[nodiscard]] std::string describe_value(const Value& value);

// The element type of (possibly nested) arrays: [[Number]] -> Number.
[[nodiscard]] const PropertyType& scalar_type(const PropertyType& type);

}  // namespace lb::filter::detail
