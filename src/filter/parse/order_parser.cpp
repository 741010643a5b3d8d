// `order`: "price DESC", "a DESC, b", ["a DESC", "b"]; directions ASC/DESC in any
// case. Messages reuse LoopBack's wording ("The order ... has invalid direction").
#include <fmt/format.h>

#include "filter/parse/filter_parser.hpp"
#include "filter/parse/order_text.hpp"
#include "filter/parse/property_path.hpp"

namespace lb::filter {
namespace {

std::string upper(std::string_view word) {
  std::string out(word);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::string item_text(const OrderItemText& item) {
  std::string out = item.key;
  for (const auto& word : item.words) out += " " + word;
  return out;
}

Status parse_order_string(std::string_view text, const std::string& path, std::vector<OrderKey>& out) {
  // An empty order is no order, as in LoopBack (which tests it for truth).
  if (text.empty()) return {};
  for (const auto& item : split_order_text(text)) {
    if (item.key.empty())
      return parse_error(path, fmt::format("the order {} has an empty key", quoted(text)));
    if (item.words.size() > 1)
      return parse_error(path, fmt::format("the order {} has text after the direction", quoted(item_text(item))));
    bool descending = false;
    if (!item.words.empty()) {
      std::string direction = upper(item.words.front());
      if (direction != "ASC" && direction != "DESC")
        return parse_error(path, fmt::format("the order {} has invalid direction (expected ASC or DESC)",
                                             quoted(item_text(item))));
      descending = direction == "DESC";
    }
    auto property = parse_property_path(item.key);
    if (!property)
      return parse_error(path, fmt::format("the order {} has an empty property name segment", quoted(item.key)));
    out.push_back(OrderKey{std::move(*property), descending});
  }
  return {};
}

}  // namespace

Status parse_order_value(const Value& v, const std::string& path, std::vector<OrderKey>& out) {
  if (v.is_null()) return {};
  if (const std::string* text = v.if_string()) return parse_order_string(*text, path, out);
  if (auto items = as_array_like(v)) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      const Value& item = *(*items)[i];
      std::string item_path = index_path(path, i);
      const std::string* text = item.if_string();
      if (!text)
        return parse_error(item_path, fmt::format("the order {} is not valid (expected a string such as "
                                                  "\"price DESC\")", item.to_json()));
      if (text->empty()) return parse_error(item_path, "the order \"\" has an empty key");
      if (auto status = parse_order_string(*text, item_path, out); !status) return status;
    }
    return {};
  }
  return parse_error(path, fmt::format("the order {} is not valid (expected a string such as \"price DESC\" "
                                       "or an array of them)", v.to_json()));
}

}  // namespace lb::filter
