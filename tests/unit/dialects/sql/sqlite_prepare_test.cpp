// Every SQLite statement the golden files pin is valid SQL for SQLite: the tables are
// created from the lowered DDL, then each case's statements are prepared (not run).
#include <sqlite3.h>

#include "sql/lower.hpp"
#include "sql_fixture.hpp"
#include "support/golden.hpp"

namespace lb::sql::testing {
namespace {

class SqlitePrepare : public SqlFixture {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    // The functions the connector registers; preparing only needs them to exist.
    auto none = [](sqlite3_context* context, int, sqlite3_value**) { sqlite3_result_null(context); };
    sqlite3_create_function_v2(db_, sqlite::SqliteDialect::kRegexpFunction, 2, SQLITE_UTF8, nullptr, none, nullptr,
                               nullptr, nullptr);
    sqlite3_create_function_v2(db_, sqlite::SqliteDialect::kDistanceFunction, 5, SQLITE_UTF8, nullptr, none,
                               nullptr, nullptr, nullptr);
    for (const char* name :
         {"Item", "Note", "Pair", "Tagged", "We\"ird", "Author", "Post", "Comment", "Tag", "PostTag", "Category", "Ranked"}) {
      const auto statements = lower_create_table(mapping(sqlite_, name)).value();
      for (const SqlStatement& statement : statements) prepare(statement, true);
    }
  }
  void TearDown() override { sqlite3_close(db_); }

  void prepare(const SqlStatement& statement, bool run) {
    sqlite3_stmt* prepared = nullptr;
    int status = sqlite3_prepare_v2(db_, statement.text.c_str(), -1, &prepared, nullptr);
    EXPECT_EQ(status, SQLITE_OK) << sqlite3_errmsg(db_) << "\n" << statement.text;
    if (status == SQLITE_OK) {
      EXPECT_EQ(sqlite3_bind_parameter_count(prepared), static_cast<int>(statement.params.size())) << statement.text;
      if (run) {
        EXPECT_EQ(sqlite3_step(prepared), SQLITE_DONE) << sqlite3_errmsg(db_);
      }
    }
    sqlite3_finalize(prepared);
  }

  sqlite3* db_ = nullptr;
};

TEST_F(SqlitePrepare, EveryGoldenStatement) {
  int prepared = 0;
  for (const char* topic : {"where", "order", "near", "write", "ddl", "names", "types", "related", "paging"}) {
    auto file = lb::testing::load_golden(lb::testing::test_data_path(std::string("golden/sql/sqlite/") + topic + ".txt"));
    for (const auto& c : file.cases) {
      if (c.input.rfind("where ", 0) == 0) continue;  // a fragment, not a statement
      auto statements = lower(sqlite_, c.input);
      if (!statements) continue;  // cases pinning an error
      for (const SqlStatement& statement : *statements) {
        prepare(statement, false);
        ++prepared;
      }
    }
  }
  EXPECT_GT(prepared, 120);
}

}  // namespace
}  // namespace lb::sql::testing
