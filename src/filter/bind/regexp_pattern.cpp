// regexp operands to checked RE2 patterns. RE2 runs in time linear in the input, so a
// filter cannot make a planner backtrack without bound; the price is that lookaround
// and backreferences are refused here rather than accepted as LoopBack accepts them.
#include "filter/bind/regexp_pattern.hpp"

#include <fmt/format.h>
#include <re2/re2.h>

#include "filter/bind/binder.hpp"
#include "filter/bind/coerce.hpp"
#include "filter/parse/regexp_literal.hpp"

namespace lb::filter::detail {
namespace {

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Applies JavaScript flags to `out`; a 400 for flags LoopBack refuses.
Status apply_flags(std::string_view flags, RegexpPattern& out, const KeyPath& key_path) {
  std::string invalid;
  bool multiline = false;
  for (char flag : flags) {
    if (!is_loopback_regexp_flag(flag)) {
      if (!invalid.empty()) invalid += ',';
      invalid += flag;
    } else if (flag == 'i') {
      out.case_insensitive = true;
    } else if (flag == 'm') {
      multiline = true;
    }
  }
  if (!invalid.empty())
    return bind_error(key_path, fmt::format("Invalid regex flags: {}", invalid));
  if (multiline && !out.pattern.starts_with("(?m)")) out.pattern.insert(0, "(?m)");
  return {};
}

}  // namespace

std::string js_regexp_to_re2(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size());
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      if (pattern[i + 1] == 'u' && i + 5 < pattern.size() && is_hex(pattern[i + 2]) &&
          is_hex(pattern[i + 3]) && is_hex(pattern[i + 4]) && is_hex(pattern[i + 5])) {
        out += "\\x{";
        out += pattern.substr(i + 2, 4);
        out += '}';
        i += 5;
        continue;
      }
      out += c;
      out += pattern[i + 1];
      ++i;
      continue;
    }
    if (c == '(' && pattern.substr(i, 3) == "(?<" && i + 3 < pattern.size() &&
        pattern[i + 3] != '=' && pattern[i + 3] != '!') {
      out += "(?P<";
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

Result<RegexpPattern> bind_regexp(const Value& operand, const Value* options,
                                  const KeyPath& key_path) {
  if (!operand.is_string())
    return bind_error(key_path, fmt::format("Invalid argument, must be a string, regex literal, "
                                            "or RegExp object, got {}",
                                            describe_value(operand)));
  RegexpPattern out;
  std::string source;
  if (auto literal = parse_regexp_literal(operand.as_string())) {
    source = std::move(literal->pattern);
    out.pattern = js_regexp_to_re2(source);
    if (auto status = apply_flags(literal->flags, out, key_path); !status) return status.error();
  } else {
    source = operand.as_string();
    out.pattern = js_regexp_to_re2(source);
  }
  if (options && !options->is_null()) {
    if (!options->is_string())
      return bind_error(
          key_path.member("options"),
          fmt::format("expected a string of regexp flags, got {}", describe_value(*options)));
    if (auto status = apply_flags(options->as_string(), out, key_path.member("options"));
        !status)
      return status.error();
  }

  RE2::Options re2_options;
  re2_options.set_log_errors(false);
  re2_options.set_case_sensitive(!out.case_insensitive);
  RE2 compiled(out.pattern, re2_options);
  if (!compiled.ok())
    return bind_error(
        key_path,
        fmt::format("Invalid regular expression /{}/: {}",
                    source.size() > 80 ? source.substr(0, 80) + "..." : source, compiled.error()));
  return out;
}

}  // namespace lb::filter::detail
