// Failures on the sqlite3 connector and the errors they give: duplicates (409 with the
// memory connector's message), NOT NULL (422), a database another connection holds
// locked (409, after the busy timeout), a database that cannot be opened (503), a
// missing table (a message naming the fix), bad settings (400).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>

#include "sqlite_test_support.hpp"

namespace lb::sqlite::testing {
namespace {

TEST(SqliteErrors, DuplicateIdsAndUniqueIndexesAre409s) {
  SqliteApp db;
  Model& item = db.define(R"({"name": "Item", "forceId": false, "properties": {
    "sku": {"type": "string", "index": {"unique": true}}, "a": "string", "b": "string"},
    "indexes": {"a_b": {"keys": {"a": 1, "b": 1}, "options": {"unique": true}}}})");
  ASSERT_TRUE(item.create(json(R"({"id": 1, "sku": "S", "a": "x", "b": "y"})")));
  auto id = item.create(json(R"({"id": 1})"));
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().status(), 409);
  EXPECT_EQ(id.error().message(), "Duplicate entry for Item.id");
  auto sku = item.create(json(R"({"sku": "S"})"));
  ASSERT_FALSE(sku);
  EXPECT_EQ(sku.error().status(), 409);
  EXPECT_EQ(sku.error().message(), "Duplicate entry for Item.sku");
  auto pair = item.create(json(R"({"a": "x", "b": "y"})"));
  ASSERT_FALSE(pair);
  EXPECT_EQ(pair.error().message(), "Duplicate entry for Item.a,b");
  // An update into a taken value too, and nothing changes.
  ASSERT_TRUE(item.create(json(R"({"id": 2, "sku": "T"})")));
  auto patched = item.patch_by_id(Value(2), json(R"({"sku": "S"})"));
  ASSERT_FALSE(patched);
  EXPECT_EQ(patched.error().status(), 409);
  EXPECT_EQ(item.find_by_id(Value(2)).value()->get("sku"), Value("T"));
  auto all = item.update_all(json("{}"), json(R"({"sku": "same"})"));
  ASSERT_FALSE(all);
  EXPECT_EQ(all.error().status(), 409);
  EXPECT_EQ(item.count(json(R"({"sku": "same"})")).value(), 0);
}

TEST(SqliteErrors, ColumnMappingsAreTranslatedBackToProperties) {
  SqliteApp db;
  Model& item = db.define(R"({"name": "Item", "sqlite3": {"table": "items"}, "properties": {
    "code": {"type": "string", "index": {"unique": true}, "sqlite3": {"columnName": "item_code"}}}})");
  ASSERT_TRUE(item.create(json(R"({"code": "C"})")));
  auto duplicate = item.create(json(R"({"code": "C"})"));
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().message(), "Duplicate entry for Item.code");
}

TEST(SqliteErrors, NotNullColumnsAre422s) {
  SqliteApp db;
  Model& tag = db.define(R"({"name": "Tag", "properties": {"code": {"type": "string", "id": true},
    "label": {"type": "string", "sqlite3": {"nullable": false}}}})");
  auto missing_id = tag.create(json(R"({"label": "x"})"));
  ASSERT_FALSE(missing_id);
  EXPECT_EQ(missing_id.error().status(), 422);
  EXPECT_EQ(missing_id.error().message(), "Tag.code cannot be null (the column is NOT NULL)");
  auto missing_label = tag.create(json(R"({"code": "a"})"));
  ASSERT_FALSE(missing_label);
  EXPECT_EQ(missing_label.error().status(), 422);
}

TEST(SqliteErrors, ALockedDatabaseIsAClearConflict) {
  TempDir dir;
  App app;
  app.add_data_source("db", Value(Object{{"connector", "sqlite3"}, {"file", dir.file("locked.db")}, {"busyTimeout", 20}}))
      .value();
  Model& item = *app.define_model(json(R"({"name": "Item", "properties": {"name": "string"}})"), "db").value();
  ASSERT_TRUE(app.find_data_source("db")->automigrate(item.definition()));
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(dir.file("locked.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto created = item.create(json(R"({"name": "x"})"));
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().status(), 409);
  EXPECT_NE(created.error().message().find("is locked"), std::string::npos) << created.error().message();
  auto tx = item.begin_transaction({IsolationLevel::Serializable});
  ASSERT_FALSE(tx);
  EXPECT_EQ(tx.error().status(), 409);
  ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  // Once released, the same calls work.
  ASSERT_TRUE(item.create(json(R"({"name": "x"})")));
  EXPECT_EQ(item.count().value(), 1);
}

TEST(SqliteErrors, ADatabaseThatCannotBeOpenedIsA503) {
  App app;
  auto source = app.add_data_source(
      "db", json(R"({"connector": "sqlite3", "file": "/nonexistent-directory-lb/sub/data.db"})"));
  ASSERT_FALSE(source);
  EXPECT_EQ(source.error().status(), 503);
  EXPECT_NE(source.error().message().find("/nonexistent-directory-lb/sub/data.db"), std::string::npos);
}

TEST(SqliteErrors, AFileThatIsNotADatabaseIsA503) {
  TempDir dir;
  {
    std::FILE* file = std::fopen(dir.file("garbage.db").c_str(), "wb");
    ASSERT_NE(file, nullptr);
    const std::string text(4096, 'x');
    std::fwrite(text.data(), 1, text.size(), file);
    std::fclose(file);
  }
  App app;
  auto source = app.add_data_source("db", Value(Object{{"connector", "sqlite3"}, {"file", dir.file("garbage.db")}}));
  ASSERT_FALSE(source);
  EXPECT_EQ(source.error().status(), 503);
  EXPECT_NE(source.error().message().find("not a database"), std::string::npos) << source.error().message();
}

TEST(SqliteErrors, AMissingTableNamesTheFix) {
  SqliteApp db;
  Model& item = *db.app().define_model(json(R"({"name": "Item", "properties": {"name": "string"}})"), "db").value();
  auto found = item.find();
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().status(), 500);
  EXPECT_NE(found.error().message().find("run automigrate or autoupdate"), std::string::npos)
      << found.error().message();
}

TEST(SqliteErrors, AColumnTheTableLacksNamesTheFix) {
  SqliteApp db;
  Registry old_registry;
  const ModelDefinition& v1 = *old_registry.define(json(R"({"name": "Item", "properties": {"name": "string"}})")).value();
  ASSERT_TRUE(db.source().automigrate(v1));
  Model& item =
      *db.app().define_model(json(R"({"name": "Item", "properties": {"name": "string", "price": "number"}})"), "db")
           .value();
  auto created = item.create(json(R"({"name": "x", "price": 2})"));
  ASSERT_FALSE(created) << created->to_json();
  EXPECT_NE(created.error().message().find("run autoupdate"), std::string::npos) << created.error().message();
  auto found = item.find(R"({"where": {"price": 2}})");
  ASSERT_FALSE(found);
  EXPECT_NE(found.error().message().find("run autoupdate"), std::string::npos) << found.error().message();
  ASSERT_TRUE(db.source().autoupdate(item.definition()));
  ASSERT_TRUE(item.create(json(R"({"name": "x", "price": 2})")));
}

TEST(SqliteErrors, BadSettingsAre400s) {
  App app;
  auto file = app.add_data_source("a", json(R"({"connector": "sqlite3", "file": 5})"));
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().status(), 400);
  EXPECT_NE(file.error().message().find("settings.file"), std::string::npos);
  auto timeout = app.add_data_source("b", json(R"({"connector": "sqlite3", "busyTimeout": -1})"));
  ASSERT_FALSE(timeout);
  EXPECT_EQ(timeout.error().status(), 400);
  EXPECT_NE(timeout.error().message().find("settings.busyTimeout"), std::string::npos);
}

TEST(SqliteErrors, RelativeFilesResolveAgainstTheApplicationDirectory) {
  TempDir dir;
  App app;
  app.add_data_source("db", json(R"({"connector": "loopback-connector-sqlite3", "file": "rel.db"})"), dir.path())
      .value();
  auto& connector = dynamic_cast<SqliteConnector&>(app.find_data_source("db")->connector());
  EXPECT_EQ(connector.settings().file, dir.file("rel.db"));
  EXPECT_TRUE(std::filesystem::exists(dir.file("rel.db")));
  EXPECT_TRUE(connector.capabilities().persistent);
  EXPECT_TRUE(connector.capabilities().transactions);
}

}  // namespace
}  // namespace lb::sqlite::testing
