// JSON text to and from lb::Value. JSON has no Date, GeoPoint or Buffer, so writing
// maps them the way LoopBack's toJSON does, and reading never produces them:
// coercion to a property's type happens later, against a model definition.
#pragma once

#include <string>
#include <string_view>

#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb {

// Limits applied while parsing, before any value is built.
struct JsonLimits {
  std::size_t max_bytes = 1 << 20;  // 1 MiB of text
  std::size_t max_depth = 64;       // nested arrays/objects
};

// Parses one JSON document. Integers that fit int64 become Integer, other numbers
// Number. Errors are 400 "invalid JSON" naming the offset. Duplicate keys: last wins,
// as in JavaScript's JSON.parse.
[[nodiscard]] Result<Value> parse_json(std::string_view text, const JsonLimits& limits = {});

// Compact JSON, keys in insertion order. Numbers print as JavaScript prints them
// (1.0 -> "1", 1e21 -> "1e+21"); non-finite numbers print as null, as JSON.stringify
// does. Date -> ISO-8601 string with milliseconds and "Z"; GeoPoint ->
// {"lat":..,"lng":..}; Buffer -> {"type":"Buffer","data":[bytes]} (Node's toJSON).
[[nodiscard]] std::string to_json(const Value& value);

// Indented JSON (two spaces), for people.
[[nodiscard]] std::string to_pretty_json(const Value& value);

}  // namespace lb
