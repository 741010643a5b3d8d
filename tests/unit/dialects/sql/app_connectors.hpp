// The connectors the app-level SQL tests compare with memory, and the data source
// settings each needs: SQLite always; PostgreSQL when LB_TEST_POSTGRES_URL names a
// server, each data source in a schema of its own (a throwaway cluster: schemas are
// left behind).
#pragma once

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <vector>

#include "lb/value.hpp"

namespace lb::sql::testing {

inline std::vector<std::string> sql_connectors() {
  std::vector<std::string> out{"sqlite3"};
  const char* url = std::getenv("LB_TEST_POSTGRES_URL");
  if (url && *url) out.emplace_back("postgresql");
  return out;
}

// Data source settings for `connector` under the name `registered` (the connector
// itself, or a wrapper registered for it).
inline Object data_source_settings(const std::string& connector, const std::string& registered) {
  Object settings{{"connector", registered}};
  if (connector == "postgresql") {
    static std::atomic<int> next{0};
    settings.push_back("url", std::getenv("LB_TEST_POSTGRES_URL"));
    settings.push_back("schema", "lbt_" + std::to_string(::getpid()) + "_" + std::to_string(next++));
  } else if (connector == "sqlite3") {
    settings.push_back("file", ":memory:");
  }
  return settings;
}

}  // namespace lb::sql::testing
