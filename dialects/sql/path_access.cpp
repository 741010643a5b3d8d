// resolve_access: a bound path to a native column or a typed walk into a JSON column.
// Types come from the definitions the path crosses; an embedded model's own properties
// are out of reach here (the mapping has no registry), so a step below one is Unknown
// and takes the general route, which is correct for any shape, only longer.
#include "sql/path_access.hpp"

#include <fmt/format.h>

#include "sql/dialect.hpp"

namespace lb::sql {
namespace {

using Kind = PropertyType::Kind;

const PropertyType& any_type() {
  static const PropertyType kAny;
  return kAny;
}

const PropertyType& number_type() {
  static const PropertyType kNumber{Kind::Number, nullptr, nullptr, {}};
  return kNumber;
}

// The shape of a value of `type` (nullptr: unknown) and the declared type of its member
// `key`, or nullptr.
StepShape step_from(const PropertyType* type, const std::string& key, const PropertyType*& member) {
  member = nullptr;
  if (!type) return StepShape::Unknown;
  StepShape shape = StepShape::Object;
  const PropertyType* container = type;
  if (container->kind == Kind::Array) {
    shape = StepShape::Array;
    container = container->element ? container->element.get() : &any_type();
  }
  switch (container->kind) {
    case Kind::Object:
      if (container->nested) {
        if (const PropertyDefinition* property = container->nested->property(key)) member = &property->type;
        return shape;
      }
      return shape == StepShape::Array ? shape : StepShape::Unknown;
    case Kind::Model:
      return shape;
    case Kind::GeoPoint:
      if (key == "lat" || key == "lng") member = &number_type();
      return shape;
    default:
      // An array of untyped or scalar elements: only object elements have members.
      return shape == StepShape::Array ? shape : StepShape::Unknown;
  }
}

}  // namespace

Result<PathAccess> resolve_access(const filter::BoundPath& path, const TableMapping& table) {
  const Dialect& dialect = table.dialect();
  PathAccess access;
  const PropertyType* type = nullptr;
  std::size_t first_step = 1;
  if (path.property) {
    const ColumnMapping* column = table.column(path.property->name);
    if (!column) return invalid_input(fmt::format("the property \"{}\" has no column", path.property->name));
    type = &path.property->type;
    if (column->storage != Storage::Json) {
      if (path.segments.size() == 1) {
        access.expression = column->read;
        access.storage = column->storage;
        access.column = column;
        return access;
      }
      if (column->storage == Storage::Point && path.segments.size() == 2) {
        // "location.lat" on a point column: a coordinate, a native number.
        access.expression = path.segments[1] == "lat" ? dialect.point_lat(column->quoted)
                                                      : dialect.point_lng(column->quoted);
        access.storage = Storage::Number;
        return access;
      }
      return invalid_input(fmt::format("{}: {} is not stored as JSON and has no members", path.to_string(),
                                       path.property->name));
    }
    access.json = true;
    access.root = dialect.json_root(column->read);
  } else {
    if (!table.extras_column()) {
      return invalid_input(fmt::format("{}: the table {} keeps no properties the model does not define (its "
                                       "\"extrasColumn\" is off)",
                                       path.to_string(), table.qualified()));
    }
    access.json = true;
    access.root = dialect.json_root(*table.extras_column());
    access.steps.push_back({path.segments.at(0), StepShape::Object});
  }
  for (std::size_t i = first_step; i < path.segments.size(); ++i) {
    const PropertyType* member = nullptr;
    StepShape shape = step_from(type, path.segments[i], member);
    access.steps.push_back({path.segments[i], shape});
    type = member;
  }
  access.leaf = path.type ? path.type : &any_type();
  return access;
}

}  // namespace lb::sql
