// The one ordering of encoded values that indexes, sorting and equality share: the
// order of lb::Value (value.hpp), except that absent and null are the same lowest
// value, since a SQL connector cannot tell a missing property from a NULL column.
#pragma once

#include "memory/store/value_view.hpp"

namespace lb::memory {

// <0, 0, >0. Numbers compare numerically across Integer and Number (NaN lowest),
// strings bytewise, dates by instant, arrays and objects element by element.
[[nodiscard]] int compare_views_general(ValueView a, ValueView b);
// The same, with the cases indexes and sorts meet most (two strings, two integers, two
// non-NaN doubles, an integer against a double) inline.
[[nodiscard]] inline int compare_views(ValueView a, ValueView b) {
  const Tag tag = a.tag();
  if (tag != b.tag()) {
    // An integer operand (a JSON 100) against stored doubles: exact as doubles while
    // the integer is within 2^53, which every double holds exactly.
    constexpr std::int64_t kExact = std::int64_t{1} << 53;
    if (tag == Tag::Integer && b.tag() == Tag::Number) {
      std::int64_t x = a.as_integer();
      double y = b.as_double();
      if (y == y && x <= kExact && x >= -kExact) {
        double dx = static_cast<double>(x);
        return (dx > y) - (dx < y);
      }
    } else if (tag == Tag::Number && b.tag() == Tag::Integer) {
      double x = a.as_double();
      std::int64_t y = b.as_integer();
      if (x == x && y <= kExact && y >= -kExact) {
        double dy = static_cast<double>(y);
        return (x > dy) - (x < dy);
      }
    }
  } else {
    switch (tag) {
      case Tag::String: {
        int c = a.as_string().compare(b.as_string());
        return (c > 0) - (c < 0);
      }
      case Tag::Integer: {
        std::int64_t x = a.as_integer(), y = b.as_integer();
        return (x > y) - (x < y);
      }
      case Tag::Number: {
        double x = a.as_double(), y = b.as_double();
        if (x == x && y == y) return (x > y) - (x < y);  // NaN (x != x) sorts lowest: the general path
        break;
      }
      default:
        break;
    }
  }
  return compare_views_general(a, b);
}

// A hash consistent with compare_views' equality: values equal as values (1 and 1.0)
// hash alike.
[[nodiscard]] std::size_t hash_view(ValueView value);

// A view of kinds `gt`/`lt`/`between` may compare: numbers, strings, dates.
enum class ComparableKind { None, Number, String, Date };
[[nodiscard]] ComparableKind comparable_kind(ValueView v);

}  // namespace lb::memory
