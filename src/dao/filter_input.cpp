// FilterInput / WhereInput: each accepted form to the parse stage's tree.
#include "lb/filter_input.hpp"

#include "lb/filter/parse.hpp"

namespace lb {

FilterInput FilterInput::query_string(std::string_view query) {
  FilterInput input;
  input.form_ = Query{detail::InputText(query)};
  return input;
}

Result<filter::Syntax> FilterInput::parse(const filter::Limits& limits) && {
  if (auto* syntax = std::get_if<filter::Syntax>(&form_)) return std::move(*syntax);
  return static_cast<const FilterInput&>(*this).parse(limits);
}

Result<filter::Syntax> FilterInput::parse(const filter::Limits& limits) const& {
  if (std::holds_alternative<std::monostate>(form_)) return filter::Syntax{};
  if (const auto* text = std::get_if<Text>(&form_)) {
    return filter::parse_filter(text->text.view(), limits);
  }
  if (const auto* query = std::get_if<Query>(&form_)) {
    return filter::parse_filter_query(query->text.view(), limits);
  }
  if (const auto* value = std::get_if<Value>(&form_)) {
    if (value->is_null()) return filter::Syntax{};
    return filter::parse_filter(*value, limits);
  }
  if (std::holds_alternative<PreparedFilter>(form_)) {
    return invalid_input("a prepared filter cannot be combined with another filter or an id");
  }
  return std::get<filter::Syntax>(form_);
}

WhereInput WhereInput::query_string(std::string_view query) {
  WhereInput input;
  input.form_ = Query{detail::InputText(query)};
  return input;
}

Result<filter::WhereNode> WhereInput::parse(const filter::Limits& limits) const {
  if (std::holds_alternative<std::monostate>(form_)) return filter::WhereNode{};
  if (const auto* text = std::get_if<Text>(&form_)) {
    return filter::parse_where(text->text.view(), limits);
  }
  if (const auto* query = std::get_if<Query>(&form_)) {
    return filter::parse_where_query(query->text.view(), limits);
  }
  if (const auto* value = std::get_if<Value>(&form_)) {
    if (value->is_null()) return filter::WhereNode{};
    return filter::parse_where(*value, limits);
  }
  return std::get<filter::WhereNode>(form_);
}

}  // namespace lb
