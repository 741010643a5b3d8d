// Internals of the parse stage shared by its files: the state of one parse (limits and
// the condition budget), key paths for messages, and the parser of each filter part.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lb/error.hpp"
#include "lb/filter/limits.hpp"
#include "lb/filter/syntax.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb::filter {

// One parse_filter/parse_where call. The condition count spans the whole filter,
// include scopes too, so that a filter cannot multiply its work through scopes.
struct ParseState {
  const Limits& limits;
  std::size_t conditions = 0;
};

// Key paths name where a problem is: "filter.where.and[0].price".
[[nodiscard]] std::string member_path(std::string_view parent, std::string_view key);
[[nodiscard]] std::string index_path(std::string_view parent, std::size_t index);
// A 400 whose message is "<path>: <what>".
[[nodiscard]] Error parse_error(std::string_view path, std::string_view what);
// "string", "number", "object", ... for "expected X, got Y" messages.
[[nodiscard]] const char* kind_word(const Value& v);
// `"text"` quoted as JSON, for messages.
[[nodiscard]] std::string quoted(std::string_view text);

// LoopBack accepts an object with keys "0".."n-1" where it expects an array (qs turns
// bracket indices of 20 and more into object keys). Returns the items in order, or
// nullopt when `v` is neither an array nor such an object. Pointers, not copies: the
// items may be deep, and copying a Value recurses through it.
using ItemList = std::vector<const Value*>;
[[nodiscard]] std::optional<ItemList> as_array_like(const Value& v);
[[nodiscard]] Array copy_items(const ItemList& items);

// The parts of a filter. `level` is how deep in include scopes the filter sits (0 for
// the top); `depth` how deep in and/or/nor a where clause sits (1 for the top).
[[nodiscard]] Result<Syntax> parse_filter_object(const Value& v, const std::string& path,
                                                 std::size_t level, ParseState& state);
[[nodiscard]] Result<WhereNode> parse_where_object(const Value& v, const std::string& path,
                                                   std::size_t depth, ParseState& state);
[[nodiscard]] Status parse_order_value(const Value& v, const std::string& path,
                                       std::vector<OrderKey>& out);
[[nodiscard]] Result<FieldsSpec> parse_fields_value(const Value& v, const std::string& path,
                                                    const Limits& limits);
[[nodiscard]] Status parse_include_value(const Value& v, const std::string& path, std::size_t level,
                                         ParseState& state, std::vector<IncludeSpec>& out);

}  // namespace lb::filter
