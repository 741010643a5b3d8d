// `order`: "price DESC", "a DESC, b", ["a DESC", "b"]; directions ASC/DESC in any
// case. Messages reuse LoopBack's wording ("The order ... has invalid direction").
#include <fmt/format.h>

#include "filter/parse/filter_parser.hpp"
#include "filter/parse/order_text.hpp"
#include "filter/parse/property_path.hpp"

namespace lb::filter {
namespace {

// "asc", "Desc", ...: directions in any case.
bool equals_upper(std::string_view word, std::string_view upper) {
  if (word.size() != upper.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != upper[i]) return false;
  }
  return true;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string item_text(const OrderItemText& item) {
  std::string out = item.key;
  for (const auto& word : item.words) out += " " + word;
  return out;
}

// One order item: its key and direction checked, its path appended to `out`.
Status parse_order_item(std::string_view key, const std::string_view* direction, const OrderItemText* item,
                        std::string_view text, const LazyKeyPath& path, std::vector<OrderKey>& out) {
  if (key.empty()) return parse_error(path, fmt::format("the order {} has an empty key", quoted(text)));
  if (item && item->words.size() > 1)
    return parse_error(path, fmt::format("the order {} has text after the direction", quoted(item_text(*item))));
  bool descending = false;
  if (direction) {
    if (!equals_upper(*direction, "ASC") && !equals_upper(*direction, "DESC")) {
      std::string written = item ? item_text(*item) : std::string(key) + " " + std::string(*direction);
      return parse_error(path, fmt::format("the order {} has invalid direction (expected ASC or DESC)",
                                           quoted(written)));
    }
    descending = direction->size() == 4;
  }
  if (!is_property_path(key))
    return parse_error(path, fmt::format("the order {} has an empty property name segment", quoted(key)));
  OrderKey& order_key = out.emplace_back();
  order_key.descending = descending;
  build_property_path(key, order_key.path);
  return {};
}

// The common order, "key" or "key DIRECTION" without a comma, split by hand in one
// pass; anything else goes through the order grammar. Both split on the same blanks.
bool split_simple_order(std::string_view text, std::string_view& key, std::string_view& direction,
                        bool& has_direction) {
  const char* p = text.data();
  const char* const end = p + text.size();
  const auto skip_blanks = [&] {
    while (p != end && is_blank(*p)) ++p;
  };
  // A word up to a blank; false at a comma.
  const auto word = [&](std::string_view& out) {
    const char* const start = p;
    while (p != end && !is_blank(*p) && *p != ',') ++p;
    out = {start, static_cast<std::size_t>(p - start)};
    return p == end || *p != ',';
  };
  skip_blanks();
  if (!word(key)) return false;
  skip_blanks();
  if (!word(direction)) return false;
  skip_blanks();
  has_direction = !direction.empty();
  return p == end;  // a third word, or a comma: let the grammar's path say what is wrong
}

Status parse_order_string(std::string_view text, const LazyKeyPath& path, std::vector<OrderKey>& out) {
  // An empty order is no order, as in LoopBack (which tests it for truth).
  if (text.empty()) return {};
  std::string_view key;
  std::string_view direction;
  bool has_direction = false;
  if (split_simple_order(text, key, direction, has_direction))
    return parse_order_item(key, has_direction ? &direction : nullptr, nullptr, text, path, out);
  for (const auto& item : split_order_text(text)) {
    std::string_view word;
    if (!item.words.empty()) word = item.words.front();
    if (auto status = parse_order_item(item.key, item.words.empty() ? nullptr : &word, &item, text, path, out);
        !status)
      return status;
  }
  return {};
}

}  // namespace

template <WalkedValue V>
Status parse_order_value(V& v, const LazyKeyPath& path, std::vector<OrderKey>& out) {
  if (v.is_null()) return {};
  if (auto text = v.if_string()) return parse_order_string(*text, path, out);
  if (auto items = as_array_like(v)) {
    out.reserve(out.size() + items->size());
    std::size_t i = 0;
    for (const auto& item : *items) {
      LazyKeyPath item_path = path.index(i++);
      auto text = item.if_string();
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

template Status parse_order_value(const Value&, const LazyKeyPath&, std::vector<OrderKey>&);
template Status parse_order_value(Value&, const LazyKeyPath&, std::vector<OrderKey>&);
template Status parse_order_value(const TapeValue&, const LazyKeyPath&, std::vector<OrderKey>&);

}  // namespace lb::filter
