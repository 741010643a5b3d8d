// Grammars of the query-string form: percent-decoding and bracketed keys (Spirit X3,
// in its own translation unit).
#include <boost/fusion/include/adapt_struct.hpp>
#include <boost/spirit/home/x3.hpp>

#include <array>
#include <cstring>

#include "filter/parse/query_key.hpp"

BOOST_FUSION_ADAPT_STRUCT(lb::filter::QueryKey, root, segments, rest)

namespace lb::filter {
namespace {

namespace x3 = boost::spirit::x3;

const x3::uint_parser<unsigned char, 16, 2, 2> hex_byte;
const auto plus_as_space = x3::lit('+') >> x3::attr(' ');
const auto escaped = x3::rule<struct EscapedTag, std::string>{"escaped"} =
    *((x3::lit('%') >> hex_byte) | plus_as_space | (x3::char_ - '%')) >> x3::eoi;

const auto segment = x3::rule<struct SegmentTag, std::string>{"segment"} =
    x3::lit('[') >> *(x3::char_ - '[' - ']') >> x3::lit(']');
const auto key = x3::rule<struct KeyTag, QueryKey>{"key"} =
    *(x3::char_ - '[') >> *segment >> *x3::char_;

// RFC 3629 well-formedness: no overlongs, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      auto b = static_cast<unsigned char>(s[i + k]);
      unsigned char min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xBF;
      if (b < min || b > max) return false;
    }
    i += extra + 1;
  }
  return true;
}

}  // namespace

namespace {

// Each byte's value as a hex digit, or -1.
constexpr auto kHexValues = [] {
  std::array<signed char, 256> values{};
  for (int c = 0; c < 256; ++c) {
    values[c] = c >= '0' && c <= '9'   ? static_cast<signed char>(c - '0')
                : c >= 'a' && c <= 'f' ? static_cast<signed char>(c - 'a' + 10)
                : c >= 'A' && c <= 'F' ? static_cast<signed char>(c - 'A' + 10)
                                       : -1;
  }
  return values;
}();

// The grammar's decoding when it succeeds, by hand (the hot path; tests check that
// the two agree): it succeeds exactly when every '%' starts a two-hex-digit escape.
// Writes at `out` (room for text.size() bytes) and returns the end, or nullptr for a
// malformed escape; `ascii` tells whether every byte written is below 0x80.
char* decode_escapes(std::string_view text, char* out, bool& ascii) {
  const char* p = text.data();
  const char* const end = p + text.size();
  unsigned bits = 0;
  while (p != end) {
    char c = *p++;
    if (c == '+') {
      c = ' ';
    } else if (c == '%') {
      if (end - p < 2) return nullptr;
      const int hi = kHexValues[static_cast<unsigned char>(p[0])], lo = kHexValues[static_cast<unsigned char>(p[1])];
      if ((hi | lo) < 0) return nullptr;
      c = static_cast<char>(hi * 16 + lo);
      p += 2;
    }
    bits |= static_cast<unsigned char>(c);
    *out++ = c;
  }
  ascii = bits < 0x80;
  return out;
}

template <class String>
void append_decoded(std::string_view text, String& out) {
  const std::size_t start = out.size();
  if (!query_component_needs_decoding(text)) {
    out.append(text);
    return;
  }
  out.resize(start + text.size());
  out.resize(static_cast<std::size_t>(decode_query_component_to(text, out.data() + start) - out.data()));
}

}  // namespace

char* decode_query_component_to(std::string_view text, char* out) {
  bool ascii = false;
  if (char* end = decode_escapes(text, out, ascii)) {
    // ASCII is valid UTF-8: only a text with a byte above 0x7F needs the full check.
    if (ascii || is_valid_utf8(std::string_view(out, static_cast<std::size_t>(end - out)))) return end;
  }
  // A malformed escape or invalid UTF-8: the grammar's path decides (it keeps the text
  // as written, '+' made a space).
  const std::string decoded = decode_query_component(text);
  std::memcpy(out, decoded.data(), decoded.size());
  return out + decoded.size();
}

void append_decoded_query_component(std::string_view text, std::string& out) { append_decoded(text, out); }
void append_decoded_query_component(std::string_view text, std::pmr::string& out) { append_decoded(text, out); }

std::string decode_query_component(std::string_view text) {
  std::string decoded;
  auto first = text.begin();
  if (x3::parse(first, text.end(), escaped, decoded) && is_valid_utf8(decoded)) return decoded;
  std::string raw(text);
  for (char& c : raw)
    if (c == '+') c = ' ';
  return raw;
}

QueryKey parse_query_key(std::string_view decoded_key) {
  QueryKey result;
  auto first = decoded_key.begin();
  // Every piece is optional and the tail takes anything, so this cannot fail.
  (void)x3::parse(first, decoded_key.end(), key, result);
  return result;
}

void split_query_key(std::string_view decoded_key, QueryKeyView& out) {
  out.segments.clear();
  out.rest = {};
  // The plain shape: the root runs to the first '[' (the grammar's *(char_ - '[')),
  // then each "[...]" holds no bracket and is closed (its `segment`); when they reach
  // the end, `rest` is empty and this split is the grammar's.
  std::size_t pos = decoded_key.find('[');
  out.root = decoded_key.substr(0, pos);
  bool plain = true;
  while (pos < decoded_key.size()) {
    std::size_t close = pos + 1;
    while (close < decoded_key.size() && decoded_key[close] != '[' && decoded_key[close] != ']') ++close;
    if (decoded_key[pos] != '[' || close == decoded_key.size() || decoded_key[close] != ']') {
      plain = false;
      break;
    }
    out.segments.push_back(decoded_key.substr(pos + 1, close - pos - 1));
    pos = close + 1;
  }
  if (plain) return;
  // Anything else goes through the grammar. It reads the key left to right (root,
  // then each segment between its brackets, then the rest), so each piece's place in
  // the key follows from the lengths of those before it.
  QueryKey key = parse_query_key(decoded_key);
  out.segments.clear();
  out.root = decoded_key.substr(0, key.root.size());
  pos = key.root.size();
  for (const auto& segment : key.segments) {
    out.segments.push_back(decoded_key.substr(pos + 1, segment.size()));
    pos += segment.size() + 2;
  }
  out.rest = decoded_key.substr(pos);
}

}  // namespace lb::filter
