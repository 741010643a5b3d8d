// LoopBack's ValidationError shape: properties in the order their first error was
// found, messages joined with "; ", details.codes and details.messages keyed alike.
#include "dao/validation_errors.hpp"

#include <algorithm>

#include "dao/validation/js_inspect.hpp"
#include "lb/date.hpp"
#include "lb/json.hpp"

namespace lb::dao {
namespace {

constexpr std::size_t kMaxShownLength = 32;  // ValidationError.maxPropertyStringLength

// Keeps the head and up to three trailing closing characters, as LoopBack's
// truncation does, so "[ 1, 2, ... ]" still ends with its bracket.
std::string truncate(std::string text) {
  if (text.size() <= kMaxShownLength) return text;
  std::size_t run = 0;
  while (run < text.size() &&
         std::string_view(" \t})]").find(text[text.size() - 1 - run]) != std::string_view::npos) {
    ++run;
  }
  // The tail is the trailing closers (at most three), or the last three characters.
  const std::size_t tail_size = run > 0 ? std::min<std::size_t>(run, 3) : 3;
  const std::string tail = text.substr(text.size() - tail_size);
  return text.substr(0, kMaxShownLength - tail_size - 4) + "..." + tail;
}

}  // namespace

std::string describe_for_validation(const std::optional<Value>& value) {
  if (!value) return "undefined";
  switch (value->kind()) {
    case Value::Kind::String: return to_json(Value(truncate(value->as_string())));
    case Value::Kind::Date: return format_iso8601(value->as_date());
    case Value::Kind::Null: return "null";
    case Value::Kind::Bool: return value->as_bool() ? "true" : "false";
    case Value::Kind::Integer:
    case Value::Kind::Number: return truncate(js_number_text(*value));
    default:
      // Objects and arrays as Node's util.inspect shows them, arrays one level deep.
      return truncate(js_inspect(*value, value->is_array() ? 1 : 0));
  }
}

void ValidationErrors::add(std::string_view property, std::string code, std::string message,
                           const std::optional<Value>& value, std::optional<std::string> shown) {
  entries_.push_back({std::string(property), std::move(code), std::move(message),
                      shown ? std::move(*shown) : describe_for_validation(value)});
}

Error ValidationErrors::to_error() const {
  Object codes;
  Object messages;
  std::string details;
  for (const Entry& entry : entries_) {
    Value& code_list = codes[entry.property];
    if (!code_list.is_array()) code_list = Array{};
    code_list.as_array().emplace_back(entry.code);
    Value& message_list = messages[entry.property];
    if (!message_list.is_array()) message_list = Array{};
    message_list.as_array().emplace_back(entry.message);
  }
  // Messages are grouped by property in first-seen order, as LoopBack formats them.
  for (const auto& [property, list] : messages) {
    for (const Entry& entry : entries_) {
      if (entry.property != property) continue;
      if (!details.empty()) details += "; ";
      details += "`" + entry.property + "` " + entry.message + " (value: " + entry.shown_value + ")";
    }
  }
  Object detail_body;
  detail_body.push_back("context", model_);
  detail_body.push_back("codes", std::move(codes));
  detail_body.push_back("messages", std::move(messages));
  return Error(ErrorCode::Validation,
               "The `" + model_ + "` instance is not valid. Details: " + details + ".",
               "ValidationError", Value(std::move(detail_body)));
}

}  // namespace lb::dao
