// LikePattern: lb's LIKE read once, written for LIKE (backslash escape) and GLOB.
#include "sql/like_pattern.hpp"

#include <gtest/gtest.h>

namespace lb::sql {
namespace {

TEST(LikePattern, Wildcards) {
  LikePattern pattern("a%b_c");
  EXPECT_EQ("a%b_c", pattern.to_like());
  EXPECT_EQ("a*b?c", pattern.to_glob());
}

TEST(LikePattern, EscapedWildcardsStayLiteral) {
  LikePattern pattern("100\\%\\_\\\\x");
  EXPECT_EQ("100\\%\\_\\\\x", pattern.to_like());
  EXPECT_EQ("100%_\\x", pattern.to_glob());
}

// A backslash before an ordinary character only makes it literal.
TEST(LikePattern, EscapedOrdinaryCharacter) {
  EXPECT_EQ("abc", LikePattern("a\\bc").to_like());
  EXPECT_EQ("abc", LikePattern("a\\bc").to_glob());
}

// Trailing lone backslash: literal, as the memory connector reads it (PostgreSQL would
// refuse it as it stands, SQLite would match nothing).
TEST(LikePattern, TrailingBackslashIsLiteral) {
  EXPECT_EQ("ab\\\\", LikePattern("ab\\").to_like());
  EXPECT_EQ("ab\\", LikePattern("ab\\").to_glob());
}

TEST(LikePattern, GlobSpecialsAreBracketed) {
  EXPECT_EQ("[*][?][[]]^", LikePattern("*?[]^").to_glob());
  EXPECT_EQ("*?[]^", LikePattern("*?[]^").to_like());
}

TEST(LikePattern, RunsCollapse) { EXPECT_EQ("a%", LikePattern("a%%%").to_like()); }

// `_` is one code point: a multi-byte character is one token.
TEST(LikePattern, CodePoints) {
  LikePattern pattern("é_\\ñ");
  ASSERT_EQ(3u, pattern.tokens().size());
  EXPECT_EQ("é", pattern.tokens()[0].text);
  EXPECT_EQ("ñ", pattern.tokens()[2].text);
}

TEST(LikePattern, FoldsAsciiOnly) {
  EXPECT_EQ("desk\\%é", LikePattern("DESK\\%é").to_like(true));
  EXPECT_EQ("École", LikePattern("École").to_like(true));
  EXPECT_EQ("Ée", LikePattern("ÉE").to_like(true));
}

TEST(LikePattern, Empty) {
  EXPECT_EQ("", LikePattern("").to_like());
  EXPECT_TRUE(LikePattern("").tokens().empty());
}

}  // namespace
}  // namespace lb::sql
