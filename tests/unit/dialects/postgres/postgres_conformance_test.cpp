// Runs every conformance file (tests/conformance/*.json, recorded from the reference
// LoopBack ORM) against the postgresql connector: a schema of its own per case file
// on the test server, every model automigrated before its data is loaded.
// file-roundtrip names a memory-connector file: its rows are read with a memory data
// source and loaded into PostgreSQL, so the same ops check that PostgreSQL reads the
// same data the same way.
#include <gtest/gtest.h>

#include <iostream>

#include "pg_test_server.hpp"
#include "support/conformance.hpp"

namespace lb::postgres::testing {
namespace {

namespace fs = std::filesystem;

class PgConformance : public ::testing::TestWithParam<fs::path> {};

TEST_P(PgConformance, PostgresqlConnectorMatchesTheRecordedResults) {
  const std::string url = server_url();
  if (url.empty()) GTEST_FAIL() << "no server";
  auto raw = raw_connection();
  if (!raw) GTEST_FAIL() << "no server";
  const std::string schema = unique_schema();
  lb::testing::ConformanceTarget postgres;
  postgres.settings = [&](const fs::path&) {
    return Object{{"connector", "postgresql"}, {"url", url}, {"schema", schema}};
  };
  postgres.migrate = true;
  postgres.tables = true;
  postgres.import_memory_file = true;
  const lb::testing::ConformanceOutcome outcome = lb::testing::run_conformance_file(GetParam(), postgres);
  (void)raw->run("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
  RecordProperty("ops", outcome.ops);
  RecordProperty("passed", outcome.passed);
  std::cout << "[conformance postgresql] " << GetParam().filename().string() << ": " << outcome.passed << "/"
            << outcome.ops << " ops pass (" << outcome.differs << " marked differs)\n";
  EXPECT_GT(outcome.ops, 0);
  EXPECT_EQ(outcome.passed, outcome.ops);
}

INSTANTIATE_TEST_SUITE_P(Files, PgConformance, ::testing::ValuesIn(lb::testing::conformance_files()),
                         [](const ::testing::TestParamInfo<fs::path>& info) {
                           return lb::testing::conformance_test_name(info.param);
                         });

}  // namespace
}  // namespace lb::postgres::testing
