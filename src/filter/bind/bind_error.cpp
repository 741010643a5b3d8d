// Errors of the bind stage: 400s whose message starts with the key path at fault.
#include <fmt/format.h>

#include "filter/bind/binder.hpp"

namespace lb::filter::detail {

Error bind_error(std::string_view key_path, std::string_view text) {
  return invalid_input(key_path.empty() ? std::string(text)
                                        : fmt::format("{}: {}", key_path, text));
}

Error definition_error(std::string_view key_path, std::string_view text) {
  return Error(ErrorCode::InvalidDefinition,
               key_path.empty() ? std::string(text) : fmt::format("{}: {}", key_path, text));
}

Error prohibited_error(std::string_view key_path, std::string_view property, const char* why) {
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

std::string join_key_path(std::string_view prefix, std::string_view suffix) {
  if (prefix.empty()) return std::string(suffix);
  if (suffix.empty()) return std::string(prefix);
  return fmt::format("{}.{}", prefix, suffix);
}

}  // namespace lb::filter::detail
