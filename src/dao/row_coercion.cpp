// Type conversion for written data. The rules mirror the filter binder's operand
// coercion (a value that converts in a where clause converts on write), with
// validation-style errors instead of 400s, because LoopBack reports bad data as a
// ValidationError.
#include "dao/row_coercion.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <string>

#include "lb/date.hpp"
#include "lb/json.hpp"

namespace lb::dao {
namespace {

std::string_view trim(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  return text;
}

// Decimal text only (JavaScript's Number() minus hex, "Infinity" and "" -> 0).
std::optional<Value> number_from_text(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  std::string_view digits = text;
  if (digits.front() == '+') digits.remove_prefix(1);
  if (digits.empty()) return std::nullopt;
  for (char c : digits) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')) {
      return std::nullopt;
    }
  }
  if (digits.find_first_of(".eE") == std::string_view::npos) {
    std::int64_t integer = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), integer);
    if (ec == std::errc() && end == digits.data() + digits.size()) return Value(integer);
  }
  double number = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(number)) {
    return std::nullopt;
  }
  return Value(number);
}

std::string javascript_string(const Value& value) {
  if (value.is_bool()) return value.as_bool() ? "true" : "false";
  if (value.is_date()) return format_iso8601(value.as_date());
  return to_json(value);  // numbers print as JavaScript prints them
}

std::optional<double> coordinate(const Value& value) {
  if (value.is_number()) return value.as_double();
  if (value.is_string()) {
    if (auto number = number_from_text(value.as_string())) return number->as_double();
  }
  return std::nullopt;
}

std::optional<GeoPoint> geo_point(const Value& value) {
  std::optional<double> lat;
  std::optional<double> lng;
  if (value.is_geo_point()) return value.as_geo_point();
  if (const Object* object = value.if_object()) {
    if (const Value* v = object->find("lat")) lat = coordinate(*v);
    if (const Value* v = object->find("lng")) lng = coordinate(*v);
  } else if (const Array* array = value.if_array()) {
    if (array->size() == 2) {
      lat = coordinate((*array)[0]);
      lng = coordinate((*array)[1]);
    }
  } else if (const std::string* text = value.if_string()) {
    const auto comma = text->find(',');
    if (comma != std::string::npos) {
      lat = coordinate(Value(std::string_view(*text).substr(0, comma)));
      lng = coordinate(Value(std::string_view(*text).substr(comma + 1)));
    }
  }
  if (!lat || !lng || *lat < -90 || *lat > 90 || *lng < -180 || *lng > 180) return std::nullopt;
  return GeoPoint{*lat, *lng};
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
        if (auto number = number_from_text(value.as_string())) {
          out = std::move(*number);
          return true;
        }
      }
      errors.add(property, "number", "is not a number", value);
      return false;
    case PropertyType::Kind::Boolean:
      if (value.is_bool()) {
        out = value;
        return true;
      }
      if (value.is_number() && (value.as_double() == 0 || value.as_double() == 1)) {
        out = Value(value.as_double() == 1);
        return true;
      }
      if (value.is_string()) {
        const std::string& text = value.as_string();
        if (text == "true" || text == "1") {
          out = true;
          return true;
        }
        if (text == "false" || text == "0") {
          out = false;
          return true;
        }
      }
      errors.add(property, "boolean", "is not a boolean", value);
      return false;
    case PropertyType::Kind::Date:
      if (value.is_date()) {
        out = value;
        return true;
      }
      if (value.is_integer() || (value.is_double() && std::isfinite(value.as_double()))) {
        out = Date{static_cast<std::int64_t>(value.as_double())};
        if (value.is_integer()) out = Date{value.as_integer()};
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
      if (auto point = geo_point(value)) {
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
