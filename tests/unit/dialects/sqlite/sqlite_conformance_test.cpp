// Runs every conformance file (tests/conformance/*.json, recorded from the reference
// LoopBack ORM) against the sqlite3 connector: a fresh database file per case file,
// every model automigrated before its data is loaded. file-roundtrip names a
// memory-connector file: its rows are read with a memory data source and loaded into
// SQLite, so the same ops check that SQLite reads the same data the same way.
#include <gtest/gtest.h>
#include <unistd.h>

#include <iostream>

#include "support/conformance.hpp"

namespace {

namespace fs = std::filesystem;

// A directory of its own for the databases, removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("lb-sqlite-conformance-" + std::to_string(::getpid()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

class SqliteConformance : public testing::TestWithParam<fs::path> {};

TEST_P(SqliteConformance, Sqlite3ConnectorMatchesTheRecordedResults) {
  TempDir dir;
  lb::testing::ConformanceTarget sqlite;
  sqlite.settings = [&](const fs::path& file) {
    return lb::Object{{"connector", "sqlite3"}, {"file", (dir.path() / (file.stem().string() + ".db")).string()}};
  };
  sqlite.migrate = true;
  sqlite.tables = true;
  sqlite.import_memory_file = true;
  const lb::testing::ConformanceOutcome outcome = lb::testing::run_conformance_file(GetParam(), sqlite);
  RecordProperty("ops", outcome.ops);
  RecordProperty("passed", outcome.passed);
  std::cout << "[conformance sqlite3] " << GetParam().filename().string() << ": " << outcome.passed << "/"
            << outcome.ops << " ops pass (" << outcome.differs << " marked differs)\n";
  EXPECT_GT(outcome.ops, 0);
  EXPECT_EQ(outcome.passed, outcome.ops);
}

INSTANTIATE_TEST_SUITE_P(Files, SqliteConformance, testing::ValuesIn(lb::testing::conformance_files()),
                         [](const testing::TestParamInfo<fs::path>& info) {
                           return lb::testing::conformance_test_name(info.param);
                         });

}  // namespace
