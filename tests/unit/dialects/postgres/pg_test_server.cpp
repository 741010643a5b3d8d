// The test server and the per-test schema (see pg_test_server.hpp).
#include "pg_test_server.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include "lb/json.hpp"

namespace lb::postgres::testing {

std::string server_url() {
  const char* url = std::getenv("LB_TEST_POSTGRES_URL");
  if (!url || !*url) {
    ADD_FAILURE() << "LB_TEST_POSTGRES_URL is not set: the PostgreSQL tests need a server. Run scripts/test (it "
                     "starts a throwaway cluster with scripts/pg-cluster), or start one yourself "
                     "(scripts/pg-cluster start /tmp/lb-pg) and export LB_TEST_POSTGRES_URL=<the URL it prints>.";
    return "";
  }
  return url;
}

std::string unique_schema() {
  static std::atomic<int> next{1};
  return "lbt_" + std::to_string(::getpid()) + "_" + std::to_string(next.fetch_add(1));
}

std::unique_ptr<PgConnection> raw_connection(const std::string& schema) {
  const std::string url = server_url();
  if (url.empty()) return nullptr;
  ConnectorConfig config;
  config.data_source = "test";
  config.settings = Value(Object{{"url", url}, {"schema", schema}});
  auto settings = read_settings(config);
  if (!settings) {
    ADD_FAILURE() << settings.error().message();
    return nullptr;
  }
  auto connection = PgConnection::open(*settings);
  if (!connection) {
    ADD_FAILURE() << "The PostgreSQL server at LB_TEST_POSTGRES_URL=" << url << " does not answer ("
                  << connection.error().message() << "). Run scripts/test, which starts one.";
    return nullptr;
  }
  return std::move(*connection);
}

void PgTest::SetUp() {
  url_ = server_url();
  if (url_.empty()) GTEST_FAIL() << "no server";
  schema_ = unique_schema();
  raw_ = raw_connection();
  if (!raw_) GTEST_FAIL() << "no server";
  ASSERT_TRUE(raw_->run("CREATE SCHEMA \"" + schema_ + "\"; SET search_path TO \"" + schema_ + "\""));
  Object settings{{"connector", "postgresql"}, {"url", url_}, {"schema", schema_}};
  for (const auto& [key, value] : extra_settings()) settings.insert_or_assign(key, value);
  auto added = app_.add_data_source("pg", Value(std::move(settings)));
  ASSERT_TRUE(added) << added.error().message();
}

void PgTest::TearDown() {
  if (raw_ && !raw_->lost()) (void)raw_->run("DROP SCHEMA IF EXISTS \"" + schema_ + "\" CASCADE");
}

PostgresConnector& PgTest::connector() const { return dynamic_cast<PostgresConnector&>(data_source_connector()); }

Connector& PgTest::data_source_connector() const { return app_.find_data_source("pg")->connector(); }

Model& PgTest::define(const char* definition_json) {
  Model* model = app_.define_model(parse_json(definition_json).value(), "pg").value();
  app_.find_data_source("pg")->automigrate(model->definition()).value();
  return *model;
}

PgResult PgTest::sql(const std::string& text) {
  auto result = raw_->query(text);
  EXPECT_TRUE(result) << text << ": " << (result ? "" : result.error().message());
  return result ? std::move(*result) : PgResult();
}

}  // namespace lb::postgres::testing
