// The conformance runner: loads one tests/conformance/*.json file, runs its ops against
// a data source of any connector, and compares each result with the recorded one by
// the rules of tests/conformance/README.md, the operation hooks of ops marked "hooks"
// included. Each connector's test program says how to make its data source
// (ConformanceTarget) and runs every file through this. LB_CONFORMANCE_OUT=DIR also
// writes what lb returned for each file into DIR, to diff against the recording.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "lb/value.hpp"

namespace lb::testing {

struct ConformanceTarget {
  // The data source's settings for one case file ({"connector": ..., ...}); the case's
  // own "settings" are laid over them (a relative "file" pointing at a private copy).
  std::function<Object(const std::filesystem::path& case_file)> settings;
  // automigrate every model before loading the file's data (SQL connectors).
  bool migrate = false;
  // The connector keeps rows in tables: a property never set reads back as null, so an
  // absent key and a null value in a row compare equal (README, Comparing).
  bool tables = false;
  // The case's "settings.file" names a memory-connector file: instead of passing it to
  // the connector, its rows are read with a memory data source and loaded into this one
  // (ids kept) before the ops run.
  bool import_memory_file = false;
};

struct ConformanceOutcome {
  int ops = 0;
  int passed = 0;
  int differs = 0;  // ops marked "differs" (checked against their "lb" result)
};

// Runs one file; every op that does not match is reported with ADD_FAILURE (naming the
// file, the op, what was expected and what lb returned).
ConformanceOutcome run_conformance_file(const std::filesystem::path& file, const ConformanceTarget& target);

// tests/conformance/*.json without the *.case.json sources, sorted.
std::vector<std::filesystem::path> conformance_files();
// A file's name as a test name ("where-near.json" -> "where_near").
std::string conformance_test_name(const std::filesystem::path& file);

}  // namespace lb::testing
