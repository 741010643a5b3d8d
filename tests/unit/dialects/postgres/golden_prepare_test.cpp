// Every PostgreSQL statement the golden files pin (tests/golden/sql/postgres) is valid
// on a real server: the golden models' tables are made by the connector's
// automigrate, then each case's statements are prepared (PREPARE, not run) and must
// take exactly the parameters the lowering bound.
#include <gtest/gtest.h>

#include "pg_test_server.hpp"
#include "postgres/postgres_connector.hpp"
#include "sql/lower.hpp"
#include "sql_fixture.hpp"
#include "support/golden.hpp"

namespace lb::postgres::testing {
namespace {

class PgGoldenPrepare : public sql::testing::SqlFixture {
 protected:
  void SetUp() override {
    const std::string url = server_url();
    if (url.empty()) GTEST_FAIL() << "no server";
    schema_ = unique_schema();
    raw_ = raw_connection();
    if (!raw_) GTEST_FAIL() << "no server";
    ConnectorConfig config;
    config.data_source = "pg";
    config.settings = Value(Object{{"url", url}, {"schema", schema_}});
    connector_ = make_postgres_connector(config).value();
    // Tagged's "mood" column is of an enum type, found through the connector's
    // search_path (its table is in the schema "app", as Note's is).
    ASSERT_TRUE(raw_->run("CREATE SCHEMA \"" + schema_ + "\"; CREATE TYPE \"" + schema_ +
                          "\".mood AS ENUM ('sad', 'ok', 'happy')"));
    for (const char* name :
         {"Item", "Note", "Pair", "Tagged", "We\"ird", "Author", "Post", "Comment", "Tag", "PostTag", "Category", "Ranked"}) {
      auto status = connector_->automigrate(model(name));
      ASSERT_TRUE(status) << name << ": " << status.error().message();
    }
    ASSERT_TRUE(raw_->run("SET search_path TO \"" + schema_ + "\""));
  }
  void TearDown() override {
    if (raw_ && !raw_->lost()) {
      (void)raw_->run("DROP TABLE IF EXISTS app.tagged; DROP SCHEMA IF EXISTS \"" + schema_ +
                      "\" CASCADE; DROP TABLE IF EXISTS app.notes");
    }
  }

  std::string schema_;
  std::unique_ptr<PgConnection> raw_;
  std::unique_ptr<Connector> connector_;
};

TEST_F(PgGoldenPrepare, EveryGoldenStatement) {
  int prepared = 0;
  for (const char* topic : {"where", "order", "near", "write", "ddl", "names", "types", "related", "paging"}) {
    auto file = lb::testing::load_golden(lb::testing::test_data_path(std::string("golden/sql/postgres/") + topic + ".txt"));
    for (const auto& c : file.cases) {
      if (c.input.rfind("where ", 0) == 0) continue;  // a fragment, not a statement
      auto statements = lower(postgres_, c.input);
      if (!statements) continue;  // cases pinning an error
      for (const sql::SqlStatement& statement : *statements) {
        if (statement.text.rfind("CREATE", 0) == 0 || statement.text.rfind("DROP", 0) == 0) {
          // DDL takes no parameters and cannot be prepared; it already ran (automigrate).
          EXPECT_TRUE(statement.params.empty());
          continue;
        }
        auto status = raw_->run("PREPARE lb_golden AS " + statement.text);
        EXPECT_TRUE(status) << c.name << ": " << (status ? "" : status.error().message()) << "\n" << statement.text;
        if (!status) continue;
        auto count = raw_->query("SELECT cardinality(parameter_types) FROM pg_prepared_statements WHERE name = 'lb_golden'");
        ASSERT_TRUE(count);
        EXPECT_EQ(std::string(count->text(0, 0)), std::to_string(statement.params.size())) << c.name;
        ASSERT_TRUE(raw_->run("DEALLOCATE lb_golden"));
        ++prepared;
      }
    }
  }
  EXPECT_GT(prepared, 120);
}

}  // namespace
}  // namespace lb::postgres::testing
