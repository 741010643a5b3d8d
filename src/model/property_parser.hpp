// Reads a definition's `properties` object: shorthand and full property forms, every
// type spelling LoopBack accepts, and inline nested object types.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lb/model_definition.hpp"
#include "lb/result.hpp"
#include "model/key_path.hpp"

namespace lb::model {

// One entry of `properties` as written: a property, or the removal of an inherited
// one (`"name": null` or `"name": false`).
struct OwnProperty {
  PropertyDefinition definition;  // name always set; the rest only when !removed
  bool removed = false;
};

// `owner` names the model, for the names of anonymous nested models ("Item.address").
[[nodiscard]] Result<std::vector<OwnProperty>> parse_properties(const Value& properties,
                                                                const KeyPath& path,
                                                                std::string_view owner);

// A type in "type" position: a name, an array of one type, or a nested object.
[[nodiscard]] Result<PropertyType> parse_property_type(const Value& type, const KeyPath& path,
                                                       std::string_view owner);

}  // namespace lb::model
