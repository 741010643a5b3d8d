// LikeMatcher: the classic two-cursor wildcard match with one backtrack point per
// `%`, which runs in O(text * pattern) at worst and never recurses.
#include "memory/exec/like_matcher.hpp"

#include <cstddef>
#include <cstring>

namespace lb::memory {
namespace {

// Decodes one code point; malformed bytes come through one at a time, so that any
// byte string still matches itself.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  auto byte = static_cast<unsigned char>(text[i]);
  std::size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xe ? 3 : (byte >> 3) == 0x1e ? 4 : 1;
  if (i + length > text.size()) length = 1;
  char32_t cp = length == 1 ? byte : byte & (0x7f >> length);
  for (std::size_t k = 1; k < length; ++k) {
    auto continuation = static_cast<unsigned char>(text[i + k]);
    if ((continuation & 0xc0) != 0x80) {
      length = 1;
      cp = byte;
      break;
    }
    cp = (cp << 6) | (continuation & 0x3f);
  }
  i += length;
  return cp;
}

char32_t fold(char32_t c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

void append_utf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

}  // namespace

LikeMatcher::LikeMatcher(std::string_view pattern, bool case_insensitive)
    : case_insensitive_(case_insensitive) {
  std::size_t i = 0;
  while (i < pattern.size()) {
    char32_t c = next_code_point(pattern, i);
    if (c == '\\' && i < pattern.size()) {
      char32_t literal = next_code_point(pattern, i);
      tokens_.push_back({Kind::Literal, case_insensitive ? fold(literal) : literal});
    } else if (c == '%') {
      if (tokens_.empty() || tokens_.back().kind != Kind::AnyRun) tokens_.push_back({Kind::AnyRun, 0});
    } else if (c == '_') {
      tokens_.push_back({Kind::AnyOne, 0});
    } else {
      // A trailing lone backslash is taken literally.
      tokens_.push_back({Kind::Literal, case_insensitive ? fold(c) : c});
    }
  }
  if (!case_insensitive) {
    literal_only_ = true;
    for (std::size_t k = 0; k < tokens_.size() && literal_only_; ++k) {
      if (tokens_[k].kind == Kind::Literal) {
        append_utf8(tokens_[k].code_point, literal_);
      } else if (tokens_[k].kind == Kind::AnyRun && k + 1 == tokens_.size()) {
        trailing_run_ = true;
      } else {
        literal_only_ = false;
      }
    }
    if (literal_only_ && literal_.size() <= 8) {
      // Both as the bytes lie in memory, so the text's first 8 bytes compare as a word.
      unsigned char mask[8] = {};
      for (std::size_t k = 0; k < literal_.size(); ++k) mask[k] = 0xff;
      std::memcpy(&literal_word_, literal_.data(), literal_.size());
      std::memcpy(&literal_mask_, mask, sizeof mask);
    }
  }
}

bool LikeMatcher::matches_tokens(std::string_view text) const {
  std::vector<char32_t> chars;
  chars.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = next_code_point(text, i);
    chars.push_back(case_insensitive_ ? fold(c) : c);
  }
  std::size_t t = 0, p = 0;
  std::size_t star = tokens_.size(), star_t = 0;  // the last `%` seen and where it resumed
  while (t < chars.size()) {
    if (p < tokens_.size() && tokens_[p].kind == Kind::AnyRun) {
      star = p++;
      star_t = t;
    } else if (p < tokens_.size() &&
               (tokens_[p].kind == Kind::AnyOne || tokens_[p].code_point == chars[t])) {
      ++p;
      ++t;
    } else if (star != tokens_.size()) {
      p = star + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < tokens_.size() && tokens_[p].kind == Kind::AnyRun) ++p;
  return p == tokens_.size();
}

}  // namespace lb::memory
