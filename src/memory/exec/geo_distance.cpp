// geo_distance: see geo_distance.hpp. The constants are LoopBack's (lib/geo.js), not
// more precise ones, on purpose: a row at the edge of maxDistance must fall on the
// same side as in LoopBack.
#include "memory/exec/geo_distance.hpp"

#include <cmath>

namespace lb::memory {
namespace {

constexpr double kDegreesToRadians = 0.01745329252;
constexpr double kRadiansToDegrees = 57.29577951308;

double haversine(double angle) {
  double s = std::sin(angle / 2.0);
  return s * s;
}

}  // namespace

double earth_radius(filter::DistanceUnit unit) {
  switch (unit) {
    case filter::DistanceUnit::Kilometers:
      return 6370.99056;
    case filter::DistanceUnit::Meters:
      return 6370990.56;
    case filter::DistanceUnit::Miles:
      return 3958.75;
    case filter::DistanceUnit::Feet:
      return 20902200;
    case filter::DistanceUnit::Radians:
      return 1;
    case filter::DistanceUnit::Degrees:
      return kRadiansToDegrees;
  }
  return 3958.75;
}

double geo_distance(GeoPoint a, GeoPoint b, filter::DistanceUnit unit) {
  double x1 = a.lat * kDegreesToRadians, y1 = a.lng * kDegreesToRadians;
  double x2 = b.lat * kDegreesToRadians, y2 = b.lng * kDegreesToRadians;
  double f = std::sqrt(haversine(x2 - x1) + std::cos(x2) * std::cos(x1) * haversine(y2 - y1));
  return 2 * std::asin(f) * earth_radius(unit);
}

}  // namespace lb::memory
