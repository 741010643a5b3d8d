// Errors of the bind stage: 400s whose message starts with the key path at fault.
#include <fmt/format.h>

#include "filter/bind/binder.hpp"

namespace lb::filter::detail {

namespace {

// "<key_path>: <text>", or the text alone for an empty path.
std::string prefixed(const KeyPath& key_path, std::string_view text) {
  std::string out = key_path.str();
  if (out.empty()) return std::string(text);
  out += ": ";
  out += text;
  return out;
}

}  // namespace

Error bind_error(const KeyPath& key_path, std::string_view text) {
  return invalid_input(prefixed(key_path, text));
}

Error definition_error(const KeyPath& key_path, std::string_view text) {
  return Error(ErrorCode::InvalidDefinition, prefixed(key_path, text));
}

Error prohibited_error(const KeyPath& key_path, std::string_view property, const char* why) {
  return bind_error(
      key_path, fmt::format("Property \"{}\" is {} and may not be used in a query", property, why));
}

std::string type_phrase(const PropertyType& type) {
  switch (type.kind) {
    case PropertyType::Kind::Model: {
      const bool vowel =
          !type.model.empty() &&
          std::string_view("AEIOUaeiou").find(type.model[0]) != std::string_view::npos;
      return fmt::format("{} {} object", vowel ? "an" : "a", type.model);
    }
    case PropertyType::Kind::Object:
      return fmt::format("an object {}", type.to_string());
    case PropertyType::Kind::Any:
      return "any value";
    default:
      return fmt::format("a {}", type.to_string());
  }
}

}  // namespace lb::filter::detail
