// Merges an override file (datasources.local.json, model-config.production.json, ...)
// into its main configuration the way loopback-boot does, so an application's
// environment files mean here what they mean under LoopBack.
#pragma once

#include <string_view>

#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb::boot {

// Merges `overrides` into `target`, key by key:
// - objects merge recursively; a key only `overrides` has is added;
// - arrays merge element by element and must have the same length;
// - anything else (and null) replaces the value;
// - a value of another kind than the one it overrides (an object for a string, a
//   scalar for an array) is a 400 naming `file` and the key path ("db.port").
// On error `target` may be partly merged; callers discard it.
[[nodiscard]] Status merge_config(Value& target, const Value& overrides, std::string_view file);

}  // namespace lb::boot
