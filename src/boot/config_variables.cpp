// Environment placeholders in data source settings (loopback-boot's
// getUpdatedConfigObject with useEnvVars).
#include "boot/config_variables.hpp"

#include <cstdlib>

namespace lb::boot {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// NAME when `text` is exactly "${NAME}".
std::optional<std::string_view> placeholder(std::string_view text) {
  if (text.size() < 4 || !text.starts_with("${") || !text.ends_with('}')) return std::nullopt;
  const std::string_view name = text.substr(2, text.size() - 3);
  for (char c : name)
    if (!is_name_char(c)) return std::nullopt;
  return name;
}

// nullopt: the value resolves to undefined.
std::optional<Value> resolve(const Value& value, const VariableLookup& lookup) {
  if (value.is_string()) {
    const auto name = placeholder(value.as_string());
    if (!name) return value;
    auto found = lookup(*name);
    if (!found) return std::nullopt;
    return Value(std::move(*found));
  }
  if (value.is_array()) {
    Array out;
    out.reserve(value.as_array().size());
    for (const auto& element : value.as_array()) out.push_back(resolve(element, lookup).value_or(Value()));
    return Value(std::move(out));
  }
  if (value.is_object()) {
    Object out;
    for (const auto& [key, element] : value.as_object())
      if (auto resolved = resolve(element, lookup)) out.push_back(key, std::move(*resolved));
    return Value(std::move(out));
  }
  return value;
}

}  // namespace

std::optional<std::string> environment_variable(std::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());
  if (!value) return std::nullopt;
  return std::string(value);
}

Value resolve_variables(const Value& settings, const VariableLookup& lookup) {
  return resolve(settings, lookup).value_or(Value());
}

}  // namespace lb::boot
