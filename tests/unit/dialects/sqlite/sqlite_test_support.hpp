// What the sqlite3 connector tests share: a temporary directory for database files,
// and an App with a sqlite3 data source whose models are automigrated when defined.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "lb/app.hpp"
#include "lb/json.hpp"
#include "sqlite/sqlite_connector.hpp"

namespace lb::sqlite::testing {

inline Value json(const char* text) { return parse_json(text).value(); }

// A directory of its own, removed with everything in it when the test ends.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> next{0};
    path_ = std::filesystem::temp_directory_path() /
            ("lb-sqlite-test-" + std::to_string(::getpid()) + "-" + std::to_string(next++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// An App whose data source "db" is a sqlite3 database (a file in a temporary directory,
// or in memory).
class SqliteApp {
 public:
  explicit SqliteApp(bool in_memory = false) {
    Object settings{{"connector", "sqlite3"}};
    if (!in_memory) settings.push_back("file", dir_.file("test.db"));
    app_.add_data_source("db", Value(std::move(settings))).value();
  }
  // Defines the model on "db" and creates its table.
  Model& define(const char* definition) {
    Model* model = app_.define_model(json(definition), "db").value();
    source().automigrate(model->definition()).value();
    return *model;
  }
  [[nodiscard]] App& app() { return app_; }
  [[nodiscard]] DataSource& source() { return *app_.find_data_source("db"); }
  [[nodiscard]] SqliteConnector& connector() { return dynamic_cast<SqliteConnector&>(source().connector()); }
  [[nodiscard]] const TempDir& dir() const { return dir_; }
  [[nodiscard]] std::string database() const { return dir_.file("test.db"); }

 private:
  TempDir dir_;
  App app_;
};

}  // namespace lb::sqlite::testing
