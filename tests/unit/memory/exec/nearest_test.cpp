// `near` through the R-tree against brute force: random points (with clusters, poles,
// the antimeridian and duplicates), random origins, limits, skips, maxDistance and
// minDistance in several units. The tree only proposes candidates, so the rows and
// their order must be exactly those of sorting every row by haversine distance, then id.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "lb/filter/bind.hpp"
#include "lb/filter/parse.hpp"
#include "lb/registry.hpp"
#include "memory/exec/geo_distance.hpp"
#include "memory/memory_connector.hpp"

namespace lb::memory {
namespace {

class NearestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = registry_.define_json(R"({"name":"Place","properties":{
      "id":{"type":"number","id":true},"kind":"number","at":{"type":"geopoint","index":true}}})")
                 .value();
    ConnectorConfig config;
    config.data_source = "db";
    connector_ = make_memory_connector(config).value();
    connector_->define(*model_).value();
    std::mt19937 random(5);
    std::uniform_real_distribution<double> lat(-90, 90), lng(-180, 180), unit(0, 1);
    std::vector<Object> rows;
    for (long long id = 1; id <= 3000; ++id) {
      GeoPoint g{lat(random), lng(random)};
      switch (id % 6) {
        case 0: g = {40.7 + unit(random) * 0.01, -74.0 + unit(random) * 0.01}; break;  // a dense cluster
        case 1: g = {89.9 + unit(random) * 0.1, lng(random)}; break;                 // near the pole
        case 2: g = {unit(random) * 2 - 1, 179.5 + unit(random)}; break;              // across the antimeridian
        case 3: if (id > 100) g = points_[static_cast<std::size_t>(id % 100)]; break; // duplicates
        default: break;
      }
      if (g.lng > 180) g.lng -= 360;
      points_.push_back(g);
      rows.push_back(Object{{"id", Value(id)}, {"kind", Value(id % 7)}, {"at", Value(g)}});
    }
    rows.push_back(Object{{"id", Value(3001LL)}, {"kind", Value(1LL)}});  // no location
    connector_->create_all(*model_, std::move(rows)).value();
  }

  std::vector<long long> found(const std::string& json) {
    auto bound = filter::bind(filter::parse_filter(json).value(), *model_, registry_).value();
    std::vector<long long> ids;
    auto rows = connector_->find(bound);
    for (const Record& row : rows.value()) ids.push_back(row.get("id").as_integer());
    return ids;
  }

  std::vector<long long> brute(GeoPoint origin, filter::DistanceUnit unit, double min, double max, long long skip,
                               long long limit, int kind) {
    std::vector<std::pair<double, long long>> all;
    for (std::size_t i = 0; i < points_.size(); ++i) {
      long long id = static_cast<long long>(i) + 1;
      if (kind >= 0 && id % 7 != kind) continue;
      double d = geo_distance(origin, points_[i], unit);
      if (min > 0 && d < min) continue;
      if (max > 0 && d > max) continue;
      all.emplace_back(d, id);
    }
    std::sort(all.begin(), all.end());
    std::vector<long long> ids;
    for (std::size_t i = static_cast<std::size_t>(skip); i < all.size(); ++i) {
      if (limit > 0 && ids.size() == static_cast<std::size_t>(limit)) break;
      ids.push_back(all[i].second);
    }
    return ids;
  }

  Registry registry_;
  const ModelDefinition* model_ = nullptr;
  std::unique_ptr<Connector> connector_;
  std::vector<GeoPoint> points_;
};

TEST_F(NearestTest, TreeWalkEqualsSortingEveryRow) {
  std::mt19937 random(9);
  std::uniform_real_distribution<double> lat(-90, 90), lng(-180, 180);
  const std::vector<std::pair<filter::DistanceUnit, const char*>> units = {
      {filter::DistanceUnit::Kilometers, "kilometers"}, {filter::DistanceUnit::Miles, "miles"},
      {filter::DistanceUnit::Radians, "radians"}};
  const std::vector<GeoPoint> special = {{40.7, -74.0}, {90, 0}, {-90, 10}, {0, 180}, {0.5, -179.9}, {89.95, 120}};
  for (int round = 0; round < 120; ++round) {
    GeoPoint origin = round < static_cast<int>(special.size()) ? special[static_cast<std::size_t>(round)]
                                                               : GeoPoint{lat(random), lng(random)};
    const auto& [unit, unit_name] = units[static_cast<std::size_t>(round) % units.size()];
    const double scale = earth_radius(unit);
    long long limit = std::vector<long long>{1, 3, 10, 50, 0}[static_cast<std::size_t>(round) % 5];
    long long skip = round % 4 == 0 ? 2 : 0;
    double max = round % 3 == 0 ? scale * 0.3 : 0;
    double min = round % 5 == 1 ? scale * 0.001 : 0;
    int kind = round % 7 == 3 ? 2 : -1;  // a residual beside the near
    std::string where = "{\"at\":{\"near\":{\"lat\":" + Value(origin.lat).to_json() +
                        ",\"lng\":" + Value(origin.lng).to_json() + "},\"unit\":\"" + unit_name + "\"";
    if (max > 0) where += ",\"maxDistance\":" + Value(max).to_json();
    if (min > 0) where += ",\"minDistance\":" + Value(min).to_json();
    where += "}";
    if (kind >= 0) where += ",\"kind\":" + std::to_string(kind);
    where += "}";
    std::string json = "{\"where\":" + where;
    if (limit > 0) json += ",\"limit\":" + std::to_string(limit);
    if (skip > 0) json += ",\"skip\":" + std::to_string(skip);
    json += "}";
    ASSERT_EQ(found(json), brute(origin, unit, min, max, skip, limit, kind)) << json;
  }
}

}  // namespace
}  // namespace lb::memory
