// GeoIndex: a Boost.Geometry R-tree over one indexed GeoPoint property, in spherical
// coordinates (degrees), so that its nearest-first walk follows great-circle distance,
// the order LoopBack's haversine `near` sorts by.
#pragma once

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "memory/store/row_codec.hpp"

namespace lb::memory {

class GeoIndex {
 public:
  using Point = boost::geometry::model::point<
      double, 2, boost::geometry::cs::spherical_equatorial<boost::geometry::degree>>;
  using Entry = std::pair<Point, const EncodedRow*>;
  using Tree = boost::geometry::index::rtree<Entry, boost::geometry::index::rstar<16>>;

  GeoIndex(std::string property, std::size_t slot) : property_(std::move(property)), slot_(slot) {}
  GeoIndex(const GeoIndex&) = delete;
  GeoIndex& operator=(const GeoIndex&) = delete;

  [[nodiscard]] const std::string& property() const { return property_; }
  [[nodiscard]] std::size_t slot() const { return slot_; }
  [[nodiscard]] std::size_t size() const { return tree_.size(); }

  // Rows whose slot holds no GeoPoint are not in the tree.
  void insert(const EncodedRow* row);
  void erase(const EncodedRow* row);
  void clear() { tree_.clear(); }

  [[nodiscard]] static Point point(double lat, double lng) { return Point(lng, lat); }
  [[nodiscard]] const Tree& tree() const { return tree_; }
  [[nodiscard]] std::size_t memory_usage() const;

 private:
  std::string property_;
  std::size_t slot_;
  Tree tree_;
};

}  // namespace lb::memory
