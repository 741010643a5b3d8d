// Command-line parsing for `lb`: the commands' shapes in one table, so argument
// counts and --query's place are checked before anything is booted.
#include "cli/command_line.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace lb::cli {
namespace {

using Slot = CommandShape::Slot;

constexpr std::size_t kMany = 1 << 20;  // "MODEL..." and "TABLE...": no limit

constexpr std::array<CommandShape, 18> kCommands{{
    {"find", 1, 2, Slot::Filter, 1},
    {"find-one", 1, 2, Slot::Filter, 1},
    {"find-by-id", 2, 3, Slot::Filter, 2},
    {"count", 1, 2, Slot::Where, 1},
    {"exists", 2, 2},
    {"explain", 1, 2, Slot::Filter, 1},
    {"create", 2, 2},
    {"upsert", 2, 2},
    {"update", 3, 3, Slot::Where, 1},
    {"delete", 2, 2, Slot::Where, 1},
    {"delete-by-id", 2, 2},
    {"import", 2, 2},
    {"models", 0, 0},
    {"definition", 1, 1},
    {"parse", 0, 1, Slot::Filter, 0},
    {"compile", 1, 2, Slot::Filter, 1},
    {"migrate", 0, kMany},
    {"discover", 1, kMany},
}};

// The shape of each command as the usage text writes it, for argument-count errors.
std::string synopsis(std::string_view command) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kSynopses{{
      {"find", "find MODEL [FILTER]"},
      {"find-one", "find-one MODEL [FILTER]"},
      {"find-by-id", "find-by-id MODEL ID [FILTER]"},
      {"count", "count MODEL [WHERE]"},
      {"exists", "exists MODEL ID"},
      {"explain", "explain MODEL [FILTER]"},
      {"create", "create MODEL DATA"},
      {"upsert", "upsert MODEL DATA"},
      {"update", "update MODEL WHERE DATA"},
      {"delete", "delete MODEL WHERE"},
      {"delete-by-id", "delete-by-id MODEL ID"},
      {"import", "import MODEL FILE"},
      {"models", "models"},
      {"definition", "definition MODEL"},
      {"parse", "parse [FILTER]"},
      {"compile", "compile MODEL [FILTER]"},
      {"migrate", "migrate [--update] [MODEL...]"},
      {"discover", "discover DATASOURCE [TABLE...]"},
  }};
  for (const auto& [name, text] : kSynopses)
    if (name == command) return std::string(text);
  return std::string(command);
}

}  // namespace

const char* usage_text() {
  return R"(usage: lb [--app DIR] [--pretty] COMMAND ...

Queries:
  find MODEL [FILTER]            the matching records, as a JSON array
  find-one MODEL [FILTER]        the first matching record, or null
  find-by-id MODEL ID [FILTER]   the record with this id, or null
  count MODEL [WHERE]            {"count": N}
  exists MODEL ID                {"exists": true} or {"exists": false}
  explain MODEL [FILTER]         how the data source would run find
Writes:
  create MODEL DATA              DATA is an object, or an array of objects
  upsert MODEL DATA              patch the record with DATA's id, or create it
  update MODEL WHERE DATA        patch every matching record: {"count": N}
  delete MODEL WHERE             delete every matching record: {"count": N}
  delete-by-id MODEL ID          {"count": 1}, or {"count": 0} when there is none
  import MODEL FILE              load a JSON array or NDJSON file (ids kept)
The application:
  models                         the models attached to a data source
  definition MODEL               MODEL's resolved definition as JSON
  parse [FILTER]                 a filter's parsed (Syntax) tree
  compile MODEL [FILTER]         a filter bound to MODEL, as a tree
Schema:
  migrate [--update] [MODEL...]  create the models' tables afresh (their data is
                                 lost), or with --update add what is missing and
                                 keep the data; every attached model when none given
  discover DATASOURCE [TABLE...] LoopBack model definitions for the tables (all of
                                 them when none given) the data source can see

FILTER, WHERE and DATA are JSON text, @FILE, or - for stdin. --query QS gives FILTER
or WHERE in LoopBack's query-string form instead (filter[where][price][gt]=10&
filter[order]=price%20DESC for a filter, where[price][gt]=10 for a where clause).
ID is JSON when it parses as a number, string, boolean or null, else the text itself.
FILE is a path, or - for stdin. --app defaults to the current directory.
Exit status: 0 done, 1 error (LoopBack's error body on stderr), 2 usage error.
)";
}

std::optional<UsageError> parse_command_line(int argc, const char* const* argv, CommandLine& out) {
  std::optional<std::string> query;
  std::vector<std::string> positional;
  bool options_done = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (options_done || !arg.starts_with("--")) {
      if (!options_done && arg == "-h") {
        out.help = true;
        continue;
      }
      positional.emplace_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    const auto equals = arg.find('=');
    const std::string_view name = arg.substr(0, equals);
    if (name == "--help" && equals == std::string_view::npos) {
      out.help = true;
    } else if (name == "--pretty" && equals == std::string_view::npos) {
      out.pretty = true;
    } else if (name == "--update" && equals == std::string_view::npos) {
      out.update = true;
    } else if (name == "--app" || name == "--query") {
      std::string value;
      if (equals != std::string_view::npos) {
        value = arg.substr(equals + 1);
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        return UsageError{std::string(name) + " needs a value"};
      }
      if (name == "--app") out.app = value;
      else if (query) return UsageError{"--query given twice"};
      else query = value;
    } else {
      return UsageError{"unknown option " + std::string(name)};
    }
  }
  if (out.help) return std::nullopt;
  if (positional.empty()) return UsageError{"no command"};
  const std::string& name = positional.front();
  const auto shape = std::find_if(kCommands.begin(), kCommands.end(),
                                  [&](const CommandShape& c) { return name == c.name; });
  if (shape == kCommands.end()) return UsageError{"unknown command \"" + name + "\""};
  out.command = &*shape;
  if (out.update && name != "migrate") return UsageError{"--update applies to migrate only"};
  for (std::size_t i = 1; i < positional.size(); ++i) out.args.push_back({positional[i], false});
  if (query) {
    if (shape->slot == Slot::None)
      return UsageError{std::string("--query does not apply to ") + shape->name};
    if (out.args.size() < shape->query_slot)
      return UsageError{"missing arguments: " + synopsis(name)};
    out.args.insert(out.args.begin() + static_cast<std::ptrdiff_t>(shape->query_slot), {*query, true});
  }
  if (out.args.size() < shape->min_args) return UsageError{"missing arguments: " + synopsis(name)};
  if (out.args.size() > shape->max_args) return UsageError{"too many arguments: " + synopsis(name)};
  return std::nullopt;
}

}  // namespace lb::cli
