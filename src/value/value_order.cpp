// Equality and the total order across Value kinds documented in lb/value.hpp.
#include <cmath>

#include "lb/value.hpp"

namespace lb {
namespace {

// Kinds ranked for cross-kind ordering; Integer and Number share a rank.
int rank(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::Null: return 0;
    case Value::Kind::Bool: return 1;
    case Value::Kind::Integer:
    case Value::Kind::Number: return 2;
    case Value::Kind::String: return 3;
    case Value::Kind::Date: return 4;
    case Value::Kind::GeoPoint: return 5;
    case Value::Kind::Buffer: return 6;
    case Value::Kind::Array: return 7;
    case Value::Kind::Object: return 8;
  }
  return 9;
}

std::strong_ordering compare_doubles(double a, double b) {
  // NaN equals NaN and sorts first, so the order stays total and strong.
  bool a_nan = std::isnan(a), b_nan = std::isnan(b);
  if (a_nan || b_nan) return b_nan <=> a_nan;
  if (a < b) return std::strong_ordering::less;
  if (a > b) return std::strong_ordering::greater;
  return std::strong_ordering::equal;  // also -0.0 == 0.0
}

std::strong_ordering compare_numbers(const Value& a, const Value& b) {
  if (a.is_integer() && b.is_integer()) return a.as_integer() <=> b.as_integer();
  if (a.is_integer() != b.is_integer()) {
    // Compare an int64 against a double exactly: a double converted from a large int64
    // would round, so compare in the double domain only when the double is out of
    // int64 range or fractional.
    const bool a_is_int = a.is_integer();
    const std::int64_t i = a_is_int ? a.as_integer() : b.as_integer();
    const double d = a_is_int ? b.as_double() : a.as_double();
    std::strong_ordering int_vs_double = std::strong_ordering::equal;
    if (std::isnan(d)) {
      int_vs_double = std::strong_ordering::greater;
    } else if (d >= 9223372036854775808.0) {
      int_vs_double = std::strong_ordering::less;
    } else if (d < -9223372036854775808.0) {
      int_vs_double = std::strong_ordering::greater;
    } else {
      const double truncated = std::trunc(d);
      const auto whole = static_cast<std::int64_t>(truncated);
      if (i != whole) {
        int_vs_double = i <=> whole;
      } else if (d > truncated) {
        int_vs_double = std::strong_ordering::less;
      } else if (d < truncated) {
        int_vs_double = std::strong_ordering::greater;
      }
    }
    if (a_is_int) return int_vs_double;
    return 0 <=> int_vs_double;  // reverse
  }
  return compare_doubles(a.as_double(), b.as_double());
}

template <typename Seq>
std::strong_ordering compare_sequences(const Seq& a, const Seq& b) {
  auto ai = a.begin(), bi = b.begin();
  for (; ai != a.end() && bi != b.end(); ++ai, ++bi) {
    if (auto c = *ai <=> *bi; c != 0) return c;
  }
  return (ai != a.end()) <=> (bi != b.end());
}

}  // namespace

std::strong_ordering operator<=>(const Value& a, const Value& b) {
  const int ra = rank(a.kind()), rb = rank(b.kind());
  if (ra != rb) return ra <=> rb;
  switch (a.kind()) {
    case Value::Kind::Null: return std::strong_ordering::equal;
    case Value::Kind::Bool: return a.as_bool() <=> b.as_bool();
    case Value::Kind::Integer:
    case Value::Kind::Number: return compare_numbers(a, b);
    case Value::Kind::String: {
      const int c = a.as_string().compare(b.as_string());
      return c <=> 0;
    }
    case Value::Kind::Date: return a.as_date() <=> b.as_date();
    case Value::Kind::GeoPoint: {
      if (auto c = compare_doubles(a.as_geo_point().lat, b.as_geo_point().lat); c != 0) return c;
      return compare_doubles(a.as_geo_point().lng, b.as_geo_point().lng);
    }
    case Value::Kind::Buffer: return compare_sequences(a.as_buffer().bytes, b.as_buffer().bytes);
    case Value::Kind::Array: return compare_sequences(a.as_array(), b.as_array());
    case Value::Kind::Object: {
      const Object& oa = a.as_object();
      const Object& ob = b.as_object();
      auto ai = oa.begin(), bi = ob.begin();
      for (; ai != oa.end() && bi != ob.end(); ++ai, ++bi) {
        if (int c = ai->first.compare(bi->first); c != 0) return c <=> 0;
        if (auto c = ai->second <=> bi->second; c != 0) return c;
      }
      return (ai != oa.end()) <=> (bi != ob.end());
    }
  }
  return std::strong_ordering::equal;
}

bool operator==(const Value& a, const Value& b) { return (a <=> b) == 0; }

}  // namespace lb
