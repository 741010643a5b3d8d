// IdIndex: ids of every kind found where they were put, equal ids (1 and 1.0, 0 and
// -0) refused as duplicates whether they sit in the array or the hash, and far-off
// ids that the array grows to cover moved into it, checked against a plain map under
// random inserts, erases and replacements.
#include "memory/store/id_index.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <deque>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace lb::memory {
namespace {

class IdIndexTest : public ::testing::Test {
 protected:
  // A stored row whose only slot is `id` (rows live as long as the test).
  Row row(const Value& id) {
    std::string& bytes = rows_.emplace_back();
    encode_value(id, bytes);
    return Row(reinterpret_cast<const std::uint8_t*>(bytes.data()));
  }
  Row find(const Value& id) {
    std::string bytes;
    encode_value(id, bytes);
    return index_.find(ValueView(reinterpret_cast<const std::uint8_t*>(bytes.data())));
  }

  std::deque<std::string> rows_;
  IdIndex index_;
};

TEST_F(IdIndexTest, EqualIdsAreOneIdInEitherPart) {
  const Row one = row(1);
  ASSERT_TRUE(index_.insert(one));
  EXPECT_FALSE(index_.insert(row(1.0)));
  EXPECT_TRUE(find(1.0) == one);
  ASSERT_TRUE(index_.insert(row(-0.0)));
  EXPECT_FALSE(index_.insert(row(0)));
  // Far-off, negative, fractional and string ids: the hash, with the same rule.
  for (const Value& id : {Value(1e12), Value(-5), Value(2.5), Value("x"), Value(static_cast<long long>(1) << 41)}) {
    const Row r = row(id);
    ASSERT_TRUE(index_.insert(r)) << id.to_json();
    EXPECT_TRUE(find(id) == r) << id.to_json();
  }
  EXPECT_FALSE(index_.insert(row(static_cast<long long>(1e12))));
  EXPECT_FALSE(index_.insert(row(-5.0)));
  EXPECT_FALSE(index_.insert(row("x")));
  EXPECT_FALSE(find(2) == one);
  EXPECT_FALSE(find(std::nan("")));
  EXPECT_EQ(index_.size(), 7u);
  index_.clear();
  EXPECT_EQ(index_.size(), 0u);
  EXPECT_FALSE(find(1));
  EXPECT_FALSE(find("x"));
}

TEST_F(IdIndexTest, HashedIdsMoveIntoTheArrayAsItGrows) {
  // 5000 cannot have an array slot while the table is small...
  const Row far = row(5000);
  ASSERT_TRUE(index_.insert(far));
  for (int id = 1; id <= 4000; ++id) ASSERT_TRUE(index_.insert(row(id)));
  // ...and is found, and still taken, once the array has grown past it.
  EXPECT_TRUE(find(5000) == far);
  EXPECT_TRUE(find(5000.0) == far);
  EXPECT_FALSE(index_.insert(row(5000.0)));
  EXPECT_EQ(index_.size(), 4001u);
  // Erasing and replacing in both parts.
  index_.erase(far);
  EXPECT_FALSE(find(5000));
  const Row again = row(5000);
  ASSERT_TRUE(index_.insert(again));
  const Row moved = row(5000);
  index_.replace(again, moved);
  EXPECT_TRUE(find(5000) == moved);
  // An array of a few thousand slots for a few thousand rows.
  EXPECT_LE(index_.memory_usage(), 16 * sizeof(Row) * 4001);
}

// The counter never goes back: a table emptied (deleteAll) and filled again gets ids
// past every old one, which the array then starts at instead of hashing them.
TEST_F(IdIndexTest, AnEmptiedIndexStartsOverAtItsNextId) {
  const std::size_t empty = index_.memory_usage();  // the hash's header and buckets
  std::vector<Row> first;
  for (int id = 1; id <= 1000; ++id) {
    first.push_back(row(id));
    ASSERT_TRUE(index_.insert(first.back()));
  }
  for (Row r : first) index_.erase(r);
  EXPECT_EQ(index_.size(), 0u);
  for (long long id = 1000001; id <= 1001000; ++id) ASSERT_TRUE(index_.insert(row(id)));
  EXPECT_TRUE(find(1000500) == find(1000500.0));
  EXPECT_TRUE(find(1000500));
  EXPECT_FALSE(find(500));
  EXPECT_FALSE(index_.insert(row(1000001.0)));
  // Array slots only (no hash nodes) for the thousand ids: a few bytes each.
  EXPECT_LT(index_.memory_usage() - empty, 10 * 1000u);
  ASSERT_TRUE(index_.insert(row(7)));  // below the array's first id: hashed, still found
  EXPECT_TRUE(find(7));
  EXPECT_EQ(index_.size(), 1001u);
}

TEST_F(IdIndexTest, RandomOperationsMatchAMap) {
  std::mt19937 random(17);
  std::map<double, Row> expected;  // every id here is a number exact as a double
  auto some_id = [&]() -> Value {
    switch (random() % 5) {
      case 0: return Value(static_cast<double>(random() % 3000));           // a whole double
      case 1: return Value(static_cast<double>(random() % 3000) + 0.5);     // a fraction: hashed
      case 2: return Value(static_cast<long long>(random() % 100000) * 37); // far off at first
      case 3: return Value(-static_cast<long long>(random() % 100));        // negative: hashed
      default: return Value(static_cast<long long>(random() % 3000));
    }
  };
  for (int step = 0; step < 40000; ++step) {
    const Value id = some_id();
    const double key = id.as_double();
    const auto it = expected.find(key);
    switch (random() % 3) {
      case 0:
      case 1: {
        const Row r = row(id);
        ASSERT_EQ(index_.insert(r), it == expected.end()) << id.to_json();
        if (it == expected.end()) expected.emplace(key, r);
        break;
      }
      default:
        if (it != expected.end()) {
          index_.erase(it->second);
          expected.erase(it);
        }
        break;
    }
    ASSERT_TRUE(find(id) == (expected.count(key) ? expected.at(key) : Row())) << id.to_json();
  }
  ASSERT_EQ(index_.size(), expected.size());
  for (const auto& [key, r] : expected) ASSERT_TRUE(find(Value(key)) == r) << key;
}

}  // namespace
}  // namespace lb::memory
