// The order-string grammar: items separated by commas, each a key followed by
// blank-separated words (Spirit X3, in its own translation unit).
#include <boost/fusion/include/adapt_struct.hpp>
#include <boost/spirit/home/x3.hpp>

#include "filter/parse/order_text.hpp"

BOOST_FUSION_ADAPT_STRUCT(lb::filter::OrderItemText, key, words)

namespace lb::filter {
namespace {

namespace x3 = boost::spirit::x3;

const auto blank = x3::char_(" \t\r\n");
const auto word = x3::rule<struct WordTag, std::string>{"word"} = +(x3::char_ - blank - ',');
const auto item = x3::rule<struct ItemTag, OrderItemText>{"item"} =
    x3::omit[*blank] >> -word >> *(x3::omit[+blank] >> word) >> x3::omit[*blank];
const auto items = item % ',' >> x3::eoi;

}  // namespace

std::vector<OrderItemText> split_order_text(std::string_view text) {
  std::vector<OrderItemText> result;
  auto first = text.begin();
  // The grammar accepts every input (each piece is optional and any character but a
  // comma or blank is a word), so a failure here would be a grammar bug.
  bool ok = x3::parse(first, text.end(), items, result);
  if (!ok) result.assign(1, OrderItemText{std::string(text), {}});
  return result;
}

}  // namespace lb::filter
