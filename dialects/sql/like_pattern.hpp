// LikePattern: an lb LIKE pattern read the way every lb connector reads it (`%` any
// run, `_` one code point, `\` makes the next character literal, a trailing lone `\`
// is itself literal), so that each dialect can write it in the form its engine takes
// without inheriting that engine's corner cases (PostgreSQL refuses a trailing escape,
// SQLite's GLOB has its own wildcards).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lb::sql {

class LikePattern {
 public:
  enum class Kind { Literal, AnyOne, AnyRun };
  struct Token {
    Kind kind;
    std::string text;  // Literal: one code point's UTF-8 bytes (malformed bytes one at a time)
  };

  explicit LikePattern(std::string_view pattern);

  [[nodiscard]] const std::vector<Token>& tokens() const { return tokens_; }

  // As an SQL LIKE pattern with `\` as the escape character: literal `%`, `_` and `\`
  // escaped, nothing else. With `fold_ascii`, literal A-Z become a-z (lb's
  // case-insensitive matching folds ASCII letters only).
  [[nodiscard]] std::string to_like(bool fold_ascii = false) const;
  // As a SQLite GLOB pattern (case-sensitive; `*`, `?` and `[` as literals bracketed).
  [[nodiscard]] std::string to_glob() const;

 private:
  std::vector<Token> tokens_;
};

}  // namespace lb::sql
