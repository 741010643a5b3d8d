// Limits the filter compiler enforces before doing any work, so that no input can make
// it recurse, allocate or match without bound. Every limit gives a 400 when exceeded.
#pragma once

#include <cstddef>

namespace lb::filter {

struct Limits {
  std::size_t max_text_bytes = 64 * 1024;  // JSON text or query string
  std::size_t max_where_depth = 32;        // nesting of and/or/nor
  std::size_t max_include_depth = 8;       // include inside include scopes
  std::size_t max_inq_size = 10000;        // inq/nin list length
  std::size_t max_string_bytes = 16 * 1024;  // any one string operand or pattern
  std::size_t max_conditions = 1000;       // conditions in one where, scopes included
  std::size_t max_query_parameters = 1000;  // name=value pairs in a query string (qs's default)
  std::size_t max_query_key_depth = 80;     // bracket segments in one query-string key
};

}  // namespace lb::filter
