// Repeated calls neither lower nor compile again: a Bound filter keeps its lowered
// statement in Bound::derived, and each connection keeps its prepared statements by SQL
// text.
#include <gtest/gtest.h>

#include "sqlite_test_support.hpp"

namespace lb::sqlite::testing {
namespace {

class SqliteStatementCache : public ::testing::Test {
 protected:
  void SetUp() override {
    item_.import(json(R"([{"name": "pen", "price": 2}, {"name": "ink", "price": 5}, {"name": "cap", "price": 1}])")
                     .as_array())
        .value();
  }
  SqliteApp db_;
  Model& item_ = db_.define(R"({"name": "Item", "properties": {"name": "string", "price": "number"}})");
};

TEST_F(SqliteStatementCache, ARepeatedFindCompilesNothing) {
  const char* filter = R"({"where": {"price": {"gt": 1}}, "order": "price DESC"})";
  ASSERT_EQ(item_.find(filter).value().size(), 2u);
  const std::uint64_t compiled = db_.connector().statements_prepared();
  for (int i = 0; i < 5; ++i) ASSERT_EQ(item_.find(filter).value().size(), 2u);
  EXPECT_EQ(db_.connector().statements_prepared(), compiled);
  // Other values for the same shape of filter are the same SQL text: still nothing new.
  ASSERT_EQ(item_.find(R"({"where": {"price": {"gt": 4}}, "order": "price DESC"})").value().size(), 1u);
  EXPECT_EQ(db_.connector().statements_prepared(), compiled);
  // A new shape compiles once.
  ASSERT_EQ(item_.count(json(R"({"name": "pen"})")).value(), 1);
  EXPECT_EQ(db_.connector().statements_prepared(), compiled + 1);
  ASSERT_EQ(item_.count(json(R"({"name": "ink"})")).value(), 1);
  EXPECT_EQ(db_.connector().statements_prepared(), compiled + 1);
}

TEST_F(SqliteStatementCache, FindByIdAndCreateReuseTheirStatements) {
  ASSERT_TRUE(item_.find_by_id(Value(1)).value());
  ASSERT_TRUE(item_.create(json(R"({"name": "a", "price": 1})")));
  const std::uint64_t compiled = db_.connector().statements_prepared();
  for (int i = 2; i < 6; ++i) ASSERT_TRUE(item_.find_by_id(Value(i)).has_value());
  ASSERT_TRUE(item_.create(json(R"({"name": "b", "price": 2})")));
  EXPECT_EQ(db_.connector().statements_prepared(), compiled);
}

TEST_F(SqliteStatementCache, ABoundFilterKeepsItsLoweredStatement) {
  const filter::Bound bound = item_.bind_filter(R"({"where": {"name": {"like": "p%"}}})").value();
  EXPECT_EQ(bound.derived.get(&db_.connector()), nullptr);
  ASSERT_EQ(db_.connector().find(bound).value().size(), 1u);
  const std::shared_ptr<const void> kept = bound.derived.get(&db_.connector());
  ASSERT_NE(kept, nullptr);
  ASSERT_EQ(db_.connector().find(bound).value().size(), 1u);
  EXPECT_EQ(bound.derived.get(&db_.connector()), kept);  // used again, not lowered again
  // The state belongs to this connector only.
  EXPECT_EQ(bound.derived.get(&item_), nullptr);
}

TEST_F(SqliteStatementCache, ThePreparedStatementsOutliveATableRebuilt) {
  ASSERT_EQ(item_.count().value(), 3);
  // automigrate drops and recreates the table under the cached statements: SQLite
  // prepares them again by itself.
  db_.source().automigrate(item_.definition()).value();
  EXPECT_EQ(item_.count().value(), 0);
  ASSERT_TRUE(item_.create(json(R"({"name": "new"})")));
  EXPECT_EQ(item_.count().value(), 1);
}

}  // namespace
}  // namespace lb::sqlite::testing
