// The bind stage's coercion helpers: JavaScript-style numeric text, JavaScript regexp
// syntax carried over to RE2's, and array element types.
#include "filter/bind/coerce.hpp"

#include <gtest/gtest.h>

#include "filter/bind/regexp_pattern.hpp"
#include "lb/date.hpp"

namespace lb::filter::detail {
namespace {

TEST(ParseNumberText, AcceptsDecimalFormsAsJavaScriptDoes) {
  EXPECT_EQ(parse_number_text("10"), Value(10));
  EXPECT_TRUE(parse_number_text("10")->is_integer());
  EXPECT_EQ(parse_number_text(" 3 "), Value(3));
  EXPECT_EQ(parse_number_text("\t-7\n"), Value(-7));
  EXPECT_EQ(parse_number_text("+4"), Value(4));
  EXPECT_EQ(parse_number_text("1.5"), Value(1.5));
  EXPECT_TRUE(parse_number_text("2.0")->is_double());
  EXPECT_EQ(parse_number_text(".5"), Value(0.5));
  EXPECT_EQ(parse_number_text("5."), Value(5.0));
  EXPECT_EQ(parse_number_text("1e3"), Value(1000.0));
  EXPECT_EQ(parse_number_text("-2.5E-1"), Value(-0.25));
  EXPECT_EQ(parse_number_text("9223372036854775807"), Value(9223372036854775807LL));
  // One past int64's range falls back to a double, as JavaScript has only doubles.
  auto big = parse_number_text("9223372036854775808");
  ASSERT_TRUE(big);
  EXPECT_TRUE(big->is_double());
}

// Plain digits (what query strings give for limits and numeric operands) take a path
// of their own: the same answers as the general one.
TEST(ParseNumberText, ReadsPlainDigitsAsTheGeneralPathDoes) {
  EXPECT_EQ(parse_number_text("0"), Value(0));
  EXPECT_EQ(parse_number_text("007"), Value(7));  // Number("007") is 7
  EXPECT_TRUE(parse_number_text("007")->is_integer());
  EXPECT_EQ(parse_number_text("123456789012345678"), Value(123456789012345678LL));
  EXPECT_EQ(parse_number_text("1234567890123456789"), Value(1234567890123456789LL));
  EXPECT_TRUE(parse_number_text("99999999999999999999")->is_double());
  // Text that is more than digits leaves that path, and is read as before.
  EXPECT_EQ(parse_number_text("1 "), Value(1));
  EXPECT_EQ(parse_number_text(" 1"), Value(1));
  EXPECT_EQ(parse_number_text("-12"), Value(-12));
  EXPECT_EQ(parse_number_text("+12"), Value(12));
  EXPECT_EQ(parse_number_text("12.5"), Value(12.5));
  EXPECT_FALSE(parse_number_text("12a"));
  EXPECT_FALSE(parse_number_text("1-"));
}

TEST(ParseNumberText, RefusesWhatWouldMatchNothing) {
  for (const char* text : {"", " ", "abc", "1a", "0x10", "Infinity", "-Infinity", "NaN", "1e", "e5",
                           ".", "+", "1.2.3", "1 2", "1e400", "--1", "inf", "nan"})
    EXPECT_FALSE(parse_number_text(text)) << text;
}

TEST(JsRegexpToRe2, RewritesNamedGroupsAndUnicodeEscapes) {
  EXPECT_EQ(js_regexp_to_re2("(?<year>\\d{4})"), "(?P<year>\\d{4})");
  EXPECT_EQ(js_regexp_to_re2("\\u00e9"), "\\x{00e9}");
  // Lookbehind is not a named group; RE2 refuses it later with its own message.
  EXPECT_EQ(js_regexp_to_re2("(?<=a)b"), "(?<=a)b");
  EXPECT_EQ(js_regexp_to_re2("(?<!a)b"), "(?<!a)b");
  // An escaped backslash before "u" is not a unicode escape.
  EXPECT_EQ(js_regexp_to_re2("\\\\u0041"), "\\\\u0041");
  // Too few hex digits: left as written.
  EXPECT_EQ(js_regexp_to_re2("\\u00"), "\\u00");
  EXPECT_EQ(js_regexp_to_re2("a\\/b"), "a\\/b");
}

TEST(BindRegexp, CompilesAndReportsFlags) {
  auto literal = bind_regexp(Value("/^a.c$/i"), nullptr, "where.name");
  ASSERT_TRUE(literal) << literal.error().message();
  EXPECT_EQ(literal->pattern, "^a.c$");
  EXPECT_TRUE(literal->case_insensitive);

  const Value options("m");
  auto multiline = bind_regexp(Value("^a"), &options, "where.name");
  ASSERT_TRUE(multiline);
  EXPECT_EQ(multiline->pattern, "(?m)^a");
  EXPECT_FALSE(multiline->case_insensitive);
}

TEST(BindRegexp, RefusesWhatLoopBackRefusesAndWhatRe2CannotRun) {
  auto bad_flag = bind_regexp(Value("/a/iu"), nullptr, "where.name");
  ASSERT_FALSE(bad_flag);
  EXPECT_EQ(bad_flag.error().message(), "where.name: Invalid regex flags: u");
  EXPECT_EQ(bad_flag.error().status(), 400);

  auto not_text = bind_regexp(Value(5), nullptr, "where.name");
  ASSERT_FALSE(not_text);
  EXPECT_EQ(not_text.error().status(), 400);

  const Value numeric_options(1);
  EXPECT_FALSE(bind_regexp(Value("a"), &numeric_options, "where.name"));
  EXPECT_FALSE(bind_regexp(Value("(a)\\1"), nullptr, "where.name"));
  EXPECT_FALSE(bind_regexp(Value("a(?!b)"), nullptr, "where.name"));
}

TEST(ScalarType, UnwrapsNestedArrays) {
  PropertyType number;
  number.kind = PropertyType::Kind::Number;
  PropertyType inner;
  inner.kind = PropertyType::Kind::Array;
  inner.element = std::make_shared<const PropertyType>(number);
  PropertyType outer;
  outer.kind = PropertyType::Kind::Array;
  outer.element = std::make_shared<const PropertyType>(inner);
  EXPECT_EQ(scalar_type(outer).kind, PropertyType::Kind::Number);
  EXPECT_EQ(scalar_type(number).kind, PropertyType::Kind::Number);
}

TEST(DescribeValue, CutsLongOperands) {
  const std::string text = describe_value(Value(std::string(500, 'x')));
  EXPECT_LT(text.size(), 100u);
  EXPECT_TRUE(text.ends_with("..."));
  EXPECT_EQ(describe_value(Value(Object{{"a", 1}})), "{\"a\":1}");
}

}  // namespace
}  // namespace lb::filter::detail
