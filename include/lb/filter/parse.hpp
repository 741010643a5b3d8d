// The parse stage: LoopBack filters from JSON text, an lb::Value, or the query-string
// forms LoopBack's REST API accepts, into a filter::Syntax. Knows nothing of models:
// it checks shape (known keys and operators, well-formed order, include and fields),
// not types.
#pragma once

#include <string>
#include <string_view>

#include "lb/filter/limits.hpp"
#include "lb/filter/syntax.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb::filter {

// A whole filter: {"where":..,"order":..,"fields":..,"limit":..,"skip":..,
// "offset":..,"include":..}. Errors are 400s naming the key path, e.g.
// `filter.where.price: unknown operator "gtx"`.
[[nodiscard]] Result<Syntax> parse_filter(std::string_view json_text, const Limits& limits = {});
[[nodiscard]] Result<Syntax> parse_filter(const Value& filter, const Limits& limits = {});
// Text overloads: a std::string or a string literal converts to both string_view and
// Value, so these say which one is meant (the text).
[[nodiscard]] inline Result<Syntax> parse_filter(const std::string& json_text, const Limits& limits = {}) {
  return parse_filter(std::string_view(json_text), limits);
}
[[nodiscard]] inline Result<Syntax> parse_filter(const char* json_text, const Limits& limits = {}) {
  return parse_filter(std::string_view(json_text), limits);
}

// A where clause alone (count, updateAll, deleteAll take one).
[[nodiscard]] Result<WhereNode> parse_where(std::string_view json_text, const Limits& limits = {});
[[nodiscard]] Result<WhereNode> parse_where(const Value& where, const Limits& limits = {});
[[nodiscard]] inline Result<WhereNode> parse_where(const std::string& json_text, const Limits& limits = {}) {
  return parse_where(std::string_view(json_text), limits);
}
[[nodiscard]] inline Result<WhereNode> parse_where(const char* json_text, const Limits& limits = {}) {
  return parse_where(std::string_view(json_text), limits);
}

// LoopBack's query-string forms: "filter[where][price][gt]=10&filter[order]=price%20DESC",
// "filter={...json...}", bracketed arrays ("filter[order][0]=a", "[]=" appends, repeated
// keys collect). Other parameters are ignored. No "filter" parameter means an empty filter.
[[nodiscard]] Result<Syntax> parse_filter_query(std::string_view query, const Limits& limits = {});
// The same for a where clause: "where[price][gt]=10" or "where={...}" (count's form).
[[nodiscard]] Result<WhereNode> parse_where_query(std::string_view query, const Limits& limits = {});

// Query string to the Value it denotes (nested objects and arrays of strings, JSON
// text parsed for `filter=`/`where=` style values): exposed for tests and the CLI.
[[nodiscard]] Result<Value> parse_query_string(std::string_view query, const Limits& limits = {});

}  // namespace lb::filter
