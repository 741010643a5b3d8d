// Number keys (RowBlocks::keep_keys, SecondaryIndex's number_keys): a one-key number
// index searched through its kept keys finds exactly what the same index searched by
// reading rows finds, for every kind of probe, under random inserts, erases, batches,
// splits and repacks, with nulls, NaN, integers and doubles mixed; a foreign key (a
// string in a number index) turns the keys off until it is gone.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "memory/store/number_key.hpp"
#include "memory/store/row_blocks.hpp"
#include "memory/store/secondary_index.hpp"
#include "memory/store/view_compare.hpp"

namespace lb::memory {
namespace {

// Rows are encoded [id][key], each in its own string (addresses stay put).
class NumberKeysTest : public ::testing::Test {
 protected:
  NumberKeysTest()
      : keyed_("k", {"k"}, {1}, false, true), plain_("k", {"k"}, {1}, false, false) {}

  Row make(std::int64_t id, const Value& key) {
    auto bytes = std::make_unique<std::string>();
    encode_value(Value(static_cast<long long>(id)), *bytes);
    encode_value(key, *bytes);
    rows_.push_back(std::move(bytes));
    return Row(reinterpret_cast<const std::uint8_t*>(rows_.back()->data()));
  }

  // A random key: mostly doubles on a small grid (many ties), some integers, nulls,
  // NaN and infinities.
  Value random_key(std::mt19937& random) {
    switch (random() % 10) {
      case 0:
        return Value(nullptr);
      case 1:
        return Value(static_cast<long long>(random() % 40) - 20);
      case 2:
        return Value(std::numeric_limits<double>::quiet_NaN());
      case 3:
        return Value((random() % 2) ? std::numeric_limits<double>::infinity()
                                    : -std::numeric_limits<double>::infinity());
      default:
        return Value(static_cast<double>(static_cast<int>(random() % 80) - 40) / 2);
    }
  }

  // Every probe kind, searched both ways, as positions from the start.
  void check() {
    ASSERT_EQ(keyed_.size(), plain_.size());
    std::vector<Value> probes = {Value(nullptr),
                                 Value(std::numeric_limits<double>::quiet_NaN()),
                                 Value(-std::numeric_limits<double>::infinity()),
                                 Value(std::numeric_limits<double>::infinity()),
                                 Value(""),
                                 Value("zzz"),
                                 Value(Date{0}),
                                 Value(-0.0),
                                 Value(0.0),
                                 Value(static_cast<long long>(std::int64_t{1} << 60)),
                                 Value(true),
                                 Value(false)};
    for (int i = -44; i <= 44; ++i) {
      probes.emplace_back(static_cast<double>(i) / 2);
      probes.emplace_back(static_cast<long long>(i));
      probes.emplace_back(static_cast<double>(i) / 2 + 0.25);
    }
    for (const Value& probe : probes) {
      std::string encoded;
      encode_value(probe, encoded);
      const ValueView view(reinterpret_cast<const std::uint8_t*>(encoded.data()));
      const KeyProbe key{&view, 1};
      const auto low_keyed = keyed_.lower_bound(key), low_plain = plain_.lower_bound(key);
      const auto high_keyed = keyed_.upper_bound_from(low_keyed, key);
      const auto high_plain = plain_.upper_bound_from(low_plain, key);
      ASSERT_EQ(keyed_.distance(keyed_.begin(), low_keyed), plain_.distance(plain_.begin(), low_plain))
          << "lower bound of " << encoded.size() << "-byte probe";
      ASSERT_EQ(keyed_.distance(keyed_.begin(), high_keyed), plain_.distance(plain_.begin(), high_plain));
      ASSERT_TRUE(keyed_.upper_bound(key) == high_keyed);
      ASSERT_TRUE(keyed_.lower_bound_from(keyed_.begin(), key) == low_keyed);
      // And the order they point into is the same.
      if (low_keyed != keyed_.end()) {
        ASSERT_TRUE(*low_keyed == *low_plain);
      }
    }
    // count_range against the rows' own search (as the executor's range_span makes it:
    // NaN keys at the start left out, an inverted range empty).
    std::vector<std::string> ends;
    for (std::size_t i = 0; i < probes.size(); i += 5) {
      ends.emplace_back();
      encode_value(probes[i], ends.back());
    }
    const std::size_t slot = 1;
    for (const std::string& low_bytes : ends) {
      for (const std::string& high_bytes : ends) {
        ValueView low(reinterpret_cast<const std::uint8_t*>(low_bytes.data()));
        ValueView high(reinterpret_cast<const std::uint8_t*>(high_bytes.data()));
        const KeyProbe low_probe{&low, 1}, high_probe{&high, 1};
        for (int ends_included = 0; ends_included < 4; ++ends_included) {
          const bool low_in = (ends_included & 1) != 0, high_in = (ends_included & 2) != 0;
          const std::size_t counted = keyed_.count_range(low, low_in, high, high_in);
          if (counted == SecondaryIndex::kUncounted) continue;
          auto first = low_in ? plain_.lower_bound(low_probe) : plain_.upper_bound(low_probe);
          auto last = high_in ? plain_.upper_bound(high_probe) : plain_.lower_bound(high_probe);
          while (first != plain_.end() && first != last) {
            const ValueView key = (*first).slot(slot);
            if (key.tag() != Tag::Number || !std::isnan(key.as_double())) break;
            ++first;
          }
          const std::size_t begin = plain_.distance(plain_.begin(), first);
          const std::size_t end = plain_.distance(plain_.begin(), last);
          ASSERT_EQ(counted, end > begin ? end - begin : 0)
              << "low " << to_string_for_test(low) << (low_in ? " included" : "") << ", high "
              << to_string_for_test(high) << (high_in ? " included" : "");
        }
      }
    }
  }

  static std::string to_string_for_test(ValueView view) { return view.to_value().is_null() ? "null" : "value"; }

  void insert(Row row) {
    keyed_.insert(row);
    plain_.insert(row);
    live_.push_back(row);
  }
  void erase_at(std::size_t i) {
    keyed_.erase(live_[i]);
    plain_.erase(live_[i]);
    live_[i] = live_.back();
    live_.pop_back();
  }

  std::vector<std::unique_ptr<std::string>> rows_;
  std::vector<Row> live_;
  SecondaryIndex keyed_;
  SecondaryIndex plain_;
};

TEST_F(NumberKeysTest, KeyedSearchesMatchRowSearches) {
  std::mt19937 random(11);
  std::int64_t id = 0;
  // A batch first (appended whole), then random inserts that split blocks.
  std::vector<Row> batch;
  for (int i = 0; i < 1500; ++i) batch.push_back(make(++id, random_key(random)));
  keyed_.insert_ordered(batch);
  plain_.insert_ordered(batch);
  live_ = batch;
  check();
  for (int i = 0; i < 3000; ++i) {
    insert(make(++id, random_key(random)));
    if (i % 700 == 0) check();
  }
  check();
  // Erase most rows (blocks empty out, repacks happen), checking along the way.
  std::shuffle(live_.begin(), live_.end(), random);
  while (live_.size() > 300) {
    erase_at(live_.size() - 1);
    if (live_.size() % 500 == 0) check();
  }
  check();
}

TEST_F(NumberKeysTest, AForeignKeyTurnsTheKeysOffUntilItGoes) {
  std::mt19937 random(5);
  std::int64_t id = 0;
  for (int i = 0; i < 2000; ++i) insert(make(++id, random_key(random)));
  check();
  insert(make(++id, Value("a string")));
  insert(make(++id, Value(true)));
  insert(make(++id, Value(static_cast<long long>(std::int64_t{1} << 60))));  // not exact as a double
  check();  // served by reading rows, and still right
  erase_at(live_.size() - 1);
  erase_at(live_.size() - 1);
  erase_at(live_.size() - 1);
  check();
}

// RowBlocks directly: assign() keeps the key in step (the id order uses it when a
// row is rewritten in place), and clear() forgets foreign keys.
TEST(NumberKeysBlocks, AssignAndClearKeepTheKeysInStep) {
  std::vector<std::string> bytes(4);
  encode_value(Value(1.5), bytes[0]);
  encode_value(Value(2.5), bytes[1]);
  encode_value(Value("x"), bytes[2]);
  encode_value(Value(2.5), bytes[3]);
  auto row = [&](std::size_t i) { return Row(reinterpret_cast<const std::uint8_t*>(bytes[i].data())); };
  RowBlocks blocks;
  blocks.keep_keys(0);
  blocks.insert(blocks.end(), row(0));
  blocks.insert(blocks.end(), row(1));
  EXPECT_TRUE(blocks.keyed());
  EXPECT_TRUE(blocks.key_lower_bound(number_key::of_double(2.0)) == std::next(blocks.begin()));
  blocks.assign(std::next(blocks.begin()), row(2));  // a foreign key
  EXPECT_FALSE(blocks.keyed());
  blocks.assign(std::next(blocks.begin()), row(3));
  EXPECT_TRUE(blocks.keyed());
  EXPECT_TRUE(blocks.key_lower_bound(number_key::of_double(3.0)) == blocks.end());
  blocks.insert(blocks.end(), row(2));
  EXPECT_FALSE(blocks.keyed());
  blocks.clear();
  EXPECT_TRUE(blocks.keyed());
  EXPECT_TRUE(blocks.key_lower_bound(0) == blocks.end());
}

// RowBlocks::key_count against counting the kept keys one by one: ranges within one
// block, across many, from before the first key and past the last, empty and
// inverted ones, and the open ceiling kAboveNumbers, over blocks split unevenly by
// random inserts.
TEST(NumberKeysBlocks, KeyCountCountsEveryKeyInTheRange) {
  std::mt19937 random(3);
  std::uniform_int_distribution<int> pick(0, 399);
  std::vector<std::string> bytes(5000);
  std::vector<std::uint64_t> keys;
  RowBlocks blocks;
  blocks.keep_keys(0);
  for (std::string& b : bytes) {
    encode_value(Value(static_cast<double>(pick(random)) / 4), b);
    const Row row(reinterpret_cast<const std::uint8_t*>(b.data()));
    const std::uint64_t key = number_key::stored(row.slot(0));
    keys.push_back(key);
    blocks.insert(blocks.key_lower_bound(key), row);
  }
  ASSERT_TRUE(blocks.keyed());
  ASSERT_GT(blocks.size() / RowBlocks::kBlock, 8u);
  auto expected = [&](std::uint64_t from, std::uint64_t to) {
    std::size_t n = 0;
    for (std::uint64_t key : keys) n += key >= from && key < to ? 1 : 0;
    return n;
  };
  std::vector<std::uint64_t> ends = {0, number_key::kNaN + 1, number_key::kAboveNumbers};
  for (int v = -2; v <= 102; v += 3) ends.push_back(number_key::of_double(v + 0.25));
  for (int v = 0; v <= 100; v += 7) ends.push_back(number_key::of_double(v));
  for (std::uint64_t from : ends) {
    for (std::uint64_t to : ends) {
      ASSERT_EQ(blocks.key_count(from, to), expected(from, to)) << from << " " << to;
      ASSERT_EQ(blocks.key_count(from, to + 1), expected(from, to + 1)) << from << " " << to << "+1";
    }
  }
}

TEST(NumberKeys, KeysOrderAsValuesDo) {
  using number_key::probe;
  using number_key::stored;
  auto key = [](const Value& v) {
    static std::vector<std::string> keep;
    keep.emplace_back();
    encode_value(v, keep.back());
    return ValueView(reinterpret_cast<const std::uint8_t*>(keep.back().data()));
  };
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<Value> ascending = {Value(nullptr), Value(std::nan("")), Value(-inf),
                                        Value(static_cast<long long>(-3)), Value(-0.5), Value(0.0),
                                        Value(1e-300), Value(static_cast<long long>(2)), Value(2.5), Value(inf)};
  for (std::size_t i = 0; i + 1 < ascending.size(); ++i) {
    EXPECT_LT(stored(key(ascending[i])), stored(key(ascending[i + 1]))) << i;
    EXPECT_EQ(compare_views(key(ascending[i]), key(ascending[i + 1])), -1) << i;
  }
  EXPECT_EQ(stored(key(Value(-0.0))), stored(key(Value(0.0))));
  EXPECT_EQ(stored(key(Value(static_cast<long long>(2)))), stored(key(Value(2.0))));
  EXPECT_EQ(stored(key(Value("s"))), number_key::kForeign);
  EXPECT_EQ(probe(key(Value("s"))), number_key::kAboveNumbers);
  EXPECT_EQ(probe(key(Value(false))), number_key::kForeign);
  EXPECT_EQ(probe(key(Value(true))), number_key::kForeign);
  EXPECT_EQ(probe(key(Value(static_cast<long long>(2)))), stored(key(Value(2.0))));
}

}  // namespace
}  // namespace lb::memory
