// MemoryFixture::coerce: sample rows from JSON to property types (dates, points), the
// part of src/dao's work the connector relies on.
#include "memory_fixture.hpp"

#include "memory/store/file_store.hpp"

namespace lb::memory::testing {

Object MemoryFixture::coerce(Object row) const {
  for (auto& [key, value] : row) {
    if (const PropertyDefinition* property = item_->property(key)) {
      value = from_stored_json(std::move(value), property->type);
    }
  }
  return row;
}

}  // namespace lb::memory::testing
