// The "/re/flags" regexp-literal grammar (Spirit X3; kept in its own translation unit
// because X3 is slow to compile).
#include <boost/fusion/include/adapt_struct.hpp>
#include <boost/spirit/home/x3.hpp>

#include "filter/parse/regexp_literal.hpp"

BOOST_FUSION_ADAPT_STRUCT(lb::filter::RegexpLiteral, pattern, flags)

namespace lb::filter {
namespace {

namespace x3 = boost::spirit::x3;

// The pattern runs to the last '/', so it may hold '/' itself: every '/' in the
// pattern must be followed, somewhere, by another '/' before the flags.
const auto flags_tail = x3::lit('/') >> *x3::alpha >> x3::eoi;
const auto pattern = x3::rule<struct PatternTag, std::string>{"pattern"} =
    +(x3::char_ - flags_tail);
const auto literal = x3::rule<struct LiteralTag, RegexpLiteral>{"literal"} =
    x3::lit('/') >> pattern >> x3::lit('/') >> *x3::alpha >> x3::eoi;

}  // namespace

std::optional<RegexpLiteral> parse_regexp_literal(std::string_view text) {
  auto first = text.begin();
  RegexpLiteral result;
  if (!x3::parse(first, text.end(), literal, result) || result.pattern.empty()) return std::nullopt;
  return result;
}

bool is_loopback_regexp_flag(char flag) { return flag == 'i' || flag == 'g' || flag == 'm'; }

}  // namespace lb::filter
