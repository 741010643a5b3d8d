// FieldPath construction and first-value lookup (see field_path.hpp).
#include "memory/exec/field_path.hpp"

namespace lb::memory {

FieldPath::FieldPath(const Schema& schema, const filter::BoundPath& path)
    : schema_(&schema), segments_(&path.segments), slot_(schema.slot_of(path.segments.at(0))) {}

ValueView FieldPath::first(Row row, ValueScratch& scratch) const {
  ValueView found;
  any(
      row,
      [&](ValueView value) {
        found = value;
        return true;
      },
      &scratch);
  return found;
}

}  // namespace lb::memory
