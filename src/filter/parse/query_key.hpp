// The pieces of one query-string parameter: percent-decoding and bracket keys
// ("filter[where][price][gt]"). The grammars live in query_string_grammar.cpp; the
// nesting and merging of parameters in query_string.cpp, and the stream of the usual
// query onto the tape in query_stream.cpp.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory_resource>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lb::filter {

// Form decoding as the `qs` module does it: '+' is a space and %XX a byte. When the
// text holds a malformed escape or decodes to invalid UTF-8, the text is kept as
// written (only '+' becomes a space), as decodeURIComponent's failure makes qs do.
[[nodiscard]] std::string decode_query_component(std::string_view text);

// The same decoding, appended to `out`. It never makes `out` longer than its old size
// plus text.size(), not even midway, so a caller that reserved room for all its texts
// may keep views into `out` while it appends.
void append_decoded_query_component(std::string_view text, std::string& out);
void append_decoded_query_component(std::string_view text, std::pmr::string& out);

// The same decoding written at `out`, which has room for text.size() bytes (decoding
// never lengthens a text); returns the end of what it wrote.
char* decode_query_component_to(std::string_view text, char* out);

// Whether decoding may change the text (it holds '%' or '+'); when not, the text is its
// own decoding and needs no copy.
[[nodiscard]] inline bool query_component_needs_decoding(std::string_view text) {
  for (char c : text)
    if (c == '%' || c == '+') return true;
  return false;
}

// "filter[where][price]" -> root "filter", segments {"where", "price"}; "a[]" gives an
// empty segment (append). Text that does not continue as bracket segments ("a[b",
// "a[b]c") ends up in `rest`, for the caller to keep or drop as qs does.
struct QueryKey {
  std::string root;
  std::vector<std::string> segments;
  std::string rest;
};
[[nodiscard]] QueryKey parse_query_key(std::string_view decoded_key);

// The same split as views into `decoded_key` (every piece is a substring of it), for
// the query-string parser's hot path; `segments` is cleared first. Keys of the plain
// shape (a root, then only complete "[...]" segments) are split by hand; others go
// through parse_query_key, which stays the definition of the grammar.
struct QueryKeyView {
  std::string_view root;
  std::pmr::vector<std::string_view> segments;
  std::string_view rest;
};
void split_query_key(std::string_view decoded_key, QueryKeyView& out);

// qs's arrayLimit: a bracket index at or above it makes an object key, so that
// "a[999999]=x" cannot allocate a huge array.
inline constexpr std::size_t kArrayIndexLimit = 20;

// The array index a segment names ("0" to "19", no leading zero), or nullopt.
[[nodiscard]] inline std::optional<std::size_t> array_index(std::string_view segment) {
  const auto digit = [](char c) { return static_cast<unsigned>(c - '0'); };
  if (segment.size() == 1) {
    if (digit(segment[0]) <= 9) return digit(segment[0]);
  } else if (segment.size() == 2 && segment[0] == '1' && digit(segment[1]) <= 9) {
    return 10 + digit(segment[1]);  // (10 to 19: below kArrayIndexLimit)
  }
  return std::nullopt;
}

// Whether two short texts (keys, segments) are equal, without a call to memcmp.
[[nodiscard]] inline bool same_text(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// The length of the longest common prefix of two texts (consecutive keys often share
// most of their bytes): eight bytes at a time.
[[nodiscard]] inline std::size_t common_prefix(std::string_view a, std::string_view b) {
  std::size_t common = 0;
  const std::size_t shortest = std::min(a.size(), b.size());
  while (common + 8 <= shortest) {
    std::uint64_t x, y;
    std::memcpy(&x, a.data() + common, 8);
    std::memcpy(&y, b.data() + common, 8);
    if (x != y) {
      // The first differing byte: the lowest one in memory order.
      const std::uint64_t diff = x ^ y;
      const int bit = std::endian::native == std::endian::little ? std::countr_zero(diff) : std::countl_zero(diff);
      return common + static_cast<std::size_t>(bit) / 8;
    }
    common += 8;
  }
  while (common < shortest && a[common] == b[common]) ++common;
  return common;
}

}  // namespace lb::filter
