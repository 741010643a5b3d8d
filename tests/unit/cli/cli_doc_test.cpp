// Keeps docs/cli.md true: every "$ lb ..." example in its sh blocks must be a golden CLI
// case (tests/golden/cli/*.txt), and the output the page shows must be that case's
// stdout and stderr.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/golden.hpp"

namespace {

struct DocExample {
  std::string command;  // after "$ lb "
  std::string output;
  int line = 0;
};

std::vector<DocExample> doc_examples() {
  std::ifstream in(std::string(LB_SOURCE_DIR) + "/docs/cli.md");
  std::vector<DocExample> examples;
  std::string line;
  bool in_sh = false;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.starts_with("```")) {
      in_sh = line == "```sh";
      continue;
    }
    if (!in_sh) continue;
    if (line.starts_with("$ lb ")) {
      examples.push_back({line.substr(5), "", number});
    } else if (!examples.empty() && !line.starts_with("$ ")) {
      examples.back().output += line + "\n";
    }
  }
  return examples;
}

// A case's expected output without the exit status line and the "stderr:" marker.
std::string shown_output(const std::string& expected) {
  std::istringstream lines(expected);
  std::string line, out;
  bool first = true;
  while (std::getline(lines, line)) {
    if (first && line.starts_with("exit ")) {
      first = false;
      continue;
    }
    first = false;
    if (line == "stderr:") continue;
    out += line + "\n";
  }
  return out;
}

TEST(CliDoc, EveryExampleIsAGoldenCase) {
  std::map<std::string, std::string> cases;
  for (const char* file : {"golden/cli/commands.txt", "golden/cli/queries.txt", "golden/cli/writes.txt"}) {
    for (const auto& c : lb::testing::load_golden(lb::testing::test_data_path(file)).cases)
      cases.emplace(c.input, c.expected);
  }
  const auto examples = doc_examples();
  EXPECT_GE(examples.size(), 20u) << "docs/cli.md lost its examples";
  for (const auto& example : examples) {
    const auto found = cases.find(example.command);
    if (found == cases.end()) {
      ADD_FAILURE() << "docs/cli.md:" << example.line << ": no golden case runs `lb " << example.command << "`";
      continue;
    }
    EXPECT_EQ(example.output, shown_output(found->second))
        << "docs/cli.md:" << example.line << ": `lb " << example.command << "`";
  }
}

}  // namespace
