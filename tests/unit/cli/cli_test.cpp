// The lb program, run as a user runs it. Each golden case is one or more command lines
// (after "lb"), run in a fresh sandbox: a temporary directory holding copies of
// docs/examples/shop (its SQLite database seeded by its seed script) and tests/golden/cli
// at their repository paths, so cases read like commands typed at the repository root
// while writes never touch the repository. The
// expected output is the exit status, then stdout, then stderr (for several command
// lines, each block starts with "$ lb ...").
#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <sys/wait.h>

#include "support/golden.hpp"

namespace {
namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs a shell command; its stdout, and its exit status (-1 when it did not exit).
std::pair<int, std::string> run_shell(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// Runs `lb ARGS` in `dir` with stdin from /dev/null unless ARGS redirect it.
std::string run_lb_in(const fs::path& dir, const std::string& args) {
  const fs::path err_file = fs::path(::testing::TempDir()) / ("lb_cli_stderr_" + std::to_string(::getpid()) + ".txt");
  const auto [status, out] = run_shell("unset NODE_ENV; cd '" + dir.string() + "' && '" + LB_CLI_PATH +
                                       "' </dev/null " + args + " 2>'" + err_file.string() + "'");
  const std::string err = read_file(err_file);
  return "exit " + std::to_string(status) + "\n" + out + (err.empty() ? "" : "stderr:\n" + err);
}

// Copies docs/examples/shop and tests/golden/cli into `root` at their repository paths,
// without a database a developer may have seeded in the checkout.
void copy_sources(const fs::path& root) {
  const fs::path source(LB_SOURCE_DIR);
  for (const char* dir : {"docs/examples/shop", "tests/golden/cli"}) {
    fs::create_directories(root / dir);
    fs::copy(source / dir, root / dir, fs::copy_options::recursive);
  }
  for (const char* name : {"shop.db", "shop.db-wal", "shop.db-shm"}) fs::remove(root / "docs/examples/shop/data" / name);
}

// Runs the example's seed script in `root`; "" when it succeeded, else what it printed.
std::string seed(const fs::path& root) {
  const auto [status, out] =
      run_shell("cd '" + root.string() + "' && docs/examples/shop/seed '" + LB_CLI_PATH + "' 2>&1");
  return status == 0 ? "" : "seed failed: " + out;
}

// The example application with its SQLite database seeded, made once per test program
// (seeding runs seven lb commands) and copied for every case.
const fs::path& seeded_template() {
  static const fs::path root = [] {
    const fs::path dir = fs::path(::testing::TempDir()) / ("lb_cli_template_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    copy_sources(dir);
    const std::string failure = seed(dir);
    if (!failure.empty()) throw std::runtime_error(failure);
    std::atexit([] { fs::remove_all(fs::path(::testing::TempDir()) / ("lb_cli_template_" + std::to_string(::getpid()))); });
    return dir;
  }();
  return root;
}

// A fresh copy of the seeded example application and the CLI's input files. The process
// id keeps sandboxes apart when ctest runs several of these tests (or two checkouts run
// their suites) at once.
fs::path make_sandbox() {
  static int next = 0;
  const fs::path root = fs::path(::testing::TempDir()) /
                        ("lb_cli_sandbox_" + std::to_string(::getpid()) + "_" + std::to_string(next++));
  fs::remove_all(root);
  fs::copy(seeded_template(), root, fs::copy_options::recursive);
  return root;
}

std::string run_case(const std::string& input) {
  const fs::path sandbox = make_sandbox();
  std::istringstream lines(input);
  std::string line, out;
  std::size_t count = 0;
  for (char c : input) count += c == '\n';
  const bool several = count > 0;
  while (std::getline(lines, line)) {
    if (several) out += "$ lb " + line + "\n";
    out += run_lb_in(sandbox, line);
  }
  if (input.empty()) out = run_lb_in(sandbox, "");
  fs::remove_all(sandbox);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TEST(Cli, GoldenCommands) { lb::testing::run_golden_file("golden/cli/commands.txt", run_case); }
TEST(Cli, GoldenQueries) { lb::testing::run_golden_file("golden/cli/queries.txt", run_case); }
TEST(Cli, GoldenWrites) { lb::testing::run_golden_file("golden/cli/writes.txt", run_case); }

// The seed script rebuilds the example's database from scratch: run twice, it leaves
// the same rows (it replaces the database instead of importing the rows again).
TEST(Cli, SeedingTheExampleTwiceGivesTheSameData) {
  const fs::path sandbox = make_sandbox();
  ASSERT_EQ(run_lb_in(sandbox, "--app docs/examples/shop create Item '{\"name\":\"extra\",\"price\":1}'").substr(0, 7), "exit 0\n");
  ASSERT_EQ(seed(sandbox), "");
  EXPECT_EQ(run_lb_in(sandbox, "--app docs/examples/shop count Item"), "exit 0\n{\"count\":30}\n");
  EXPECT_EQ(run_lb_in(sandbox, "--app docs/examples/shop count Review"), "exit 0\n{\"count\":16}\n");
  fs::remove_all(sandbox);
}

}  // namespace
