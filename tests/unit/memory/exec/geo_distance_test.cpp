// geo_distance against distances LoopBack computes (GeoPoint.distanceBetween in the
// juggler oracle), in every unit.
#include "memory/exec/geo_distance.hpp"

#include <gtest/gtest.h>

namespace lb::memory {
namespace {

using filter::DistanceUnit;

constexpr GeoPoint kNewYork{40.7128, -74.006};
constexpr GeoPoint kLondon{51.5074, -0.1278};
constexpr GeoPoint kNearby{40.73, -73.99};

struct Expected {
  DistanceUnit unit;
  double to_london;
  double to_nearby;
};

TEST(GeoDistance, MatchesLoopBackInEveryUnit) {
  const Expected cases[] = {
      {DistanceUnit::Miles, 3461.1704683786570, 1.4540569182761107},
      {DistanceUnit::Kilometers, 5570.2139262623814, 2.3400777770861492},
      {DistanceUnit::Meters, 5570213.9262623806, 2340.0777770861487},
      {DistanceUnit::Feet, 18274980.073039308, 7677.4205284978643},
      {DistanceUnit::Radians, 0.87430892791377501, 0.00036730203177167304},
      {DistanceUnit::Degrees, 50.094211560065006, 0.021044856227096082},
  };
  for (const Expected& c : cases) {
    SCOPED_TRACE(filter::distance_unit_name(c.unit));
    EXPECT_NEAR(geo_distance(kNewYork, kLondon, c.unit), c.to_london, c.to_london * 1e-13);
    EXPECT_NEAR(geo_distance(kNewYork, kNearby, c.unit), c.to_nearby, c.to_nearby * 1e-12);
  }
}

TEST(GeoDistance, ZeroForTheSamePointAndSymmetric) {
  EXPECT_EQ(geo_distance(kLondon, kLondon, DistanceUnit::Miles), 0);
  EXPECT_DOUBLE_EQ(geo_distance(kLondon, kNewYork, DistanceUnit::Miles),
                   geo_distance(kNewYork, kLondon, DistanceUnit::Miles));
}

}  // namespace
}  // namespace lb::memory
