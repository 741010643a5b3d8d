// The `lb` program's command line: options, the command, and its positional
// arguments checked against the command's shape, with the usage text.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lb::cli {

// What a command takes after its name. `query_slot` is the position of the FILTER or
// WHERE argument that --query may give instead (none: the command has no such slot).
struct CommandShape {
  const char* name;
  std::size_t min_args;
  std::size_t max_args;
  enum class Slot { None, Filter, Where } slot = Slot::None;
  std::size_t query_slot = 0;
};

// One positional argument; `from_query` marks the one --query filled.
struct Argument {
  std::string text;
  bool from_query = false;
};

struct CommandLine {
  std::string app = ".";
  bool pretty = false;
  bool help = false;
  bool update = false;  // migrate --update
  const CommandShape* command = nullptr;
  std::vector<Argument> args;  // after the command name, --query's slot filled in
};

// A usage error (exit status 2): the message to print before the usage text.
struct UsageError {
  std::string message;
};

// Parses argv[1..]. Options may appear anywhere; "--" ends them.
[[nodiscard]] std::optional<UsageError> parse_command_line(int argc, const char* const* argv,
                                                           CommandLine& out);

[[nodiscard]] const char* usage_text();

}  // namespace lb::cli
