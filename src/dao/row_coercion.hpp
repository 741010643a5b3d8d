// Write data to property types: what LoopBack's model constructor does to a client's
// data (numbers from numeric strings, dates from ISO strings and epoch milliseconds,
// GeoPoints from {lat,lng}, "lat,lng" or [lat,lng], arrays element by element),
// refusing what it would store as NaN or Invalid Date with a ValidationError entry.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "dao/validation_errors.hpp"
#include "lb/model_definition.hpp"
#include "lb/registry.hpp"
#include "lb/value.hpp"

namespace lb::dao {

// Converts `value` to `type`; on failure records an error for `property` and returns
// false (`out` is then unspecified). Null stays null. Embedded models and inline
// objects convert member by member; their unknown members are kept.
[[nodiscard]] bool coerce_to_type(const Value& value, const PropertyType& type,
                                  const Registry& registry, std::string_view property,
                                  ValidationErrors& errors, Value& out);

// Whether coerce_to_type would return `value` unchanged, so that a writer may copy it
// as it is: null, scalars already of the property's type, and GeoPoints within their
// ranges (containers are rebuilt, so they never are).
[[nodiscard]] inline bool already_of_type(const Value& value, const PropertyType& type) {
  switch (value.kind()) {
    case Value::Kind::Null:
      return true;
    case Value::Kind::String:
      return type.kind == PropertyType::Kind::String || type.kind == PropertyType::Kind::Any;
    case Value::Kind::Integer:
      return type.kind == PropertyType::Kind::Number || type.kind == PropertyType::Kind::Any;
    case Value::Kind::Number:
      return (type.kind == PropertyType::Kind::Number && std::isfinite(value.as_double())) ||
             type.kind == PropertyType::Kind::Any;
    case Value::Kind::Bool:
      return type.kind == PropertyType::Kind::Boolean || type.kind == PropertyType::Kind::Any;
    case Value::Kind::Date:
      return type.kind == PropertyType::Kind::Date || type.kind == PropertyType::Kind::Any;
    case Value::Kind::GeoPoint: {
      if (type.kind == PropertyType::Kind::Any) return true;
      const GeoPoint point = value.as_geo_point();
      return type.kind == PropertyType::Kind::GeoPoint && point.lat >= -90 && point.lat <= 90 &&
             point.lng >= -180 && point.lng <= 180;
    }
    default:
      return type.kind == PropertyType::Kind::Any;
  }
}

// Whether a data key is a property's name: names are short, so a word or two of each
// are compared rather than calling memcmp (the writers test every key of every row).
[[nodiscard]] inline bool same_key(const std::string& key, const std::string& name) {
  const std::size_t n = key.size();
  if (n != name.size()) return false;
  if (n > 16 || n == 0) return key == name;
  auto word = [](const char* p, std::size_t size) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, size);
    return w;
  };
  if (n >= 8) {
    // The first and the last eight bytes (overlapping for fewer than sixteen).
    return word(key.data(), 8) == word(name.data(), 8) && word(key.data() + n - 8, 8) == word(name.data() + n - 8, 8);
  }
  if (n >= 4) {
    return word(key.data(), 4) == word(name.data(), 4) && word(key.data() + n - 4, 4) == word(name.data() + n - 4, 4);
  }
  return key[0] == name[0] && key[n - 1] == name[n - 1] && (n < 3 || key[1] == name[1]);
}

}  // namespace lb::dao
