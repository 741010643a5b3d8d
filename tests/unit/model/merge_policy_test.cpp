// deep_merge() and merge_settings(): juggler's rules for inheriting settings.
#include "model/merge_policy.hpp"

#include <gtest/gtest.h>

#include "lb/json.hpp"

namespace lb::model {
namespace {

Value json(std::string_view text) { return parse_json(text).value(); }

std::string merged(std::string_view base, std::string_view child,
                   const MergePolicy& policy = MergePolicy::legacy()) {
  return Value(merge_settings(json(base).as_object(), json(child).as_object(), policy)).to_json();
}

TEST(DeepMerge, ScalarsAndNullReplace) {
  Value base = json(R"({"a":1})");
  EXPECT_EQ(deep_merge(&base, Value(2)).to_json(), "2");
  EXPECT_EQ(deep_merge(&base, Value()).to_json(), "null");
  EXPECT_EQ(deep_merge(nullptr, json(R"({"b":1})")).to_json(), R"({"b":1})");
}

TEST(DeepMerge, ObjectsMergeRecursively) {
  Value base = json(R"({"a":{"x":1,"y":[1]},"b":2})");
  EXPECT_EQ(deep_merge(&base, json(R"({"a":{"y":[2],"z":3},"c":4})")).to_json(),
            R"({"a":{"x":1,"y":[1,2],"z":3},"b":2,"c":4})");
}

TEST(DeepMerge, ArraysUnionPrimitivesButAppendEveryObject) {
  Value base = json(R"([1,"a",{"k":1}])");
  EXPECT_EQ(deep_merge(&base, json(R"([1,2,"a",{"k":1}])")).to_json(),
            R"([1,"a",{"k":1},2,{"k":1}])");
}

TEST(DeepMerge, MismatchedContainersTakeTheChild) {
  Value base = json(R"({"a":1})");
  EXPECT_EQ(deep_merge(&base, json("[1]")).to_json(), "[1]");
}

TEST(MergeSettings, LegacyPolicy) {
  EXPECT_EQ(merged(R"({"description":"b","relations":{"r":{"type":"hasOne","model":"X","foreignKey":"f"}},"hidden":["a"]})",
                   R"({"description":"c","relations":{"r":{"type":"hasMany","model":"Y"}},"hidden":["a","b"]})"),
            R"({"description":"c","relations":{"r":{"type":"hasMany","model":"Y"}},"hidden":["a","b"]})");
  // null does not delete in the legacy policy: the merged value is null.
  EXPECT_EQ(merged(R"({"x":{"a":1}})", R"({"x":null})"), R"({"x":null})");
}

TEST(MergeSettings, RecommendedPolicyDeletesWithNullAndReplacesUnknownKeys) {
  MergePolicy policy = MergePolicy::recommended();
  EXPECT_EQ(merged(R"({"x":{"a":1},"y":1,"scopes":{"s":{}}})",
                   R"({"x":{"b":2},"y":null,"scopes":{"t":{}}})", policy),
            R"({"x":{"b":2},"scopes":{"s":{},"t":{}}})");
}

TEST(MergePolicy, ReadFromConfigureModelMerge) {
  KeyPath path("m.json");
  auto legacy = MergePolicy::for_settings(Object{}, path);
  ASSERT_TRUE(legacy);
  EXPECT_TRUE(legacy->rule("relations").patch);
  EXPECT_FALSE(legacy->deletes(Value()));

  auto recommended = MergePolicy::for_settings(Object{{"configureModelMerge", true}}, path);
  ASSERT_TRUE(recommended);
  EXPECT_TRUE(recommended->deletes(Value()));
  EXPECT_TRUE(recommended->rule("unknown").replace);

  auto custom = MergePolicy::for_settings(
      json(R"({"configureModelMerge":{"acls":{"replace":true},"__delete":false}})").as_object(),
      path);
  ASSERT_TRUE(custom);
  EXPECT_TRUE(custom->rule("acls").replace);
  EXPECT_TRUE(custom->deletes(Value(false)));
  EXPECT_FALSE(custom->rule("hidden").replace);

  auto bad = MergePolicy::for_settings(Object{{"configureModelMerge", 3}}, path);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(),
            "m.json: configureModelMerge: expected true or an object of merge rules, got the number 3");
}

}  // namespace
}  // namespace lb::model
