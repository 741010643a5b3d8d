// JsonPlace: where one value inside a JSON column is, in the terms a dialect reaches it
// by. The shared lowering walks property paths into JSON-stored properties with these
// and never writes JSON functions itself; each Dialect says how to read a place.
#pragma once

#include <cstdint>
#include <string>

namespace lb::sql {

// The kinds of JSON value (SQLite's 'integer' and 'real' are both Number).
enum class JsonKind : std::uint8_t { Null, Boolean, Number, String, Array, Object };

struct JsonPlace {
  // SQLite: the SQL expression of the whole JSON document (a column) that the place is
  // in. PostgreSQL: the jsonb expression of the value itself.
  std::string document;
  // SQLite only. The place's path within `document` is `path` (an SQL expression such
  // as a json_each alias's fullkey; empty: the document's root) followed by `suffix`
  // (constant path text such as `."address"."city"`, bound as a parameter when first
  // used, so a path that is never read binds nothing).
  std::string path;
  std::string suffix;
  // When set (a json_each element on SQLite), SQL expressions already giving the
  // place's scalar value and its json_type name, cheaper than extracting them again.
  std::string value;
  std::string type;
  // SQLite only: the rendered path once bound (so guard and value share a parameter).
  mutable std::string bound_path;
};

}  // namespace lb::sql
