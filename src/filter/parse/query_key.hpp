// The pieces of one query-string parameter: percent-decoding and bracket keys
// ("filter[where][price][gt]"). The grammars live in query_string_grammar.cpp; the
// nesting and merging of parameters in query_string.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lb::filter {

// Form decoding as the `qs` module does it: '+' is a space and %XX a byte. When the
// text holds a malformed escape or decodes to invalid UTF-8, the text is kept as
// written (only '+' becomes a space), as decodeURIComponent's failure makes qs do.
[[nodiscard]] std::string decode_query_component(std::string_view text);

// "filter[where][price]" -> root "filter", segments {"where", "price"}; "a[]" gives an
// empty segment (append). Text that does not continue as bracket segments ("a[b",
// "a[b]c") ends up in `rest`, for the caller to keep or drop as qs does.
struct QueryKey {
  std::string root;
  std::vector<std::string> segments;
  std::string rest;
};
[[nodiscard]] QueryKey parse_query_key(std::string_view decoded_key);

}  // namespace lb::filter
