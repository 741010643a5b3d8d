// The integer a number equals exactly, if any: ids and foreign keys are integers, and
// code that groups or tests many of them works on plain int64s instead of Values.
// Returns through an out parameter: a returned std::optional<std::int64_t> is built
// through memory by GCC and read back at once (a store-forwarding stall per call).
#pragma once

#include <cmath>
#include <cstdint>

#include "lb/value.hpp"

namespace lb {

// A double is one when it is a whole number within int64's range (9e18 keeps clear
// of the edge, where the conversion would be undefined).
inline bool exact_integer(double d, std::int64_t& out) noexcept {
  if (!(std::fabs(d) < 9.0e18 && d == std::trunc(d))) return false;
  out = static_cast<std::int64_t>(d);
  return true;
}

inline bool exact_integer(const Value& value, std::int64_t& out) noexcept {
  if (const std::int64_t* integer = value.if_integer()) {
    out = *integer;
    return true;
  }
  const double* d = value.if_double();
  return d && exact_integer(*d, out);
}

}  // namespace lb
