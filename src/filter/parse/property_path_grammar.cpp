// The property-path grammar: segments of any characters but '.', separated by dots,
// none empty (Spirit X3, in its own translation unit).
#include <boost/spirit/home/x3.hpp>

#include "filter/parse/property_path.hpp"

namespace lb::filter {
namespace {

namespace x3 = boost::spirit::x3;

const auto segment = x3::rule<struct SegmentTag, std::string>{"segment"} = +(x3::char_ - '.');
const auto path = segment % '.' >> x3::eoi;

}  // namespace

std::optional<PropertyPath> parse_dotted_property_path(std::string_view text) {
  PropertyPath result;
  auto first = text.begin();
  if (!x3::parse(first, text.end(), path, result)) return std::nullopt;
  return result;
}

}  // namespace lb::filter
