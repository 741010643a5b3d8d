// lb::Filter / lb::Where: a built filter parses to the same Syntax as the same filter
// written as JSON text.
#include <gtest/gtest.h>

#include "lb/filter.hpp"
#include "lb/filter/parse.hpp"
#include "lb/json.hpp"

namespace lb {
namespace {

filter::Syntax from_json(const char* text) {
  auto syntax = filter::parse_filter(std::string_view(text));
  EXPECT_TRUE(syntax) << text << ": " << (syntax ? "" : syntax.error().message());
  return syntax ? *syntax : filter::Syntax{};
}

void expect_same(const Filter& built, const char* json) {
  auto syntax = built.syntax();
  ASSERT_TRUE(syntax) << syntax.error().message();
  filter::Syntax expected = from_json(json);
  EXPECT_EQ(*syntax, expected) << "built:\n" << syntax->to_string() << "\nfrom JSON:\n" << expected.to_string()
                               << "\nbuilt JSON: " << to_json(built.to_value());
}

void expect_same_where(const Where& built, const char* json) {
  auto syntax = built.syntax();
  ASSERT_TRUE(syntax) << syntax.error().message();
  auto expected = filter::parse_where(std::string_view(json));
  ASSERT_TRUE(expected) << expected.error().message();
  EXPECT_EQ(*syntax, *expected) << filter::to_string(*syntax) << "\nvs\n" << filter::to_string(*expected);
}

TEST(Builder, EveryComparisonOperator) {
  expect_same_where(where("a").eq(1), R"({"a": 1})");
  expect_same_where(where("a").eq(nullptr), R"({"a": null})");
  expect_same_where(where("a").neq("x"), R"({"a": {"neq": "x"}})");
  expect_same_where(where("a").gt(10), R"({"a": {"gt": 10}})");
  expect_same_where(where("a").gte(1.5), R"({"a": {"gte": 1.5}})");
  expect_same_where(where("a").lt(3), R"({"a": {"lt": 3}})");
  expect_same_where(where("a").lte(3), R"({"a": {"lte": 3}})");
  expect_same_where(where("a").between(1, 5), R"({"a": {"between": [1, 5]}})");
  expect_same_where(where("a").inq({1, 2}), R"({"a": {"in": [1, 2]}})");
  expect_same_where(where("a").nin({"x"}), R"({"a": {"nin": ["x"]}})");
}

TEST(Builder, PatternOperators) {
  expect_same_where(where("n").like("p%"), R"({"n": {"like": "p%"}})");
  expect_same_where(where("n").nlike("p%"), R"({"n": {"nlike": "p%"}})");
  expect_same_where(where("n").ilike("p%"), R"({"n": {"ilike": "p%"}})");
  expect_same_where(where("n").nilike("p%"), R"({"n": {"nilike": "p%"}})");
  expect_same_where(where("n").regexp("^p"), R"({"n": {"regexp": "^p"}})");
  expect_same_where(where("n").regexp("^p", "i"), R"({"n": {"regexp": "/^p/i"}})");
  expect_same_where(where("n").regexp("/^p/i", "g"), R"({"n": {"regexp": "/^p/ig"}})");
  expect_same_where(where("n").regexp("a/b", "m"), R"({"n": {"regexp": "/a/b/m"}})");
}

TEST(Builder, ExistsAndNear) {
  expect_same_where(where("e").exists(), R"({"e": {"exists": true}})");
  expect_same_where(where("e").exists(false), R"({"e": {"exists": false}})");
  expect_same_where(where("loc").near(GeoPoint{59.9, 10.7}), R"({"loc": {"near": {"lat": 59.9, "lng": 10.7}}})");
  expect_same_where(where("loc").near(GeoPoint{1, 2}, 5.0, "kilometers", 1.0),
                    R"({"loc": {"near": {"lat": 1, "lng": 2}, "maxDistance": 5, "minDistance": 1,
                        "unit": "kilometers"}})");
}

TEST(Builder, LogicalOperatorsStayFlat) {
  expect_same_where(where("a").eq(1) && where("b").eq(2), R"({"and": [{"a": 1}, {"b": 2}]})");
  expect_same_where(where("a").eq(1) && where("b").eq(2) && where("c").eq(3),
                    R"({"and": [{"a": 1}, {"b": 2}, {"c": 3}]})");
  expect_same_where(where("a").eq(1) || where("b").eq(2) || where("c").eq(3),
                    R"({"or": [{"a": 1}, {"b": 2}, {"c": 3}]})");
  expect_same_where((where("a").eq(1) || where("b").eq(2)) && where("c").eq(3),
                    R"({"and": [{"or": [{"a": 1}, {"b": 2}]}, {"c": 3}]})");
  expect_same_where(nor({where("a").eq(1), where("b").gt(2)}), R"({"nor": [{"a": 1}, {"b": {"gt": 2}}]})");
  expect_same_where(Where() && where("a").eq(1), R"({"a": 1})");
  expect_same_where(where("a").eq(1) && Where(), R"({"a": 1})");
  expect_same_where(Where(), R"({})");
}

TEST(Builder, DottedPaths) {
  expect_same_where(where("address.city").eq("Oslo"), R"({"address.city": "Oslo"})");
}

TEST(Builder, WholeFilters) {
  expect_same(Filter(), "{}");
  expect_same(Filter().where(where("price").lt(20)).order("price DESC").limit(5),
              R"({"where": {"price": {"lt": 20}}, "order": "price DESC", "limit": 5})");
  expect_same(Filter().order("a DESC").order("b"), R"({"order": "a DESC, b"})");
  expect_same(Filter().order("a DESC, b").order("c"), R"({"order": ["a DESC", "b", "c"]})");
  expect_same(Filter().fields({"id", "name"}), R"({"fields": ["id", "name"]})");
  expect_same(Filter().exclude_fields({"secret"}), R"({"fields": {"secret": false}})");
  expect_same(Filter().fields({"id"}).exclude_fields({"secret"}), R"({"fields": {"id": true, "secret": false}})");
  expect_same(Filter().skip(10).limit(5), R"({"limit": 5, "skip": 10})");
  expect_same(Filter().where(where("a").eq(1)).where(where("b").eq(2)),
              R"({"where": {"and": [{"a": 1}, {"b": 2}]}})");
}

TEST(Builder, Includes) {
  expect_same(Filter().include("owner"), R"({"include": "owner"})");
  expect_same(Filter().include("owner").include("reviews"), R"({"include": ["owner", "reviews"]})");
  expect_same(Filter().include("reviews", Filter().where(where("stars").gte(4)).limit(3).include("author")),
              R"({"include": {"relation": "reviews",
                              "scope": {"where": {"stars": {"gte": 4}}, "limit": 3, "include": "author"}}})");
  expect_same(Filter().include("owner", Filter().include("orders")), R"({"include": {"owner": "orders"}})");
  expect_same(Filter().include("owner", Filter()), R"({"include": "owner"})");
}

TEST(Builder, EveryPartTogether) {
  auto built = Filter()
                   .where((where("price").between(1, 9) || where("name").ilike("p%")) && where("tags").inq({"a"}))
                   .order("price DESC")
                   .order("name")
                   .fields({"id", "price"})
                   .limit(10)
                   .skip(20)
                   .include("owner", Filter().fields({"id"}));
  expect_same(built, R"({
    "where": {"and": [{"or": [{"price": {"between": [1, 9]}}, {"name": {"ilike": "p%"}}]},
                      {"tags": {"inq": ["a"]}}]},
    "order": ["price DESC", "name"],
    "fields": {"id": true, "price": true},
    "limit": 10, "skip": 20,
    "include": [{"relation": "owner", "scope": {"fields": ["id"]}}]})");
}

TEST(Builder, ProblemsSurfaceWhenParsed) {
  auto bad = Filter().where(where("").eq(1)).syntax();
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(), "filter.where.: empty property name");
  EXPECT_EQ(bad.error().status(), 400);
  filter::Limits small;
  small.max_inq_size = 2;
  EXPECT_FALSE(where("a").inq({1, 2, 3}).syntax(small));
}

TEST(Builder, JsonFormIsLoopBackShaped) {
  auto f = Filter().where(where("price").gt(10)).order("price DESC").limit(5).include("owner");
  EXPECT_EQ(to_json(f.to_value()),
            R"({"where":{"price":{"gt":10}},"order":"price DESC","limit":5,"include":["owner"]})");
}

}  // namespace
}  // namespace lb
