// The model JSON's `validations` section: an array of entries naming a kind as
// juggler's internal validation name, a property and juggler's option names
// ({"validation": "length", "property": "name", "min": 2}). Each entry becomes one
// validatesXOf declaration; a malformed one is a 400 naming its index and key.
#pragma once

#include "lb/result.hpp"
#include "lb/validation.hpp"
#include "lb/value.hpp"
#include "model/key_path.hpp"

namespace lb::dao {

// Declares every entry of `section` (an array, or null for none) on `validations`.
// `path` names the section ("models/item.json: validations").
[[nodiscard]] Status declare_validations_section(Validations& validations, const Value& section,
                                                 const model::KeyPath& path);

// The options every entry (and an object-valued `required`) may carry: message,
// code, allowNull, allowBlank, if, unless. Keys other than these and `extra` are a 400.
[[nodiscard]] Result<ValidationOptions> parse_validation_options(const Object& entry, const model::KeyPath& path,
                                                                 std::initializer_list<std::string_view> extra);

}  // namespace lb::dao
