// The calls beyond plain reads and creates: upsert and find_or_create report whether
// they created, replace drops what the data does not hold, composite ids, explain,
// and a filter run twice is lowered once (Bound::derived).
#include <gtest/gtest.h>

#include "lb/json.hpp"
#include "pg_test_server.hpp"

namespace lb::postgres::testing {
namespace {

constexpr const char* kItem =
    R"({"name":"Item","forceId":false,"properties":{"name":"string","price":"number","sku":"string"}})";

class PgOperations : public PgTest {};

TEST_F(PgOperations, UpsertTellsWhetherItCreated) {
  Model& item = define(kItem);
  Connector& connector = data_source_connector();
  const ModelDefinition& model = item.definition();
  auto created = connector.upsert(model, Object{{"id", 5}, {"name", "pen"}, {"price", 2}}, WriteMode::Patch).value();
  EXPECT_TRUE(created.created);
  auto patched = connector.upsert(model, Object{{"id", 5}, {"name", "ink"}}, WriteMode::Patch).value();
  EXPECT_FALSE(patched.created);
  EXPECT_EQ(to_json(Value(patched.row)), R"({"name":"ink","price":2,"id":5})");
  auto replaced = connector.upsert(model, Object{{"id", 5}, {"sku", "S"}}, WriteMode::Replace).value();
  EXPECT_FALSE(replaced.created);
  EXPECT_EQ(to_json(Value(replaced.row)), R"({"sku":"S","id":5})");
  auto without_id = connector.upsert(model, Object{{"name", "new"}}, WriteMode::Patch).value();
  EXPECT_TRUE(without_id.created);
  EXPECT_EQ(*without_id.row.find("id"), Value(6));  // past the explicit 5
  // Through the model API, the same.
  EXPECT_EQ(item.replace_or_create(parse_json(R"({"id":5,"name":"cap"})").value()).value().get("sku"), Value());
}

// An upsert's patch merges the undefined properties of a non-strict model into the
// stored ones: DO UPDATE names the stored row's extras by the table, which PostgreSQL
// needs (unqualified, the column could also be `excluded`'s: "ambiguous"), also for a
// table named with its schema.
TEST_F(PgOperations, UpsertPatchMergesUndefinedProperties) {
  Value definition = parse_json(R"({"name":"Thing","properties":{"name":"string"}})").value();
  definition.as_object().insert_or_assign("postgresql", Value(Object{{"schema", schema_}, {"table", "things"}}));
  Model* thing = app_.define_model(definition, "pg").value();
  ASSERT_TRUE(thing->data_source().automigrate(thing->definition()));
  Connector& connector = data_source_connector();
  const ModelDefinition& model = thing->definition();
  ASSERT_TRUE(connector.upsert(model, Object{{"id", 1}, {"name", "a"}, {"color", "red"}}, WriteMode::Patch).value().created);
  auto patched = connector.upsert(model, Object{{"id", 1}, {"size", 2}}, WriteMode::Patch).value();
  EXPECT_FALSE(patched.created);
  EXPECT_EQ(to_json(Value(patched.row)), R"({"name":"a","id":1,"size":2,"color":"red"})");
}

TEST_F(PgOperations, FindOrCreateFindsFirstInOrderOrCreates) {
  Model& item = define(kItem);
  ASSERT_TRUE(item.create_all(parse_json(R"([{"name":"b","price":1},{"name":"a","price":1}])").value().as_array()));
  auto found = item.find_or_create(R"({"where":{"price":1},"order":"name"})", parse_json(R"({"name":"z"})").value()).value();
  EXPECT_FALSE(found.second);
  EXPECT_EQ(found.first.get("name"), Value("a"));
  auto made = item.find_or_create(R"({"where":{"price":9}})", parse_json(R"({"name":"z","price":9})").value()).value();
  EXPECT_TRUE(made.second);
  EXPECT_EQ(made.first.get("id"), Value(3));
  EXPECT_EQ(item.count().value(), 3);
}

TEST_F(PgOperations, CompositeIds) {
  Model& pair = define(R"({"name":"Pair","properties":{"a":{"type":"string","id":1},"b":{"type":"number","id":2},"v":"string"}})");
  Connector& connector = data_source_connector();
  ASSERT_TRUE(connector.create(pair.definition(), Object{{"a", "x"}, {"b", 1}, {"v", "one"}}));
  ASSERT_TRUE(connector.create(pair.definition(), Object{{"a", "x"}, {"b", 2}, {"v", "two"}}));
  auto duplicate = connector.create(pair.definition(), Object{{"a", "x"}, {"b", 1}});
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().message(), "Duplicate entry for Pair.a,b");
  auto found = connector.find_by_id(pair.definition(), Value(Object{{"a", "x"}, {"b", 2}}));
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->get("v"), Value("two"));
  auto upserted = connector.upsert(pair.definition(), Object{{"a", "x"}, {"b", 2}, {"v", "deux"}}, WriteMode::Patch).value();
  EXPECT_FALSE(upserted.created);
  EXPECT_EQ(*upserted.row.find("v"), Value("deux"));
}

TEST_F(PgOperations, ExplainShowsTheSqlAndThePlan) {
  Model& item = define(kItem);
  auto explained = item.explain(R"({"where":{"price":{"gt":3}},"order":"name"})");
  ASSERT_TRUE(explained) << explained.error().message();
  EXPECT_NE(explained->find("SELECT \"name\", \"price\", \"sku\", \"id\""), std::string::npos) << *explained;
  EXPECT_NE(explained->find("1: Integer 3"), std::string::npos) << *explained;
  EXPECT_NE(explained->find("plan:\n  "), std::string::npos) << *explained;
  EXPECT_NE(explained->find("Sort"), std::string::npos) << *explained;
}

TEST_F(PgOperations, AFilterRunTwiceIsLoweredOnce) {
  Model& item = define(kItem);
  ASSERT_TRUE(item.create(Value(Object{{"name", "pen"}, {"price", 5}})));
  filter::Bound bound = item.bind_filter(R"({"where":{"price":{"gt":3}}})").value();
  EXPECT_EQ(bound.derived.get(&connector()), nullptr);
  ASSERT_EQ(data_source_connector().find(bound).value().size(), 1u);
  auto cached = bound.derived.get(&connector());
  ASSERT_NE(cached, nullptr);
  ASSERT_EQ(data_source_connector().find(bound).value().size(), 1u);
  EXPECT_EQ(bound.derived.get(&connector()), cached);  // the same lowered statement
}

TEST_F(PgOperations, UpdateAllNeverChangesTheId) {
  Model& item = define(kItem);
  ASSERT_TRUE(item.create(Value(Object{{"name", "pen"}})));
  EXPECT_EQ(data_source_connector().update_all(item.definition(), nullptr, Object{{"id", 99}, {"name", "ink"}}).value(), 1);
  auto rows = item.find().value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].get("id"), Value(1));
  EXPECT_EQ(rows[0].get("name"), Value("ink"));
}

}  // namespace
}  // namespace lb::postgres::testing
