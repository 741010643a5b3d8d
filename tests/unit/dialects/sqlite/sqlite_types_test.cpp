// Values through the sqlite3 connector and back: every property type, values nested in
// JSON-stored properties (Dates, GeoPoints), the extras of a non-strict model, `fields`,
// NULL columns, and a row read one property at a time.
#include <gtest/gtest.h>

#include <cmath>

#include "lb/date.hpp"
#include "sqlite_test_support.hpp"

namespace lb::sqlite::testing {
namespace {

constexpr const char* kThing = R"({
  "name": "Thing",
  "properties": {
    "text": "string",
    "whole": "number",
    "real": "number",
    "flag": "boolean",
    "when": "date",
    "bytes": "buffer",
    "place": "geopoint",
    "tags": ["string"],
    "dates": ["date"],
    "address": {"type": {"city": "string", "since": "date", "at": "geopoint"}},
    "anything": "any"
  }
})";

class SqliteTypes : public ::testing::Test {
 protected:
  SqliteApp db_;
  Model& thing_ = db_.define(kThing);
};

TEST_F(SqliteTypes, EveryTypeReadsBackAsWritten) {
  const Object row{
      {"text", "héllo \"quoted\"\n"},
      {"whole", Value(9007199254740993LL)},
      {"real", 0.1},
      {"flag", true},
      {"when", Date{-86400000 * 365LL * 100 + 7}},  // 1870, before the epoch
      {"bytes", Buffer{{0, 1, 255, 0}}},
      {"place", GeoPoint{-33.8688, 151.2093}},
      {"tags", Array{"a", "b"}},
      {"dates", Array{"2024-01-10T00:00:00.000Z", "1999-12-31T23:59:59.999Z"}},
      {"address", Object{{"city", "Sydney"}, {"since", "2020-02-29T12:00:00.000Z"},
                         {"at", Object{{"lat", 1.5}, {"lng", -2.5}}}}},
      {"anything", Object{{"k", Array{1, "x", nullptr, true}}}},
  };
  const Instance created = thing_.create(Value(row)).value();
  const Value id = created.id();
  ASSERT_TRUE(id.is_integer());

  const Instance found = *thing_.find_by_id(id).value();
  EXPECT_EQ(found.get("text"), Value("héllo \"quoted\"\n"));
  EXPECT_TRUE(found.get("whole").is_integer());
  EXPECT_EQ(found.get("whole").as_integer(), 9007199254740993LL);
  EXPECT_EQ(found.get("real"), Value(0.1));
  EXPECT_EQ(found.get("flag"), Value(true));
  EXPECT_EQ(found.get("when"), Value(Date{-86400000 * 365LL * 100 + 7}));
  EXPECT_EQ(found.get("bytes"), Value(Buffer{{0, 1, 255, 0}}));
  EXPECT_EQ(found.get("place"), Value(GeoPoint{-33.8688, 151.2093}));
  EXPECT_EQ(found.get("tags"), Value(Array{"a", "b"}));
  // Dates inside JSON come back as Dates, through arrays and inline objects.
  const Value& dates = found.get("dates");
  ASSERT_TRUE(dates.is_array());
  EXPECT_EQ(dates.as_array()[0], Value(parse_iso8601("2024-01-10T00:00:00.000Z").value()));
  const Value& address = found.get("address");
  EXPECT_EQ(*address.find("since"), Value(parse_iso8601("2020-02-29T12:00:00.000Z").value()));
  EXPECT_EQ(*address.find("at"), Value(GeoPoint{1.5, -2.5}));
  EXPECT_EQ(found.get("anything"), Value(Object{{"k", Array{1, "x", nullptr, true}}}));
  // Definition order, the id where the definition has it (injected last).
  std::vector<std::string> keys;
  for (const auto& [key, value] : found.data()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"text", "whole", "real", "flag", "when", "bytes", "place", "tags", "dates",
                                            "address", "anything", "id"}));
}

TEST_F(SqliteTypes, IntegralNumbersAreIntegersAndFractionsAreNot) {
  thing_.create(json(R"({"whole": 12, "real": 2.5})")).value();
  const Instance found = *thing_.find_one(R"({"where": {"whole": 12}})").value();
  EXPECT_TRUE(found.get("whole").is_integer());
  EXPECT_TRUE(found.get("real").is_double());
  EXPECT_EQ(found.get("real").as_double(), 2.5);
}

TEST_F(SqliteTypes, FalseAndEmptyValuesAreNotNull) {
  thing_.create(json(R"({"text": "", "whole": 0, "flag": false, "tags": [], "anything": {}})")).value();
  const Instance found = *thing_.find_one().value();
  EXPECT_EQ(found.get("text"), Value(""));
  EXPECT_EQ(found.get("whole"), Value(0));
  EXPECT_EQ(found.get("flag"), Value(false));
  EXPECT_EQ(found.get("tags"), Value(Array{}));
  EXPECT_EQ(found.get("anything"), Value(Object{}));
}

// A property never set is a NULL column: a find reads it as null (as LoopBack's SQL
// connectors do); the row a create returns leaves out what it was not given.
// A NULL column reads as an absent property, as on PostgreSQL and as the Connector
// interface says: SQL cannot tell a written null from a property never set.
TEST_F(SqliteTypes, NullColumnsReadAsAbsentProperties) {
  const Instance created = thing_.create(json(R"({"text": "only"})")).value();
  EXPECT_EQ(created.data().find("whole"), nullptr);
  const Instance found = *thing_.find_by_id(created.id()).value();
  EXPECT_EQ(found.data().find("whole"), nullptr);
  EXPECT_TRUE(found.get("whole").is_null());
  const Instance explicit_null = thing_.create(json(R"({"text": "x", "whole": null})")).value();
  EXPECT_EQ(thing_.find_by_id(explicit_null.id()).value()->data().find("whole"), nullptr);
}

TEST_F(SqliteTypes, ExtrasOfANonStrictModelFollowTheDefinedProperties) {
  Model& loose = db_.define(R"({"name": "Loose", "properties": {"name": "string"}})");
  loose.create(json(R"({"name": "a", "colour": "red", "size": {"w": 2}})")).value();
  const Instance found = *loose.find_one().value();
  std::vector<std::string> keys;
  for (const auto& [key, value] : found.data()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "id", "colour", "size"}));
  EXPECT_EQ(found.get("size"), Value(Object{{"w", 2}}));
  // A patch sets one member and keeps the others.
  loose.update_all(json(R"({"name": "a"})"), json(R"({"colour": "blue", "weight": 3})")).value();
  const Instance patched = *loose.find_one().value();
  EXPECT_EQ(patched.get("colour"), Value("blue"));
  EXPECT_EQ(patched.get("size"), Value(Object{{"w", 2}}));
  EXPECT_EQ(patched.get("weight"), Value(3));
  // `fields` keeps only the members it names.
  const auto some = loose.find(R"({"fields": ["name", "colour"]})").value();
  ASSERT_EQ(some.size(), 1u);
  EXPECT_EQ(some[0].data(), (Object{{"name", "a"}, {"colour", "blue"}}));
  // And where clauses reach them.
  EXPECT_EQ(loose.count(json(R"({"size.w": 2})")).value(), 1);
}

TEST_F(SqliteTypes, RecordsDecodeOnePropertyAtATime) {
  thing_.create(json(R"({"text": "t", "when": "2024-05-01T00:00:00.000Z", "address": {"city": "Oslo"}})")).value();
  auto bound = thing_.bind_filter("{}").value();
  auto rows = db_.source().connector().find(bound).value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].get("when"), Value(parse_iso8601("2024-05-01T00:00:00.000Z").value()));
  EXPECT_EQ(rows[0].get("address"), Value(Object{{"city", "Oslo"}}));
  EXPECT_TRUE(rows[0].get("whole").is_null());
  EXPECT_TRUE(rows[0].get("nothing such").is_null());
}

TEST_F(SqliteTypes, TableAndColumnNamesFromTheSqlite3Sections) {
  Model& mapped = db_.define(R"({
    "name": "Mapped", "sqlite3": {"table": "mapped_rows"},
    "properties": {"fullName": {"type": "string", "sqlite3": {"columnName": "full_name"}}}})");
  mapped.create(json(R"({"fullName": "Ada"})")).value();
  EXPECT_EQ(mapped.find_one(R"({"where": {"fullName": "Ada"}})").value()->get("fullName"), Value("Ada"));
  const Array tables = db_.source().discover_model_definitions().value();
  bool found = false;
  for (const Value& table : tables) found = found || *table.find("name") == Value("mapped_rows");
  EXPECT_TRUE(found);
  const Object schema = db_.source().discover_schemas("mapped_rows").value();
  ASSERT_NE(schema.find("MappedRows"), nullptr);
  EXPECT_NE(schema.find("MappedRows")->find("properties")->find("fullName"), nullptr);
}

}  // namespace
}  // namespace lb::sqlite::testing
