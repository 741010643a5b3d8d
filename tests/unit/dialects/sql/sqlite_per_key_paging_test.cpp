// Paging per key (Bound::limit_per_key) on the sqlite3 connector: each paged find
// returns the rows that paging its unpaged rows per key in the test keeps
// (per_key_paging_cases.hpp); the SQL itself is pinned in tests/golden/sql/*/paging.txt.
#include "per_key_paging_cases.hpp"

namespace lb::sql::testing {
namespace {

class SqlitePerKeyPaging : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.add_data_source("db", Value(Object{{"connector", "sqlite3"}})).value();
    for (const char* definition : {kPagingAuthor, kPagingPost}) {
      Model* model = app_.define_model(parse_json(definition).value(), "db").value();
      ASSERT_TRUE(connector().automigrate(model->definition()));
    }
    app_.model("Author").import(paging_authors()).value();
    app_.model("Post").import(paging_posts()).value();
  }

  [[nodiscard]] Connector& connector() const { return app_.find_data_source("db")->connector(); }

  App app_;
};

TEST_F(SqlitePerKeyPaging, HasTheCapability) { EXPECT_TRUE(connector().capabilities().limit_per_key); }

TEST_F(SqlitePerKeyPaging, EachKeyGetsItsPage) {
  expect_per_key_cases(app_, [&](const filter::Bound& bound) { return connector().find(bound); });
}

// A find run again (a cached filter) keeps its lowered statement: the second run must
// page the same way.
TEST_F(SqlitePerKeyPaging, RunTwice) {
  auto bound = app_.model("Post").bind_filter(R"({"order": "stars DESC", "limit": 1})").value();
  bound.limit_per_key = "authorId";
  auto first = connector().find(bound).value();
  auto second = connector().find(bound).value();
  ASSERT_EQ(first.size(), second.size());
  for (std::size_t i = 0; i < first.size(); ++i) EXPECT_EQ(first[i].get("id"), second[i].get("id"));
  EXPECT_EQ(first.size(), 5u);  // authors 1 to 4, and the posts without one
}

}  // namespace
}  // namespace lb::sql::testing
