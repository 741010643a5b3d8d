// LoopBack's order strings ("price DESC, name") split into keys and the words after
// them; the grammar lives in order_grammar.cpp, the checks in order_parser.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lb::filter {

// One comma-separated item as written: "price DESC" -> {"price", {"DESC"}}. An item of
// only blanks has an empty key; "a b c" keeps both trailing words so that the caller
// can say what is wrong.
struct OrderItemText {
  std::string key;
  std::vector<std::string> words;
};

// Splits on commas; blanks (space, tab) separate the key from its words. Never fails:
// every text splits into at least one item.
[[nodiscard]] std::vector<OrderItemText> split_order_text(std::string_view text);

}  // namespace lb::filter
