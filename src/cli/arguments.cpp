// Argument forms of the `lb` program (see arguments.hpp).
#include "cli/arguments.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "lb/json.hpp"

namespace lb::cli {
namespace {

// Command-line data may be a whole data set (create with an array, import), so the
// JSON size limit is well above the 1 MiB meant for filters from clients.
constexpr JsonLimits kDataLimits{std::size_t{1} << 30, 64};

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return not_found(fmt::format("cannot read {}", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<std::string> read_stdin(bool& used) {
  if (used) return invalid_input("stdin (-) can be read only once");
  used = true;
  return std::string(std::istreambuf_iterator<char>(std::cin), {});
}

}  // namespace

Result<std::string> ArgumentReader::text(const std::string& arg) {
  if (arg == "-") return read_stdin(stdin_used_);
  if (arg.starts_with("@")) return read_file(arg.substr(1));
  return arg;
}

Result<Value> ArgumentReader::json(const std::string& arg, const char* what) {
  auto text_value = text(arg);
  if (!text_value) return std::move(text_value).error();
  auto parsed = parse_json(*text_value, kDataLimits);
  if (!parsed) return invalid_input(fmt::format("{}: {}", what, parsed.error().message()));
  return parsed;
}

Result<std::string> ArgumentReader::file(const std::string& arg) {
  if (arg == "-") return read_stdin(stdin_used_);
  return read_file(arg.starts_with("@") ? arg.substr(1) : arg);
}

Value parse_id(const std::string& arg) {
  auto parsed = parse_json(arg);
  if (parsed && !parsed->is_array() && !parsed->is_object()) return std::move(*parsed);
  return Value(arg);
}

Result<Array> parse_rows(const std::string& text, const std::string& label) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return Array{};
  if (text[first] == '[') {
    auto parsed = parse_json(text, kDataLimits);
    if (!parsed) return invalid_input(fmt::format("{}: {}", label, parsed.error().message()));
    return std::move(parsed->as_array());
  }
  Array rows;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line_number;
    std::string_view line(text.data() + start, end - start);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      auto parsed = parse_json(line, kDataLimits);
      if (!parsed)
        return invalid_input(fmt::format("{}:{}: {}", label, line_number, parsed.error().message()));
      rows.push_back(std::move(*parsed));
    }
    start = end + 1;
  }
  return rows;
}

}  // namespace lb::cli
