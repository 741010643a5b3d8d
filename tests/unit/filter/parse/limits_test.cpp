// Limits: every bound gives a 400 naming what was exceeded, and hostile inputs (deep
// nesting, huge lists, long strings) are refused without deep recursion.
#include <gtest/gtest.h>

#include <string>

#include "lb/filter/parse.hpp"

namespace lb::filter {
namespace {

std::string nested_and(std::size_t depth) {
  std::string text;
  for (std::size_t i = 0; i < depth; ++i) text += R"({"and":[)";
  text += R"({"a":1})";
  for (std::size_t i = 0; i < depth; ++i) text += "]}";
  return text;
}

// Built with moves only: an initializer list would copy, and copying recurses.
Value wrap_in_array(Value v) {
  Array array;
  array.push_back(std::move(v));
  return array;
}

Value nested_and_value(std::size_t depth) {
  Value v = Object{{"a", 1}};
  for (std::size_t i = 0; i < depth; ++i) {
    Object level;
    level.push_back("and", wrap_in_array(std::move(v)));
    v = std::move(level);
  }
  return v;
}

void expect_400(const Result<Syntax>& r, const std::string& fragment) {
  ASSERT_FALSE(r) << r->to_string();
  EXPECT_EQ(r.error().status(), 400);
  EXPECT_NE(r.error().message().find(fragment), std::string::npos) << r.error().message();
}

void expect_400(const Result<WhereNode>& r, const std::string& fragment) {
  ASSERT_FALSE(r) << to_string(*r);
  EXPECT_EQ(r.error().status(), 400);
  EXPECT_NE(r.error().message().find(fragment), std::string::npos) << r.error().message();
}

TEST(Limits, WhereDepth) {
  Limits limits;
  limits.max_where_depth = 4;
  EXPECT_TRUE(parse_where(nested_and(3), limits));
  expect_400(parse_where(nested_and(4), limits), "where.and[0].and[0].and[0].and[0]: and/or/nor nested deeper than 4");
}

TEST(Limits, DefaultWhereDepthFitsTheJsonDepth) {
  EXPECT_TRUE(parse_where(nested_and(31)));
  expect_400(parse_where(nested_and(32)), "nested deeper than 32 levels");
}

TEST(Limits, VeryDeepTextIsRefusedByTheJsonReader) {
  expect_400(parse_where(nested_and(100000), Limits{.max_text_bytes = 4 << 20}), "invalid JSON");
}

TEST(Limits, VeryDeepValueIsRefusedWithoutRecursingThroughIt) {
  expect_400(parse_where(nested_and_value(2000)), "nested deeper than 32 levels");
}

TEST(Limits, DeepOperandValueIsWalkedWithoutRecursion) {
  Value operand = "x";
  for (int i = 0; i < 2000; ++i) operand = wrap_in_array(std::move(operand));
  Object condition;
  condition.push_back("eq", std::move(operand));
  Object where;
  where.push_back("a", std::move(condition));
  Limits limits;
  limits.max_string_bytes = 0;
  expect_400(parse_where(Value(std::move(where)), limits), "a string of 1 bytes exceeds the limit of 0 bytes");
}

TEST(Limits, TextSize) {
  Limits limits;
  limits.max_text_bytes = 10;
  expect_400(parse_filter(std::string_view(R"({"limit": 5 })"), limits), "filter: text of 13 bytes exceeds the limit of 10");
  expect_400(parse_filter_query("filter[limit]=50", limits), "query string of 16 bytes");
}

TEST(Limits, Conditions) {
  Limits limits;
  limits.max_conditions = 3;
  EXPECT_TRUE(parse_where(std::string_view(R"({"a": 1, "b": {"gt": 1, "lt": 3}})"), limits));
  expect_400(parse_where(std::string_view(R"({"a": 1, "b": {"gt": 1, "lt": 3}, "c": 1})"), limits),
             "where.c: the filter has more than 3 conditions");
}

TEST(Limits, ConditionsCountAcrossIncludeScopes) {
  Limits limits;
  limits.max_conditions = 2;
  expect_400(parse_filter(std::string_view(R"({"where": {"a": 1},
      "include": {"relation": "r", "scope": {"where": {"b": 1, "c": 2}}}})"), limits),
             "filter.include.scope.where.c: the filter has more than 2 conditions");
}

TEST(Limits, InqSize) {
  Limits limits;
  limits.max_inq_size = 2;
  EXPECT_TRUE(parse_where(std::string_view(R"({"a": {"inq": [1, 2]}})"), limits));
  expect_400(parse_where(std::string_view(R"({"a": {"nin": [1, 2, 3]}})"), limits),
             "where.a: \"nin\" has 3 values, more than the limit of 2");
}

TEST(Limits, StringBytes) {
  Limits limits;
  limits.max_string_bytes = 3;
  EXPECT_TRUE(parse_where(std::string_view(R"({"a": "abc"})"), limits));
  expect_400(parse_where(std::string_view(R"({"a": {"like": "abcd"}})"), limits), "where.a: a string of 4 bytes");
  expect_400(parse_where(std::string_view(R"({"a": {"inq": ["x", "abcd"]}})"), limits), "a string of 4 bytes");
  expect_400(parse_filter(std::string_view(R"({"fields": ["abcd"]})"), limits), "filter.fields[0]: a field name");
}

TEST(Limits, IncludeDepth) {
  Limits limits;
  limits.max_include_depth = 2;
  EXPECT_TRUE(parse_filter(std::string_view(R"({"include": {"a": "b"}})"), limits));
  expect_400(parse_filter(std::string_view(R"({"include": {"a": {"b": "c"}}})"), limits),
             "filter.include.a.b: includes nested deeper than 2 levels");
  expect_400(parse_filter(std::string_view(
                 R"({"include": {"relation": "a", "scope": {"include": {"relation": "b", "scope": {"include": "c"}}}}})"),
                          limits),
             "filter.include.scope.include.scope.include: includes nested deeper than 2 levels");
}

TEST(Limits, QueryParameters) {
  Limits limits;
  limits.max_query_parameters = 3;
  EXPECT_TRUE(parse_filter_query("a=1&&b=2&c=3", limits));
  expect_400(parse_filter_query("a=1&b=2&c=3&d=4", limits), "more than 3 parameters");
}

TEST(Limits, QueryKeyDepth) {
  Limits limits;
  limits.max_query_key_depth = 3;
  EXPECT_TRUE(parse_query_string("a[b][c][d]=1", limits));
  auto deep = parse_query_string("a[b][c][d][e]=1", limits);
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().message(), "query parameter \"a[b][c][d][e]\": more than 3 levels of brackets");
}

TEST(Limits, HugeQueryIndexDoesNotAllocate) {
  auto value = parse_query_string("a[4294967296]=x&a[99999999999999999999]=y");
  ASSERT_TRUE(value);
  EXPECT_EQ(value->find("a")->as_object().size(), 2u);
}

}  // namespace
}  // namespace lb::filter
