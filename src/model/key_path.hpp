// Where a problem sits in a model definition ("models/item.json: properties.price.type"),
// so that every definition error names the file and the key.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "lb/error.hpp"

namespace lb::model {

class KeyPath {
 public:
  // `origin` is the source file or, without one, the model's name.
  explicit KeyPath(std::string origin) : origin_(std::move(origin)) {}

  [[nodiscard]] KeyPath key(std::string_view key) const;
  [[nodiscard]] KeyPath index(std::size_t i) const;

  [[nodiscard]] const std::string& origin() const { return origin_; }
  [[nodiscard]] const std::string& path() const { return path_; }

  // A 400 InvalidDefinition error: "<origin>: <path>: <message>".
  [[nodiscard]] Error error(std::string_view message) const;

 private:
  std::string origin_;
  std::string path_;
};

// `"text"` with JSON escaping, for quoting names in messages.
[[nodiscard]] std::string quote_name(std::string_view text);

// "a string", "an array", ...: a value's kind as messages spell it.
[[nodiscard]] std::string describe_kind(const Value& value);

}  // namespace lb::model
