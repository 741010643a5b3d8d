// parse_filter / parse_where: the top level of a filter (its keys and limits) and the
// public entry points for JSON text and Values.
#include "lb/filter/parse.hpp"

#include <fmt/format.h>

#include "filter/parse/filter_parser.hpp"
#include "lb/json.hpp"

namespace lb::filter {
namespace {

// limit, skip and offset stay as written (the bind stage checks and converts them);
// only shapes that can never be a count are refused here.
Result<std::optional<Value>> parse_count(const Value& v, const std::string& path, std::string_view what) {
  if (v.is_null()) return std::optional<Value>();
  if (v.is_array() || v.is_object())
    return parse_error(path, fmt::format("the {} parameter {} is not valid (expected a non-negative integer)",
                                         what, v.to_json()));
  return std::optional<Value>(v);
}

// Deep enough for every filter the other limits allow: two JSON levels per and/or/nor,
// about four per include scope, and some room for operands.
JsonLimits json_limits(const Limits& limits) {
  JsonLimits json;
  json.max_bytes = limits.max_text_bytes;
  json.max_depth = 2 * limits.max_where_depth + 4 * limits.max_include_depth + 16;
  return json;
}

Result<Value> parse_text(std::string_view text, std::string_view path, const Limits& limits) {
  if (text.size() > limits.max_text_bytes)
    return parse_error(path, fmt::format("text of {} bytes exceeds the limit of {} bytes", text.size(),
                                         limits.max_text_bytes));
  auto value = parse_json(text, json_limits(limits));
  if (!value) return parse_error(path, value.error().message());
  return value;
}

}  // namespace

Result<Syntax> parse_filter_object(const Value& v, const std::string& path, std::size_t level,
                                   ParseState& state) {
  const Object* object = v.if_object();
  if (!object) return parse_error(path, fmt::format("expected an object, got {}", kind_word(v)));
  Syntax syntax;
  for (const auto& [key, value] : *object) {
    std::string key_path = member_path(path, key);
    if (key == "where") {
      if (value.is_null()) continue;
      auto where = parse_where_object(value, key_path, 1, state);
      if (!where) return std::move(where).error();
      syntax.where = std::move(*where);
    } else if (key == "order") {
      if (auto status = parse_order_value(value, key_path, syntax.order); !status) return status.error();
    } else if (key == "fields") {
      if (value.is_null()) continue;
      auto fields = parse_fields_value(value, key_path, state.limits);
      if (!fields) return std::move(fields).error();
      syntax.fields = std::move(*fields);
    } else if (key == "limit" || key == "skip" || key == "offset") {
      auto count = parse_count(value, key_path, key == "limit" ? "limit" : "offset/skip");
      if (!count) return std::move(count).error();
      (key == "limit" ? syntax.limit : key == "skip" ? syntax.skip : syntax.offset) = std::move(*count);
    } else if (key == "include") {
      if (value.is_null()) continue;
      if (auto status = parse_include_value(value, key_path, level + 1, state, syntax.include); !status)
        return status.error();
    } else {
      // LoopBack ignores unknown keys; refusing them catches typos ("wehre") that would
      // otherwise silently return every row.
      return parse_error(path, fmt::format("unknown key {} (expected where, order, fields, limit, skip, "
                                           "offset or include)", quoted(key)));
    }
  }
  return syntax;
}

Result<Syntax> parse_filter(const Value& filter, const Limits& limits) {
  ParseState state{limits};
  if (filter.is_null()) return Syntax{};
  return parse_filter_object(filter, "filter", 0, state);
}

Result<Syntax> parse_filter(std::string_view json_text, const Limits& limits) {
  auto value = parse_text(json_text, "filter", limits);
  if (!value) return std::move(value).error();
  return parse_filter(*value, limits);
}

Result<WhereNode> parse_where(const Value& where, const Limits& limits) {
  ParseState state{limits};
  if (where.is_null()) return WhereNode{};
  return parse_where_object(where, "where", 1, state);
}

Result<WhereNode> parse_where(std::string_view json_text, const Limits& limits) {
  auto value = parse_text(json_text, "where", limits);
  if (!value) return std::move(value).error();
  return parse_where(*value, limits);
}

}  // namespace lb::filter
