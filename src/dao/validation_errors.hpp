// ValidationErrors: the failed checks of one write, collected per property and turned
// into LoopBack's ValidationError (422) with its message and details shape:
// "The `Item` instance is not valid. Details: `name` can't be blank (value: undefined)."
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
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

  // One failed check; `shown_value` is the value as the message prints it.
  struct Entry {
    std::string property;
    std::string code;
    std::string message;
    std::string shown_value;
  };
  // The failures in the order they were added; the validation runner takes them out
  // and puts them back in the order LoopBack's isValid would have found them.
  [[nodiscard]] const std::vector<Entry>& entries() const { return entries_; }
  [[nodiscard]] std::vector<Entry> take_entries() { return std::exchange(entries_, {}); }
  void add(Entry entry) { entries_.push_back(std::move(entry)); }
  [[nodiscard]] const std::string& model() const { return model_; }

 private:
  std::string model_;
  std::vector<Entry> entries_;
};

// LoopBack's rendering of a value inside a validation message: strings quoted and
// cut at 32 characters, dates in ISO form, arrays and objects as Node's util.inspect
// prints them (then cut), NaN as NaN, undefined for a missing value.
[[nodiscard]] std::string describe_for_validation(const std::optional<Value>& value);

}  // namespace lb::dao
