// ValidationErrors: the failed checks of one write, collected per property and turned
// into LoopBack's ValidationError (422) with its message and details shape:
// "The `Item` instance is not valid. Details: `name` can't be blank (value: undefined)."
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lb/error.hpp"
#include "lb/value.hpp"

namespace lb::dao {

class ValidationErrors {
 public:
  explicit ValidationErrors(std::string model) : model_(std::move(model)) {}

  // `value` is what the message shows; nullopt prints as JavaScript's undefined.
  // `shown` overrides the printed value (LoopBack prints "Invalid Date" for a date
  // it could not parse).
  void add(std::string_view property, std::string code, std::string message,
           const std::optional<Value>& value, std::optional<std::string> shown = std::nullopt);

  [[nodiscard]] bool empty() const { return entries_.empty(); }
  [[nodiscard]] Error to_error() const;

 private:
  struct Entry {
    std::string property;
    std::string code;
    std::string message;
    std::string shown_value;
  };
  std::string model_;
  std::vector<Entry> entries_;
};

// LoopBack's rendering of a value inside a validation message: strings quoted and
// cut at 32 characters, dates in ISO form, undefined for a missing value.
[[nodiscard]] std::string describe_for_validation(const std::optional<Value>& value);

}  // namespace lb::dao
