// js_inspect: the parts of Node's util.inspect that plain data reaches. Containers
// first format their entries, then either fit on one line ("[ 1, 2 ]") or break into
// one entry per line; arrays of more than six entries are first grouped into aligned
// columns, as Node does to keep long lists square.
#include "dao/validation/js_inspect.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "lb/date.hpp"
#include "lb/json.hpp"

namespace lb::dao {
namespace {

constexpr std::size_t kBreakLength = 80;
constexpr std::size_t kMaxArrayItems = 100;
constexpr std::size_t kMaxBufferBytes = 50;
constexpr std::size_t kCompact = 3;

bool is_identifier(const std::string& key) {
  if (key.empty()) return false;
  auto start = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!start(key[0])) return false;
  return std::all_of(key.begin(), key.end(), [&](char c) { return start(c) || (c >= '0' && c <= '9'); });
}

// A string literal the way Node quotes it: single quotes unless the text holds one,
// then double quotes, then backticks; control characters escaped.
std::string quote(const std::string& text) {
  char q = '\'';
  if (text.find('\'') != std::string::npos) {
    if (text.find('"') == std::string::npos) {
      q = '"';
    } else if (text.find('`') == std::string::npos && text.find("${") == std::string::npos) {
      q = '`';
    }
  }
  std::string out(1, q);
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '\n': out += "\\n"; continue;
      case '\t': out += "\\t"; continue;
      case '\r': out += "\\r"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      case '\\': out += "\\\\"; continue;
      default: break;
    }
    if (c == q) {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", byte);
      out += hex;
    } else {
      out += c;
    }
  }
  out += q;
  return out;
}

struct Formatter {
  int depth;            // how deep containers are still opened
  std::size_t indent = 0;

  std::string value(const Value& v, int level) {
    switch (v.kind()) {
      case Value::Kind::Null: return "null";
      case Value::Kind::Bool: return v.as_bool() ? "true" : "false";
      case Value::Kind::Integer:
      case Value::Kind::Number: return js_number_text(v);
      case Value::Kind::String: return quote(v.as_string());
      case Value::Kind::Date: return format_iso8601(v.as_date());
      case Value::Kind::Buffer: return buffer(v.as_buffer());
      case Value::Kind::GeoPoint: {
        if (level > depth) return "[GeoPoint]";
        const GeoPoint point = v.as_geo_point();
        return "GeoPoint { lat: " + js_number_text(Value(point.lat)) + ", lng: " + js_number_text(Value(point.lng)) + " }";
      }
      case Value::Kind::Array: return array(v.as_array(), level);
      case Value::Kind::Object: return object(v.as_object(), level);
    }
    return "undefined";
  }

  static std::string buffer(const Buffer& bytes) {
    std::string out = "<Buffer";
    const std::size_t shown = std::min(bytes.bytes.size(), kMaxBufferBytes);
    for (std::size_t i = 0; i < shown; ++i) {
      char hex[4];
      std::snprintf(hex, sizeof hex, " %02x", bytes.bytes[i]);
      out += hex;
    }
    if (bytes.bytes.size() > shown) out += " ... " + std::to_string(bytes.bytes.size() - shown) + " more bytes";
    return out + ">";
  }

  // Entries of a nested container are formatted two columns further in.
  template <typename Each>
  std::vector<std::string> entries(std::size_t count, Each each) {
    std::vector<std::string> out;
    indent += 2;
    for (std::size_t i = 0; i < count; ++i) out.push_back(each(i));
    indent -= 2;
    return out;
  }

  std::string array(const Array& items, int level) {
    if (items.empty()) return "[]";  // before the depth check, as in Node
    if (level > depth) return "[Array]";
    const std::size_t shown = std::min(items.size(), kMaxArrayItems);
    std::vector<std::string> out = entries(shown, [&](std::size_t i) { return value(items[i], level + 1); });
    const std::size_t formatted = out.size();
    if (items.size() > shown) out.push_back("... " + std::to_string(items.size() - shown) + " more items");
    bool all_numbers = std::all_of(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(shown),
                                   [](const Value& v) { return v.is_number(); });
    if (out.size() > 6) out = group(std::move(out), formatted, all_numbers);
    return join(out, "[", "]", out.size() == formatted + (items.size() > shown ? 1 : 0) ? out.size() : 0);
  }

  std::string object(const Object& members, int level) {
    if (members.empty()) return "{}";
    if (level > depth) return "[Object]";
    std::vector<std::string> out;
    indent += 2;
    for (const auto& [key, member] : members) {
      out.push_back((is_identifier(key) ? key : quote(key)) + ": " + value(member, level + 1));
    }
    indent -= 2;
    return join(out, "{", "}", out.size());
  }

  // One line when the entries were not grouped and fit in the break length; otherwise
  // one entry (or group row) per line. `ungrouped` is out.size() when no grouping
  // happened, 0 when it did.
  std::string join(const std::vector<std::string>& out, const char* open, const char* close, std::size_t ungrouped) {
    if (ungrouped == out.size()) {
      std::size_t total = out.size() + (out.size() + indent + 1 + 10);
      bool fits = total + out.size() <= kBreakLength;
      for (const std::string& entry : out) {
        total += entry.size();
        if (total > kBreakLength) fits = false;
      }
      const bool multiline = std::any_of(out.begin(), out.end(),
                                         [](const std::string& entry) { return entry.find('\n') != std::string::npos; });
      if (fits && !multiline) {
        std::string line = std::string(open) + " ";
        for (std::size_t i = 0; i < out.size(); ++i) line += (i ? ", " : "") + out[i];
        return line + " " + close;
      }
    }
    const std::string newline = "\n" + std::string(indent, ' ');
    std::string text = std::string(open) + newline + "  ";
    for (std::size_t i = 0; i < out.size(); ++i) text += (i ? "," + newline + "  " : "") + out[i];
    return text + newline + close;
  }

  // Rows of aligned columns for a long array, when its entries are short and of
  // similar width: about as many columns as make the block square (characters being
  // some 2.5 times as high as wide), never wider than the break length.
  std::vector<std::string> group(std::vector<std::string> out, std::size_t formatted, bool numbers) const {
    constexpr std::size_t kSeparator = 2;  // ", "
    std::size_t total = 0, widest = 0;
    for (std::size_t i = 0; i < formatted; ++i) {
      total += out[i].size() + kSeparator;
      widest = std::max(widest, out[i].size());
    }
    const std::size_t column_width = widest + kSeparator;
    if (column_width * 3 + indent >= kBreakLength ||
        !(static_cast<double>(total) / static_cast<double>(column_width) > 5 || widest <= 6))
      return out;
    const double average_bias = std::sqrt(static_cast<double>(column_width) -
                                          static_cast<double>(total) / static_cast<double>(out.size()));
    const double biased = std::max(static_cast<double>(column_width) - 3 - average_bias, 1.0);
    const std::size_t columns = std::min<std::size_t>(
        {static_cast<std::size_t>(std::round(std::sqrt(2.5 * biased * static_cast<double>(formatted)) / biased)),
         (kBreakLength - indent) / column_width, kCompact * 4, 15});
    if (columns <= 1) return out;
    std::vector<std::size_t> widths;
    for (std::size_t c = 0; c < columns; ++c) {
      std::size_t width = 0;
      for (std::size_t j = c; j < formatted; j += columns) width = std::max(width, out[j].size());
      widths.push_back(width + kSeparator);
    }
    auto pad = [&](std::string text, std::size_t width) {
      if (text.size() >= width) return text;
      const std::string fill(width - text.size(), ' ');
      return numbers ? fill + text : text + fill;
    };
    std::vector<std::string> rows;
    for (std::size_t i = 0; i < formatted; i += columns) {
      const std::size_t end = std::min(i + columns, formatted);
      std::string row;
      for (std::size_t j = i; j + 1 < end; ++j) row += pad(out[j] + ", ", widths[j - i]);
      const std::size_t last = end - 1;
      row += numbers ? pad(out[last], widths[last - i] - kSeparator) : out[last];
      rows.push_back(std::move(row));
    }
    if (out.size() > formatted) rows.push_back(out.back());
    return rows;
  }
};

}  // namespace

std::string js_number_text(const Value& number) {
  if (number.is_double()) {
    const double d = number.as_double();
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    if (d == 0 && std::signbit(d)) return "-0";
  }
  return to_json(number);
}

std::string js_inspect(const Value& value, int depth) {
  Formatter formatter{depth};
  return formatter.value(value, 0);
}

}  // namespace lb::dao
