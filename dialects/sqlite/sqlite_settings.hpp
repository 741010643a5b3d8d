// SqliteSettings: a data source's settings as the sqlite3 connector reads them
// (loopback-connector-sqlite3's names): "file" (a path, relative to the application
// directory) or ":memory:" / none for a private in-memory database, and "busyTimeout"
// (milliseconds to wait for a lock another connection holds).
#pragma once

#include <chrono>
#include <string>

#include "lb/connector.hpp"
#include "lb/result.hpp"

namespace lb::sqlite {

struct SqliteSettings {
  // The database file, resolved against ConnectorConfig::base_dir; empty for in-memory.
  std::string file;
  std::chrono::milliseconds busy_timeout{5000};
  // The name errors and explain() show: the file, or ":memory:".
  [[nodiscard]] std::string display_name() const { return file.empty() ? ":memory:" : file; }
  [[nodiscard]] bool in_memory() const { return file.empty(); }

  // 400 naming the data source and the setting for a value of the wrong kind.
  [[nodiscard]] static Result<SqliteSettings> from_config(const ConnectorConfig& config);
};

}  // namespace lb::sqlite
