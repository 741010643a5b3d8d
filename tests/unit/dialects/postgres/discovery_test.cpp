// Discovery from the catalogs: tables and views listed as LoopBack lists them, and
// model definitions shaped as juggler's discoverSchemas builds them (names mapped,
// types, ids from the primary key, foreign keys as belongsTo relations), which define
// working models.
#include <gtest/gtest.h>

#include "lb/json.hpp"
#include "pg_test_server.hpp"
#include "postgres/discovery.hpp"

namespace lb::postgres::testing {
namespace {

class PgDiscovery : public PgTest {
 protected:
  // The JSON discover_model_definitions gives for these (type, name) pairs.
  std::string fmt_tables(std::vector<std::pair<const char*, const char*>> tables) const {
    Array out;
    for (const auto& [type, name] : tables) {
      out.push_back(Value(Object{{"type", type}, {"name", name}, {"owner", schema_}}));
    }
    return to_json(Value(std::move(out)));
  }

  void SetUp() override {
    PgTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(raw_->run(R"(
      CREATE TABLE customer (id serial PRIMARY KEY, full_name varchar(50) NOT NULL, email text,
                             created timestamptz);
      CREATE TABLE order_item (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                               customer_id integer NOT NULL REFERENCES customer (id),
                               total numeric(10, 2), note jsonb, loc point, data bytea, ok boolean);
      CREATE VIEW big_orders AS SELECT * FROM order_item WHERE total > 100;
      INSERT INTO customer (full_name, email, created) VALUES ('Ada', 'ada@example.com', '2024-01-10T00:00:00Z');
      INSERT INTO order_item (customer_id, total, note, loc, ok) VALUES (1, 150.5, '{"gift": true}', point(2.35, 48.85), true);
    )"));
  }
  DataSource& pg() { return *app_.find_data_source("pg"); }
};

TEST_F(PgDiscovery, ListsTablesAndViews) {
  EXPECT_EQ(to_json(Value(pg().discover_model_definitions().value())),
            fmt_tables({{"table", "customer"}, {"table", "order_item"}}));
  EXPECT_EQ(to_json(Value(pg().discover_model_definitions(parse_json(R"({"views":true})").value()).value())),
            fmt_tables({{"view", "big_orders"}, {"table", "customer"}, {"table", "order_item"}}));
  EXPECT_EQ(pg().discover_model_definitions(parse_json(R"({"owner":"pg_catalog_nothing"})").value()).value().size(), 0u);
  auto limited = pg().discover_model_definitions(parse_json(R"({"limit":1,"offset":1})").value()).value();
  ASSERT_EQ(limited.size(), 1u);
  EXPECT_EQ(*limited[0].find("name"), Value("order_item"));
}

TEST_F(PgDiscovery, SchemasShapedAsJugglerBuildsThem) {
  const Object schemas = pg().discover_schemas("order_item", parse_json(R"({"relations":true})").value()).value();
  ASSERT_EQ(schemas.size(), 2u);
  const Value* order = schemas.find("OrderItem");
  ASSERT_NE(order, nullptr);
  EXPECT_EQ(to_json(*order->find("options")),
            R"({"idInjection":false,"postgresql":{"schema":")" + schema_ +
                R"(","table":"order_item","extrasColumn":false},"relations":{"orderItemCustomerIdFkeyRel":{"model":"Customer","type":"belongsTo","foreignKey":"customerId"}}})");
  const Value& properties = *order->find("properties");
  EXPECT_EQ(to_json(*properties.find("id")),
            R"({"type":"Number","required":false,"jsonSchema":{"nullable":false},"length":null,"precision":null,"scale":0,)"
            R"("generated":true,"id":1,"postgresql":{"columnName":"id","dataType":"bigint","dataLength":null,)"
            R"("dataPrecision":null,"dataScale":0,"nullable":"NO","generated":true}})");
  EXPECT_EQ(to_json(*properties.find("customerId")->find("required")), "true");
  EXPECT_EQ(*properties.find("total")->find("type"), Value("Number"));
  EXPECT_EQ(*properties.find("total")->find("precision"), Value(10));
  EXPECT_EQ(*properties.find("note")->find("type"), Value("Object"));
  EXPECT_EQ(*properties.find("loc")->find("type"), Value("GeoPoint"));
  EXPECT_EQ(*properties.find("data")->find("type"), Value("Buffer"));
  EXPECT_EQ(*properties.find("ok")->find("type"), Value("Boolean"));
  const Value* customer = schemas.find("Customer");
  ASSERT_NE(customer, nullptr);
  EXPECT_EQ(*customer->find("properties")->find("fullName")->find("length"), Value(50));
  EXPECT_EQ(*customer->find("properties")->find("created")->find("type"), Value("Date"));
  EXPECT_EQ(*customer->find("properties")->find("id")->find("generated"), Value(true));  // serial

  // Without relations: the one table, no relations entry.
  const Object alone = pg().discover_schemas("order_item", Value(Object())).value();
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_EQ(alone.find("OrderItem")->find("options")->find("relations"), nullptr);
  // nameMapper null keeps the database's names.
  const Object raw = pg().discover_schemas("order_item", parse_json(R"({"nameMapper":null})").value()).value();
  ASSERT_NE(raw.find("order_item"), nullptr);
  EXPECT_NE(raw.find("order_item")->find("properties")->find("customer_id"), nullptr);
}

TEST_F(PgDiscovery, AMissingTableIs404) {
  auto missing = pg().discover_schemas("nope", Value(Object()));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().status(), 404);
  EXPECT_EQ(missing.error().message(), "Table 'nope' does not exist.");
}

// The discovered definitions define models that read and write the existing tables.
TEST_F(PgDiscovery, DiscoveredModelsWork) {
  const Object schemas = pg().discover_schemas("order_item", parse_json(R"({"relations":true})").value()).value();
  ASSERT_TRUE(app_.define_model(*schemas.find("Customer"), "pg"));
  Model* order = app_.define_model(*schemas.find("OrderItem"), "pg").value();
  auto rows = order->find(R"({"where":{"total":{"gt":100}}})").value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].get("customerId"), Value(1));
  EXPECT_EQ(rows[0].get("total"), Value(150.5));
  EXPECT_EQ(rows[0].get("loc"), Value(GeoPoint{48.85, 2.35}));
  EXPECT_EQ(to_json(rows[0].get("note")), R"({"gift":true})");
  auto created = order->create(parse_json(R"({"customerId":1,"total":20,"ok":false})").value());
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_EQ(created->get("id"), Value(2));
  EXPECT_TRUE(app_.find_data_source("pg")->is_actual(order->definition()).value());
  auto customer = app_.model("Customer").find_by_id(Value(1)).value();
  ASSERT_TRUE(customer);
  EXPECT_EQ(customer->get("fullName"), Value("Ada"));
}

// A table lb made round-trips: its extras column is the definition's extras column again.
TEST_F(PgDiscovery, TablesLbMadeKeepTheirExtrasColumn) {
  Model& note = define(R"({"name":"Note","properties":{"title":"string"}})");
  ASSERT_TRUE(note.create(parse_json(R"({"title":"a","color":"red"})").value()));
  const Object schemas = pg().discover_schemas("note", Value(Object())).value();
  const Value& definition = *schemas.find("Note");
  EXPECT_EQ(to_json(*definition.find("options")->find("postgresql")), R"({"schema":")" + schema_ + R"(","table":"note"})");
  EXPECT_EQ(definition.find("properties")->find("lbExtras"), nullptr);
  App again;
  ASSERT_TRUE(again.add_data_source("pg", Value(Object{{"connector", "postgresql"}, {"url", url_}, {"schema", schema_}})));
  Model* discovered = again.define_model(definition, "pg").value();
  EXPECT_EQ(discovered->find().value().at(0).get("color"), Value("red"));
}

TEST(PgDiscoveryNames, ChangeCase) {
  EXPECT_EQ(pascal_case("order_items"), "OrderItems");
  EXPECT_EQ(camel_case("order_items"), "orderItems");
  EXPECT_EQ(camel_case("customerID"), "customerId");
  EXPECT_EQ(pascal_case("ABCDef"), "AbcDef");
  EXPECT_EQ(pascal_case("v2_name"), "V2Name");
  EXPECT_EQ(pascal_case("a_1b"), "A_1b");
  EXPECT_EQ(camel_case("__weird--Name__"), "weirdName");
  EXPECT_EQ(camel_case("orders_customer_id_fkeyRel"), "ordersCustomerIdFkeyRel");
}

}  // namespace
}  // namespace lb::postgres::testing
