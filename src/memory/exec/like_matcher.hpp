// LikeMatcher: SQL LIKE as lb defines it for every connector: `%` any run of
// characters, `_` exactly one character (a UTF-8 code point), `\` makes the next
// character literal, anchored at both ends; optionally case-insensitive (ASCII).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace lb::memory {

class LikeMatcher {
 public:
  LikeMatcher(std::string_view pattern, bool case_insensitive);
  [[nodiscard]] bool matches(std::string_view text) const {
    if (literal_only_) {
      // Text bytes equal to the literal's encoding decode to its code points, so a
      // byte match is a match (and equal bytes followed by more text are a mismatch
      // without `%`). A mismatch within ASCII text is a mismatch of code points; only
      // text with other bytes up to the mismatch (malformed or overlong sequences
      // decode leniently) needs the code-point matcher.
      const std::size_t n = literal_.size();
      if (n <= 8 && text.size() >= 8) {
        // A short literal against longer text: one word compare.
        std::uint64_t word = 0;
        std::memcpy(&word, text.data(), 8);
        if (((word ^ literal_word_) & literal_mask_) == 0) return trailing_run_ || text.size() == n;
        if ((word & literal_mask_ & 0x8080808080808080ULL) == 0) return false;
        return matches_tokens(text);
      }
      if (text.size() >= n && std::memcmp(text.data(), literal_.data(), n) == 0) {
        return trailing_run_ || text.size() == n;
      }
      const std::size_t m = text.size() < n ? text.size() : n;
      std::uint64_t high = 0;
      std::size_t k = 0;
      for (; k + 8 <= m; k += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, text.data() + k, 8);
        high |= word;
      }
      for (; k < m; ++k) high |= static_cast<unsigned char>(text[k]);
      if ((high & 0x8080808080808080ULL) == 0) return false;
    }
    return matches_tokens(text);
  }

 private:
  enum class Kind : std::uint8_t { Literal, AnyOne, AnyRun };
  struct Token {
    Kind kind;
    char32_t code_point = 0;
  };
  [[nodiscard]] bool matches_tokens(std::string_view text) const;

  std::vector<Token> tokens_;
  bool case_insensitive_;
  // A case-sensitive pattern of literals with at most a trailing `%` (the common
  // "abc%" and "abc") is first decided on bytes: literal_ is its UTF-8 text.
  bool literal_only_ = false;
  bool trailing_run_ = false;
  std::string literal_;
  std::uint64_t literal_word_ = 0;  // literal_'s first (up to) 8 bytes, zero-padded
  std::uint64_t literal_mask_ = 0;  // ones over those bytes
};

}  // namespace lb::memory
