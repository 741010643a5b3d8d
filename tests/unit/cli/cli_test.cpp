// The lb program, run as a user runs it: each golden case is a command line (after
// "lb"), run from the repository root; the expected output is the exit status, then
// stdout, then stderr.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

#include "support/golden.hpp"

namespace {

std::string run_lb(const std::string& args) {
  const std::string err_file = ::testing::TempDir() + "lb_cli_stderr.txt";
  const std::string command =
      std::string("cd '") + LB_SOURCE_DIR + "' && '" + LB_CLI_PATH + "' " + args + " 2>'" + err_file + "'";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return "popen failed";
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  const int status = pclose(pipe);
  std::string err;
  if (FILE* f = fopen(err_file.c_str(), "r")) {
    while ((n = fread(buf.data(), 1, buf.size(), f)) > 0) err.append(buf.data(), n);
    fclose(f);
  }
  return "exit " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + "\n" + out +
         (err.empty() ? "" : "stderr:\n" + err);
}

TEST(Cli, GoldenCommands) { lb::testing::run_golden_file("golden/cli/commands.txt", run_lb); }

}  // namespace
