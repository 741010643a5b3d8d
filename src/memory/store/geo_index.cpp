// GeoIndex maintenance and cap boxes (see geo_index.hpp).
#include "memory/store/geo_index.hpp"

#include <algorithm>

#include "memory/store/secondary_index.hpp"

namespace lb::memory {

void GeoIndex::insert(Row row) {
  ValueView value = row.slot(slot_);
  if (value.tag() != Tag::GeoPoint) return;
  GeoPoint g = value.as_geo_point();
  if (ordinary(g)) {
    tree_.insert(Entry(point(g), row));
  } else {
    odd_.push_back(row);
  }
}

void GeoIndex::insert_many(const std::vector<Row>& rows) {
  for (Row row : rows) add_to_batch(row, row.slot(slot_));
  end_batch();
}

void GeoIndex::add_to_batch(Row row, ValueView value) {
  if (value.tag() != Tag::GeoPoint) return;
  const GeoPoint g = value.as_geo_point();
  if (ordinary(g)) {
    batch_.emplace_back(point(g), row);
  } else {
    batch_odd_.push_back(row);
  }
}

void GeoIndex::end_batch() {
  constexpr std::size_t kPackFrom = 64;  // below this, inserts cost no more
  odd_.insert(odd_.end(), batch_odd_.begin(), batch_odd_.end());
  if (!tree_.empty() || batch_.size() < kPackFrom) {
    for (const Entry& entry : batch_) tree_.insert(entry);
  } else {
    tree_ = Tree(batch_.begin(), batch_.end(), Tree::parameters_type(32));
  }
  drop_batch();
}

void GeoIndex::drop_batch() {
  constexpr std::size_t kKept = 4096;  // a usual batch's scratch is kept for the next
  batch_.clear();
  batch_odd_.clear();
  if (batch_.capacity() > kKept) std::vector<Entry>().swap(batch_);
}

void GeoIndex::erase(Row row) {
  ValueView value = row.slot(slot_);
  if (value.tag() != Tag::GeoPoint) return;
  GeoPoint g = value.as_geo_point();
  if (ordinary(g)) {
    tree_.remove(Entry(point(g), row));
  } else if (auto it = std::find(odd_.begin(), odd_.end(), row); it != odd_.end()) {
    *it = odd_.back();
    odd_.pop_back();
  }
}

int GeoIndex::cap_boxes(GeoPoint origin, double angle, Box boxes[2]) {
  // The cap's latitude span is the angle either side; its longitude span, for a cap
  // that holds no pole, is asin(sin(angle) / cos(lat)) either side (J. P. Matuschek,
  // "Finding Points Within a Distance of a Latitude/Longitude Using Bounding
  // Coordinates"). Degrees here are LoopBack's (angle / kDegreesToRadians).
  if (!(angle < 3.14)) return 0;
  const double span = angle / kDegreesToRadians + kMargin;
  const double low_lat = origin.lat - span, high_lat = origin.lat + span;
  auto box = [](double lat0, double lng0, double lat1, double lng1) {
    return Box(Point(static_cast<float>(lat0), static_cast<float>(lng0)),
               Point(static_cast<float>(lat1), static_cast<float>(lng1)));
  };
  constexpr double kAnyLng = 1000;
  if (low_lat <= -90 || high_lat >= 90) {
    boxes[0] = box(low_lat, -kAnyLng, high_lat, kAnyLng);
    return 1;
  }
  const double ratio = std::sin(angle) / std::cos(origin.lat * kDegreesToRadians);
  if (!(ratio < 1)) {
    boxes[0] = box(low_lat, -kAnyLng, high_lat, kAnyLng);
    return 1;
  }
  const double lng_span = std::asin(ratio) / kDegreesToRadians + kMargin;
  const double low_lng = origin.lng - lng_span, high_lng = origin.lng + lng_span;
  if (lng_span >= 180) {
    boxes[0] = box(low_lat, -kAnyLng, high_lat, kAnyLng);
    return 1;
  }
  if (low_lng < -180) {
    boxes[0] = box(low_lat, low_lng + 360, high_lat, kAnyLng);
    boxes[1] = box(low_lat, -kAnyLng, high_lat, high_lng);
    return 2;
  }
  if (high_lng > 180) {
    boxes[0] = box(low_lat, low_lng, high_lat, kAnyLng);
    boxes[1] = box(low_lat, -kAnyLng, high_lat, high_lng - 360);
    return 2;
  }
  boxes[0] = box(low_lat, low_lng, high_lat, high_lng);
  return 1;
}

std::size_t GeoIndex::memory_usage() const {
  // Nodes hold their entries in vectors of up to 33, a little over half full under
  // inserts on average, plus the node itself and the inner levels.
  const std::size_t entries = tree_.size() * sizeof(Entry);
  return entries * 7 / 4 + allocation_size(odd_.capacity() * sizeof(Row));
}

}  // namespace lb::memory
