// lb::Record over Objects: what connectors without an encoding of their own return.
#include "lb/record.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>

namespace lb {
namespace {

TEST(RecordTest, EmptyRecordHoldsNothing) {
  const Record none;
  EXPECT_FALSE(none);
  EXPECT_TRUE(none.to_object().empty());
  EXPECT_TRUE(none.get("id").is_null());
}

TEST(RecordTest, RecordOfNoSourceIsNoRow) {
  const Record none(std::unique_ptr<const RecordSource>(), 3);
  EXPECT_FALSE(none);
  EXPECT_TRUE(none.get("id").is_null());
  const Record copy = none;
  EXPECT_FALSE(copy);
}

TEST(RecordTest, RecordOfAnObjectReadsItsProperties) {
  const Record record(Object{{"id", 1}, {"name", "pen"}});
  ASSERT_TRUE(record);
  EXPECT_EQ(record.get("name"), Value("pen"));
  EXPECT_TRUE(record.get("missing").is_null());
  EXPECT_EQ(Value(record.to_object()).to_json(), R"({"id":1,"name":"pen"})");
}

TEST(RecordTest, MakeRecordsKeepsOrderAndOutlivesTheRows) {
  std::vector<Record> records;
  {
    std::vector<Object> rows{Object{{"id", 1}}, Object{{"id", 2}}, Object{{"id", 3}}};
    records = make_records(std::move(rows));
  }
  ASSERT_EQ(records.size(), 3u);
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].get("id"), Value(static_cast<long long>(i + 1)));
  }
  const Record copy = records[1];
  records.clear();
  EXPECT_EQ(copy.get("id"), Value(2));
}

// A source that counts its live instances, to see when the records let it go.
std::atomic<int> g_live_sources{0};
class CountedSource final : public RecordSource {
 public:
  CountedSource() { ++g_live_sources; }
  ~CountedSource() override { --g_live_sources; }
  Object object(std::size_t row) const override { return Object{{"row", static_cast<long long>(row)}}; }
  Value value(std::size_t row, std::string_view) const override { return Value(static_cast<long long>(row)); }
};

TEST(RecordTest, TheLastRecordOfASourceDeletesIt) {
  std::vector<Record> records = Record::all(std::make_unique<CountedSource>(), 4);
  ASSERT_EQ(g_live_sources, 1);
  Record kept = records[2];
  Record moved = std::move(records[3]);
  EXPECT_FALSE(records[3]);  // NOLINT: a moved-from record is empty
  records.clear();
  EXPECT_EQ(g_live_sources, 1);
  EXPECT_EQ(kept.get("x"), Value(2));
  kept = moved;  // the old share of `kept` dropped, a new one taken
  EXPECT_EQ(kept.get("x"), Value(3));
  moved = Record();
  EXPECT_EQ(g_live_sources, 1);
  kept = Record();
  EXPECT_EQ(g_live_sources, 0);
  // No rows: the source goes at once.
  EXPECT_TRUE(Record::all(std::make_unique<CountedSource>(), 0).empty());
  EXPECT_EQ(g_live_sources, 0);
}

TEST(RecordTest, ReleasingManyDropsOneShareEach) {
  std::vector<Record> first = Record::all(std::make_unique<CountedSource>(), 3);
  std::vector<Record> second = Record::all(std::make_unique<CountedSource>(), 2);
  {
    // Runs of one source, then another, then the first again.
    std::vector<Record> mixed{first[0], first[1], second[0], second[1], first[2]};
    RecordRelease release;
    for (Record& record : mixed) release.add(record);
    for (const Record& record : mixed) EXPECT_FALSE(record);
    first.clear();
    second.clear();
    // The shares of finished runs are dropped as the run changes; the last run's
    // (first[2]'s) is still held.
    EXPECT_EQ(g_live_sources, 1);
  }
  EXPECT_EQ(g_live_sources, 0);
}

TEST(RecordTest, CopiesAcrossThreadsKeepTheCountRight) {
  std::vector<Record> records = Record::all(std::make_unique<CountedSource>(), 8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&records, t] {
      for (int i = 0; i < 10000; ++i) {
        std::vector<Record> copies(records.begin(), records.end());
        RecordRelease release;
        for (std::size_t k = 0; k < copies.size(); k += 1 + static_cast<std::size_t>(t % 2)) release.add(copies[k]);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(g_live_sources, 1);
  records.clear();
  EXPECT_EQ(g_live_sources, 0);
}

}  // namespace
}  // namespace lb
