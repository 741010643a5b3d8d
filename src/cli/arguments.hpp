// The `lb` program's argument forms: JSON given as text, @FILE or - (stdin); ids
// given as JSON scalars or bare text; import files as a JSON array or NDJSON.
#pragma once

#include <string>

#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb::cli {

// Reads positional arguments, remembering that stdin can be read only once.
class ArgumentReader {
 public:
  // The argument's text: itself, the contents of FILE for "@FILE", stdin for "-".
  // 404 naming the file when it cannot be read; 400 when stdin is asked for twice.
  [[nodiscard]] Result<std::string> text(const std::string& arg);
  // text(), parsed as JSON (`what` names the argument in errors: "DATA").
  [[nodiscard]] Result<Value> json(const std::string& arg, const char* what);
  // A FILE argument: a path, "@path", or "-".
  [[nodiscard]] Result<std::string> file(const std::string& arg);

 private:
  bool stdin_used_ = false;
};

// An ID argument: the JSON scalar it spells (1, "abc", true, null), else the text as a
// string, so `find-by-id Customer abc` needs no quoting.
[[nodiscard]] Value parse_id(const std::string& arg);

// Import rows: a JSON array, or NDJSON (one JSON value per line, blank lines skipped).
// 400 naming `label` and the line of a malformed NDJSON line.
[[nodiscard]] Result<Array> parse_rows(const std::string& text, const std::string& label);

}  // namespace lb::cli
