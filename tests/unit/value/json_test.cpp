// JSON text in and out: numbers as JavaScript prints them, limits, errors, and the
// mapping of Date, GeoPoint and Buffer.
#include "lb/json.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "support/golden.hpp"

namespace lb {
namespace {

// Each case: JSON text in; out: the compact re-serialisation, or the error body.
TEST(Json, GoldenRoundTrips) {
  lb::testing::run_golden_file("golden/value/json.txt", [](const std::string& input) {
    auto parsed = parse_json(input);
    return parsed ? to_json(*parsed) : parsed.error().to_json();
  });
}

TEST(Json, IntegersAndNumbersKeepTheirKind) {
  EXPECT_TRUE(parse_json("12").value().is_integer());
  EXPECT_TRUE(parse_json("-12").value().is_integer());
  EXPECT_TRUE(parse_json("12.5").value().is_double());
  EXPECT_TRUE(parse_json("1e2").value().is_double());
  EXPECT_TRUE(parse_json("18446744073709551615").value().is_double());
  EXPECT_EQ(parse_json("9223372036854775807").value().as_integer(), std::numeric_limits<long long>::max());
}

TEST(Json, NumbersPrintAsJavaScriptDoes) {
  const std::pair<double, const char*> cases[] = {
      {1.0, "1"},         {-1.5, "-1.5"},         {0.1, "0.1"},          {1e21, "1e+21"},
      {1e20, "100000000000000000000"}, {1.5e-7, "1.5e-7"}, {0.000001, "0.000001"},
      {123.456, "123.456"}, {-0.0, "0"},          {5e-324, "5e-324"},    {1.7976931348623157e308, "1.7976931348623157e+308"},
      {0.30000000000000004, "0.30000000000000004"}, {2.5e25, "2.5e+25"},
  };
  for (auto [d, text] : cases) EXPECT_EQ(to_json(Value(d)), text) << d;
  EXPECT_EQ(to_json(Value(std::nan(""))), "null");
  EXPECT_EQ(to_json(Value(std::numeric_limits<double>::infinity())), "null");
}

TEST(Json, SpecialKindsWriteAsLoopBackDoes) {
  EXPECT_EQ(to_json(Value(Date{0})), "\"1970-01-01T00:00:00.000Z\"");
  EXPECT_EQ(to_json(Value(GeoPoint{1.5, -2})), "{\"lat\":1.5,\"lng\":-2}");
  EXPECT_EQ(to_json(Value(Buffer{{0, 255}})), "{\"type\":\"Buffer\",\"data\":[0,255]}");
}

TEST(Json, PrettyPrintsWithTwoSpaces) {
  EXPECT_EQ(to_pretty_json(parse_json(R"({"a":[1,{}],"b":{}})").value()),
            "{\n  \"a\": [\n    1,\n    {}\n  ],\n  \"b\": {}\n}");
}

TEST(Json, DuplicateKeysLastWinsInFirstPosition) {
  EXPECT_EQ(to_json(parse_json(R"({"a":1,"b":2,"a":3})").value()), R"({"a":3,"b":2})");
  std::string many = "{";
  for (int i = 0; i < 40; ++i) many += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  many += "\"k0\":99}";
  const Value v = parse_json(many).value();
  EXPECT_EQ(v.as_object().size(), 40u);
  EXPECT_EQ(*v.find("k0"), Value(99));
}

TEST(Json, LimitsAreEnforcedBeforeWork) {
  JsonLimits limits;
  limits.max_bytes = 10;
  auto r = parse_json("[1,2,3,4,5,6]", limits);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status(), 400);
  limits = JsonLimits{};
  limits.max_depth = 3;
  EXPECT_TRUE(parse_json("[[[1]]]", limits));
  auto deep = parse_json("[[[[1]]]]", limits);
  ASSERT_FALSE(deep);
  EXPECT_NE(deep.error().message().find("nesting deeper than 3"), std::string::npos);
}

TEST(Json, DeepInputDoesNotOverflowTheStack) {
  std::string text(100000, '[');
  auto r = parse_json(text);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status(), 400);
}

}  // namespace
}  // namespace lb

// Decimals convert to the nearest double, as JavaScript's JSON.parse does (Boost.JSON
// 1.81's own conversion can be an ulp off: -22.002000000000002 came back as
// -22.001999999999999).
TEST(JsonNumbers, DecimalsRoundToTheNearestDouble) {
  for (const char* text : {"-22.002000000000002", "-136.04399999999998", "0.1", "1e-320", "2.2250738585072014e-308",
                           "123456789012345678901234567890", "9007199254740993.5"}) {
    double expected = 0;
    std::from_chars(text, text + std::strlen(text), expected);
    EXPECT_EQ(lb::parse_json(text).value().as_double(), expected) << text;
    EXPECT_EQ(lb::parse_json(std::string("[") + text + "]").value().as_array()[0].as_double(), expected) << text;
  }
  const double lat = -22.002000000000002;
  EXPECT_EQ(lb::parse_json(lb::to_json(lb::Value(lat))).value().as_double(), lat);
}
