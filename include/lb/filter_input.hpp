// lb::FilterInput and lb::WhereInput: the forms a Model operation accepts for a filter
// or a where clause — JSON text, an lb::Value, the C++ builder, an already parsed
// tree, or LoopBack's query-string form — so callers never convert by hand.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "lb/filter.hpp"
#include "lb/filter/limits.hpp"
#include "lb/filter/syntax.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb {

class FilterInput {
 public:
  FilterInput() = default;                                    // {}: every row
  FilterInput(std::string_view json_text) : form_(Text{std::string(json_text)}) {}
  FilterInput(const char* json_text) : form_(Text{json_text}) {}
  FilterInput(const std::string& json_text) : form_(Text{json_text}) {}
  FilterInput(Value filter) : form_(std::move(filter)) {}
  FilterInput(const Filter& filter) : form_(filter.to_value()) {}
  FilterInput(filter::Syntax syntax) : form_(std::move(syntax)) {}
  // "filter[where][price][gt]=10&filter[limit]=5" (or "filter={...}").
  [[nodiscard]] static FilterInput query_string(std::string_view query);

  [[nodiscard]] Result<filter::Syntax> parse(const filter::Limits& limits = {}) const;
  // True for the default-constructed input (no filter at all), which lets by-id
  // lookups skip parsing.
  [[nodiscard]] bool empty() const { return std::holds_alternative<std::monostate>(form_); }

 private:
  struct Text { std::string text; };
  struct Query { std::string text; };
  std::variant<std::monostate, Text, Query, Value, filter::Syntax> form_;
};

class WhereInput {
 public:
  WhereInput() = default;                                     // {}: every row
  WhereInput(std::string_view json_text) : form_(Text{std::string(json_text)}) {}
  WhereInput(const char* json_text) : form_(Text{json_text}) {}
  WhereInput(const std::string& json_text) : form_(Text{json_text}) {}
  WhereInput(Value where) : form_(std::move(where)) {}
  WhereInput(const Where& where) : form_(where.to_value()) {}
  WhereInput(filter::WhereNode node) : form_(std::move(node)) {}
  // "where[price][gt]=10" (or "where={...}").
  [[nodiscard]] static WhereInput query_string(std::string_view query);

  // An empty clause parses to an And with no children (every row).
  [[nodiscard]] Result<filter::WhereNode> parse(const filter::Limits& limits = {}) const;

 private:
  struct Text { std::string text; };
  struct Query { std::string text; };
  std::variant<std::monostate, Text, Query, Value, filter::WhereNode> form_;
};

}  // namespace lb
