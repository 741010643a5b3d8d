// EncodedRow: round trips through the row format, field access without decoding, and
// the memory a row costs.
#include "memory/store/row_codec.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <climits>

#include "lb/registry.hpp"
#include "memory/store/table.hpp"
#include "memory/store/view_compare.hpp"

namespace lb::memory {
namespace {

class RowCodecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = registry_.define_json(R"({"name":"Item","properties":{
      "name":"string","price":"number","added":"date","tags":["string"],"location":"geopoint",
      "inStock":"boolean","blob":"buffer","meta":"object"}})").value();
    schema_ = Schema::build(*model_).value();
  }
  Registry registry_;
  const ModelDefinition* model_ = nullptr;
  Schema schema_;
};

TEST_F(RowCodecTest, RoundTripKeepsDefinitionOrderThenExtras) {
  Object row{{"extra2", 1}, {"price", 2.5}, {"id", 7}, {"name", "pen"}, {"extra1", Value(Array{1, "x"})},
             {"added", Date{1704844800000}}, {"location", GeoPoint{40.5, -74.25}}, {"inStock", false},
             {"tags", Value(Array{"a", "b"})}, {"blob", Buffer{{1, 2, 255}}}, {"meta", nullptr}};
  EncodedRow encoded = encode_row(schema_, row);
  Object decoded = decode_row(encoded, schema_);
  EXPECT_EQ(Value(decoded).to_json(),
            R"({"name":"pen","price":2.5,"added":"2024-01-10T00:00:00.000Z","tags":["a","b"],)"
            R"("location":{"lat":40.5,"lng":-74.25},"inStock":false,"blob":{"type":"Buffer","data":[1,2,255]},)"
            R"("meta":null,"id":7,"extra2":1,"extra1":[1,"x"]})");
  EXPECT_EQ(decoded.find("added")->as_date().ms_since_epoch, 1704844800000);
  EXPECT_TRUE(decoded.find("id")->is_integer());
}

TEST_F(RowCodecTest, FieldsAreReadInPlace) {
  EncodedRow encoded = encode_row(schema_, Object{{"id", -3}, {"name", "pen"}, {"x", "y"}});
  EXPECT_EQ(encoded.id().as_integer(), -3);
  EXPECT_EQ(encoded.field(schema_, "name").as_string(), "pen");
  EXPECT_TRUE(encoded.field(schema_, "price").is_absent());
  EXPECT_EQ(encoded.field(schema_, "x").as_string(), "y");
  EXPECT_TRUE(encoded.field(schema_, "nope").is_absent());
}

TEST_F(RowCodecTest, FieldsSelectionKeepsTheGivenOrderAndSkipsAbsent) {
  EncodedRow encoded = encode_row(schema_, Object{{"id", 1}, {"name", "pen"}, {"x", 2}});
  std::vector<std::string> fields{"name", "price", "x"};
  EXPECT_EQ(Value(decode_row(encoded, schema_, &fields)).to_json(), R"({"name":"pen","x":2})");
}

TEST_F(RowCodecTest, LargeValuesAndNestingRoundTrip) {
  Object nested{{"a", Value(Object{{"b", Value(Array{Value(Object{{"c", std::string(300, 'z')}})})}})}};
  Object row{{"id", static_cast<long long>(INT64_MIN)}, {"meta", Value(nested)}, {"price", -0.0}};
  Object decoded = decode_row(encode_row(schema_, row), schema_);
  EXPECT_EQ(*decoded.find("meta"), Value(nested));
  EXPECT_EQ(decoded.find("id")->as_integer(), INT64_MIN);
}

TEST(ViewCompare, OrdersLikeValueWithNullEqualToAbsent) {
  auto cmp = [](const Value& a, const Value& b) {
    std::string x, y;
    encode_value(a, x);
    encode_value(b, y);
    return compare_views(ValueView(reinterpret_cast<const std::uint8_t*>(x.data())),
                         ValueView(reinterpret_cast<const std::uint8_t*>(y.data())));
  };
  EXPECT_EQ(cmp(1, 1.0), 0);
  EXPECT_LT(cmp(1, 1.5), 0);
  EXPECT_LT(cmp(Value(9007199254740993LL), Value(9007199254740994.0)), 0);  // beyond 2^53, exactly
  EXPECT_LT(cmp("Z", "a"), 0);
  EXPECT_LT(cmp(nullptr, false), 0);
  EXPECT_LT(cmp(100, "1"), 0);  // numbers before strings
  EXPECT_LT(cmp(Value(Array{1, 2}), Value(Array{1, 2, 0})), 0);
  EXPECT_EQ(cmp(Value(Object{{"a", 1}}), Value(Object{{"a", 1.0}})), 0);
  EXPECT_EQ(compare_views(ValueView(), ValueView()), 0);
}

// An integer against a double is compared as two doubles when the integer is within
// 2^53 (exact) and through the general path beyond it or against NaN.
TEST(ViewCompare, IntegersAgainstDoubles) {
  auto cmp = [](const Value& a, const Value& b) {
    std::string x, y;
    encode_value(a, x);
    encode_value(b, y);
    return compare_views(ValueView(reinterpret_cast<const std::uint8_t*>(x.data())),
                         ValueView(reinterpret_cast<const std::uint8_t*>(y.data())));
  };
  const long long two53 = 9007199254740992LL;
  EXPECT_EQ(cmp(3, 3.0), 0);
  EXPECT_EQ(cmp(3.0, 3), 0);
  EXPECT_EQ(cmp(0, -0.0), 0);
  EXPECT_GT(cmp(3, 2.5), 0);
  EXPECT_LT(cmp(2.5, 3), 0);
  EXPECT_LT(cmp(-4, -3.5), 0);
  EXPECT_EQ(cmp(Value(two53), Value(9007199254740992.0)), 0);
  EXPECT_GT(cmp(Value(two53 + 1), Value(9007199254740992.0)), 0);   // not exact as a double
  EXPECT_LT(cmp(Value(9007199254740992.0), Value(two53 + 1)), 0);
  EXPECT_LT(cmp(Value(-two53 - 1), Value(-9007199254740992.0)), 0);
  EXPECT_LT(cmp(Value(static_cast<long long>(INT64_MAX)), Value(1e300)), 0);
  EXPECT_GT(cmp(5, std::nan("")), 0);  // NaN sorts lowest
  EXPECT_LT(cmp(std::nan(""), 5), 0);
  EXPECT_LT(cmp(5, INFINITY), 0);
  EXPECT_GT(cmp(5, -INFINITY), 0);
}

// A row of scalars is encoded in one go; rows with containers, buffers or extras the
// general way: both read back the same.
TEST_F(RowCodecTest, ScalarRowsAndMixedRowsRoundTrip) {
  const std::string long_name(300, 'n');  // a two-byte length
  // In the order decoding gives: definition order, the (injected) id last.
  Object scalars{{"name", long_name}, {"price", -1e-300}, {"added", Date{-62135596800000}},
                 {"location", GeoPoint{-90, 180}}, {"inStock", true}, {"meta", nullptr},
                 {"id", static_cast<long long>(INT64_MAX)}};
  EXPECT_EQ(decode_row(encode_row(schema_, scalars), schema_), scalars);
  Object with_extra = scalars;
  with_extra.insert_or_assign("note", "x");
  EXPECT_EQ(decode_row(encode_row(schema_, with_extra), schema_), with_extra);
  Object with_array{{"id", 1}, {"tags", Value(Array{"a"})}, {"name", ""}};
  EXPECT_EQ(Value(decode_row(encode_row(schema_, with_array), schema_)).to_json(), R"({"name":"","tags":["a"],"id":1})");
  // Appended after what the buffer holds.
  std::string out = "ab";
  encode_row_into(schema_, scalars, out);
  EXPECT_EQ(out.substr(2), std::string(encode_row(schema_, scalars).bytes()));
}

// The memory target: a row costs at most twice the raw size of its values plus 64
// bytes (the id index node and the allocation included).
TEST_F(RowCodecTest, RowMemoryWithinTarget) {
  auto table = Table::create(*model_).value();
  for (int i = 0; i < 1000; ++i) {
    Object row{{"name", "item number " + std::to_string(i)}, {"price", 10.5 + i},
               {"added", Date{1704844800000 + i}}, {"tags", Value(Array{"blue", "cheap"})},
               {"location", GeoPoint{40.7, -74.0}}, {"inStock", i % 2 == 0}};
    ASSERT_TRUE(table->insert(std::move(row)));
  }
  MemoryUsage usage = table->memory_usage();
  EXPECT_EQ(usage.rows, 1000u);
  EXPECT_LE(usage.row_bytes_per_row(), 2 * usage.value_bytes_per_row() + 64)
      << "row bytes " << usage.row_bytes_per_row() << ", value bytes " << usage.value_bytes_per_row();
  ::testing::Test::RecordProperty("row_bytes_per_row", std::to_string(usage.row_bytes_per_row()));
  ::testing::Test::RecordProperty("value_bytes_per_row", std::to_string(usage.value_bytes_per_row()));
}

}  // namespace
}  // namespace lb::memory
