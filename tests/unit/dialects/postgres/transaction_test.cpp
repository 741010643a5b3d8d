// Transactions on PostgreSQL through the public API, at each isolation level: a
// transaction's reads see its own writes, other connections do not see them until it
// commits, rollback takes them back, a failed call inside changes nothing and the
// transaction goes on, and each level's snapshot rule holds.
#include <gtest/gtest.h>

#include "lb/json.hpp"
#include "pg_test_server.hpp"

namespace lb::postgres::testing {
namespace {

constexpr const char* kItem = R"({"name":"Item","forceId":false,"properties":{"name":"string","price":"number"}})";

class PgTransactions : public PgTest, public ::testing::WithParamInterface<IsolationLevel> {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (HasFatalFailure()) return;
    item_ = &define(kItem);
    ASSERT_TRUE(item_->import(parse_json(R"([{"id":1,"name":"pen","price":2},{"id":2,"name":"ink","price":5}])")
                                  .value()
                                  .as_array()));
  }

  std::string names(const Options& options = {}) {
    std::string out;
    const std::vector<Instance> rows = item_->find(R"({"order":"id"})", options).value();
    for (const Instance& row : rows) out += row.get("name").as_string() + ",";
    return out;
  }

  Model* item_ = nullptr;
};

TEST_P(PgTransactions, OwnWritesVisibleOthersNotUntilCommit) {
  Transaction tx = item_->begin_transaction({GetParam()}).value();
  const Options in{&tx};
  ASSERT_TRUE(item_->create(Value(Object{{"name", "cap"}}), in));
  ASSERT_TRUE(item_->patch_by_id(Value(1), Value(Object{{"name", "pencil"}}), in));
  ASSERT_TRUE(item_->delete_by_id(Value(2), in));
  EXPECT_EQ(names(in), "pencil,cap,");
  EXPECT_EQ(item_->count({}, in).value(), 2);
  // Outside the transaction (another pooled connection), nothing has happened yet,
  // READ UNCOMMITTED included: PostgreSQL never reads uncommitted rows.
  EXPECT_EQ(names(), "pen,ink,");
  ASSERT_TRUE(tx.commit());
  EXPECT_FALSE(tx.active());
  EXPECT_EQ(names(), "pencil,cap,");
}

TEST_P(PgTransactions, RollbackTakesBackEveryWrite) {
  Transaction tx = item_->begin_transaction({GetParam()}).value();
  const Options in{&tx};
  ASSERT_TRUE(item_->create_all(parse_json(R"([{"name":"a"},{"name":"b"}])").value().as_array(), in));
  ASSERT_TRUE(item_->update_all({}, Value(Object{{"price", 9}}), in));
  ASSERT_TRUE(item_->delete_by_id(Value(1), in));
  EXPECT_EQ(names(in), "ink,a,b,");
  ASSERT_TRUE(tx.rollback());
  EXPECT_EQ(names(), "pen,ink,");
  EXPECT_EQ(item_->count(parse_json(R"({"price":9})").value()).value(), 0);
  // An ended transaction refuses further calls with LoopBack's 409.
  auto late = item_->create(Value(Object{{"name", "late"}}), in);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().status(), 409);
}

TEST_P(PgTransactions, AFailedCallChangesNothingAndTheTransactionGoesOn) {
  Transaction tx = item_->begin_transaction({GetParam()}).value();
  const Options in{&tx};
  ASSERT_TRUE(item_->create(Value(Object{{"name", "cap"}}), in));
  // A duplicate id inside create_all: the call takes back its first row too.
  auto duplicate = item_->create_all(parse_json(R"([{"id":50,"name":"x"},{"id":1,"name":"dup"}])").value().as_array(), in);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().status(), 409);
  EXPECT_EQ(names(in), "pen,ink,cap,");
  ASSERT_TRUE(item_->create(Value(Object{{"name", "hat"}}), in));
  ASSERT_TRUE(tx.commit());
  EXPECT_EQ(names(), "pen,ink,cap,hat,");
}

TEST_P(PgTransactions, DestroyingAnOpenTransactionRollsItBack) {
  {
    Transaction tx = item_->begin_transaction({GetParam()}).value();
    ASSERT_TRUE(item_->create(Value(Object{{"name", "cap"}}), Options{&tx}));
  }
  EXPECT_EQ(names(), "pen,ink,");
  // Its connection went back to the pool, outside any transaction block.
  auto lease = connector().pool().acquire().value();
  EXPECT_FALSE(lease->in_transaction());
}

INSTANTIATE_TEST_SUITE_P(Levels, PgTransactions,
                         ::testing::Values(IsolationLevel::ReadUncommitted, IsolationLevel::ReadCommitted,
                                           IsolationLevel::RepeatableRead, IsolationLevel::Serializable),
                         [](const ::testing::TestParamInfo<IsolationLevel>& info) {
                           std::string name = isolation_level_name(info.param);
                           for (char& c : name) c = c == ' ' ? '_' : c;
                           return name;
                         });

class PgIsolation : public PgTransactions {};

// READ COMMITTED sees a commit made after its first read; REPEATABLE READ and
// SERIALIZABLE keep the snapshot of their first read.
TEST_F(PgIsolation, SnapshotsPerLevel) {
  for (IsolationLevel level : {IsolationLevel::ReadCommitted, IsolationLevel::RepeatableRead,
                               IsolationLevel::Serializable}) {
    Transaction tx = item_->begin_transaction({level}).value();
    const Options in{&tx};
    const std::int64_t before = item_->count({}, in).value();
    ASSERT_TRUE(item_->create(Value(Object{{"name", "outside"}})));  // committed on its own
    const std::int64_t after = item_->count({}, in).value();
    EXPECT_EQ(after, level == IsolationLevel::ReadCommitted ? before + 1 : before) << isolation_level_name(level);
    ASSERT_TRUE(tx.commit());
  }
}

// Two SERIALIZABLE transactions that each read what the other writes: PostgreSQL
// lets one commit and fails the other with a serialization failure, a 409.
TEST_F(PgIsolation, SerializationFailureIs409) {
  Transaction a = item_->begin_transaction({IsolationLevel::Serializable}).value();
  Transaction b = item_->begin_transaction({IsolationLevel::Serializable}).value();
  ASSERT_EQ(item_->count(parse_json(R"({"price":{"gt":3}})").value(), Options{&a}).value(), 1);
  ASSERT_EQ(item_->count(parse_json(R"({"price":{"lt":3}})").value(), Options{&b}).value(), 1);
  ASSERT_TRUE(item_->update_all(parse_json(R"({"price":{"lt":3}})").value(), Value(Object{{"price", 10}}), Options{&a}));
  auto b_update = item_->update_all(parse_json(R"({"price":{"gt":3}})").value(), Value(Object{{"price", 1}}), Options{&b});
  ASSERT_TRUE(a.commit());
  // PostgreSQL may detect the conflict at b's write or at its commit.
  Status second = b_update ? b.commit() : Status(b_update.error());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().status(), 409);
  EXPECT_NE(second.error().message().find("retry the transaction"), std::string::npos) << second.error().message();
}

}  // namespace
}  // namespace lb::postgres::testing
