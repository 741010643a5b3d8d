// The `lb` command line: `lb [--app DIR] [--pretty] COMMAND ...`. Prints results to
// stdout and LoopBack-shaped errors to stderr with exit status 1 (2 for usage errors).
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/model_loader.hpp"
#include "lb/filter/bind.hpp"
#include "lb/filter/parse.hpp"
#include "lb/json.hpp"
#include "lb/registry.hpp"

namespace {

constexpr const char* kUsage = R"(usage: lb [--app DIR] [--pretty] COMMAND ...

Commands:
  models                         list the application's models
  parse [FILTER] [--query QS]    print a filter's parsed (Syntax) tree
  compile MODEL [FILTER] [--query QS]
                                 parse and bind a filter against MODEL, print the
                                 bound tree
  definition MODEL               print MODEL's resolved definition as JSON

FILTER is JSON text, @FILE, or - for stdin. --query takes LoopBack's query-string
form instead (filter[where][price][gt]=10&filter[order]=price%20DESC).
--app defaults to the current directory.
)";

struct Options {
  std::string app = ".";
  bool pretty = false;
  std::vector<std::string> args;
  std::optional<std::string> query;
};

int fail(const lb::Error& error, bool pretty) {
  const lb::Value body = error.to_value();
  std::cerr << (pretty ? lb::to_pretty_json(body) : lb::to_json(body)) << "\n";
  return 1;
}

int usage_error(const std::string& message) {
  std::cerr << "lb: " << message << "\n\n" << kUsage;
  return 2;
}

void print_tree(const std::string& text) {
  std::cout << text;
  if (text.empty() || text.back() != '\n') std::cout << '\n';
}

// JSON arguments: literal text, @file, or - for stdin.
lb::Result<std::string> read_argument(const std::string& arg) {
  if (arg == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  if (!arg.empty() && arg[0] == '@') {
    std::ifstream in(arg.substr(1));
    if (!in) return lb::invalid_input("cannot read " + arg.substr(1));
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  return arg;
}

lb::Result<lb::filter::Syntax> read_filter(const Options& o, std::size_t index) {
  if (o.query) return lb::filter::parse_filter_query(*o.query);
  if (o.args.size() <= index) return lb::filter::Syntax{};
  auto text = read_argument(o.args[index]);
  if (!text) return text.error();
  return lb::filter::parse_filter(*text);
}

int run(const Options& o) {
  const std::string& command = o.args[0];
  if (command == "parse") {
    auto syntax = read_filter(o, 1);
    if (!syntax) return fail(syntax.error(), o.pretty);
    print_tree(syntax->to_string());
    return 0;
  }
  lb::Registry registry;
  if (auto loaded = lb::cli::load_models(o.app, registry); !loaded) return fail(loaded.error(), o.pretty);
  auto model_named = [&](const std::string& name) -> lb::Result<const lb::ModelDefinition*> {
    if (const auto* m = registry.find(name)) return m;
    return lb::not_found(fmt::format("Model \"{}\" is not defined in {}", name, o.app));
  };
  if (command == "models") {
    lb::Array names;
    for (const auto& n : registry.names())
      if (registry.find(n)->source != "built-in") names.emplace_back(n);
    std::cout << (o.pretty ? lb::to_pretty_json(names) : lb::to_json(names)) << "\n";
    return 0;
  }
  if (command == "definition" || command == "compile") {
    if (o.args.size() < 2) return usage_error(command + " needs a MODEL");
    auto model = model_named(o.args[1]);
    if (!model) return fail(model.error(), o.pretty);
    if (command == "definition") {
      const lb::Value json = (*model)->to_value();
      std::cout << (o.pretty ? lb::to_pretty_json(json) : lb::to_json(json)) << "\n";
      return 0;
    }
    auto syntax = read_filter(o, 2);
    if (!syntax) return fail(syntax.error(), o.pretty);
    auto bound = lb::filter::bind(*syntax, **model, registry);
    if (!bound) return fail(bound.error(), o.pretty);
    print_tree(bound->to_string());
    return 0;
  }
  return usage_error("unknown command \"" + command + "\"");
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--app" || arg == "--query") {
      if (i + 1 >= argc) return usage_error(arg + " needs a value");
      (arg == "--app" ? o.app : o.query.emplace()) = argv[++i];
    } else if (arg == "--pretty") {
      o.pretty = true;
    } else if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else {
      o.args.push_back(arg);
    }
  }
  if (o.args.empty()) return usage_error("no command");
  try {
    return run(o);
  } catch (const lb::Error& e) {
    return fail(e, o.pretty);
  } catch (const std::exception& e) {
    return fail(lb::internal_error(e.what()), o.pretty);
  }
}
