// lb::Value: kinds, accessors, Object order, equality and the total order.
#include "lb/value.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace lb {
namespace {

TEST(Value, KindsFromConstructors) {
  EXPECT_TRUE(Value().is_null());
  EXPECT_TRUE(Value(nullptr).is_null());
  EXPECT_TRUE(Value(true).is_bool());
  EXPECT_TRUE(Value(3).is_integer());
  EXPECT_TRUE(Value(3LL).is_integer());
  EXPECT_TRUE(Value(3.5).is_double());
  EXPECT_TRUE(Value(3.5).is_number());
  EXPECT_TRUE(Value("s").is_string());
  EXPECT_TRUE(Value(std::string_view("s")).is_string());
  EXPECT_TRUE(Value(Date{1}).is_date());
  EXPECT_TRUE(Value(GeoPoint{1, 2}).is_geo_point());
  EXPECT_TRUE(Value(Buffer{{1, 2}}).is_buffer());
  EXPECT_TRUE(Value(Array{1, 2}).is_array());
  EXPECT_TRUE(Value(Object{{"a", 1}}).is_object());
}

TEST(Value, Accessors) {
  EXPECT_EQ(Value(7).as_integer(), 7);
  EXPECT_DOUBLE_EQ(Value(7).as_double(), 7.0);
  EXPECT_EQ(Value("x").as_string(), "x");
  EXPECT_EQ(Value(Date{5}).as_date().ms_since_epoch, 5);
  EXPECT_EQ(Value(GeoPoint{1, 2}).as_geo_point().lng, 2);
  EXPECT_EQ(Value(Object{{"a", 1}}).find("a")->as_integer(), 1);
  EXPECT_EQ(Value(Object{{"a", 1}}).find("b"), nullptr);
  EXPECT_EQ(Value(1).find("a"), nullptr);
  EXPECT_EQ(Value(1).if_string(), nullptr);
}

TEST(Object, KeepsInsertionOrderAndReplacesInPlace) {
  Object o;
  o["b"] = 1;
  o["a"] = 2;
  o.insert_or_assign("b", 3);
  ASSERT_EQ(o.size(), 2u);
  EXPECT_EQ(o.begin()->first, "b");
  EXPECT_EQ(o.begin()->second, Value(3));
  EXPECT_TRUE(o.erase("b"));
  EXPECT_FALSE(o.erase("b"));
  EXPECT_EQ(o.begin()->first, "a");
}

TEST(Object, InitializerListLastDuplicateWins) {
  Object o{{"a", 1}, {"a", 2}};
  ASSERT_EQ(o.size(), 1u);
  EXPECT_EQ(*o.find("a"), Value(2));
}

TEST(ValueEquality, IntegerAndNumberAreOneNumericKind) {
  EXPECT_EQ(Value(1), Value(1.0));
  EXPECT_NE(Value(1), Value(1.5));
  EXPECT_LT(Value(1), Value(1.5));
  EXPECT_GT(Value(2), Value(1.5));
  EXPECT_LT(Value(-2), Value(-1.5));
}

TEST(ValueEquality, LargeIntegersCompareExactlyAgainstDoubles) {
  const std::int64_t big = (1LL << 53) + 1;  // not representable as a double
  EXPECT_NE(Value(static_cast<long long>(big)), Value(static_cast<double>(1LL << 53)));
  EXPECT_GT(Value(static_cast<long long>(big)), Value(static_cast<double>(1LL << 53)));
  EXPECT_LT(Value(std::numeric_limits<long long>::max()), Value(1e19));
  EXPECT_GT(Value(std::numeric_limits<long long>::min()), Value(-1e19));
}

TEST(ValueEquality, NanEqualsNanAndSortsFirst) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(Value(nan), Value(nan));
  EXPECT_LT(Value(nan), Value(-1e300));
  EXPECT_LT(Value(nan), Value(0));
  EXPECT_GT(Value(0), Value(nan));
}

TEST(ValueEquality, ContainersCompareDeeply) {
  EXPECT_EQ(Value(Array{1, "a", Array{true}}), Value(Array{1, "a", Array{true}}));
  EXPECT_NE(Value(Array{1, 2}), Value(Array{1}));
  EXPECT_EQ(Value(Object{{"a", 1}, {"b", 2}}), Value(Object{{"a", 1}, {"b", 2}}));
  // Order matters: objects compare entry by entry in insertion order.
  EXPECT_NE(Value(Object{{"a", 1}, {"b", 2}}), Value(Object{{"b", 2}, {"a", 1}}));
  EXPECT_EQ(Value(Buffer{{1, 2}}), Value(Buffer{{1, 2}}));
  EXPECT_LT(Value(Buffer{{1, 2}}), Value(Buffer{{1, 3}}));
}

TEST(ValueOrder, KindsOrderAsDocumented) {
  std::vector<Value> ascending = {Value(),          Value(false),           Value(true),
                                  Value(-1),        Value(0.5),             Value(2),
                                  Value(""),        Value("a"),             Value("b"),
                                  Value(Date{-1}),  Value(Date{0}),         Value(GeoPoint{0, 1}),
                                  Value(GeoPoint{1, 0}), Value(Buffer{}),   Value(Array{}),
                                  Value(Array{1}),  Value(Object{}),        Value(Object{{"a", 1}})};
  for (std::size_t i = 0; i < ascending.size(); ++i) {
    for (std::size_t j = 0; j < ascending.size(); ++j) {
      EXPECT_EQ(ascending[i] <=> ascending[j], i <=> j) << "items " << i << " and " << j;
    }
  }
  auto shuffled = ascending;
  std::reverse(shuffled.begin(), shuffled.end());
  std::sort(shuffled.begin(), shuffled.end());
  EXPECT_EQ(shuffled, ascending);
}

TEST(ValueOrder, StringsCompareByCodePoint) {
  EXPECT_LT(Value("Z"), Value("a"));
  EXPECT_LT(Value("a"), Value("\xC3\xA9"));  // é after ASCII
}

TEST(Value, KindNames) {
  EXPECT_STREQ(Value::kind_name(Value::Kind::GeoPoint), "geopoint");
  EXPECT_STREQ(Value::kind_name(Value(1.5).kind()), "number");
}

}  // namespace
}  // namespace lb

namespace lb {
namespace {

// Regression: destroying a Value nested 200,000 levels deep overflowed the stack.
TEST(Value, DeeplyNestedValuesDieWithoutRecursion) {
  Value v = "leaf";
  for (int i = 0; i < 200000; ++i) {
    Array a;
    a.push_back(std::move(v));
    if (i % 2) {
      Object o;
      o.push_back("k", Value(std::move(a)));
      v = Value(std::move(o));
    } else {
      v = Value(std::move(a));
    }
  }
  v = Value();  // destroys the whole chain
  EXPECT_TRUE(v.is_null());
}

TEST(Value, MovedFromContainersStayUsable) {
  Value a = Array{Array{1, 2}, Object{{"x", Array{3}}}};
  Value b = std::move(a);
  EXPECT_EQ(b, Value(Array{Array{1, 2}, Object{{"x", Array{3}}}}));
  Value c = b;  // copy
  EXPECT_EQ(c, b);
}

}  // namespace
}  // namespace lb
