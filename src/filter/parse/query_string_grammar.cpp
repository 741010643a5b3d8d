// Grammars of the query-string form: percent-decoding and bracketed keys (Spirit X3,
// in its own translation unit).
#include <boost/fusion/include/adapt_struct.hpp>
#include <boost/spirit/home/x3.hpp>

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

}  // namespace lb::filter
