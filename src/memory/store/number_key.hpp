// NumberKey: the key of a one-key index on a number property as an unsigned 64-bit
// number in compare_views' order, kept beside the index's rows (RowBlocks::keep_keys)
// so that a search compares integers in a contiguous array instead of reading rows.
#pragma once

#include <cstdint>
#include <cstring>

#include "memory/store/value_view.hpp"

namespace lb::memory::number_key {

// A stored value with no key: neither null nor a number a double holds exactly (a
// string in a number index...). While an index holds one, its keys are not used.
inline constexpr std::uint64_t kForeign = 0;
inline constexpr std::uint64_t kNull = 1;  // absent and null: the lowest value
inline constexpr std::uint64_t kNaN = 2;   // the lowest number
// A probe of a kind that sorts above every number (a string: an open range's ceiling).
inline constexpr std::uint64_t kAboveNumbers = ~std::uint64_t{0};

// A double (not NaN) as an unsigned number in the double's order, above kNaN: -0 is
// taken as 0, which it equals.
inline std::uint64_t of_double(double d) {
  if (d == 0) d = 0;
  std::uint64_t bits = 0;
  std::memcpy(&bits, &d, sizeof d);
  return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
}

// An integer as a double when the double holds it exactly.
inline bool exact(std::int64_t v, double& out) {
  constexpr std::int64_t kExact = std::int64_t{1} << 53;
  out = static_cast<double>(v);
  return v <= kExact && v >= -kExact;
}

// The key of a stored value, kForeign when it has none.
inline std::uint64_t stored(ValueView value) {
  switch (value.tag()) {
    case Tag::Absent:
    case Tag::Null:
      return kNull;
    case Tag::Number: {
      const double d = value.as_double();
      return d == d ? of_double(d) : kNaN;
    }
    case Tag::Integer: {
      double d = 0;
      return exact(value.as_integer(), d) ? of_double(d) : kForeign;
    }
    default:
      return kForeign;
  }
}

// The key a probe compares as against stored keys (all of them null or numbers):
// kForeign, never a probe's key, for a probe that cannot be placed among them (a
// boolean, an integer a double does not hold exactly). A plain number rather than an
// optional: where a call is not inlined, GCC returns an optional through memory and
// reading its flag stalls on the byte just stored (an eighth of a prepared range
// count's time).
[[gnu::always_inline]] inline std::uint64_t probe(ValueView value) {
  switch (value.tag()) {
    case Tag::False:
    case Tag::True:
      return kForeign;
    case Tag::Integer: {
      double d = 0;
      return exact(value.as_integer(), d) ? of_double(d) : kForeign;
    }
    case Tag::Absent:
    case Tag::Null:
    case Tag::Number:
      return stored(value);  // kNull, kNaN or a number's key
    default:
      return kAboveNumbers;  // strings, dates, GeoPoints, buffers, arrays, objects
  }
}

}  // namespace lb::memory::number_key
