// Type conversion for written data. Scalars use the filter binder's operand rules (a
// value that converts in a where clause converts on write), with validation-style
// errors instead of 400s, because LoopBack reports bad data as a ValidationError.
#include "dao/row_coercion.hpp"

#include <cmath>
#include <optional>
#include <string>

#include "filter/bind/coerce.hpp"
#include "lb/date.hpp"
#include "lb/json.hpp"

namespace lb::dao {
namespace {

// The binder's rules for scalars, so that a value that converts in a where clause
// converts on write the same way; its error text is not used (writes report a
// ValidationError entry instead), so the key path is a placeholder.
const filter::detail::KeyPath kUnreported("");

std::string javascript_string(const Value& value) {
  if (value.is_bool()) return value.as_bool() ? "true" : "false";
  if (value.is_date()) return format_iso8601(value.as_date());
  return to_json(value);  // numbers print as JavaScript prints them
}

bool coerce_members(const Value& value, const ModelDefinition& definition, const Registry& registry,
                    std::string_view property, ValidationErrors& errors, Value& out) {
  const Object* object = value.if_object();
  if (object == nullptr) {
    errors.add(property, "object", "is not an object", value);
    return false;
  }
  Object result;
  result.reserve(object->size());
  bool ok = true;
  for (const auto& [key, member] : *object) {
    const PropertyDefinition* defined = definition.property(key);
    if (defined == nullptr) {
      result.push_back(key, member);
      continue;
    }
    Value converted;
    const std::string path = std::string(property) + "." + key;
    if (!coerce_to_type(member, defined->type, registry, path, errors, converted)) {
      ok = false;
      continue;
    }
    result.push_back(key, std::move(converted));
  }
  out = std::move(result);
  return ok;
}

}  // namespace

bool coerce_to_type(const Value& value, const PropertyType& type, const Registry& registry,
                    std::string_view property, ValidationErrors& errors, Value& out) {
  if (value.is_null()) {
    out = nullptr;
    return true;
  }
  switch (type.kind) {
    case PropertyType::Kind::Any:
      out = value;
      return true;
    case PropertyType::Kind::String:
      if (value.is_string()) {
        out = value;
        return true;
      }
      if (value.is_number() || value.is_bool() || value.is_date()) {
        out = javascript_string(value);
        return true;
      }
      errors.add(property, "string", "is not a string", value);
      return false;
    case PropertyType::Kind::Number:
      if (value.is_number()) {
        if (value.is_double() && !std::isfinite(value.as_double())) break;
        out = value;
        return true;
      }
      if (value.is_bool()) {
        out = Value(value.as_bool() ? 1 : 0);
        return true;
      }
      if (value.is_string()) {
        if (auto number = filter::detail::parse_number_text(value.as_string())) {
          out = std::move(*number);
          return true;
        }
      }
      errors.add(property, "number", "is not a number", value);
      return false;
    case PropertyType::Kind::Boolean:
      if (auto boolean = filter::detail::coerce_boolean(value, kUnreported)) {
        out = *boolean;
        return true;
      }
      errors.add(property, "boolean", "is not a boolean", value);
      return false;
    case PropertyType::Kind::Date:
      if (value.is_date()) {
        out = value;
        return true;
      }
      if (value.is_integer()) {
        out = Date{value.as_integer()};
        return true;
      }
      if (value.is_double() && std::isfinite(value.as_double())) {
        out = Date{static_cast<std::int64_t>(value.as_double())};
        return true;
      }
      if (value.is_string()) {
        if (auto date = parse_iso8601(value.as_string())) {
          out = *date;
          return true;
        }
      }
      errors.add(property, "date", "is not a valid date", value, std::string("Invalid Date"));
      return false;
    case PropertyType::Kind::GeoPoint:
      if (auto point = filter::detail::coerce_geo_point(value, kUnreported)) {
        out = *point;
        return true;
      }
      errors.add(property, "geopoint", "is not a valid GeoPoint", value);
      return false;
    case PropertyType::Kind::Buffer:
      if (value.is_buffer()) {
        out = value;
        return true;
      }
      if (value.is_string()) {
        const std::string& text = value.as_string();
        out = Buffer{std::vector<std::uint8_t>(text.begin(), text.end())};
        return true;
      }
      if (const Object* object = value.if_object()) {
        // Node's Buffer toJSON form: {"type":"Buffer","data":[bytes]}.
        const Value* kind = object->find("type");
        const Value* data = object->find("data");
        if (kind && kind->is_string() && kind->as_string() == "Buffer" && data && data->is_array()) {
          Buffer buffer;
          for (const Value& byte : data->as_array()) {
            if (!byte.is_integer() || byte.as_integer() < 0 || byte.as_integer() > 255) {
              errors.add(property, "buffer", "is not a valid Buffer", value);
              return false;
            }
            buffer.bytes.push_back(static_cast<std::uint8_t>(byte.as_integer()));
          }
          out = std::move(buffer);
          return true;
        }
      }
      errors.add(property, "buffer", "is not a valid Buffer", value);
      return false;
    case PropertyType::Kind::Array: {
      const Array* array = value.if_array();
      if (array == nullptr) {
        errors.add(property, "array", "is not an array", value);
        return false;
      }
      static const PropertyType kAny;
      const PropertyType& element = type.element ? *type.element : kAny;
      Array result;
      result.reserve(array->size());
      bool ok = true;
      for (std::size_t i = 0; i < array->size(); ++i) {
        Value converted;
        const std::string path = std::string(property) + "[" + std::to_string(i) + "]";
        ok = coerce_to_type((*array)[i], element, registry, path, errors, converted) && ok;
        result.push_back(std::move(converted));
      }
      out = std::move(result);
      return ok;
    }
    case PropertyType::Kind::Object:
      if (type.nested) return coerce_members(value, *type.nested, registry, property, errors, out);
      out = value;
      return true;
    case PropertyType::Kind::Model:
      if (const ModelDefinition* embedded = registry.find(type.model)) {
        return coerce_members(value, *embedded, registry, property, errors, out);
      }
      out = value;
      return true;
  }
  errors.add(property, "number", "is not a number", value);
  return false;
}

}  // namespace lb::dao
