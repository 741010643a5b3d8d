// LikeMatcher: SQL LIKE with `%`, `_`, backslash escapes, anchoring and ASCII case folding.
#include "memory/exec/like_matcher.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace lb::memory
