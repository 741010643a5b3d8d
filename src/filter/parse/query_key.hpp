// The pieces of one query-string parameter: percent-decoding and bracket keys
// ("filter[where][price][gt]"). The grammars live in query_string_grammar.cpp; the
// nesting and merging of parameters in query_string.cpp.
#pragma once

#include <memory_resource>
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

}  // namespace lb::filter
