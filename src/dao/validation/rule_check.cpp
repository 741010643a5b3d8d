// juggler's validator semantics per kind. Values are lb::Values of an Instance, so
// JavaScript's typeof becomes the Value kind: numbers are Integer or Number, a Date
// property holds Dates, and a string that looks numeric is still a string.
#include "dao/validation/rule_check.hpp"

#include <cmath>

#include "dao/validation/js_inspect.hpp"
#include "lb/date.hpp"
#include "lb/json.hpp"

namespace lb::dao {
namespace {

// nullCheck(): absent or "" is a "blank" failure unless allowBlank, null a "null" one
// unless allowNull; either way the kind's own check does not run.
bool null_check(const Validations::Rule& rule, const Value* value, std::vector<Failure>& failures) {
  if (value == nullptr || (value->is_string() && value->as_string().empty())) {
    if (!rule.options.allow_blank) failures.emplace_back("blank");
    return true;
  }
  if (value->is_null()) {
    if (!rule.options.allow_null) failures.emplace_back("null");
    return true;
  }
  return false;
}

// JavaScript's `value.length`, for the values that have one.
std::optional<std::size_t> js_length(const Value& value) {
  if (value.is_string()) return utf16_length(value.as_string());
  if (value.is_array()) return value.as_array().size();
  if (value.is_buffer()) return value.as_buffer().bytes.size();
  return std::nullopt;
}

// Membership for inclusion/exclusion: JavaScript's === on scalars (1 and 1.0 are one
// number, "1" is not 1, NaN matches nothing), and structural equality on dates, arrays
// and objects, which in JavaScript never match a list read from JSON.
bool listed(const Array& values, const Value& value) {
  if (value.is_double() && std::isnan(value.as_double())) return false;
  for (const Value& candidate : values) {
    if (candidate == value) return true;
  }
  return false;
}

// JavaScript's `String(value)` for numbers (integers without a fraction).
std::string number_text(const Value& value) { return js_number_text(value); }

bool valid_date(const Value& value) {
  constexpr double kMaxTime = 8.64e15;  // ECMAScript's time value range
  switch (value.kind()) {
    case Value::Kind::Date: return true;
    case Value::Kind::Bool: return true;  // new Date(true) is the epoch plus 1 ms
    case Value::Kind::Integer:
    case Value::Kind::Number: return std::isfinite(value.as_double()) && std::fabs(value.as_double()) <= kMaxTime;
    case Value::Kind::String: return parse_iso8601(value.as_string()).has_value();
    default: return false;
  }
}

}  // namespace

std::size_t utf16_length(const std::string& text) {
  std::size_t units = 0;
  for (unsigned char byte : text) {
    if ((byte & 0xC0) == 0x80) continue;  // continuation byte
    units += byte >= 0xF0 ? 2 : 1;        // four-byte sequences are surrogate pairs
  }
  return units;
}

bool is_blank(const Value* value) {
  if (value == nullptr || value->is_null()) return true;
  if (value->is_string()) return value->as_string().empty();
  if (value->is_array()) return value->as_array().empty();
  if (value->is_double()) return std::isnan(value->as_double());
  return false;
}

std::vector<Failure> check_rule(const Validations::Rule& rule, const Value* value) {
  std::vector<Failure> failures;
  switch (rule.kind) {
    case ValidationKind::Presence:
      if (is_blank(value)) failures.emplace_back();
      break;
    case ValidationKind::Absence:
      if (!is_blank(value)) failures.emplace_back();
      break;
    case ValidationKind::Length: {
      if (null_check(rule, value, failures)) break;
      const auto length = js_length(*value);
      if (!length) break;  // juggler compares `undefined` and nothing fails
      if (rule.bounds.min && *length < *rule.bounds.min) failures.emplace_back("min");
      if (rule.bounds.max && *length > *rule.bounds.max) failures.emplace_back("max");
      if (rule.bounds.is && *length != *rule.bounds.is) failures.emplace_back("is");
      break;
    }
    case ValidationKind::Format: {
      if (null_check(rule, value, failures)) break;
      if (!value->is_string() && !value->is_number()) {
        failures.emplace_back();
        break;
      }
      const bool matches = value->is_string() ? RE2::PartialMatch(value->as_string(), *rule.pattern)
                                              : RE2::PartialMatch(number_text(*value), *rule.pattern);
      if (matches == rule.without) failures.emplace_back();
      break;
    }
    case ValidationKind::Inclusion:
      if (null_check(rule, value, failures)) break;
      if (!listed(rule.values, *value)) failures.emplace_back();
      break;
    case ValidationKind::Exclusion:
      if (null_check(rule, value, failures)) break;
      if (listed(rule.values, *value)) failures.emplace_back();
      break;
    case ValidationKind::Numericality:
      if (null_check(rule, value, failures)) break;
      if (!value->is_number() || (value->is_double() && std::isnan(value->as_double()))) {
        failures.emplace_back("number");
      } else if (rule.integer_only && value->is_double() && std::isfinite(value->as_double()) &&
                 value->as_double() != std::round(value->as_double())) {
        failures.emplace_back("int");
      }
      break;
    case ValidationKind::Date:
      if (value == nullptr || value->is_null()) break;
      if (!valid_date(*value)) failures.emplace_back();
      break;
    case ValidationKind::Uniqueness:
    case ValidationKind::Custom:
      break;  // the runner's business
  }
  return failures;
}

std::string failure_code(const Validations::Rule& rule, const Failure& failure) {
  std::string code = rule.options.code ? *rule.options.code : validation_kind_name(rule.kind);
  if (!failure.empty()) code += "." + failure;
  return code;
}

std::string failure_message(const Validations::Rule& rule, const Failure& failure) {
  if (!failure.empty()) {
    if (auto it = rule.options.messages.find(failure); it != rule.options.messages.end()) return it->second;
  }
  // A missing value is not the rule's own failure: juggler keeps its common messages
  // for it even when the rule has a message of its own.
  if (failure == "blank") return "is blank";
  if (failure == "null") return "is null";
  if (rule.options.message) return *rule.options.message;
  switch (rule.kind) {
    case ValidationKind::Presence: return "can't be blank";
    case ValidationKind::Absence: return "can't be set";
    case ValidationKind::Length:
      if (failure == "min") return "too short";
      if (failure == "max") return "too long";
      return "length is wrong";
    case ValidationKind::Numericality: return failure == "int" ? "is not an integer" : "is not a number";
    case ValidationKind::Inclusion: return "is not included in the list";
    case ValidationKind::Exclusion: return "is reserved";
    case ValidationKind::Uniqueness: return "is not unique";
    case ValidationKind::Date: return "is not a valid date";
    case ValidationKind::Format:
    case ValidationKind::Custom: return "is invalid";
  }
  return "is invalid";
}

}  // namespace lb::dao
