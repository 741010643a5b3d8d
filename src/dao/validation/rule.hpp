// Validations::Rule: one declared validation (LoopBack's entry in Model.validations):
// its kind, property, options and the kind's own arguments, regexes compiled once.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>

#include "lb/validation.hpp"
#include "lb/value.hpp"

namespace lb {

struct Validations::Rule {
  ValidationKind kind = ValidationKind::Presence;
  std::string property;
  ValidationOptions options;
  // Declared by the definition itself (`required`, Date properties) rather than by a
  // validatesXOf call: LoopBack adds these while it registers each property.
  bool implicit = false;

  LengthBounds bounds;                       // Length
  std::shared_ptr<const RE2> pattern;        // Format (shared: rules are copied into runs)
  bool without = false;                      // Format: the value must not match
  Array values;                              // Inclusion, Exclusion
  bool integer_only = false;                 // Numericality
  UniquenessScope scope;                     // Uniqueness
  Validator validator;                       // Custom
  AsyncValidator async_validator;            // Custom, asynchronous

  // Whether the runner must wait for this rule (it queries or runs asynchronously);
  // LoopBack reports these after every synchronous failure.
  [[nodiscard]] bool is_async() const {
    return kind == ValidationKind::Uniqueness || static_cast<bool>(async_validator);
  }
};

// LoopBack's internal name of a kind: "presence", "length", ..., "custom".
[[nodiscard]] const char* validation_kind_name(ValidationKind kind);

}  // namespace lb
