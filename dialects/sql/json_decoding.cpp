// typed_json_value: the walk that gives JSON-stored values their property types back.
#include "sql/json_decoding.hpp"

#include <cstdint>
#include <optional>

#include "lb/date.hpp"

namespace lb::sql {
namespace {

using Kind = PropertyType::Kind;

std::optional<GeoPoint> geo_point(const Value& value) {
  const Object* object = value.if_object();
  if (!object || object->size() != 2) return std::nullopt;
  const Value* lat = object->find("lat");
  const Value* lng = object->find("lng");
  if (!lat || !lng || !lat->is_number() || !lng->is_number()) return std::nullopt;
  return GeoPoint{lat->as_double(), lng->as_double()};
}

std::optional<Buffer> buffer(const Value& value) {
  const Object* object = value.if_object();
  if (!object) return std::nullopt;
  const Value* type = object->find("type");
  const Value* data = object->find("data");
  if (!type || !type->is_string() || type->as_string() != "Buffer" || !data || !data->is_array()) return std::nullopt;
  Buffer out;
  out.bytes.reserve(data->as_array().size());
  for (const Value& byte : data->as_array()) {
    if (!byte.is_integer() || byte.as_integer() < 0 || byte.as_integer() > 255) return std::nullopt;
    out.bytes.push_back(static_cast<std::uint8_t>(byte.as_integer()));
  }
  return out;
}

}  // namespace

Value typed_json_value(Value value, const PropertyType& type) {
  switch (type.kind) {
    case Kind::Date:
      if (const std::string* text = value.if_string()) {
        if (auto date = parse_iso8601(*text)) return Value(*date);
      }
      return value;
    case Kind::GeoPoint:
      if (auto point = geo_point(value)) return Value(*point);
      return value;
    case Kind::Buffer:
      if (auto bytes = buffer(value)) return Value(std::move(*bytes));
      return value;
    case Kind::Array:
      if (value.is_array() && type.element) {
        for (Value& element : value.as_array()) element = typed_json_value(std::move(element), *type.element);
      }
      return value;
    case Kind::Object:
      if (Object* object = value.if_object(); object && type.nested) {
        for (auto& [key, member] : *object) {
          if (const PropertyDefinition* property = type.nested->property(key)) {
            member = typed_json_value(std::move(member), property->type);
          }
        }
      }
      return value;
    default:
      return value;
  }
}

}  // namespace lb::sql
