// Many readers or one writer: threads mix creates, update_by_id, delete_all and
// indexed finds on one table, then the rows, counters, secondary indexes and R-tree
// must agree (indexed answers equal full-scan answers). No timing is asserted.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "lb/filter/bind.hpp"
#include "lb/filter/parse.hpp"
#include "lb/registry.hpp"
#include "memory/memory_connector.hpp"

namespace lb::memory {
namespace {

constexpr int kThreads = 4;
constexpr int kRowsPerThread = 40;
constexpr int kRounds = 60;

class ConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = registry_.define_json(R"({"name":"Counter","properties":{"owner":{"type":"number","index":true},
      "category":{"type":"string","index":true},"n":"number","temp":"boolean",
      "location":{"type":"geopoint","index":true}}})").value();
    connector_ = make_memory_connector(ConnectorConfig{}).value();
    connector_->define(*model_).value();
  }
  filter::Bound bound(const std::string& json) const {
    return filter::bind(filter::parse_filter(json).value(), *model_, registry_).value();
  }
  filter::BoundWhere where(const std::string& json) const {
    return filter::bind_where(filter::parse_where(json).value(), *model_, registry_).value();
  }
  std::vector<std::string> ids(const std::string& json) const {
    std::vector<std::string> out;
    const std::vector<Record> rows = connector_->find(bound(json)).value();
    for (const Record& row : rows) out.push_back(row.get("id").to_json());
    return out;
  }

  Registry registry_;
  const ModelDefinition* model_ = nullptr;
  std::unique_ptr<Connector> connector_;
};

TEST_F(ConcurrencyTest, MixedWorkloadKeepsEveryInvariant) {
  std::atomic<int> failures{0};
  auto worker = [&](int owner) {
    std::vector<Value> mine;
    for (int i = 0; i < kRowsPerThread; ++i) {
      auto row = connector_->create(*model_, {{"owner", owner}, {"category", "c" + std::to_string(i % 3)},
                                              {"n", 0}, {"location", GeoPoint{10.0 + owner, 20.0 + i * 0.01}}});
      if (!row) ++failures;
      else mine.push_back(*row->find("id"));
    }
    auto own_temp = where("{\"owner\":" + std::to_string(owner) + ",\"temp\":true}");
    for (int round = 0; round < kRounds; ++round) {
      const Value& id = mine[static_cast<std::size_t>(round) % mine.size()];
      // Read-modify-write of a row only this thread writes: no update may be lost.
      auto current = connector_->find(bound("{\"where\":{\"id\":" + id.to_json() + "}}"));
      if (!current || current->size() != 1) {
        ++failures;
        continue;
      }
      std::int64_t n = current->front().get("n").as_integer();
      if (!connector_->update_by_id(*model_, id, {{"n", n + 1}, {"category", "c" + std::to_string(round % 3)}},
                                    WriteMode::Patch)) {
        ++failures;
      }
      // Temporary rows come and go alongside.
      if (!connector_->create(*model_, {{"owner", owner}, {"temp", true}, {"category", "t"}})) ++failures;
      if (round % 5 == 4 && !connector_->delete_all(*model_, &own_temp)) ++failures;
      // Indexed reads see only rows that meet their conditions.
      auto found = connector_->find(bound(R"({"where":{"category":"c1"},"order":"owner DESC","limit":5})"));
      if (!found) ++failures;
      else for (const Record& row : *found) if (row.get("category").as_string() != "c1") ++failures;
    }
    if (!connector_->delete_all(*model_, &own_temp)) ++failures;
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t);
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(failures.load(), 0);

  EXPECT_EQ(connector_->count(*model_, nullptr).value(), kThreads * kRowsPerThread);
  for (int owner = 0; owner < kThreads; ++owner) {
    auto mine = where("{\"owner\":" + std::to_string(owner) + "}");
    EXPECT_EQ(connector_->count(*model_, &mine).value(), kRowsPerThread);
    std::int64_t sum = 0;
    const std::vector<Record> rows =
        connector_->find(bound("{\"where\":{\"owner\":" + std::to_string(owner) + "}}")).value();
    for (const Record& row : rows) {
      sum += row.get("n").as_integer();
    }
    EXPECT_EQ(sum, kRounds) << "owner " << owner;
  }
  // Ids are unique and the counter never handed one out twice.
  auto all = ids("{}");
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kThreads * kRowsPerThread));
  // Every index agrees with a full scan (an `or` of one branch is never indexed).
  for (const char* category : {"c0", "c1", "c2", "t"}) {
    std::string c = std::string("\"") + category + "\"";
    EXPECT_EQ(ids("{\"where\":{\"category\":" + c + "}}"), ids("{\"where\":{\"or\":[{\"category\":" + c + "}]}}"));
  }
  EXPECT_EQ(ids(R"({"where":{"owner":{"gte":1,"lt":3}}})"), ids(R"({"where":{"or":[{"owner":{"gte":1,"lt":3}}]}})"));
  auto sorted = ids(R"({"order":"owner DESC"})");  // a full sort
  sorted.resize(50);
  EXPECT_EQ(ids(R"({"order":"owner DESC","limit":50})"), sorted);  // an index-ordered scan
  EXPECT_EQ(ids(R"({"where":{"location":{"near":"12,20","maxDistance":200,"unit":"kilometers"}}})"),
            ids(R"({"where":{"or":[{"location":{"near":"12,20","maxDistance":200,"unit":"kilometers"}}]}})"));
}

}  // namespace
}  // namespace lb::memory
