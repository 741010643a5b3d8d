// GeoIndex maintenance (see geo_index.hpp).
#include "memory/store/geo_index.hpp"

#include "memory/store/secondary_index.hpp"

namespace lb::memory {

void GeoIndex::insert(const EncodedRow* row) {
  ValueView value = row->slot(slot_);
  if (value.tag() != Tag::GeoPoint) return;
  GeoPoint g = value.as_geo_point();
  tree_.insert(Entry(point(g.lat, g.lng), row));
}

void GeoIndex::erase(const EncodedRow* row) {
  ValueView value = row->slot(slot_);
  if (value.tag() != Tag::GeoPoint) return;
  GeoPoint g = value.as_geo_point();
  tree_.remove(Entry(point(g.lat, g.lng), row));
}

std::size_t GeoIndex::memory_usage() const {
  // Leaves hold the entries in fixed arrays of up to 16; count each entry once plus an
  // eighth again for the inner nodes and the slack of part-filled leaves.
  std::size_t entries = tree_.size() * sizeof(Entry);
  return entries + entries / 8 + allocation_size(0);
}

}  // namespace lb::memory
