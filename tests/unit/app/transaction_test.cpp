// Transactions through the public API, on the memory connector: commit and rollback
// of every kind of write, reads that see their own writes, other callers waiting for
// the tables a transaction holds, timeouts, ended transactions, and file-backed data
// sources written at commit only.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "lb/app.hpp"
#include "lb/json.hpp"

namespace {

using namespace std::chrono_literals;

lb::Value json(const char* text) { return lb::parse_json(text).value(); }

class TransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.add_data_source("db", json(R"({"connector": "memory"})")).value();
    item_ = app_.define_model(json(R"({"name": "Item", "forceId": false, "properties": {"name": "string", "price": "number"}})"), "db")
                .value();
    ASSERT_TRUE(item_->import(json(R"([{"id": 1, "name": "pen", "price": 2}, {"id": 2, "name": "ink", "price": 5}])")
                                  .as_array()));
  }
  std::string names() {
    std::string out;
    const std::vector<lb::Instance> rows = item_->find(R"({"order": "id"})").value();
    for (const auto& row : rows) out += row.get("name").as_string() + ",";
    return out;
  }

  lb::App app_;
  lb::Model* item_ = nullptr;
};

TEST_F(TransactionTest, CommitKeepsEveryWrite) {
  lb::Transaction tx = item_->begin_transaction().value();
  const lb::Options in{&tx};
  ASSERT_TRUE(item_->create(json(R"({"name": "cap"})"), in));
  ASSERT_TRUE(item_->patch_by_id(lb::Value(1), json(R"({"name": "pencil"})"), in));
  ASSERT_TRUE(item_->delete_by_id(lb::Value(2), in));
  // Reads inside see the transaction's writes.
  EXPECT_EQ(item_->count({}, in).value(), 2);
  EXPECT_EQ(item_->find_by_id(lb::Value(1), {}, in).value()->get("name"), lb::Value("pencil"));
  ASSERT_TRUE(tx.commit());
  EXPECT_FALSE(tx.active());
  EXPECT_EQ(names(), "pencil,cap,");
}

TEST_F(TransactionTest, RollbackTakesBackEveryWrite) {
  lb::Transaction tx = item_->begin_transaction({lb::IsolationLevel::Serializable}).value();
  const lb::Options in{&tx};
  ASSERT_TRUE(item_->create_all(json(R"([{"name": "a"}, {"name": "b"}])").as_array(), in));
  ASSERT_TRUE(item_->upsert(json(R"({"id": 1, "name": "renamed"})"), in));
  ASSERT_TRUE(item_->upsert(json(R"({"id": 9, "name": "new"})"), in));
  EXPECT_EQ(item_->update_all(json(R"({"price": {"gt": 1}})"), json(R"({"price": 0})"), in).value(), 2);
  ASSERT_TRUE(item_->patch_by_id(lb::Value(3), json(R"({"name": "a2"})"), in));
  EXPECT_EQ(item_->delete_all(json(R"({"name": "a2"})"), in).value(), 1);
  EXPECT_EQ(item_->delete_all({}, in).value(), 4);
  EXPECT_EQ(item_->count({}, in).value(), 0);
  ASSERT_TRUE(tx.rollback());
  EXPECT_EQ(names(), "pen,ink,");
  EXPECT_EQ(item_->find_by_id(lb::Value(1)).value()->to_json(), R"({"name":"pen","price":2,"id":1})");
  // The id counter is put back too: the next generated id is the one it would have been.
  EXPECT_EQ(item_->create(json(R"({"name": "next"})")).value().id(), lb::Value(3));
}

TEST_F(TransactionTest, EndedTransactionsRefuseFurtherUse) {
  lb::Transaction tx = item_->begin_transaction().value();
  ASSERT_TRUE(tx.commit());
  auto again = tx.commit();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().status(), 409);
  EXPECT_EQ(again.error().message(), "The transaction is not active: " + tx.id());
  auto use = item_->find({}, lb::Options{&tx});
  ASSERT_FALSE(use);
  EXPECT_EQ(use.error().status(), 409);
}

TEST_F(TransactionTest, OtherCallersWaitForTheTablesItHolds) {
  lb::Transaction tx = item_->begin_transaction().value();
  ASSERT_TRUE(item_->create(json(R"({"name": "cap"})"), lb::Options{&tx}));
  std::atomic<bool> done{false};
  std::int64_t seen = -1;
  std::thread reader([&] {
    seen = item_->count().value();  // waits: never sees the uncommitted row
    done = true;
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(done.load());
  ASSERT_TRUE(tx.commit());
  reader.join();
  EXPECT_EQ(seen, 3);
}

TEST_F(TransactionTest, TheThreadThatHoldsATableGetsAnErrorInsteadOfWaitingForItself) {
  lb::Transaction tx = item_->begin_transaction().value();
  ASSERT_TRUE(item_->count({}, lb::Options{&tx}));
  auto outside = item_->count();
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().status(), 409);
  ASSERT_TRUE(tx.rollback());
  EXPECT_EQ(item_->count().value(), 2);
}

TEST_F(TransactionTest, ATimeoutRollsBackWithoutFurtherCalls) {
  lb::Transaction tx = item_->begin_transaction({lb::IsolationLevel::ReadCommitted, 50ms}).value();
  ASSERT_TRUE(item_->create(json(R"({"name": "cap"})"), lb::Options{&tx}));
  // Another thread waits for the table until the watchdog ends the transaction.
  std::int64_t seen = -1;
  std::thread reader([&] { seen = item_->count().value(); });
  reader.join();
  EXPECT_EQ(seen, 2);
  EXPECT_FALSE(tx.active());
  EXPECT_EQ(item_->find({}, lb::Options{&tx}).error().status(), 409);
}

TEST_F(TransactionTest, DroppingTheLastHandleRollsBack) {
  {
    lb::Transaction tx = item_->begin_transaction().value();
    ASSERT_TRUE(item_->create(json(R"({"name": "cap"})"), lb::Options{&tx}));
  }
  EXPECT_EQ(item_->count().value(), 2);
}

TEST_F(TransactionTest, ATransactionBelongsToItsDataSource) {
  app_.add_data_source("other", json(R"({"connector": "memory"})")).value();
  lb::Model& note = *app_.define_model(json(R"({"name": "Note", "properties": {"text": "string"}})"), "other").value();
  lb::Transaction tx = item_->begin_transaction().value();
  auto wrong = note.find({}, lb::Options{&tx});
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().status(), 400);
}

TEST_F(TransactionTest, InstanceMethodsTakeTheTransaction) {
  lb::Transaction tx = item_->begin_transaction().value();
  const lb::Options in{&tx};
  lb::Instance pen = item_->find_by_id(lb::Value(1), {}, in).value().value();
  ASSERT_TRUE(pen.patch_attributes(json(R"({"price": 3})"), in));
  lb::Instance fresh = item_->make_instance(lb::Object{{"name", "new"}}, false);
  ASSERT_TRUE(fresh.save(in));
  ASSERT_TRUE(tx.rollback());
  EXPECT_EQ(item_->find_by_id(lb::Value(1)).value()->get("price"), lb::Value(2));
  EXPECT_EQ(item_->count().value(), 2);
}

TEST_F(TransactionTest, IsolationLevelsUseLoopBacksNames) {
  EXPECT_STREQ(lb::isolation_level_name(lb::IsolationLevel::RepeatableRead), "REPEATABLE READ");
  EXPECT_EQ(lb::parse_isolation_level("SERIALIZABLE"), lb::IsolationLevel::Serializable);
  EXPECT_EQ(lb::parse_isolation_level("READ UNCOMMITTED"), lb::IsolationLevel::ReadUncommitted);
  EXPECT_EQ(lb::parse_isolation_level("serializable"), std::nullopt);
}

// A file-backed data source writes a transaction's tables when it commits, never before.
TEST(TransactionFileTest, TheFileChangesOnlyAtCommit) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("lb-tx-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "db.json";
  auto read = [&] {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  {
    lb::App app;
    lb::Object settings{{"connector", "memory"}, {"file", file.string()}};
    app.add_data_source("db", lb::Value(settings)).value();
    lb::Model& item = *app.define_model(json(R"({"name": "Item", "properties": {"name": "string"}})"), "db").value();
    ASSERT_TRUE(item.create(json(R"({"name": "kept"})")));
    const std::string before = read();
    lb::Transaction tx = item.begin_transaction().value();
    ASSERT_TRUE(item.create(json(R"({"name": "pending"})"), lb::Options{&tx}));
    EXPECT_EQ(read(), before);
    ASSERT_TRUE(tx.commit());
    EXPECT_NE(read().find("pending"), std::string::npos);
    lb::Transaction undone = item.begin_transaction().value();
    ASSERT_TRUE(item.create(json(R"({"name": "dropped"})"), lb::Options{&undone}));
    ASSERT_TRUE(undone.rollback());
    EXPECT_EQ(read().find("dropped"), std::string::npos);
  }
  fs::remove_all(dir);
}

}  // namespace
