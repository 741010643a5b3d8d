// Several threads on one sqlite3 data source at once (file in WAL mode, and in memory):
// every create lands once, counters updated in transactions add up, and readers always
// see whole rows.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "sqlite_test_support.hpp"

namespace lb::sqlite::testing {
namespace {

void hammer(SqliteApp& db) {
  Model& item = db.define(R"({"name": "Item", "properties": {"worker": "number", "n": "number", "tag": "string"}})");
  Model& counter = db.define(R"({"name": "Counter", "forceId": false, "properties": {"value": "number"}})");
  ASSERT_TRUE(counter.create(json(R"({"id": 1, "value": 0})")));
  constexpr int kThreads = 4;
  constexpr int kRows = 50;
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int worker = 0; worker < kThreads; ++worker) {
    threads.emplace_back([&, worker] {
      for (int n = 0; n < kRows; ++n) {
        Object row{{"worker", worker}, {"n", n}, {"tag", "w" + std::to_string(worker)}};
        if (!item.create(Value(row))) ++failures[worker];
        // Every row read back is whole: its tag agrees with its worker.
        auto rows = item.find(Value(Object{{"where", Object{{"worker", worker}}}}));
        if (!rows) {
          ++failures[worker];
        } else {
          for (const Instance& found : *rows) {
            if (found.get("tag") != Value("w" + std::to_string(worker))) ++failures[worker];
          }
        }
        // A read-modify-write in a transaction that takes the write lock first.
        auto tx = counter.begin_transaction({IsolationLevel::Serializable});
        if (!tx) {
          ++failures[worker];
          continue;
        }
        const Options in{&*tx};
        auto current = counter.find_by_id(Value(1), {}, in);
        if (!current || !*current) {
          ++failures[worker];
          continue;
        }
        const std::int64_t value = (*current)->get("value").as_integer();
        if (!counter.patch_by_id(Value(1), Value(Object{{"value", value + 1}}), in) || !tx->commit()) ++failures[worker];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int worker = 0; worker < kThreads; ++worker) EXPECT_EQ(failures[worker], 0) << "worker " << worker;
  EXPECT_EQ(item.count().value(), kThreads * kRows);
  for (int worker = 0; worker < kThreads; ++worker) {
    EXPECT_EQ(item.count(Value(Object{{"worker", worker}})).value(), kRows);
  }
  // Ids were handed out once each.
  const auto all = item.find(R"({"order": "id"})").value();
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kThreads * kRows));
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].id(), Value(static_cast<std::int64_t>(i + 1)));
  EXPECT_EQ(counter.find_by_id(Value(1)).value()->get("value"), Value(kThreads * kRows));
}

TEST(SqliteConcurrency, ThreadsOnAFileDatabase) {
  SqliteApp db;
  hammer(db);
}

TEST(SqliteConcurrency, ThreadsOnAnInMemoryDatabase) {
  SqliteApp db(true);
  hammer(db);
}

}  // namespace
}  // namespace lb::sqlite::testing
