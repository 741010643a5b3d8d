// lb::FilterInput and lb::WhereInput: the forms a Model operation accepts for a filter
// or a where clause — JSON text, an lb::Value, the C++ builder, an already parsed
// tree, or LoopBack's query-string form — so callers never convert by hand.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "lb/filter.hpp"
#include "lb/filter/bound.hpp"
#include "lb/filter/limits.hpp"
#include "lb/filter/syntax.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb {

namespace detail {

// The JSON text or query string an input was given, copied (the input may outlive the
// caller's buffer). Short texts, which most filters are, stay inline: passing a literal
// to a query then costs no allocation.
class InputText {
 public:
  explicit InputText(std::string_view text) : size_(text.size()) { assign(text.data()); }
  InputText(const InputText& other) : size_(other.size_) { assign(other.view().data()); }
  InputText& operator=(const InputText& other) {
    if (this != &other) *this = InputText(other);
    return *this;
  }
  InputText(InputText&&) noexcept = default;
  InputText& operator=(InputText&&) noexcept = default;
  ~InputText() = default;

  // Never a null data(), even when empty (a null one means "no text" to text_of's callers).
  [[nodiscard]] std::string_view view() const { return {heap_ ? heap_.get() : inline_.data(), size_}; }

 private:
  void assign(const char* text) {
    char* to = inline_.data();
    if (size_ > kInline) {
      heap_ = std::make_unique_for_overwrite<char[]>(size_);
      to = heap_.get();
    }
    if (size_ != 0) std::memcpy(to, text, size_);  // (an empty view's data() may be null)
  }

  static constexpr std::size_t kInline = 112;
  std::size_t size_;
  std::array<char, kInline> inline_;
  std::unique_ptr<char[]> heap_;  // texts longer than kInline
};

// JSON text and query-string forms, as both input classes hold them.
struct TextForm {
  InputText text;
};
struct QueryForm {
  InputText text;
};

template <typename Form>
std::string_view text_of(const Form& form, bool& query) {
  if (const auto* text = std::get_if<TextForm>(&form)) {
    query = false;
    return text->text.view();
  }
  if (const auto* text = std::get_if<QueryForm>(&form)) {
    query = true;
    return text->text.view();
  }
  return {};
}

}  // namespace detail

// A filter parsed and bound once against one model (Model::prepare), then passed to
// that model's queries as often as needed, from any thread: nothing is parsed or bound
// again. Cheap to copy (it shares the bound tree, which never changes).
class PreparedFilter {
 public:
  explicit PreparedFilter(std::shared_ptr<const filter::Bound> bound,
                          std::shared_ptr<const filter::Syntax> syntax = nullptr)
      : bound_(std::move(bound)), syntax_(std::move(syntax)) {}
  [[nodiscard]] const filter::Bound& bound() const { return *bound_; }
  [[nodiscard]] const std::shared_ptr<const filter::Bound>& shared() const { return bound_; }
  // The filter as parsed (for "access" observers, which see it as JSON); may be null.
  [[nodiscard]] const filter::Syntax* syntax() const { return syntax_.get(); }
  [[nodiscard]] const std::shared_ptr<const filter::Syntax>& shared_syntax() const { return syntax_; }

 private:
  std::shared_ptr<const filter::Bound> bound_;
  std::shared_ptr<const filter::Syntax> syntax_;
};

class FilterInput {
 public:
  FilterInput() = default;                                    // {}: every row
  FilterInput(std::string_view json_text) : form_(Text{detail::InputText(json_text)}) {}
  FilterInput(const char* json_text) : form_(Text{detail::InputText(json_text)}) {}
  FilterInput(const std::string& json_text) : form_(Text{detail::InputText(json_text)}) {}
  FilterInput(Value filter) : form_(std::move(filter)) {}
  FilterInput(const Filter& filter) : form_(filter.to_value()) {}
  FilterInput(filter::Syntax syntax) : form_(std::move(syntax)) {}
  FilterInput(PreparedFilter prepared) : form_(std::move(prepared)) {}
  // "filter[where][price][gt]=10&filter[limit]=5" (or "filter={...}").
  [[nodiscard]] static FilterInput query_string(std::string_view query);

  // A prepared filter cannot be parsed again: this is a 400 for one.
  [[nodiscard]] Result<filter::Syntax> parse(const filter::Limits& limits = {}) const&;
  // The same, moving a parsed tree out instead of copying it.
  [[nodiscard]] Result<filter::Syntax> parse(const filter::Limits& limits = {}) &&;
  // True for the default-constructed input (no filter at all), which lets by-id
  // lookups skip parsing.
  [[nodiscard]] bool empty() const { return std::holds_alternative<std::monostate>(form_); }
  // The JSON text or query string this input holds (for caches keyed by text), with
  // `query` saying which of the two it is; a view whose data() is null when the input
  // came in another form. (A plain view, not an optional: it comes back in registers,
  // and a repeated query's whole cost is a few tens of nanoseconds.)
  [[nodiscard]] std::string_view text(bool& query) const { return detail::text_of(form_, query); }
  [[nodiscard]] const PreparedFilter* prepared() const { return std::get_if<PreparedFilter>(&form_); }
  // The JSON value this input holds (given as an lb::Value or the builder), or nullptr.
  [[nodiscard]] const Value* value() const { return std::get_if<Value>(&form_); }

 private:
  using Text = detail::TextForm;
  using Query = detail::QueryForm;
  std::variant<std::monostate, Text, Query, Value, filter::Syntax, PreparedFilter> form_;
};

class WhereInput {
 public:
  WhereInput() = default;                                     // {}: every row
  WhereInput(std::string_view json_text) : form_(Text{detail::InputText(json_text)}) {}
  WhereInput(const char* json_text) : form_(Text{detail::InputText(json_text)}) {}
  WhereInput(const std::string& json_text) : form_(Text{detail::InputText(json_text)}) {}
  WhereInput(Value where) : form_(std::move(where)) {}
  WhereInput(const Where& where) : form_(where.to_value()) {}
  WhereInput(filter::WhereNode node) : form_(std::move(node)) {}
  // "where[price][gt]=10" (or "where={...}").
  [[nodiscard]] static WhereInput query_string(std::string_view query);

  // An empty clause parses to an And with no children (every row).
  [[nodiscard]] Result<filter::WhereNode> parse(const filter::Limits& limits = {}) const;
  // As FilterInput::text.
  [[nodiscard]] std::string_view text(bool& query) const { return detail::text_of(form_, query); }
  // As FilterInput::value.
  [[nodiscard]] const Value* value() const { return std::get_if<Value>(&form_); }

 private:
  using Text = detail::TextForm;
  using Query = detail::QueryForm;
  std::variant<std::monostate, Text, Query, Value, filter::WhereNode> form_;
};

}  // namespace lb
