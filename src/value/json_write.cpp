// lb::Value to JSON text, printing numbers exactly as JavaScript does so that output
// compares byte for byte with LoopBack's.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "lb/date.hpp"
#include "lb/json.hpp"

namespace lb {
namespace {

// JavaScript's Number::toString(10): the shortest round-trip digits, in fixed
// notation when the decimal exponent is in [-6, 21), exponential otherwise.
void append_js_number(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  if (d == 0) {
    out += '0';  // also -0, as JSON.stringify prints it
    return;
  }
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  (void)ec;
  std::string_view sci(buf, static_cast<std::size_t>(end - buf));  // "-1.2345e+02"
  bool negative = sci.front() == '-';
  if (negative) sci.remove_prefix(1);
  const std::size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos))
    if (c != '.') digits += c;
  const int exponent = std::atoi(std::string(sci.substr(e_pos + 1)).c_str());
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // position of the decimal point relative to the digits
  if (negative) out += '-';
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<std::size_t>(n));
    out += '.';
    out += digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    out += (n - 1 >= 0) ? '+' : '-';
    out += std::to_string(std::abs(n - 1));
  }
}

void append_string(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0xF];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void append_indent(std::string& out, int indent, int depth) {
  if (indent <= 0) return;
  out += '\n';
  out.append(static_cast<std::size_t>(indent * depth), ' ');
}

void append_value(std::string& out, const Value& v, int indent, int depth) {
  switch (v.kind()) {
    case Value::Kind::Null: out += "null"; break;
    case Value::Kind::Bool: out += v.as_bool() ? "true" : "false"; break;
    case Value::Kind::Integer: out += std::to_string(v.as_integer()); break;
    case Value::Kind::Number: append_js_number(out, v.as_double()); break;
    case Value::Kind::String: append_string(out, v.as_string()); break;
    case Value::Kind::Date: append_string(out, format_iso8601(v.as_date())); break;
    case Value::Kind::GeoPoint: {
      Object o{{"lat", v.as_geo_point().lat}, {"lng", v.as_geo_point().lng}};
      append_value(out, Value(std::move(o)), indent, depth);
      break;
    }
    case Value::Kind::Buffer: {
      Array bytes;
      for (auto b : v.as_buffer().bytes) bytes.emplace_back(static_cast<int>(b));
      Object o{{"type", "Buffer"}, {"data", Value(std::move(bytes))}};
      append_value(out, Value(std::move(o)), indent, depth);
      break;
    }
    case Value::Kind::Array: {
      const Array& a = v.as_array();
      out += '[';
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (i) out += ',';
        append_indent(out, indent, depth + 1);
        append_value(out, a[i], indent, depth + 1);
      }
      if (!a.empty()) append_indent(out, indent, depth);
      out += ']';
      break;
    }
    case Value::Kind::Object: {
      const Object& o = v.as_object();
      out += '{';
      bool first = true;
      for (const auto& [key, member] : o) {
        if (!first) out += ',';
        first = false;
        append_indent(out, indent, depth + 1);
        append_string(out, key);
        out += indent > 0 ? ": " : ":";
        append_value(out, member, indent, depth + 1);
      }
      if (!o.empty()) append_indent(out, indent, depth);
      out += '}';
      break;
    }
  }
}

}  // namespace

std::string to_json(const Value& value) {
  std::string out;
  append_value(out, value, 0, 0);
  return out;
}

std::string to_pretty_json(const Value& value) {
  std::string out;
  append_value(out, value, 2, 0);
  return out;
}

}  // namespace lb
