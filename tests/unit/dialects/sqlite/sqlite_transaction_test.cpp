// Transactions on the sqlite3 connector, through the public API and the connector
// interface: commit, rollback, reads that see the transaction's own writes, another
// connection that does not see them before the commit, a failed call that leaves the
// transaction usable, and all-or-nothing calls inside a transaction.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "sqlite_test_support.hpp"

namespace lb::sqlite::testing {
namespace {

class SqliteTransactions : public ::testing::Test {
 protected:
  void SetUp() override {
    item_.import(json(R"([{"id": 1, "name": "pen", "price": 2}, {"id": 2, "name": "ink", "price": 5}])").as_array())
        .value();
  }
  std::string names(const Options& options = {}) {
    std::string out;
    const std::vector<Instance> rows = item_.find(R"({"order": "id"})", options).value();
    for (const Instance& row : rows) out += row.get("name").as_string() + ",";
    return out;
  }
  // The names as a separate sqlite3 handle on the same file reads them.
  std::string names_from_outside() {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(db_.database().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT name FROM Item ORDER BY id", -1, &statement, nullptr), SQLITE_OK);
    std::string out;
    while (sqlite3_step(statement) == SQLITE_ROW) {
      out += reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)) + std::string(",");
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return out;
  }

  SqliteApp db_;
  Model& item_ = db_.define(
      R"({"name": "Item", "forceId": false, "properties": {"name": "string", "price": "number",
          "sku": {"type": "string", "index": {"unique": true}}}})");
};

TEST_F(SqliteTransactions, CommitKeepsEveryWrite) {
  Transaction tx = item_.begin_transaction().value();
  const Options in{&tx};
  ASSERT_TRUE(item_.create(json(R"({"name": "cap"})"), in));
  ASSERT_TRUE(item_.patch_by_id(Value(1), json(R"({"name": "pencil"})"), in));
  ASSERT_TRUE(item_.delete_by_id(Value(2), in));
  // Reads inside see the transaction's writes; others do not, until the commit.
  EXPECT_EQ(item_.count({}, in).value(), 2);
  EXPECT_EQ(item_.find_by_id(Value(1), {}, in).value()->get("name"), Value("pencil"));
  EXPECT_EQ(names(in), "pencil,cap,");
  EXPECT_EQ(names(), "pen,ink,");
  EXPECT_EQ(names_from_outside(), "pen,ink,");
  ASSERT_TRUE(tx.commit());
  EXPECT_EQ(names(), "pencil,cap,");
  EXPECT_EQ(names_from_outside(), "pencil,cap,");
}

TEST_F(SqliteTransactions, RollbackTakesBackEveryWrite) {
  for (IsolationLevel level : {IsolationLevel::ReadUncommitted, IsolationLevel::ReadCommitted,
                               IsolationLevel::RepeatableRead, IsolationLevel::Serializable}) {
    Transaction tx = item_.begin_transaction({level}).value();
    const Options in{&tx};
    ASSERT_TRUE(item_.create_all(json(R"([{"name": "a"}, {"name": "b"}])").as_array(), in));
    ASSERT_EQ(item_.update_all(json("{}"), json(R"({"price": 9})"), in).value(), 4);
    ASSERT_TRUE(item_.upsert(json(R"({"id": 1, "name": "up"})"), in));
    ASSERT_EQ(item_.delete_all(json(R"({"name": "ink"})"), in).value(), 1);
    EXPECT_EQ(names(in), "up,a,b,");
    ASSERT_TRUE(tx.rollback());
    EXPECT_EQ(names(), "pen,ink,") << isolation_level_name(level);
    EXPECT_EQ(item_.count(json(R"({"price": 9})")).value(), 0);
  }
}

TEST_F(SqliteTransactions, AFailedCallLeavesTheTransactionUsable) {
  Transaction tx = item_.begin_transaction().value();
  const Options in{&tx};
  ASSERT_TRUE(item_.create(json(R"({"name": "first", "sku": "S"})"), in));
  // A duplicate in the middle of create_all: none of its rows stay, the earlier write does.
  auto failed = item_.create_all(json(R"([{"name": "x"}, {"name": "y", "sku": "S"}])").as_array(), in);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().status(), 409);
  EXPECT_EQ(failed.error().message(), "Duplicate entry for Item.sku");
  EXPECT_EQ(names(in), "pen,ink,first,");
  ASSERT_TRUE(item_.create(json(R"({"name": "second"})"), in));
  ASSERT_TRUE(tx.commit());
  EXPECT_EQ(names(), "pen,ink,first,second,");
}

TEST_F(SqliteTransactions, CreateAllOutsideATransactionIsAllOrNothing) {
  auto failed = item_.create_all(json(R"([{"name": "x"}, {"name": "y", "id": 1}])").as_array());
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().status(), 409);
  EXPECT_EQ(failed.error().message(), "Duplicate entry for Item.id");
  EXPECT_EQ(names(), "pen,ink,");
  // The failed create took no id: the next one is 3.
  EXPECT_EQ(item_.create(json(R"({"name": "z"})")).value().id(), Value(3));
}

TEST_F(SqliteTransactions, EndedTransactionsRefuseCalls) {
  auto tx = db_.connector().begin_transaction({}).value();
  auto bound = item_.bind_filter("{}").value();
  ASSERT_TRUE(tx->find(bound));
  ASSERT_TRUE(tx->commit());
  auto after = tx->find(bound);
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().status(), 409);
  EXPECT_FALSE(tx->rollback());
}

TEST_F(SqliteTransactions, DestroyingAnOpenTransactionRollsItBack) {
  {
    auto tx = db_.connector().begin_transaction({}).value();
    ASSERT_TRUE(tx->create(item_.definition(), Object{{"name", "lost"}}));
  }
  EXPECT_EQ(names(), "pen,ink,");
  // The connection went back to the pool without a transaction open on it.
  ASSERT_TRUE(item_.create(json(R"({"name": "kept"})")));
  EXPECT_EQ(names_from_outside(), "pen,ink,kept,");
}

TEST_F(SqliteTransactions, UpsertAndFindOrCreateReportWhatTheyDid) {
  Connector& connector = db_.connector();
  auto created = connector.upsert(item_.definition(), Object{{"id", 7}, {"name", "seven"}}, WriteMode::Patch).value();
  EXPECT_TRUE(created.created);
  auto updated = connector.upsert(item_.definition(), Object{{"id", 7}, {"price", 3}}, WriteMode::Patch).value();
  EXPECT_FALSE(updated.created);
  EXPECT_EQ(*updated.row.find("name"), Value("seven"));
  auto replaced = connector.upsert(item_.definition(), Object{{"id", 7}, {"price", 4}}, WriteMode::Replace).value();
  EXPECT_FALSE(replaced.created);
  EXPECT_EQ(replaced.row.find("name"), nullptr);  // a NULL column reads as absent
  auto generated = connector.upsert(item_.definition(), Object{{"name", "new"}}, WriteMode::Patch).value();
  EXPECT_TRUE(generated.created);
  EXPECT_EQ(*generated.row.find("id"), Value(8));

  auto bound = item_.bind_filter(R"({"where": {"name": "pen"}})").value();
  auto found = connector.find_or_create(bound, Object{{"name", "pen"}}).value();
  EXPECT_FALSE(found.created);
  EXPECT_EQ(*found.row.find("id"), Value(1));
  auto missing = item_.bind_filter(R"({"where": {"name": "mug"}})").value();
  auto made = connector.find_or_create(missing, Object{{"name", "mug"}}).value();
  EXPECT_TRUE(made.created);
  EXPECT_EQ(item_.count(json(R"({"name": "mug"})")).value(), 1);
}

// In memory, every connection of the connector opens the same database; a transaction
// holds it (readers on other connections wait, as with the memory connector).
TEST(SqliteInMemoryTransactions, SeeTheSameDatabase) {
  SqliteApp db(true);
  Model& item = db.define(R"({"name": "Item", "properties": {"name": "string"}})");
  Transaction tx = item.begin_transaction().value();
  ASSERT_TRUE(item.create(json(R"({"name": "a"})"), {&tx}));
  ASSERT_TRUE(tx.commit());
  EXPECT_EQ(item.count().value(), 1);
  // Another data source with ":memory:" is a database of its own.
  db.app().add_data_source("other", json(R"({"connector": "sqlite3", "file": ":memory:"})")).value();
  auto& other = db.app().find_data_source("other")->connector();
  ASSERT_TRUE(other.automigrate(item.definition()));
  EXPECT_EQ(other.count(item.definition(), nullptr).value(), 0);
}

}  // namespace
}  // namespace lb::sqlite::testing
