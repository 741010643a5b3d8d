// parse_filter / parse_where: the top level of a filter (its keys and limits) and the
// public entry points for JSON text and Values.
#include "lb/filter/parse.hpp"

#include <fmt/format.h>

#include "filter/parse/blank.hpp"
#include "filter/parse/filter_parser.hpp"
#include "lb/json.hpp"

namespace lb::filter {
namespace {

// limit, skip and offset stay as written (the bind stage checks and converts them);
// only shapes that can never be a count are refused here.
template <WalkedValue V>
Status parse_count(V& v, const LazyKeyPath& path, std::string_view what, std::optional<Value>& out) {
  if (v.is_null()) {
    out.reset();
    return {};
  }
  if (v.is_array() || v.is_object())
    return parse_error(path, fmt::format("the {} parameter {} is not valid (expected a non-negative integer)",
                                         what, v.to_json()));
  take_into(out, v);
  return {};
}

// Deep enough for every filter the other limits allow: two JSON levels per and/or/nor,
// about four per include scope, and some room for operands.
JsonLimits json_limits(const Limits& limits) {
  JsonLimits json;
  json.max_bytes = limits.max_text_bytes;
  json.max_depth = 2 * limits.max_where_depth + 4 * limits.max_include_depth + 16;
  return json;
}

Status check_text_size(std::string_view text, std::string_view path, const Limits& limits) {
  if (text.size() > limits.max_text_bytes)
    return parse_error(path, fmt::format("text of {} bytes exceeds the limit of {} bytes", text.size(),
                                         limits.max_text_bytes));
  return {};
}

Result<Value> parse_text(std::string_view text, std::string_view path, const Limits& limits) {
  if (auto status = check_text_size(text, path, limits); !status) return status.error();
  auto value = parse_json(text, json_limits(limits));
  if (!value) return parse_error(path, value.error().message());
  return value;
}

}  // namespace

template <WalkedValue V>
Status parse_filter_object(V& v, const LazyKeyPath& path, std::size_t level, ParseState& state, Syntax& out) {
  auto object = object_of(v);
  if (!object) return parse_error(path, fmt::format("expected an object, got {}", kind_word(v)));
  for (auto&& [key, value] : *object) {
    LazyKeyPath key_path = path.key(key);
    Status status;
    if (is_key(key, "where")) {
      if (value.is_null()) continue;
      // A repeated key replaces the earlier clause, as JSON.parse does.
      out.where.emplace(blank<WhereNode>());
      status = parse_where_object(value, key_path, 1, state, *out.where);
    } else if (is_key(key, "order")) {
      status = parse_order_value(value, key_path, out.order);
    } else if (is_key(key, "fields")) {
      if (value.is_null()) continue;
      out.fields.emplace();
      status = parse_fields_value(value, key_path, state.limits, *out.fields);
    } else if (is_key(key, "limit")) {
      status = parse_count(value, key_path, "limit", out.limit);
    } else if (is_key(key, "skip")) {
      status = parse_count(value, key_path, "offset/skip", out.skip);
    } else if (is_key(key, "offset")) {
      status = parse_count(value, key_path, "offset/skip", out.offset);
    } else if (is_key(key, "include")) {
      if (value.is_null()) continue;
      status = parse_include_value(value, key_path, level + 1, state, out.include);
    } else {
      // LoopBack ignores unknown keys; refusing them catches typos ("wehre") that would
      // otherwise silently return every row.
      return parse_error(path, fmt::format("unknown key {} (expected where, order, fields, limit, skip, "
                                           "offset or include)", quoted(key)));
    }
    if (!status) return status;
  }
  return {};
}

template Status parse_filter_object(const Value&, const LazyKeyPath&, std::size_t, ParseState&, Syntax&);
template Status parse_filter_object(Value&, const LazyKeyPath&, std::size_t, ParseState&, Syntax&);
template Status parse_filter_object(const TapeValue&, const LazyKeyPath&, std::size_t, ParseState&, Syntax&);

namespace {

// The one walk behind every entry point: over a borrowed Value, an owned one, or a tape.
// Each tree is built inside the Result that every path returns (so it is not moved).
template <WalkedValue V>
Result<Syntax> parse_filter_tree(V& filter, const Limits& limits) {
  ParseState state{limits};
  Result<Syntax> result(blank<Syntax>());
  if (filter.is_null()) return result;
  const LazyKeyPath root("filter");
  if (auto status = parse_filter_object(filter, root, 0, state, *result); !status) result = status.error();
  return result;
}

template <WalkedValue V>
Result<WhereNode> parse_where_tree(V& where, const Limits& limits) {
  ParseState state{limits};
  Result<WhereNode> result(blank<WhereNode>());
  if (where.is_null()) return result;
  const LazyKeyPath root("where");
  if (auto status = parse_where_object(where, root, 1, state, *result); !status) result = status.error();
  return result;
}

// The text entry points read onto the thread's tape and walk it: no Value tree is built
// or destroyed, only the operands the Syntax keeps. `walk` takes the tree's root.
template <class Walk>
auto parse_text_tree(std::string_view text, std::string_view path, const Limits& limits, Walk walk)
    -> decltype(walk(std::declval<Value&>())) {
  if (auto status = check_text_size(text, path, limits); !status) return status.error();
  if (text.size() > JsonTape::kMaxBytes) {
    auto value = parse_text(text, path, limits);
    if (!value) return std::move(value).error();
    return walk(*value);
  }
  JsonTape tape;
  auto root = tape.read(text, json_limits(limits));
  if (!root) return parse_error(path, root.error().message());
  return walk(**root);
}

}  // namespace

Result<Syntax> parse_filter(const Value& filter, const Limits& limits) { return parse_filter_tree(filter, limits); }

Result<Syntax> parse_filter(std::string_view json_text, const Limits& limits) {
  return parse_text_tree(json_text, "filter", limits,
                         [&limits](auto& root) { return parse_filter_tree(root, limits); });
}

Result<Syntax> parse_filter_owned(Value filter, const Limits& limits) { return parse_filter_tree(filter, limits); }

Result<WhereNode> parse_where(const Value& where, const Limits& limits) { return parse_where_tree(where, limits); }

Result<WhereNode> parse_where(std::string_view json_text, const Limits& limits) {
  return parse_text_tree(json_text, "where", limits,
                         [&limits](auto& root) { return parse_where_tree(root, limits); });
}

Result<WhereNode> parse_where_owned(Value where, const Limits& limits) { return parse_where_tree(where, limits); }

}  // namespace lb::filter
