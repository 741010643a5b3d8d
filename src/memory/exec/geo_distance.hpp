// LoopBack's geo distance: the haversine formula on a sphere, with juggler's own
// degree-to-radian factor and earth radius per unit, so distances (and so the
// maxDistance/minDistance cut-offs) agree with LoopBack's to the last digits.
#pragma once

#include "lb/filter/bound.hpp"
#include "lb/value.hpp"

namespace lb::memory {

[[nodiscard]] double geo_distance(GeoPoint a, GeoPoint b, filter::DistanceUnit unit);
// The earth's radius in `unit` (1 for radians).
[[nodiscard]] double earth_radius(filter::DistanceUnit unit);

}  // namespace lb::memory
