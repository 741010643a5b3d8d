// The `lb` program's commands: each boots the application (but `parse`), runs one
// operation, and prints its JSON result to stdout or the error to stderr.
#pragma once

#include "cli/command_line.hpp"

namespace lb::cli {

// Runs a parsed command line; returns the exit status (0 done, 1 error).
[[nodiscard]] int run_command(const CommandLine& command_line);

}  // namespace lb::cli
