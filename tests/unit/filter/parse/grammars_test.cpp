// The small grammars of the parse stage: regexp literals, property paths, order text,
// query-string keys and percent-decoding.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "filter/parse/order_text.hpp"
#include "filter/parse/property_path.hpp"
#include "filter/parse/query_key.hpp"
#include "filter/parse/regexp_literal.hpp"

namespace lb::filter {
namespace {

TEST(RegexpLiteral, SplitsPatternAndFlags) {
  EXPECT_EQ(parse_regexp_literal("/^p.*n$/i"), (RegexpLiteral{"^p.*n$", "i"}));
  EXPECT_EQ(parse_regexp_literal("/abc/"), (RegexpLiteral{"abc", ""}));
  EXPECT_EQ(parse_regexp_literal("/a/b/gm"), (RegexpLiteral{"a/b", "gm"}));
  EXPECT_EQ(parse_regexp_literal("/a\\/b/"), (RegexpLiteral{"a\\/b", ""}));
  EXPECT_EQ(parse_regexp_literal("/x/zq"), (RegexpLiteral{"x", "zq"}));  // flags checked elsewhere
}

TEST(RegexpLiteral, RejectsNonLiterals) {
  EXPECT_FALSE(parse_regexp_literal("abc"));
  EXPECT_FALSE(parse_regexp_literal("a/b/i"));
  EXPECT_FALSE(parse_regexp_literal("/abc"));
  EXPECT_FALSE(parse_regexp_literal("//i"));
  EXPECT_FALSE(parse_regexp_literal("/a/i1"));
  EXPECT_FALSE(parse_regexp_literal("/"));
  EXPECT_FALSE(parse_regexp_literal(""));
}

TEST(RegexpLiteral, LoopBackFlags) {
  EXPECT_TRUE(is_loopback_regexp_flag('i'));
  EXPECT_TRUE(is_loopback_regexp_flag('g'));
  EXPECT_TRUE(is_loopback_regexp_flag('m'));
  EXPECT_FALSE(is_loopback_regexp_flag('s'));
}

TEST(PropertyPath, SplitsOnDots) {
  EXPECT_EQ(parse_property_path("price"), (PropertyPath{"price"}));
  EXPECT_EQ(parse_property_path("address.city"), (PropertyPath{"address", "city"}));
  EXPECT_EQ(parse_property_path("a b.c-d"), (PropertyPath{"a b", "c-d"}));
}

TEST(PropertyPath, PlainNamesSkipTheGrammarButAgreeWithIt) {
  for (const char* name : {"price", "a b", "x-y", "$x", "\xc3\xa9t\xc3\xa9", "a..b", "a.", ".", ""})
    EXPECT_EQ(parse_property_path(name), parse_dotted_property_path(name)) << name;
}

// The check made before a path is built, and the building, against the grammar over
// every short text of a letter, a dot and a blank.
TEST(PropertyPath, ValidityCheckAndBuildAgreeWithTheGrammar) {
  std::vector<std::string> texts = {""};
  for (std::size_t length = 1; length <= 6; ++length) {
    std::vector<std::string> longer;
    for (const auto& text : texts)
      if (text.size() == length - 1)
        for (char c : std::string("a. ")) longer.push_back(text + c);
    texts.insert(texts.end(), longer.begin(), longer.end());
  }
  for (const auto& text : texts) {
    const auto expected = parse_dotted_property_path(text);
    ASSERT_EQ(is_property_path(text), expected.has_value()) << '"' << text << '"';
    if (!expected) continue;
    PropertyPath built;
    build_property_path(text, built);
    EXPECT_EQ(built, *expected) << '"' << text << '"';
    EXPECT_EQ(parse_property_path(text), expected) << '"' << text << '"';
  }
}

TEST(PropertyPath, RejectsEmptySegments) {
  for (const char* bad : {"", ".", ".a", "a.", "a..b"}) EXPECT_FALSE(parse_property_path(bad)) << bad;
}

TEST(OrderText, SplitsItemsAndWords) {
  auto items = split_order_text(" price  DESC ,name,a b c");
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].key, "price");
  EXPECT_EQ(items[0].words, (std::vector<std::string>{"DESC"}));
  EXPECT_EQ(items[1].key, "name");
  EXPECT_TRUE(items[1].words.empty());
  EXPECT_EQ(items[2].words, (std::vector<std::string>{"b", "c"}));
}

TEST(OrderText, BlankItemsHaveEmptyKeys) {
  auto items = split_order_text("a,,b, ");
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[1].key, "");
  EXPECT_EQ(items[3].key, "");
}

TEST(QueryDecode, PlusAndEscapes) {
  EXPECT_EQ(decode_query_component("a+b%20c"), "a b c");
  EXPECT_EQ(decode_query_component("%5B%5d"), "[]");
  EXPECT_EQ(decode_query_component("%E2%82%AC"), "\xE2\x82\xAC");
}

TEST(QueryDecode, MalformedTextIsKeptLikeQs) {
  EXPECT_EQ(decode_query_component("100%+x"), "100% x");
  EXPECT_EQ(decode_query_component("%zz%41"), "%zz%41");
  EXPECT_EQ(decode_query_component("%C3%28"), "%C3%28");     // invalid UTF-8
  EXPECT_EQ(decode_query_component("%ED%A0%80"), "%ED%A0%80");  // a surrogate
  EXPECT_EQ(decode_query_component("%C3"), "%C3");           // truncated sequence
}

TEST(QueryKey, RootSegmentsAndRest) {
  auto key = parse_query_key("filter[where][price][]");
  EXPECT_EQ(key.root, "filter");
  EXPECT_EQ(key.segments, (std::vector<std::string>{"where", "price", ""}));
  EXPECT_EQ(key.rest, "");
  auto odd = parse_query_key("a[b]c[d]");
  EXPECT_EQ(odd.root, "a");
  EXPECT_EQ(odd.segments, (std::vector<std::string>{"b"}));
  EXPECT_EQ(odd.rest, "c[d]");
  auto open = parse_query_key("a[b");
  EXPECT_EQ(open.root, "a");
  EXPECT_TRUE(open.segments.empty());
  EXPECT_EQ(open.rest, "[b");
}

}  // namespace
}  // namespace lb::filter
