// The SQL of every construct, per dialect, as data: tests/golden/sql/<dialect>/<topic>.txt
// (a statement's inputs in, its text, parameters and result columns out). Both dialects
// run the same cases.
#include "sql_fixture.hpp"
#include "support/golden.hpp"

namespace lb::sql::testing {
namespace {

constexpr const char* kTopics[] = {"where", "order", "near", "write", "ddl", "names", "types", "related", "paging"};

class SqlGolden : public SqlFixture, public ::testing::WithParamInterface<const char*> {
 protected:
  // A case whose filter does not bind is a mistake in the case, reported as its output.
  std::string guarded_run(const Dialect& dialect, const std::string& input) {
    try {
      return run(dialect, input);
    } catch (const Error& error) {
      return "bind error: " + error.message();
    }
  }
};

TEST_P(SqlGolden, Sqlite) {
  lb::testing::run_golden_file(std::string("golden/sql/sqlite/") + GetParam() + ".txt",
                               [&](const std::string& input) { return guarded_run(sqlite_, input); });
}

TEST_P(SqlGolden, Postgres) {
  lb::testing::run_golden_file(std::string("golden/sql/postgres/") + GetParam() + ".txt",
                               [&](const std::string& input) { return guarded_run(postgres_, input); });
}

// Every construct is pinned for both dialects: the two files hold the same cases.
TEST_P(SqlGolden, BothDialectsHaveTheSameCases) {
  auto sqlite = lb::testing::load_golden(lb::testing::test_data_path(std::string("golden/sql/sqlite/") + GetParam() + ".txt"));
  auto postgres =
      lb::testing::load_golden(lb::testing::test_data_path(std::string("golden/sql/postgres/") + GetParam() + ".txt"));
  ASSERT_EQ(sqlite.cases.size(), postgres.cases.size());
  for (std::size_t i = 0; i < sqlite.cases.size(); ++i) {
    EXPECT_EQ(sqlite.cases[i].name, postgres.cases[i].name);
    EXPECT_EQ(sqlite.cases[i].input, postgres.cases[i].input) << sqlite.cases[i].name;
  }
}

INSTANTIATE_TEST_SUITE_P(Topics, SqlGolden, ::testing::ValuesIn(kTopics));

}  // namespace
}  // namespace lb::sql::testing
