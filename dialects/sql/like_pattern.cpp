// LikePattern: reading an lb LIKE pattern into tokens, and writing it back for LIKE
// (with `\` as the escape) or GLOB. The code-point split follows the memory
// connector's matcher: malformed UTF-8 bytes stand for themselves, one at a time.
#include "sql/like_pattern.hpp"

namespace lb::sql {
namespace {

// The length of the code point starting at text[i] (1 for a malformed byte).
std::size_t code_point_length(std::string_view text, std::size_t i) {
  auto byte = static_cast<unsigned char>(text[i]);
  std::size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xe ? 3 : (byte >> 3) == 0x1e ? 4 : 1;
  if (i + length > text.size()) return 1;
  for (std::size_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return 1;
  }
  return length;
}

}  // namespace

LikePattern::LikePattern(std::string_view pattern) {
  std::size_t i = 0;
  while (i < pattern.size()) {
    std::size_t length = code_point_length(pattern, i);
    std::string_view c = pattern.substr(i, length);
    i += length;
    if (c == "\\" && i < pattern.size()) {
      std::size_t escaped = code_point_length(pattern, i);
      tokens_.push_back({Kind::Literal, std::string(pattern.substr(i, escaped))});
      i += escaped;
    } else if (c == "%") {
      if (tokens_.empty() || tokens_.back().kind != Kind::AnyRun) tokens_.push_back({Kind::AnyRun, {}});
    } else if (c == "_") {
      tokens_.push_back({Kind::AnyOne, {}});
    } else {
      // A trailing lone backslash is a literal backslash.
      tokens_.push_back({Kind::Literal, std::string(c)});
    }
  }
}

std::string LikePattern::to_like(bool fold_ascii) const {
  std::string out;
  for (const Token& token : tokens_) {
    switch (token.kind) {
      case Kind::AnyRun: out += '%'; break;
      case Kind::AnyOne: out += '_'; break;
      case Kind::Literal:
        if (token.text == "%" || token.text == "_" || token.text == "\\") out += '\\';
        if (fold_ascii && token.text.size() == 1 && token.text[0] >= 'A' && token.text[0] <= 'Z') {
          out += static_cast<char>(token.text[0] - 'A' + 'a');
        } else {
          out += token.text;
        }
        break;
    }
  }
  return out;
}

std::string LikePattern::to_glob() const {
  std::string out;
  for (const Token& token : tokens_) {
    switch (token.kind) {
      case Kind::AnyRun: out += '*'; break;
      case Kind::AnyOne: out += '?'; break;
      case Kind::Literal:
        // GLOB has no escape character; a one-character class is a literal.
        if (token.text == "*" || token.text == "?" || token.text == "[") {
          out += '[' + token.text + ']';
        } else {
          out += token.text;
        }
        break;
    }
  }
  return out;
}

}  // namespace lb::sql
