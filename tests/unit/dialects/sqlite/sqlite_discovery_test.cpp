// Discovery on the sqlite3 connector: the tables (and views) of a database, and model
// definitions read from a table's columns, primary key and foreign keys, in LoopBack's
// discoverSchemas shape; a discovered definition defines a model that works.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "sqlite/sqlite_discovery.hpp"
#include "sqlite_test_support.hpp"

namespace lb::sqlite::testing {
namespace {

class SqliteDiscovery : public ::testing::Test {
 protected:
  void SetUp() override {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_.database().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, R"(
      CREATE TABLE customer (id INTEGER PRIMARY KEY, full_name VARCHAR(80) NOT NULL, joined_at DATETIME);
      CREATE TABLE order_line (
        order_no INTEGER NOT NULL, line_no INTEGER NOT NULL,
        customer_id INTEGER REFERENCES customer(id), amount DECIMAL(10, 2), is_paid BOOLEAN, note TEXT,
        PRIMARY KEY (order_no, line_no));
      CREATE VIEW big_orders AS SELECT * FROM order_line WHERE amount > 100;
      INSERT INTO customer (full_name, joined_at) VALUES ('Ada', 1704067200000);
    )",
                           nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  SqliteApp db_;
};

TEST_F(SqliteDiscovery, ListsTablesAndOnRequestViews) {
  EXPECT_EQ(to_json(Value(db_.source().discover_model_definitions().value())),
            R"([{"type":"table","name":"customer","owner":"main"},{"type":"table","name":"order_line","owner":"main"}])");
  const Array all = db_.source().discover_model_definitions(json(R"({"views": true})")).value();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(to_json(all[0]), R"({"type":"view","name":"big_orders","owner":"main"})");
}

TEST_F(SqliteDiscovery, ColumnsBecomePropertiesAndThePrimaryKeyTheId) {
  const Object schemas = db_.source().discover_schemas("customer").value();
  EXPECT_EQ(to_json(Value(schemas)),
            R"({"Customer":{"name":"Customer","options":{"idInjection":false,"sqlite3":{"schema":"main","table":"customer","extrasColumn":false}},)"
            R"("properties":{)"
            R"("id":{"type":"Number","required":false,"jsonSchema":{"nullable":false},"generated":true,"id":1,)"
            R"("sqlite3":{"columnName":"id","dataType":"INTEGER","nullable":"NO","generated":true}},)"
            R"("fullName":{"type":"String","required":true,"jsonSchema":{"nullable":false},"length":80,"generated":false,)"
            R"("sqlite3":{"columnName":"full_name","dataType":"VARCHAR","dataLength":80,"nullable":"NO","generated":false}},)"
            R"("joinedAt":{"type":"Date","required":false,"jsonSchema":{"nullable":true},"generated":false,)"
            R"("sqlite3":{"columnName":"joined_at","dataType":"DATETIME","nullable":"YES","generated":false}}}}})");
}

TEST_F(SqliteDiscovery, ForeignKeysBecomeBelongsToRelationsAndAreFollowed) {
  const Object schemas = db_.source().discover_schemas("order_line", json(R"({"relations": true})")).value();
  ASSERT_EQ(schemas.size(), 2u);
  const Value& line = *schemas.find("OrderLine");
  EXPECT_EQ(to_json(*line.find("options")->find("relations")),
            R"({"customerRel":{"model":"Customer","type":"belongsTo","foreignKey":"customerId"}})");
  const Value& properties = *line.find("properties");
  EXPECT_EQ(*properties.find("orderNo")->find("id"), Value(1));
  EXPECT_EQ(*properties.find("lineNo")->find("id"), Value(2));
  EXPECT_EQ(*properties.find("orderNo")->find("generated"), Value(false));
  EXPECT_EQ(*properties.find("amount")->find("precision"), Value(10));
  EXPECT_EQ(*properties.find("amount")->find("scale"), Value(2));
  EXPECT_EQ(*properties.find("amount")->find("type"), Value("Number"));
  EXPECT_EQ(*properties.find("isPaid")->find("type"), Value("Boolean"));
  EXPECT_NE(schemas.find("Customer"), nullptr);
  // Without "relations", neither relations nor the tables they reach.
  EXPECT_EQ(db_.source().discover_schemas("order_line").value().size(), 1u);
}

TEST_F(SqliteDiscovery, NameMappingCanBeTurnedOff) {
  const Object kept = db_.source().discover_schemas("order_line", json(R"({"nameMapper": null})")).value();
  ASSERT_NE(kept.find("order_line"), nullptr);
  EXPECT_NE(kept.find("order_line")->find("properties")->find("customer_id"), nullptr);
  const Object columns = db_.source().discover_schemas("order_line", json(R"({"disableCamelCase": true})")).value();
  ASSERT_NE(columns.find("OrderLine"), nullptr);
  EXPECT_NE(columns.find("OrderLine")->find("properties")->find("customer_id"), nullptr);
}

TEST_F(SqliteDiscovery, AMissingTableIsA404) {
  auto missing = db_.source().discover_schemas("nothing");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().status(), 404);
  EXPECT_EQ(missing.error().message(), "Table 'nothing' does not exist.");
}

TEST_F(SqliteDiscovery, ADiscoveredDefinitionReadsTheTable) {
  const Object schemas = db_.source().discover_schemas("customer").value();
  Model* customer = db_.app().define_model(*schemas.find("Customer"), "db").value();
  EXPECT_TRUE(db_.source().is_actual(customer->definition()).value());
  const Instance ada = *customer->find_one().value();
  EXPECT_EQ(ada.get("fullName"), Value("Ada"));
  EXPECT_EQ(ada.get("joinedAt"), Value(Date{1704067200000}));
  ASSERT_TRUE(customer->create(json(R"({"fullName": "Bob"})")));
  EXPECT_EQ(customer->count().value(), 2);
  // full_name is NOT NULL: required in the definition.
  auto anonymous = customer->create(json(R"({"joinedAt": "2024-01-01"})"));
  ASSERT_FALSE(anonymous);
  EXPECT_EQ(anonymous.error().status(), 422);
}

TEST(SqliteNames, LoopBacksNameMapper) {
  EXPECT_EQ(pascal_case("order_line"), "OrderLine");
  EXPECT_EQ(pascal_case("ORDER_LINE"), "OrderLine");
  EXPECT_EQ(pascal_case("orderLine"), "OrderLine");
  EXPECT_EQ(pascal_case("HTTPServer"), "HttpServer");
  EXPECT_EQ(pascal_case("version_2"), "Version_2");
  EXPECT_EQ(camel_case("customer_id"), "customerId");
  EXPECT_EQ(camel_case("CustomerID"), "customerId");
  EXPECT_EQ(camel_case("customerRel"), "customerRel");
  EXPECT_EQ(discovered_type("varchar(20)"), "String");
  EXPECT_EQ(discovered_type("BIGINT"), "Number");
  EXPECT_EQ(discovered_type("TIMESTAMP"), "Date");
  EXPECT_EQ(discovered_type("BLOB"), "Buffer");
  EXPECT_EQ(discovered_type(""), "Any");
}

}  // namespace
}  // namespace lb::sqlite::testing
