// KeyHash: hashing of key values (ids and foreign keys) consistent with Value's
// equality, where 1 and 1.0 are equal: include and relation filters group rows by
// key in hash maps instead of ordered trees.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <string_view>

#include "lb/json.hpp"
#include "lb/value.hpp"

namespace lb::dao {

struct KeyHash {
  std::size_t operator()(const Value& key) const noexcept {
    switch (key.kind()) {
      case Value::Kind::Integer: return std::hash<std::int64_t>{}(key.as_integer());
      case Value::Kind::Number: {
        const double d = key.as_double();
        // An integral double hashes as the integer it equals.
        if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9.0e18)
          return std::hash<std::int64_t>{}(static_cast<std::int64_t>(d));
        return std::isnan(d) ? 0 : std::hash<double>{}(d);
      }
      case Value::Kind::String: return std::hash<std::string_view>{}(key.as_string());
      case Value::Kind::Null: return 0;
      default: return std::hash<std::string>{}(to_json(key));  // rare as keys
    }
  }
};

}  // namespace lb::dao
