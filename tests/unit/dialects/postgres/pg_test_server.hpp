// The PostgreSQL server the tests run against: LB_TEST_POSTGRES_URL, which
// scripts/test sets after starting a throwaway cluster (scripts/pg-cluster). Without
// it, or when the server does not answer, every PostgreSQL test fails (never skips)
// saying so. Each test works in a schema of its own (dropped afterwards), so the tests
// run in parallel against one database.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "lb/app.hpp"
#include "postgres/pg_connection.hpp"
#include "postgres/postgres_connector.hpp"

namespace lb::postgres::testing {

// The server's URL, or "" after reporting a fatal failure that says how to set it.
std::string server_url();

// A fresh schema name: "lbt_<pid>_<n>".
std::string unique_schema();

// A direct connection to the test server (for checks behind the connector's back).
std::unique_ptr<PgConnection> raw_connection(const std::string& schema = "");

// A test with an App whose data source "pg" is a postgresql connector on the test
// server, in its own schema.
class PgTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Extra settings laid over {"connector", "url", "schema"} for the data source.
  virtual Object extra_settings() const { return {}; }

  [[nodiscard]] PostgresConnector& connector() const;
  [[nodiscard]] Connector& data_source_connector() const;
  // Defines the model on "pg" and automigrates its table.
  Model& define(const char* definition_json);
  // Runs SQL in the test's schema on a separate connection; fails the test on error.
  PgResult sql(const std::string& text);

  App app_;
  std::string url_;
  std::string schema_;
  std::unique_ptr<PgConnection> raw_;
};

}  // namespace lb::postgres::testing
