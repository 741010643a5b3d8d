// Paging per key (Bound::limit_per_key) on the postgresql connector: each paged find
// returns the rows that paging its unpaged rows per key in the test keeps
// (../sql/per_key_paging_cases.hpp, shared with the sqlite3 connector's test).
#include "per_key_paging_cases.hpp"
#include "pg_test_server.hpp"

namespace lb::postgres::testing {
namespace {

class PgPerKeyPaging : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (HasFatalFailure()) return;
    define(sql::testing::kPagingAuthor).import(sql::testing::paging_authors()).value();
    define(sql::testing::kPagingPost).import(sql::testing::paging_posts()).value();
  }
};

TEST_F(PgPerKeyPaging, HasTheCapability) { EXPECT_TRUE(data_source_connector().capabilities().limit_per_key); }

TEST_F(PgPerKeyPaging, EachKeyGetsItsPage) {
  sql::testing::expect_per_key_cases(app_,
                                     [&](const filter::Bound& bound) { return data_source_connector().find(bound); });
}

}  // namespace
}  // namespace lb::postgres::testing
