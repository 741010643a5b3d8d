// Golden case files: behaviour tests as data. A file holds cases of the form
//
//   === case name
//   <input: one or more lines>
//   ---
//   <expected output: one or more lines>
//
// Lines before the first "===" are a free-form header (comments). Run a file with
// run_golden_file(); set LB_UPDATE_GOLDEN=1 to rewrite the expectations from the
// actual output (then review the diff, as with any golden test).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace lb::testing {

struct GoldenCase {
  std::string name;
  std::string input;     // without the trailing newline
  std::string expected;  // without the trailing newline
  int line = 0;          // of the "===" line, for failure messages
};

struct GoldenFile {
  std::string header;
  std::vector<GoldenCase> cases;
};

// Throws std::runtime_error on a malformed file.
GoldenFile load_golden(const std::string& path);
void save_golden(const std::string& path, const GoldenFile& file);

// Path of a data file below tests/ ("golden/filter/parse/where.txt").
std::string test_data_path(const std::string& relative);

// Runs `produce` on every case's input and EXPECTs the output to equal the expected
// text (one GoogleTest failure per mismatching case, naming file:line and case).
// Returns the number of cases run; a file with no case fails the test.
int run_golden_file(const std::string& relative_path,
                    const std::function<std::string(const std::string& input)>& produce);

}  // namespace lb::testing
