// LikeMatcher: SQL LIKE with `%`, `_`, backslash escapes, anchoring and ASCII case folding.
#include "memory/exec/like_matcher.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace lb::memory {
namespace {

bool like(const char* pattern, const char* text, bool ci = false) { return LikeMatcher(pattern, ci).matches(text); }

TEST(LikeMatcher, PercentMatchesAnyRunIncludingNone) {
  EXPECT_TRUE(like("pen%", "pen"));
  EXPECT_TRUE(like("pen%", "pencil"));
  EXPECT_TRUE(like("%cil", "pencil"));
  EXPECT_TRUE(like("%n%", "pencil"));
  EXPECT_TRUE(like("%", ""));
  EXPECT_FALSE(like("pen%", "a pen"));
}

TEST(LikeMatcher, UnderscoreMatchesExactlyOneCodePoint) {
  EXPECT_TRUE(like("p_n", "pen"));
  EXPECT_FALSE(like("p_n", "pencil"));
  EXPECT_FALSE(like("p_n", "pn"));
  EXPECT_TRUE(like("caf_", "caf\xc3\xa9"));  // é is one character, two bytes
  EXPECT_FALSE(like("caf__", "caf\xc3\xa9"));
}

TEST(LikeMatcher, AnchoredAtBothEnds) {
  EXPECT_FALSE(like("en", "pen"));
  EXPECT_TRUE(like("pen", "pen"));
  EXPECT_FALSE(like("", "x"));
  EXPECT_TRUE(like("", ""));
}

TEST(LikeMatcher, BackslashEscapes) {
  EXPECT_TRUE(like("100\\%%", "100% cotton"));
  EXPECT_FALSE(like("100\\%%", "1000 cotton"));
  EXPECT_TRUE(like("a\\_b", "a_b"));
  EXPECT_FALSE(like("a\\_b", "axb"));
  EXPECT_TRUE(like("a\\\\b", "a\\b"));
  EXPECT_TRUE(like("a\\", "a\\"));  // a trailing backslash is literal
}

TEST(LikeMatcher, RegexCharactersAreLiteral) {
  EXPECT_TRUE(like("a.c", "a.c"));
  EXPECT_FALSE(like("a.c", "abc"));
  EXPECT_TRUE(like("(x)*", "(x)*"));
}

TEST(LikeMatcher, CaseInsensitiveOnAscii) {
  EXPECT_TRUE(like("desk%", "Desk Lamp", true));
  EXPECT_FALSE(like("desk%", "Desk Lamp", false));
  EXPECT_TRUE(like("D_SK", "desk", true));
}

TEST(LikeMatcher, BacktracksAcrossSeveralPercents) {
  EXPECT_TRUE(like("%a%b%c", "xxaxxbxxbc"));
  EXPECT_FALSE(like("%a%b%c", "xxaxxcxxb"));
  std::string long_text(2000, 'a');
  EXPECT_FALSE(like("%a%a%a%a%b", long_text.c_str()));
}

TEST(LikeMatcher, LiteralPatternsDecidedOnBytesAgreeWithCodePoints) {
  // "abc%" and "abc" are first compared as bytes; case-insensitive matching always
  // decodes code points, and on text without letters the two must agree, including
  // text with malformed or overlong UTF-8 (which decodes leniently: a lone 0xC3 is the
  // code point U+00C3, "\xC0\xB1" is an overlong "1").
  const std::vector<std::string> pieces = {"1", "2", "-", "\xc3\xa9", "\xc3", "\x80", "\xc0\xb1", "\xc3\x83", "0"};
  std::mt19937 random(11);
  auto piece_string = [&](std::size_t max) {
    std::string out;
    for (std::size_t n = random() % (max + 1); n > 0; --n) out += pieces[random() % pieces.size()];
    return out;
  };
  int matched = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string pattern = piece_string(4);
    if (random() % 2) pattern += "%";
    const std::string text = random() % 3 ? pattern.substr(0, pattern.find('%')) + piece_string(3) : piece_string(6);
    const bool bytes = LikeMatcher(pattern, false).matches(text);
    ASSERT_EQ(bytes, LikeMatcher(pattern, true).matches(text)) << "pattern " << pattern << ", text " << text;
    matched += bytes;
  }
  EXPECT_GT(matched, 500);
  EXPECT_TRUE(like("1%", "\xc0\xb1\x32"));  // an overlong "1" is a "1"
  EXPECT_TRUE(like("\xc3", "\xc3\x83"));    // a lone 0xC3 in the pattern is U+00C3
  EXPECT_FALSE(like("12345678", "123456789"));
  EXPECT_TRUE(like("12345678%", "123456789"));
  EXPECT_FALSE(like("123456789", "12345678"));
}

}  // namespace
}  // namespace lb::memory
