// Every property type written through the connector reads back as it was written:
// scalars in native columns (numeric, timestamptz, boolean, bytea, point), structured
// values as jsonb converted back to their property types, and the extras of a
// non-strict model.
#include <gtest/gtest.h>

#include <cmath>

#include "lb/date.hpp"
#include "lb/json.hpp"
#include "pg_test_server.hpp"
#include "postgres/row_decoder.hpp"
#include "postgres/timestamp_text.hpp"

namespace lb::postgres::testing {
namespace {

constexpr const char* kThing = R"({
  "name": "Thing",
  "properties": {
    "title": "string",
    "n": "number",
    "flag": "boolean",
    "when": "date",
    "bytes": "buffer",
    "at": "geopoint",
    "tags": ["string"],
    "dates": ["date"],
    "nested": {"type": {"city": "string", "since": "date", "where": "geopoint"}},
    "any": "any"
  }
})";

class PgTypes : public PgTest {};

Object round_trip(Connector& connector, const ModelDefinition& model, Object row) {
  Object created = connector.create(model, std::move(row)).value();
  auto found = connector.find_by_id(model, *created.find("id")).value();
  EXPECT_TRUE(found.has_value());
  return found ? found->to_object() : Object();
}

TEST_F(PgTypes, ScalarsRoundTrip) {
  Model& thing = define(kThing);
  Buffer bytes;
  bytes.bytes = {0, 1, 2, 254, 255};
  const Date when = date_from_civil(2024, 1, 10, 12, 30, 45, 123);
  Object row{{"title", "péñ \"quoted\" \\ back"},
             {"n", 1.5},
             {"flag", true},
             {"when", when},
             {"bytes", bytes},
             {"at", GeoPoint{40.7128, -74.006}}};
  Object back = round_trip(data_source_connector(), thing.definition(), row);
  EXPECT_EQ(*back.find("title"), Value("péñ \"quoted\" \\ back"));
  EXPECT_EQ(*back.find("n"), Value(1.5));
  EXPECT_TRUE(back.find("n")->is_double());
  EXPECT_EQ(*back.find("flag"), Value(true));
  EXPECT_EQ(*back.find("when"), Value(when));
  EXPECT_EQ(*back.find("bytes"), Value(bytes));
  EXPECT_EQ(*back.find("at"), Value(GeoPoint{40.7128, -74.006}));
  EXPECT_TRUE(back.find("id")->is_integer());
  // Properties never set are absent, not null.
  EXPECT_EQ(back.find("tags"), nullptr);
}

TEST_F(PgTypes, NumbersKeepTheirKind) {
  Model& thing = define(kThing);
  for (const Value& n : {Value(12), Value(-3), Value(0.1), Value(1e300), Value(-2.5e-7),
                         Value(static_cast<long long>(9007199254740993LL)), Value(INT64_MAX), Value(INT64_MIN)}) {
    Object back = round_trip(data_source_connector(), thing.definition(), Object{{"n", n}});
    EXPECT_EQ(*back.find("n"), n) << n.to_json();
    EXPECT_EQ(back.find("n")->kind(), n.kind()) << n.to_json();
  }
  // An integral double reads back as an Integer of the same value.
  Object back = round_trip(data_source_connector(), thing.definition(), Object{{"n", 3.0}});
  EXPECT_TRUE(back.find("n")->is_integer());
  EXPECT_EQ(*back.find("n"), Value(3));
}

TEST_F(PgTypes, DatesAcrossJavaScriptsRange) {
  Model& thing = define(kThing);
  for (const Date date : {Date{0}, Date{-1}, date_from_civil(1, 1, 1), date_from_civil(0, 12, 31, 23, 59, 59, 999),
                          date_from_civil(-4000, 3, 1), date_from_civil(9999, 12, 31, 23, 59, 59, 999),
                          date_from_civil(10000, 1, 1), date_from_civil(275760, 9, 13)}) {
    Object back = round_trip(data_source_connector(), thing.definition(), Object{{"when", date}});
    EXPECT_EQ(*back.find("when"), Value(date)) << format_iso8601(date);
  }
}

TEST_F(PgTypes, StructuredValuesComeBackTyped) {
  Model& thing = define(kThing);
  const Date since = date_from_civil(2020, 5, 6, 7, 8, 9, 10);
  Object nested{{"city", "Paris"}, {"since", since}, {"where", GeoPoint{48.85, 2.35}}};
  Object row{{"tags", Array{"a", "b"}},
             {"dates", Array{Value(since), Value()}},
             {"nested", nested},
             {"any", Array{1, "x", true, Value(), Object{{"k", 2.5}}}}};
  Object back = round_trip(data_source_connector(), thing.definition(), row);
  EXPECT_EQ(*back.find("tags"), Value(Array{"a", "b"}));
  EXPECT_EQ(*back.find("dates"), Value(Array{Value(since), Value()}));
  EXPECT_EQ(*back.find("nested"), Value(nested));
  EXPECT_EQ(to_json(*back.find("any")), R"([1,"x",true,null,{"k":2.5}])");
}

TEST_F(PgTypes, ExtrasOfANonStrictModelAreKept) {
  Model& thing = define(kThing);
  Object back = round_trip(data_source_connector(), thing.definition(),
                           Object{{"title", "t"}, {"color", "red"}, {"size", Object{{"w", 2}}}});
  // jsonb keeps an object's keys in its own order (shorter keys first), so the extras
  // come back after the defined properties but not in the order they were written.
  EXPECT_EQ(to_json(Value(back)), R"({"title":"t","id":1,"size":{"w":2},"color":"red"})");
  // A patch sets extras one by one and keeps the others.
  auto patched = data_source_connector()
                     .update_by_id(thing.definition(), Value(1), Object{{"color", "blue"}}, WriteMode::Patch)
                     .value();
  ASSERT_TRUE(patched);
  EXPECT_EQ(to_json(Value(*patched)), R"({"title":"t","id":1,"size":{"w":2},"color":"blue"})");
}

TEST(PgTimestampText, WritesWhatPostgresReads) {
  EXPECT_EQ(timestamp_text(date_from_civil(2024, 1, 10)), "2024-01-10T00:00:00.000Z");
  EXPECT_EQ(timestamp_text(date_from_civil(100000, 1, 1)), "100000-01-01T00:00:00.000Z");
  EXPECT_EQ(timestamp_text(date_from_civil(0, 1, 1)), "0001-01-01T00:00:00.000Z BC");
  EXPECT_EQ(timestamp_text(date_from_civil(-1, 6, 1)), "0002-06-01T00:00:00.000Z BC");
}

TEST(PgTimestampText, ReadsWhatPostgresWrites) {
  EXPECT_EQ(parse_timestamp("2024-01-10 00:00:00+00"), date_from_civil(2024, 1, 10));
  EXPECT_EQ(parse_timestamp("2024-01-10 12:30:45.123456+00"), date_from_civil(2024, 1, 10, 12, 30, 45, 123));
  EXPECT_EQ(parse_timestamp("2024-01-10 05:30:00+05:30"), date_from_civil(2024, 1, 10));
  EXPECT_EQ(parse_timestamp("2024-01-10"), date_from_civil(2024, 1, 10));
  EXPECT_EQ(parse_timestamp("0001-01-01 00:00:00+00 BC"), date_from_civil(0, 1, 1));
  EXPECT_EQ(parse_timestamp("100000-01-01 00:00:00+00"), date_from_civil(100000, 1, 1));
  EXPECT_FALSE(parse_timestamp("infinity"));
  EXPECT_FALSE(parse_timestamp("2024-13-01 00:00:00+00"));
}

TEST(PgDecode, ColumnTexts) {
  EXPECT_EQ(decode_value("12.000", sql::Storage::Number, nullptr).value(), Value(12));
  EXPECT_TRUE(decode_value("12.000", sql::Storage::Number, nullptr).value().is_integer());
  EXPECT_TRUE(std::isnan(decode_value("NaN", sql::Storage::Number, nullptr).value().as_double()));
  EXPECT_EQ(decode_value("1e+300", sql::Storage::Number, nullptr).value(), Value(1e300));
  EXPECT_EQ(decode_value("(2.35,48.85)", sql::Storage::Point, nullptr).value(), Value(GeoPoint{48.85, 2.35}));
  EXPECT_EQ(decode_value("\\x00ff", sql::Storage::Blob, nullptr).value(), Value(Buffer{{0, 255}}));
  EXPECT_EQ(decode_value("t", sql::Storage::Boolean, nullptr).value(), Value(true));
  EXPECT_EQ(decode_value("x", sql::Storage::Boolean, nullptr).error().status(), 500);
  EXPECT_EQ(decode_value("(1,2", sql::Storage::Point, nullptr).error().status(), 500);
}

}  // namespace
}  // namespace lb::postgres::testing
