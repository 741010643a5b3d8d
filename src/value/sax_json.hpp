// Runs a Boost.JSON SAX parser over a whole text with lb's JSON rules: one value,
// only whitespace after it, and lb::parse_json's error messages. Shared by
// lb::parse_json (which builds lb::Values) and the filter parser's tape reader, so that
// both accept and refuse exactly the same texts with the same words.
#pragma once

#include <boost/json/basic_parser.hpp>
#include <fmt/format.h>

#include <string>
#include <string_view>

#include "lb/json.hpp"
#include "lb/result.hpp"

namespace lb::detail {

// `parser` was built with parse_options whose max_depth is limits.max_depth.
template <class Handler>
Status run_sax_parser(boost::json::basic_parser<Handler>& parser, std::string_view text,
                      const JsonLimits& limits) {
  boost::json::error_code ec;
  const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (ec) {
    std::string what = ec.message();
    if (ec == boost::json::error::too_deep)
      what = fmt::format("nesting deeper than {} levels", limits.max_depth);
    return invalid_input(fmt::format("invalid JSON at offset {}: {}", used, what));
  }
  for (std::size_t i = used; i < text.size(); ++i) {
    const char c = text[i];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
      return invalid_input(fmt::format("invalid JSON at offset {}: unexpected text after the value", i));
  }
  if (!parser.done()) return invalid_input("invalid JSON: incomplete text");
  return {};
}

}  // namespace lb::detail
