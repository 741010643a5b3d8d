// The `lb` command line: `lb [--app DIR] [--pretty] COMMAND ...`. Prints results to
// stdout and LoopBack-shaped errors to stderr with exit status 1 (2 for usage errors).
// The contract is docs/cli.md.
#include <exception>
#include <iostream>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "lb/error.hpp"
#include "lb/json.hpp"

namespace {

int fail(const lb::Error& error, bool pretty) {
  const lb::Value body = error.to_value();
  std::cerr << (pretty ? lb::to_pretty_json(body) : lb::to_json(body)) << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  lb::cli::CommandLine command_line;
  if (auto usage = lb::cli::parse_command_line(argc, argv, command_line)) {
    // The message and the synopsis; the full text is one `lb --help` away.
    std::cerr << "lb: " << usage->message << "\n"
              << "usage: lb [--app DIR] [--pretty] COMMAND ...  (lb --help lists the commands)\n";
    return 2;
  }
  if (command_line.help) {
    std::cout << lb::cli::usage_text();
    return 0;
  }
  try {
    return lb::cli::run_command(command_line);
  } catch (const lb::Error& e) {
    return fail(e, command_line.pretty);
  } catch (const std::exception& e) {
    return fail(lb::internal_error(e.what()), command_line.pretty);
  }
}
