// KeyPath: definition error messages that name the source file and the key path.
#include "model/key_path.hpp"

#include "lb/json.hpp"

namespace lb::model {

KeyPath KeyPath::key(std::string_view key) const {
  KeyPath next = *this;
  if (!next.path_.empty()) next.path_ += '.';
  next.path_ += key;
  return next;
}

KeyPath KeyPath::index(std::size_t i) const {
  KeyPath next = *this;
  next.path_ += '[' + std::to_string(i) + ']';
  return next;
}

Error KeyPath::error(std::string_view message) const {
  std::string text;
  if (!origin_.empty()) text = origin_ + ": ";
  if (!path_.empty()) text += path_ + ": ";
  text += message;
  return Error(ErrorCode::InvalidDefinition, std::move(text));
}

std::string quote_name(std::string_view text) { return to_json(Value(text)); }

std::string describe_kind(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Null: return "null";
    case Value::Kind::Bool: return value.as_bool() ? "true" : "false";
    case Value::Kind::Integer:
    case Value::Kind::Number: return "the number " + value.to_json();
    case Value::Kind::String: return "the string " + value.to_json();
    case Value::Kind::Array: return "an array";
    case Value::Kind::Object: return "an object";
    default: return std::string("a ") + Value::kind_name(value.kind());
  }
}

}  // namespace lb::model
