// PathAccess: how the lowering reaches the value a bound property path names: a native
// column (or, on PostgreSQL, a coordinate of a point column), or a walk into a JSON
// column (a structured property, or the extras of a non-strict model), step by step,
// with what the definition says each step holds.
#pragma once

#include <string>
#include <vector>

#include "lb/filter/bound.hpp"
#include "lb/result.hpp"
#include "sql/json_place.hpp"
#include "sql/sql_statement.hpp"
#include "sql/table_mapping.hpp"

namespace lb::sql {

// What the value a step starts from holds, by its declared type: an object (inline
// object, embedded model, GeoPoint), an array, or anything (untyped, or a model the
// mapping cannot see into): the walk then takes every branch the memory connector
// would.
enum class StepShape { Object, Array, Unknown };

struct JsonStep {
  std::string key;
  StepShape shape = StepShape::Unknown;
};

struct PathAccess {
  bool json = false;
  // Native: the SQL expression of the value and how it is stored; `column` when the
  // value is a whole column (not a coordinate of a point), whose cast and text order
  // then apply.
  std::string expression;
  Storage storage = Storage::Text;
  const ColumnMapping* column = nullptr;
  // Json: the column's place, the member steps below it, and the declared type of the
  // value at the end (never null; Any when nothing is declared).
  JsonPlace root;
  std::vector<JsonStep> steps;
  const PropertyType* leaf = nullptr;
};

// 400 when the path names a property the table does not store (a property a
// non-strict model does not define, when the mapping has no extras column).
[[nodiscard]] Result<PathAccess> resolve_access(const filter::BoundPath& path, const TableMapping& table);

}  // namespace lb::sql
