// GeoIndex: a Boost.Geometry R-tree over one indexed GeoPoint property, in plain
// cartesian (lat, lng) degrees stored as floats: 16 bytes an entry, and boxes that are
// cheap to maintain (a spherical R-tree spent most of an insert normalising spheroidal
// boxes). Distances are not the tree's business: visit_cap() yields every row that may
// lie within an angle of a point, through the lat/lng bounding box of that spherical
// cap (split at the antimeridian, widened at the poles and by the floats' rounding),
// and the executor measures each with LoopBack's haversine. Points outside the
// lat/lng ranges (which only a direct connector call can store) are kept aside and
// always visited.
#pragma once

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "memory/store/row_codec.hpp"

namespace lb::memory {

class GeoIndex {
 public:
  using Point = boost::geometry::model::point<float, 2, boost::geometry::cs::cartesian>;  // lat, lng
  using Box = boost::geometry::model::box<Point>;
  using Entry = std::pair<Point, Row>;
  using Tree = boost::geometry::index::rtree<Entry, boost::geometry::index::dynamic_linear>;

  // LoopBack's degree-to-radian factor (lib/geo.js): the sphere its haversine is on.
  static constexpr double kDegreesToRadians = 0.01745329252;

  GeoIndex(std::string property, std::size_t slot) : property_(std::move(property)), slot_(slot) {}
  GeoIndex(const GeoIndex&) = delete;
  GeoIndex& operator=(const GeoIndex&) = delete;

  [[nodiscard]] const std::string& property() const { return property_; }
  [[nodiscard]] std::size_t slot() const { return slot_; }
  [[nodiscard]] std::size_t size() const { return tree_.size() + odd_.size(); }

  // Rows whose slot holds no GeoPoint are not in the index.
  void insert(Row row);
  // A batch: into an empty index, packed in one go (Boost's bulk loading, tighter and
  // quicker than one insert per row); otherwise one by one.
  void insert_many(const std::vector<Row>& rows);
  // The same for a batch whose rows come with their GeoPoint slot's view (as the writer
  // encoded it): add_to_batch per row, then end_batch (or drop_batch when the batch
  // is refused).
  void add_to_batch(Row row, ValueView value);
  void end_batch();
  void drop_batch();
  void erase(Row row);
  void clear() {
    tree_.clear();
    odd_.clear();
  }

  // Calls fn(row) for every indexed row within `angle` radians (great-circle, on
  // LoopBack's sphere) of `origin`, and for some rows beyond it; an angle of pi or more
  // visits every row.
  template <typename Fn>
  void visit_cap(GeoPoint origin, double angle, Fn&& fn) const;

  [[nodiscard]] std::size_t memory_usage() const;

 private:
  // The caps' bounding boxes, in degrees, widened by this much for the floats.
  static constexpr double kMargin = 1e-4;
  static bool ordinary(GeoPoint g) { return std::fabs(g.lat) <= 90 && std::fabs(g.lng) <= 180; }
  static Point point(GeoPoint g) { return Point(static_cast<float>(g.lat), static_cast<float>(g.lng)); }
  // The boxes covering the cap (one or two; none when the cap is the whole sphere).
  static int cap_boxes(GeoPoint origin, double angle, Box boxes[2]);

  std::string property_;
  std::size_t slot_;
  Tree tree_{Tree::parameters_type(32)};
  std::vector<Row> odd_;
  std::vector<Entry> batch_;     // the batch's ordinary points
  std::vector<Row> batch_odd_;   // and the rest
};

template <typename Fn>
void GeoIndex::visit_cap(GeoPoint origin, double angle, Fn&& fn) const {
  Box boxes[2];
  int count = ordinary(origin) ? cap_boxes(origin, angle, boxes) : 0;
  if (count == 0) {
    for (const Entry& entry : tree_) fn(entry.second);
  } else {
    for (int i = 0; i < count; ++i) {
      for (auto it = tree_.qbegin(boost::geometry::index::intersects(boxes[i])); it != tree_.qend(); ++it) {
        fn(it->second);
      }
    }
  }
  for (Row row : odd_) fn(row);
}

}  // namespace lb::memory
