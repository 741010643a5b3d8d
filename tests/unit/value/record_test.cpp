// lb::Record over Objects: what connectors without an encoding of their own return.
#include "lb/record.hpp"

#include <gtest/gtest.h>

namespace lb {
namespace {

TEST(RecordTest, EmptyRecordHoldsNothing) {
  const Record none;
  EXPECT_FALSE(none);
  EXPECT_TRUE(none.to_object().empty());
  EXPECT_TRUE(none.get("id").is_null());
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

}  // namespace
}  // namespace lb
