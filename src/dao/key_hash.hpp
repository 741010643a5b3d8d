// KeyHash: hashing of key values (ids and foreign keys) consistent with Value's
// equality, where 1 and 1.0 are equal: include and relation filters group rows by
// key in hash maps instead of ordered trees.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "lb/json.hpp"
#include "lb/value.hpp"
#include "value/exact_integer.hpp"

namespace lb::dao {

struct KeyHash {
  std::size_t operator()(const Value& key) const noexcept {
    switch (key.kind()) {
      case Value::Kind::Integer: return std::hash<std::int64_t>{}(key.as_integer());
      case Value::Kind::Number: {
        const double d = key.as_double();
        // An integral double hashes as the integer it equals.
        if (std::int64_t integer; exact_integer(d, integer)) return std::hash<std::int64_t>{}(integer);
        return std::isnan(d) ? 0 : std::hash<double>{}(d);
      }
      case Value::Kind::String: return std::hash<std::string_view>{}(key.as_string());
      case Value::Kind::Null: return 0;
      default: return std::hash<std::string>{}(to_json(key));  // rare as keys
    }
  }
};

// Value's equality, with the usual key kinds (the same kind, an integer or a string)
// compared directly rather than through Value's general ordering.
struct KeyEqual {
  bool operator()(const Value& a, const Value& b) const noexcept {
    const Value::Kind ka = a.kind(), kb = b.kind();
    if (ka == kb) {
      switch (ka) {
        case Value::Kind::Integer: return a.as_integer() == b.as_integer();
        case Value::Kind::Number: {  // NaN equals NaN, as in Value's order
          const double da = a.as_double(), db = b.as_double();
          return da == db || (std::isnan(da) && std::isnan(db));
        }
        case Value::Kind::String: return a.as_string() == b.as_string();
        default: break;
      }
    } else if (ka == Value::Kind::Integer && kb == Value::Kind::Number) {
      return same_number(a.as_integer(), b.as_double());
    } else if (ka == Value::Kind::Number && kb == Value::Kind::Integer) {
      return same_number(b.as_integer(), a.as_double());
    }
    return a == b;
  }

 private:
  // An integer and a double are equal keys when the double is that integer exactly.
  static bool same_number(std::int64_t i, double d) noexcept {
    std::int64_t integer;
    return exact_integer(d, integer) && integer == i;
  }
};

}  // namespace lb::dao
