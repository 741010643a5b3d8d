// Operand coercion to property types; see coerce.hpp for the rules and
// docs/compatibility.md for where they are stricter than LoopBack's.
#include "filter/bind/coerce.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "filter/parse/replace_value.hpp"
#include "lb/date.hpp"
#include "lb/json.hpp"

namespace lb::filter::detail {
namespace {

constexpr std::size_t kDescribeMax = 80;
// JavaScript's Date range: +-8.64e15 ms around the epoch.
constexpr double kMaxDateMs = 8.64e15;

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

// Matches [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?, reporting whether
// a fraction or exponent was present.
bool is_decimal_text(std::string_view text, bool& integral) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < n && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  integral = true;
  if (i < n && text[i] == '.') {
    integral = false;
    ++i;
    while (i < n && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    integral = false;
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
    std::size_t exponent_digits = 0;
    while (i < n && text[i] >= '0' && text[i] <= '9') ++i, ++exponent_digits;
    if (exponent_digits == 0) return false;
  }
  return i == n;
}

Error type_error(const KeyPath& key_path, const PropertyType& type, const Value& value) {
  return bind_error(key_path,
                    fmt::format("expected {}, got {}", type_phrase(type), describe_value(value)));
}

Status coerce_number(const Value& value, const PropertyType& type, const KeyPath& key_path,
                     Value& out) {
  if (value.is_integer()) {
    replace_value(out, static_cast<long long>(value.as_integer()));
    return {};
  }
  if (value.is_double()) {
    if (!std::isfinite(value.as_double())) return type_error(key_path, type, value);
    replace_value(out, value.as_double());
    return {};
  }
  if (value.is_string()) {
    if (auto number = parse_number_text(value.as_string())) {
      replace_value(out, std::move(*number));
      return {};
    }
  }
  return type_error(key_path, type, value);
}

template <Walked<Value> V>
Status coerce_string(V& value, const PropertyType& type, const KeyPath& key_path, Value& out) {
  switch (value.kind()) {
    case Value::Kind::String:
      out = take(value);
      return {};
    case Value::Kind::Integer:
    case Value::Kind::Number:
    case Value::Kind::Bool:
      // String(10) is "10" and String(true) "true" in JavaScript; JSON prints them alike.
      if (value.is_double() && !std::isfinite(value.as_double()))
        return type_error(key_path, type, value);
      out = Value(value.to_json());
      return {};
    case Value::Kind::Date:
      out = Value(format_iso8601(value.as_date()));
      return {};
    default:
      return type_error(key_path, type, value);
  }
}

Status coerce_date(const Value& value, const KeyPath& key_path, Value& out) {
  // LoopBack's message is "Invalid date: <value>" (a 500 there, since it sets no status).
  auto invalid = [&] {
    const std::string shown = value.is_string() ? value.as_string() : describe_value(value);
    return bind_error(
        key_path,
        fmt::format("Invalid date: {}",
                    shown.size() > kDescribeMax ? shown.substr(0, kDescribeMax) + "..." : shown));
  };
  switch (value.kind()) {
    case Value::Kind::Date:
      replace_value(out, value.as_date());
      return {};
    case Value::Kind::Integer: {
      const std::int64_t ms = value.as_integer();
      if (ms > static_cast<std::int64_t>(kMaxDateMs) || ms < -static_cast<std::int64_t>(kMaxDateMs))
        return invalid();
      replace_value(out, Date{ms});
      return {};
    }
    case Value::Kind::Number: {
      const double ms = std::trunc(value.as_double());  // new Date(1.9) is 1 ms
      if (!std::isfinite(ms) || std::fabs(ms) > kMaxDateMs) return invalid();
      replace_value(out, Date{static_cast<std::int64_t>(ms)});
      return {};
    }
    case Value::Kind::String:
      if (auto date = parse_iso8601(value.as_string())) {
        replace_value(out, Date(*date));
        return {};
      }
      return invalid();
    default:
      return invalid();
  }
}

template <Walked<Value> V>
Status coerce_buffer(V& value, const PropertyType& type, const KeyPath& key_path, Value& out) {
  auto bytes_of = [&](const Array& items) -> Status {
    Buffer buffer;
    buffer.bytes.reserve(items.size());
    for (const Value& item : items) {
      if (!item.is_integer() || item.as_integer() < 0 || item.as_integer() > 255)
        return type_error(key_path, type, value);
      buffer.bytes.push_back(static_cast<std::uint8_t>(item.as_integer()));
    }
    out = Value(std::move(buffer));
    return {};
  };
  switch (value.kind()) {
    case Value::Kind::Buffer:
      out = take(value);
      return {};
    case Value::Kind::String: {
      // Node's Buffer.from(text): the UTF-8 bytes.
      const std::string& text = value.as_string();
      out = Value(Buffer{std::vector<std::uint8_t>(text.begin(), text.end())});
      return {};
    }
    case Value::Kind::Object: {
      // The JSON form Node writes: {"type": "Buffer", "data": [bytes]}.
      const Value* tag = value.find("type");
      const Value* data = value.find("data");
      if (value.as_object().size() == 2 && tag && tag->is_string() &&
          tag->as_string() == "Buffer" && data && data->is_array())
        return bytes_of(data->as_array());
      return type_error(key_path, type, value);
    }
    default:
      return type_error(key_path, type, value);
  }
}

template <Walked<Value> V>
Status coerce_members(V& value, const PropertyType& type, const ModelDefinition& definition,
                      const BindScope& scope, const KeyPath& key_path, Value& result) {
  if (!value.is_object()) return type_error(key_path, type, value);
  Object out;
  out.reserve(value.as_object().size());
  // A member is taken once nothing more can fail on it (its key is in member_path).
  for (auto& [key, member] : value.as_object()) {
    const KeyPath member_path = key_path.member(key);
    if (const char* why = prohibited_as(definition, key, scope.options))
      return prohibited_error(member_path, key, why);
    const PropertyDefinition* property = find_property(definition, key);
    if (!property) {
      if (is_strict(definition))
        return bind_error(member_path,
                          fmt::format("Property \"{}\" is not defined for {}", key,
                                      type.kind == PropertyType::Kind::Model
                                          ? fmt::format("{} model", type.model)
                                          : fmt::format("the object at {}", key_path.str())));
      out.push_back(take(key), take(member));
      continue;
    }
    Value coerced;
    if (auto status = coerce_value(member, property->type, scope, member_path, coerced); !status)
      return status;
    out.push_back(take(key), std::move(coerced));
  }
  result = Value(std::move(out));
  return {};
}

}  // namespace

std::optional<Value> parse_number_text(std::string_view text) {
  if (std::int64_t digits = 0; parse_digits(text, digits)) return Value(digits);
  text = trim(text);
  bool integral = false;
  if (!is_decimal_text(text, integral)) return std::nullopt;
  std::string_view digits = text;
  if (digits.front() == '+') digits.remove_prefix(1);  // from_chars takes no '+'
  if (integral) {
    std::int64_t i = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), i);
    if (ec == std::errc() && end == digits.data() + digits.size()) return Value(i);
  }
  double d = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), d);
  if (ec == std::errc::result_out_of_range) {
    // Past double's range: JavaScript gives +-Infinity or 0; neither is a useful operand.
    return std::nullopt;
  }
  if (ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(d))
    return std::nullopt;
  return Value(d);
}

const PropertyType& scalar_type(const PropertyType& type) {
  const PropertyType* t = &type;
  while (t->kind == PropertyType::Kind::Array && t->element) t = t->element.get();
  return *t;
}

std::string describe_value(const Value& value) {
  std::string text = value.to_json();
  if (text.size() > kDescribeMax) {
    text.resize(kDescribeMax);
    text += "...";
  }
  return text;
}

Result<bool> coerce_boolean(const Value& value, const KeyPath& key_path) {
  switch (value.kind()) {
    case Value::Kind::Bool:
      return value.as_bool();
    case Value::Kind::String: {
      const std::string& s = value.as_string();
      if (s == "true" || s == "1") return true;
      if (s == "false" || s == "0") return false;
      break;
    }
    case Value::Kind::Integer:
    case Value::Kind::Number:
      if (value.as_double() == 1) return true;
      if (value.as_double() == 0) return false;
      break;
    default:
      break;
  }
  return bind_error(
      key_path, fmt::format("expected a Boolean (true, false, \"true\", \"false\", 1 or 0), got {}",
                            describe_value(value)));
}

template <Walked<Value> V>
Status coerce_value(V& value, const PropertyType& type, const BindScope& scope,
                    const KeyPath& key_path, Value& out) {
  if (value.is_null()) {
    replace_value(out, nullptr);
    return {};
  }
  using Kind = PropertyType::Kind;
  switch (type.kind) {
    case Kind::Any:
      out = take(value);
      return {};
    case Kind::Array: {
      static const PropertyType kAny;
      const PropertyType& element = type.element ? *type.element : kAny;
      if (!value.is_array()) return coerce_value(value, element, scope, key_path, out);
      auto& items = value.as_array();
      Array coerced(items.size());
      for (std::size_t i = 0; i < items.size(); ++i)
        if (auto status = coerce_value(items[i], element, scope, key_path.index(i), coerced[i]);
            !status)
          return status;
      out = Value(std::move(coerced));
      return {};
    }
    case Kind::Number:
      return coerce_number(value, type, key_path, out);
    case Kind::String:
      return coerce_string(value, type, key_path, out);
    case Kind::Boolean: {
      auto b = coerce_boolean(value, key_path);
      if (!b) return std::move(b).error();
      replace_value(out, bool(*b));
      return {};
    }
    case Kind::Date:
      return coerce_date(value, key_path, out);
    case Kind::Buffer:
      return coerce_buffer(value, type, key_path, out);
    case Kind::GeoPoint: {
      auto point = coerce_geo_point(value, key_path);
      if (!point) return std::move(point).error();
      out = Value(*point);
      return {};
    }
    case Kind::Object:
      if (!type.nested) {
        out = take(value);
        return {};
      }
      return coerce_members(value, type, *type.nested, scope, key_path, out);
    case Kind::Model: {
      const ModelDefinition* embedded = scope.registry.find(type.model);
      if (!embedded)
        return definition_error(
            key_path, fmt::format("the embedded model \"{}\" is not defined", type.model));
      return coerce_members(value, type, *embedded, scope, key_path, out);
    }
  }
  return type_error(key_path, type, value);
}

template Status coerce_value(const Value&, const PropertyType&, const BindScope&, const KeyPath&,
                             Value&);
template Status coerce_value(Value&, const PropertyType&, const BindScope&, const KeyPath&,
                             Value&);

}  // namespace lb::filter::detail
