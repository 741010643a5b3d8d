// Table: a batch insert (insert_all: claims row by row, then each index sorted and
// filled at once) leaves every index, the id order and the R-tree exactly as inserting
// the same rows one by one does, for keys of every kind and order, rows written
// straight into the heap or not; rows it reports stored as given are; and a failing
// batch leaves nothing behind.
#include "memory/store/table.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "lb/registry.hpp"
#include "memory/store/record_batch.hpp"

namespace lb::memory {
namespace {

constexpr const char* kThing = R"({"name":"Thing","properties":{
  "n":{"type":"number","index":true},
  "s":{"type":"string","index":true},
  "u":{"type":"string","index":{"unique":true}},
  "d":{"type":"date","index":true},
  "g":{"type":"geopoint","index":true}},
  "indexes":{"s_n":{"keys":{"s":1,"n":1}}}})";

// Keys chosen to meet every branch of the batch sort: equal keys, integers beside
// doubles (1 and 1.0, 0 and -0), NaN and infinities, integers beyond 2^53, strings that
// are prefixes of others or share their first seven or eight bytes, bytes above 0x7f,
// values of the wrong kind, null and missing.
Value number_key(std::mt19937& random) {
  switch (random() % 16) {
    case 0: return Value(0);
    case 1: return Value(-0.0);
    case 2: return Value(1);
    case 3: return Value(1.0);
    case 4: return Value(2.5);
    case 5: return Value(-7);
    case 6: return Value(1e300);
    case 7: return Value(-INFINITY);
    case 8: return Value(INFINITY);
    case 9: return Value(std::nan(""));
    case 10: return Value(9007199254740993LL);
    case 11: return Value("text");
    case 12: return Value(nullptr);
    case 13: return Value(true);
    default: return Value(static_cast<double>(random() % 50) / 4);
  }
}

Value string_key(std::mt19937& random) {
  static const std::vector<std::string> kStrings = {
      "", "a", "ab", std::string("ab\0", 3), "abcdefg", "abcdefg\x01", "abcdefgh", "abcdefgh1", "abcdefgh2",
      "abcdefgZ", "zz", "\xff", "\xff\xff\xff\xff\xff\xff\xff\xff", "cat-07", "cat-7",
      // Sharing their first fifteen bytes (the batch keys' reach), or a prefix of them.
      "abcdefghijklmno", std::string("abcdefghijklmno\0", 16), "abcdefghijklmnop", "abcdefghijklmnoq",
      "abcdefghijklmnopq", "abcdefghijklmn", "abcd", "abc\xff", "SKU-0100001", "SKU-0100010"};
  const std::size_t pick = random() % (kStrings.size() + 2);
  if (pick == kStrings.size()) return Value(5);
  if (pick == kStrings.size() + 1) return Value(nullptr);
  return Value(kStrings[pick]);
}

Object make_row(std::mt19937& random, int i) {
  Object row;
  if (random() % 10 != 0) row.insert_or_assign("n", number_key(random));
  if (random() % 10 != 0) row.insert_or_assign("s", string_key(random));
  if (random() % 4 != 0) row.insert_or_assign("u", "u" + std::to_string(i));
  if (random() % 3 != 0) row.insert_or_assign("d", Date{static_cast<std::int64_t>(random() % 1000) - 500});
  if (random() % 5 != 0) {
    row.insert_or_assign("g", GeoPoint{static_cast<double>(random() % 180) - 90, static_cast<double>(random() % 360) - 180});
  }
  return row;
}

class TableTest : public ::testing::Test {
 protected:
  void SetUp() override { thing_ = registry_.define_json(kThing).value(); }

  static std::vector<std::string> ids(const RowBlocks& rows) {
    std::vector<std::string> out;
    for (Row row : rows) out.push_back(row.id().to_value().to_json());
    return out;
  }
  static std::vector<std::string> ids(const SecondaryIndex& index) {
    std::vector<std::string> out;
    for (auto it = index.begin(); it != index.end(); ++it) out.push_back((*it).id().to_value().to_json());
    return out;
  }
  static std::vector<std::string> geo_ids(const GeoIndex& geo) {
    std::vector<std::string> out;
    geo.visit_cap(GeoPoint{0, 0}, 4.0, [&](Row row) { out.push_back(row.id().to_value().to_json()); });
    std::sort(out.begin(), out.end());
    return out;
  }

  // The two tables hold the same rows in the same places of every structure.
  static void expect_same(const Table& a, const Table& b) {
    ASSERT_EQ(a.size(), b.size());
    EXPECT_EQ(ids(a.id_order()), ids(b.id_order()));
    ASSERT_EQ(a.indexes().size(), b.indexes().size());
    for (std::size_t i = 0; i < a.indexes().size(); ++i) {
      EXPECT_EQ(ids(*a.indexes()[i]), ids(*b.indexes()[i])) << "index " << a.indexes()[i]->name();
    }
    ASSERT_EQ(a.geo_indexes().size(), b.geo_indexes().size());
    for (std::size_t i = 0; i < a.geo_indexes().size(); ++i) {
      EXPECT_EQ(geo_ids(*a.geo_indexes()[i]), geo_ids(*b.geo_indexes()[i]));
    }
    EXPECT_EQ(a.next_id(), b.next_id());
  }

  Registry registry_;
  const ModelDefinition* thing_ = nullptr;
};

TEST_F(TableTest, BatchesMatchRowByRowInserts) {
  auto batched = Table::create(*thing_).value();
  auto single = Table::create(*thing_).value();
  std::mt19937 random(11);
  int next = 0;
  auto batch_of = [&](std::size_t n) {
    std::vector<Object> rows;
    for (std::size_t i = 0; i < n; ++i) rows.push_back(make_row(random, next++));
    return rows;
  };
  auto insert_both = [&](std::vector<Object> rows) {
    for (const Object& row : rows) ASSERT_TRUE(single->insert(row));
    ASSERT_TRUE(batched->insert_all(std::move(rows)));
    expect_same(*batched, *single);
  };
  insert_both(batch_of(700));   // into empty indexes: appended whole
  insert_both(batch_of(1300));  // among the entries already there
  insert_both(batch_of(1));
  // Given ids, descending: neither the id order nor the batch sorts can assume id order.
  std::vector<Object> given = batch_of(400);
  for (std::size_t i = 0; i < given.size(); ++i) given[i].insert_or_assign("id", Value(static_cast<long long>(90000 - i)));
  insert_both(std::move(given));
  // Ids of two kinds (a double id), ascending again past the counter.
  std::vector<Object> mixed = batch_of(3);
  mixed[0].insert_or_assign("id", Value(100000.5));
  insert_both(std::move(mixed));
  // Keys all numbers (no NaN) and all strings: the integer sorts. Numbers in id order
  // go through the radix sort, short strings too; long strings sharing seven bytes
  // are told apart by the whole key; in descending id order, a comparison sort.
  auto numbers_and_strings = [&](std::size_t n, bool short_strings) {
    static const std::vector<Value> kNumbers = {Value(0), Value(-0.0), Value(1), Value(1.0), Value(-7), Value(2.5),
                                                Value(-2.5), Value(1e300), Value(-INFINITY), Value(INFINITY),
                                                Value(9007199254740992LL), Value(-9007199254740992LL)};
    std::vector<Object> rows;
    for (std::size_t i = 0; i < n; ++i) {
      Value key = random() % 3 == 0 ? kNumbers[random() % kNumbers.size()]
                                    : Value(static_cast<double>(static_cast<int>(random() % 2001) - 1000) / 8);
      Value text = string_key(random);
      while (!text.is_string() || (short_strings && text.as_string().size() > 7)) text = string_key(random);
      rows.push_back(Object{{"n", key}, {"s", text}, {"u", Value("w" + std::to_string(next++))}});
    }
    return rows;
  };
  insert_both(numbers_and_strings(900, true));
  insert_both(numbers_and_strings(900, false));
  std::vector<Object> backwards = numbers_and_strings(500, true);
  for (std::size_t i = 0; i < backwards.size(); ++i) {
    backwards[i].insert_or_assign("id", Value(static_cast<long long>(80000 - i)));
  }
  insert_both(std::move(backwards));
  // Into empty tables, where the sorted batch is appended as it is.
  for (bool short_strings : {true, false}) {
    auto fresh_batched = Table::create(*thing_).value();
    auto fresh_single = Table::create(*thing_).value();
    std::vector<Object> rows = numbers_and_strings(1500, short_strings);
    for (const Object& row : rows) ASSERT_TRUE(fresh_single->insert(row));
    ASSERT_TRUE(fresh_batched->insert_all(std::move(rows)));
    expect_same(*fresh_batched, *fresh_single);
  }
  // Sorted keys (a batch already in index order) and one key for every row.
  std::vector<Object> sorted;
  for (int i = 0; i < 600; ++i) {
    sorted.push_back(Object{{"n", Value(1000.0 + i)}, {"s", Value("k")}, {"u", Value("v" + std::to_string(100000 + i))}});
  }
  insert_both(std::move(sorted));
}

TEST_F(TableTest, StringIdsMatchRowByRowInserts) {
  const ModelDefinition* tag = registry_
                                   .define_json(R"({"name":"Tag","properties":{"code":{"type":"string","id":true},
      "n":{"type":"number","index":true},"s":{"type":"string","index":true}}})")
                                   .value();
  auto batched = Table::create(*tag).value();
  auto single = Table::create(*tag).value();
  std::mt19937 random(5);
  std::vector<Object> rows;
  for (int i = 0; i < 1500; ++i) {
    // Generated ids "1", "2", ... "10": ascending as numbers, not as strings.
    rows.push_back(Object{{"n", number_key(random)}, {"s", string_key(random)}});
  }
  for (const Object& row : rows) ASSERT_TRUE(single->insert(row));
  ASSERT_TRUE(batched->insert_all(rows));
  expect_same(*batched, *single);
}

TEST_F(TableTest, FailingBatchesLeaveNothingBehind) {
  auto table = Table::create(*thing_).value();
  auto reference = Table::create(*thing_).value();
  std::mt19937 random(3);
  std::vector<Object> first;
  for (int i = 0; i < 800; ++i) first.push_back(make_row(random, i));
  ASSERT_TRUE(table->insert_all(first));
  ASSERT_TRUE(reference->insert_all(first));

  std::vector<Object> later;
  for (int i = 800; i < 1600; ++i) later.push_back(make_row(random, i));
  // A unique key taken by a stored row, by an earlier row of the batch, and an id taken
  // by a stored row and by an earlier row of the batch: each fails the whole batch.
  std::vector<std::vector<Object>> failing(4, later);
  failing[0][500].insert_or_assign("u", "u3");
  failing[1][500].insert_or_assign("u", "u900");
  failing[1][100].insert_or_assign("u", "u900");
  failing[2][300].insert_or_assign("id", 7);
  failing[3][10].insert_or_assign("id", 5000);
  failing[3][700].insert_or_assign("id", 5000.0);  // the same id as a double
  for (std::size_t k = 0; k < failing.size(); ++k) {
    auto result = table->insert_all(failing[k]);
    ASSERT_FALSE(result) << k;
    EXPECT_EQ(result.error().status(), 409);
    expect_same(*table, *reference);
  }
  EXPECT_EQ(table->insert_all(failing[0]).error().message(), "Duplicate entry for Thing.u");
  EXPECT_EQ(table->insert_all(failing[2]).error().message(), "Duplicate entry for Thing.id");
  // The rows can all go in once the conflicts are gone.
  ASSERT_TRUE(table->insert_all(later));
  ASSERT_TRUE(reference->insert_all(later));
  expect_same(*table, *reference);
  EXPECT_EQ(table->size(), 1600u);
}

// A model whose id comes first, as most do: its batch rows are encoded as they are
// walked when they list scalar properties in definition order, and otherwise mapped to
// slots first (out of order, undefined properties, containers, the id given or null,
// values too large for the heap's chunks).
TEST_F(TableTest, IdFirstRowsMatchRowByRowInserts) {
  const ModelDefinition* item = registry_
                                    .define_json(R"({"name":"Item","strict":false,"properties":{
      "id":{"type":"number","id":true,"generated":true},
      "a":{"type":"string","index":true},
      "n":{"type":"number","index":true},
      "u":{"type":"string","index":{"unique":true}},
      "g":{"type":"geopoint","index":true},
      "x":{"type":"any"}}})")
                                    .value();
  std::mt19937 random(17);
  int next = 0;
  auto row_of = [&](int kind) {
    Object row;
    if (kind == 1) row.push_back("id", Value(nullptr));
    if (random() % 5 != 0) row.push_back("a", string_key(random));
    if (random() % 5 != 0) row.push_back("n", number_key(random));
    row.push_back("u", Value("u" + std::to_string(next++)));
    if (random() % 5 != 0) row.push_back("g", GeoPoint{static_cast<double>(random() % 180) - 90, 1.5});
    switch (kind) {
      case 2: row.push_back("x", Value(Object{{"deep", Value(Array{Value(1), Value("two")})}})); break;
      case 3: row.push_back("extra", Value(true)); break;
      case 4: row.push_back("x", Value(std::string(300, 'x'))); break;    // outgrows the room first made
      case 5: row.push_back("x", Value(std::string(20000, 'y'))); break;  // too large for a chunk
      case 6: row.insert_or_assign("id", Value(static_cast<long long>(500000 + next))); break;
      case 7: {  // out of order: the last key first
        Object turned;
        auto it = row.end();
        --it;
        turned.push_back(it->first, it->second);
        for (auto k = row.begin(); k != it; ++k) turned.push_back(k->first, k->second);
        row = std::move(turned);
        break;
      }
      default: break;
    }
    return row;
  };
  for (int kind = 0; kind <= 8; ++kind) {
    auto batched = Table::create(*item).value();
    auto single = Table::create(*item).value();
    std::vector<Object> rows;
    for (int i = 0; i < 700; ++i) rows.push_back(row_of(kind == 8 ? static_cast<int>(random() % 8) : (i % 3 == 0 ? kind : 0)));
    for (const Object& row : rows) ASSERT_TRUE(single->insert(row));
    bool as_given = false;
    std::int64_t first_id = 0;
    auto stored = batched->insert_batch(rows, &as_given, &first_id);
    ASSERT_TRUE(stored) << kind;
    expect_same(*batched, *single);
    // Each stored row decodes to its row as given, the id first, in definition order.
    for (std::size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(Value(decode_row((*stored)[i], batched->schema())).to_json(),
                Value(decode_row(single->find((*stored)[i].id()), single->schema())).to_json());
    }
    // Stored as given: only plain rows (no id, in order, nothing undefined).
    EXPECT_EQ(as_given, kind == 0 || kind == 2 || kind == 4 || kind == 5) << kind;
    if (as_given) {
      EXPECT_EQ(first_id, 1);
      auto records = created_records(batched->schema().layout(), first_id, rows);
      ASSERT_EQ(records.size(), rows.size());
      for (std::size_t i = 0; i < rows.size(); ++i) {
        const Object decoded = decode_row((*stored)[i], batched->schema());
        EXPECT_EQ(Value(records[i].to_object()).to_json(), Value(decoded).to_json());
        EXPECT_EQ(records[i].get("id").to_json(), std::to_string(i + 1));
        EXPECT_EQ(records[i].get("u").to_json(), Value(*rows[i].find("u")).to_json());
        EXPECT_TRUE(records[i].get("missing").is_null());
      }
    }
  }
}

}  // namespace
}  // namespace lb::memory
