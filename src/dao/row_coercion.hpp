// Write data to property types: what LoopBack's model constructor does to a client's
// data (numbers from numeric strings, dates from ISO strings and epoch milliseconds,
// GeoPoints from {lat,lng}, "lat,lng" or [lat,lng], arrays element by element),
// refusing what it would store as NaN or Invalid Date with a ValidationError entry.
#pragma once

#include <cmath>
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

}  // namespace lb::dao
