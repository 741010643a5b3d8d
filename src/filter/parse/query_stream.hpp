// The usual bracketed query string ("filter[where][a]=1&filter[limit]=5") written
// straight onto the JSON tape, without the tree of query_string.cpp; the tree takes
// every query this declines.
#pragma once

#include <string_view>

#include "filter/parse/json_tape.hpp"
#include "lb/filter/limits.hpp"

namespace lb::filter {

// How stream_query_member() ended: the member written onto the tape, the member
// absent, or a query it does not take (the tape is then half-written, and the caller
// builds the tree instead).
enum class Streamed { Written, Absent, NotPlain };

// The query's member `name` ("filter" or "where") onto `tape`, its first token at
// `root`, as the tree would have emitted it, when the query has the shape the stream
// takes (query_stream.cpp). Its strings are views into the query and into the tape's
// scratch text: the query must outlive the walk.
[[nodiscard]] Streamed stream_query_member(std::string_view query, const Limits& limits, std::string_view name,
                                           JsonTape& tape, const TapeValue*& root);

}  // namespace lb::filter
