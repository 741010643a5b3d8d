// Runs the bind stage's golden files: filter JSON in, the printed Bound or the error
// body out. The cases live in tests/golden/filter/bind/*.txt; every file there is run.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "bind_fixture.hpp"
#include "support/golden.hpp"

namespace lb::testing {
namespace {

std::vector<std::string> golden_files() {
  std::vector<std::string> names;
  for (const auto& entry :
       std::filesystem::directory_iterator(test_data_path("golden/filter/bind")))
    if (entry.path().extension() == ".txt") names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(BindGolden, EveryFileMatches) {
  const std::vector<std::string> files = golden_files();
  // Guards against the directory going missing: a run over nothing would pass.
  ASSERT_GE(files.size(), 8u);
  int cases = 0;
  for (const std::string& file : files)
    cases += run_golden_file("golden/filter/bind/" + file, run_bind_case);
  EXPECT_GT(cases, 150);
}

}  // namespace
}  // namespace lb::testing
