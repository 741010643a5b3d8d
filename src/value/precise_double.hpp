// The double a JSON number's text means, correctly rounded. Boost.JSON's fast path can
// be one unit in the last place off for long mantissas, so the parsers of lb::Value
// (json_read.cpp) and of filters (filter/parse/json_tape.cpp) read the text again.
#pragma once

#include <charconv>
#include <string>
#include <string_view>
#include <system_error>

namespace lb::detail {

// `last` is the number's text, or its last part when the number was split across
// input buffers; `pending` holds the earlier parts (and is cleared). `parsed` is what
// Boost.JSON made of it, kept when the text does not read back.
inline double precise_double(double parsed, std::string_view last, std::string& pending) {
  double precise = parsed;
  const char* first = last.data();
  const char* end = last.data() + last.size();
  if (!pending.empty()) {
    pending.append(last.data(), last.size());
    first = pending.data();
    end = pending.data() + pending.size();
  }
  if (auto [ptr, ec] = std::from_chars(first, end, precise); ec != std::errc() || ptr != end) precise = parsed;
  pending.clear();
  return precise;
}

}  // namespace lb::detail
