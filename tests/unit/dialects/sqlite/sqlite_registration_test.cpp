// Linking lb::sqlite registers the connector: data sources name it "sqlite3" (or
// LoopBack's package name), and it reports what it can do.
#include <gtest/gtest.h>

#include "lb/connector.hpp"
#include "sqlite_test_support.hpp"

namespace lb::sqlite::testing {
namespace {

TEST(SqliteRegistration, TheConnectorIsRegisteredUnderItsLoopBackNames) {
  for (const char* name : {"sqlite3", "loopback-connector-sqlite3"}) {
    auto connector = make_connector(name, ConnectorConfig{"db", Value(Object{}), {}});
    ASSERT_TRUE(connector) << name << ": " << connector.error().message();
    EXPECT_EQ((*connector)->name(), "sqlite3");
  }
}

TEST(SqliteRegistration, Capabilities) {
  auto memory = make_connector("sqlite3", ConnectorConfig{"db", json(R"({"file": ":memory:"})"), {}}).value();
  const ConnectorCapabilities in_memory = memory->capabilities();
  EXPECT_TRUE(in_memory.transactions);
  EXPECT_FALSE(in_memory.persistent);
  EXPECT_TRUE(in_memory.geo_near);
  EXPECT_TRUE(in_memory.regexp);
  EXPECT_TRUE(in_memory.explain);
  SqliteApp db;
  EXPECT_TRUE(db.source().connector().capabilities().persistent);
  EXPECT_TRUE(db.source().supports("findById"));
}

TEST(SqliteRegistration, ExplainShowsTheStatementAndSqlitesPlan) {
  SqliteApp db;
  Model& item = db.define(R"({"name": "Item", "properties": {"name": "string", "price": {"type": "number", "index": true}}})");
  const std::string plan = item.explain(R"({"where": {"price": {"gt": 5}}, "order": "price"})").value();
  EXPECT_NE(plan.find("SELECT \"name\", \"price\", \"id\", \"_lb_extras\" FROM \"Item\" WHERE \"price\" > ?1"),
            std::string::npos)
      << plan;
  EXPECT_NE(plan.find("query plan:\n  SEARCH Item USING INDEX Item_price_idx (price>?)"), std::string::npos) << plan;
}

}  // namespace
}  // namespace lb::sqlite::testing
