// automigrate, autoupdate and isActual on the sqlite3 connector: automigrate replaces the
// table, autoupdate adds what the definition gained and keeps every row, column and
// index it did not create, isActual says whether autoupdate has anything to do.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "sqlite_test_support.hpp"

namespace lb::sqlite::testing {
namespace {

class SqliteSchema : public ::testing::Test {
 protected:
  // The names in the database's catalogue, by a query on its own handle.
  std::string catalogue(const char* query) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(db_.database().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, query, -1, &statement, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    std::string out;
    while (sqlite3_step(statement) == SQLITE_ROW) {
      out += reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)) + std::string(",");
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return out;
  }
  void exec(const char* sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_.database().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  SqliteApp db_;
};

constexpr const char* kVersion1 = R"({"name": "Item", "properties": {"name": "string", "price": "number"}})";
constexpr const char* kVersion2 = R"({"name": "Item", "properties": {
  "name": "string", "price": "number", "category": {"type": "string", "index": true},
  "sku": {"type": "string", "index": {"unique": true}}},
  "indexes": {"name_price": {"keys": {"name": 1, "price": -1}}}})";

TEST_F(SqliteSchema, AutomigrateCreatesTheTableAndItsIndexesAndDropsTheData) {
  Registry& registry = db_.app().registry();
  const ModelDefinition& v2 = *registry.define(json(kVersion2)).value();
  DataSource& source = db_.source();
  EXPECT_FALSE(source.is_actual(v2).value());
  ASSERT_TRUE(source.automigrate(v2));
  EXPECT_TRUE(source.is_actual(v2).value());
  EXPECT_EQ(catalogue("SELECT name FROM pragma_table_info('Item') ORDER BY cid"),
            "name,price,category,sku,id,_lb_extras,");
  EXPECT_EQ(catalogue("SELECT name FROM pragma_index_list('Item') WHERE origin = 'c' ORDER BY name"),
            "Item_category_idx,Item_name_price,Item_sku_idx,");
  db_.app().attach("Item", "db").value();
  ASSERT_TRUE(db_.app().model("Item").create(json(R"({"name": "pen"})")));
  ASSERT_TRUE(source.automigrate(v2));
  EXPECT_EQ(db_.app().model("Item").count().value(), 0);
}

TEST_F(SqliteSchema, AutoupdateAddsColumnsAndIndexesAndKeepsTheRest) {
  Registry first;
  const ModelDefinition& v1 = *first.define(json(kVersion1)).value();
  DataSource& source = db_.source();
  ASSERT_TRUE(source.automigrate(v1));
  ASSERT_TRUE(source.connector().create(v1, Object{{"name", "pen"}, {"price", 2}}));
  // Things lb did not create: a column and an index.
  exec("ALTER TABLE Item ADD COLUMN legacy TEXT; UPDATE Item SET legacy = 'old'; CREATE INDEX legacy_idx ON Item(legacy)");

  Registry second;
  const ModelDefinition& v2 = *second.define(json(kVersion2)).value();
  EXPECT_FALSE(source.is_actual(v2).value());
  ASSERT_TRUE(source.autoupdate(v2));
  EXPECT_TRUE(source.is_actual(v2).value());
  EXPECT_EQ(catalogue("SELECT name FROM pragma_table_info('Item') ORDER BY cid"),
            "name,price,id,_lb_extras,legacy,category,sku,");
  EXPECT_EQ(catalogue("SELECT name FROM pragma_index_list('Item') WHERE origin = 'c' ORDER BY name"),
            "Item_category_idx,Item_name_price,Item_sku_idx,legacy_idx,");
  EXPECT_EQ(catalogue("SELECT name || ':' || price || ':' || legacy FROM Item"), "pen:2:old,");
  // Nothing left to do: a second autoupdate changes nothing.
  ASSERT_TRUE(source.autoupdate(v2));
  EXPECT_EQ(catalogue("SELECT count(*) FROM Item"), "1,");

  // Going back to the first definition drops nothing either.
  EXPECT_TRUE(source.is_actual(v1).value());
  ASSERT_TRUE(source.autoupdate(v1));
  EXPECT_EQ(catalogue("SELECT name FROM pragma_table_info('Item') ORDER BY cid"),
            "name,price,id,_lb_extras,legacy,category,sku,");
}

TEST_F(SqliteSchema, AutoupdateCreatesAMissingTable) {
  Registry registry;
  const ModelDefinition& v2 = *registry.define(json(kVersion2)).value();
  ASSERT_TRUE(db_.source().autoupdate(v2));
  EXPECT_TRUE(db_.source().is_actual(v2).value());
}

TEST_F(SqliteSchema, AutoupdateWithADuplicateForANewUniqueIndexChangesNothing) {
  Registry first;
  const ModelDefinition& v1 = *first.define(json(R"({"name": "Item", "properties": {"sku": "string"}})")).value();
  ASSERT_TRUE(db_.source().automigrate(v1));
  ASSERT_TRUE(db_.source().connector().create(v1, Object{{"sku", "A"}}));
  ASSERT_TRUE(db_.source().connector().create(v1, Object{{"sku", "A"}}));
  Registry second;
  const ModelDefinition& v2 = *second.define(json(R"({"name": "Item", "properties": {"sku": {"type": "string",
      "index": {"unique": true}}, "note": "string"}})")).value();
  auto updated = db_.source().autoupdate(v2);
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().status(), 409);
  // One transaction: the column added before the index failed is gone again.
  EXPECT_EQ(catalogue("SELECT name FROM pragma_table_info('Item') ORDER BY cid"), "sku,id,_lb_extras,");
}

TEST_F(SqliteSchema, AnIdColumnCannotBeAddedToAnExistingTable) {
  exec("CREATE TABLE Item (name TEXT)");
  Registry registry;
  const ModelDefinition& v1 = *registry.define(json(kVersion1)).value();
  auto updated = db_.source().autoupdate(v1);
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().status(), 400);
  EXPECT_NE(updated.error().message().find("cannot add the id column"), std::string::npos);
  EXPECT_FALSE(db_.source().is_actual(v1).value());
}

}  // namespace
}  // namespace lb::sqlite::testing
