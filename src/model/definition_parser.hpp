// The first half of defining a model: one JSON definition read and checked on its own,
// before its base is known. definition_resolver.hpp does the second half.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lb/result.hpp"
#include "lb/value.hpp"
#include "model/key_path.hpp"
#include "model/property_parser.hpp"

namespace lb::model {

struct ParsedDefinition {
  std::string name;
  std::string base;  // "PersistedModel" when not written; "" only for the root Model
  std::string source;
  KeyPath path{""};  // error origin: the source, or the model name without one
  std::vector<OwnProperty> properties;
  // The definition's own settings: top-level keys, then the entries of "options"
  // (which win), with "super" renamed "base" and hidden/protected made arrays.
  Object settings;
  Value options;                          // "options" as written, or null
  std::set<std::string> from_options;     // settings keys whose value came from "options"

  // Where a setting was written, for error messages ("options.strict" or "strict").
  [[nodiscard]] KeyPath setting_path(const std::string& key) const;
};

[[nodiscard]] Result<ParsedDefinition> parse_definition(const Value& definition,
                                                        std::string_view source);

}  // namespace lb::model
