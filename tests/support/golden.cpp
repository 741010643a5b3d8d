// Golden case files: loading, saving, and running them under GoogleTest.
#include "support/golden.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace lb::testing {
namespace {

std::string strip_trailing_newlines(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace

GoldenFile load_golden(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open golden file " + path);
  GoldenFile file;
  GoldenCase* current = nullptr;
  bool in_expected = false;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.rfind("=== ", 0) == 0) {
      if (current && !in_expected)
        throw std::runtime_error(path + ":" + std::to_string(current->line) + ": case without ---");
      file.cases.push_back(GoldenCase{line.substr(4), "", "", number});
      current = &file.cases.back();
      in_expected = false;
      continue;
    }
    if (!current) {
      file.header += line + "\n";
      continue;
    }
    if (!in_expected && line == "---") {
      in_expected = true;
      continue;
    }
    (in_expected ? current->expected : current->input) += line + "\n";
  }
  if (current && !in_expected)
    throw std::runtime_error(path + ":" + std::to_string(current->line) + ": case without ---");
  for (auto& c : file.cases) {
    c.input = strip_trailing_newlines(c.input);
    c.expected = strip_trailing_newlines(c.expected);
  }
  return file;
}

void save_golden(const std::string& path, const GoldenFile& file) {
  std::ofstream out(path + ".tmp");
  out << file.header;
  for (const auto& c : file.cases) {
    out << "=== " << c.name << "\n" << c.input << "\n---\n" << c.expected << "\n";
  }
  out.close();
  if (std::rename((path + ".tmp").c_str(), path.c_str()) != 0)
    throw std::runtime_error("cannot write " + path);
}

std::string test_data_path(const std::string& relative) {
  return std::string(LB_TEST_DATA) + "/" + relative;
}

int run_golden_file(const std::string& relative_path,
                    const std::function<std::string(const std::string&)>& produce) {
  const std::string path = test_data_path(relative_path);
  GoldenFile file = load_golden(path);
  EXPECT_FALSE(file.cases.empty()) << path << " has no cases";
  const char* update = std::getenv("LB_UPDATE_GOLDEN");
  bool updating = update && std::string(update) == "1";
  for (auto& c : file.cases) {
    std::string actual = strip_trailing_newlines(produce(c.input));
    if (updating) {
      c.expected = actual;
    } else {
      EXPECT_EQ(c.expected, actual) << relative_path << ":" << c.line << ": case \"" << c.name << "\"";
    }
  }
  if (updating) save_golden(path, file);
  return static_cast<int>(file.cases.size());
}

}  // namespace lb::testing
