// parse_filter(text) reads the text onto a tape and builds only the operands it keeps;
// parse_filter(const Value&) copies from a borrowed Value; parse_filter_owned walks a
// Value it owns and moves operands out of it. All three must give the same Syntax, or
// the same error, for every filter.
#include <gtest/gtest.h>

#include <string>
#include <type_traits>

#include "filter/parse/filter_parser.hpp"
#include "lb/filter/parse.hpp"
#include "lb/json.hpp"

namespace lb::filter {
namespace {

const char* const kFilters[] = {
    // The benchmark's filter: nested and/or, between, inq, like, a long string operand.
    (R"({"where":{"and":[{"price":{"between":[10,"250"]}},{"or":[{"category":{"inq":["books","games"]}},)"
     R"({"name":{"like":"pro%"}}]},{"added":{"gte":"2024-01-01T00:00:00.000Z"}}]},"order":["price DESC",)"
     R"("name ASC"],"fields":["id","name","price"],"limit":20,"skip":40,"include":{"relation":"reviews",)"
     R"("scope":{"where":{"stars":{"gte":4}},"limit":3}}})"),
    // Several operators on one property share its path; modifiers go to each that takes them.
    R"({"where":{"name":{"like":"a%","nlike":"ab%","options":"i"},"price":{"gt":1,"lt":9}}})",
    R"({"where":{"loc":{"near":"1,2","maxDistance":5,"unit":"kilometers"}}})",
    // Array-like objects as qs gives them.
    (R"({"where":{"id":{"inq":{"0":"a-long-string-that-needs-the-heap","1":"b"}}},)"
     R"("fields":{"0":"a","1":"b"},"include":{"0":"x","1":"y"},"order":{"0":"a","1":"b DESC"}})"),
    R"({"where":{"a":{"eq":{"x":["a-long-string-that-needs-the-heap",[1,2]]}}}})",
    R"({"fields":{"a":true,"b":false},"include":{"owner":{"orders":"items"}},"offset":3})",
    R"({"where":{"a":1},"where":{"b":2},"order":"a","order":"b DESC, c"})",
    R"({"include":[{"relation":"a","scope":{}},"b",{"rel":"c","scope":{"include":"d"}}]})",
    // Errors found after earlier operands were taken.
    R"({"where":{"a":{"gt":"a-long-string-that-needs-the-heap","between":[1]}}})",
    R"({"where":{"and":[{"a":"a-long-string-that-needs-the-heap"},{"$b":1}]}})",
    R"({"where":{"a":{"like":"x","options":1}},"order":"a UP"})",
    R"({"where":{"":1}})",
    R"({"fields":{"":true}})",
    R"({"limit":[1]})",
    // Repeated keys, also nested and after unescaping: the last value at the first place.
    R"({"where":{"a":1,"b":2,"a":{"gt":3}},"limit":1,"where":{"c":{"like":"x","like":"y%"}}})",
    R"({"where":{"ab":1,"a\u0062":{"inq":[1,2]}},"order":"a","order":["b","c DESC"]})",
    R"({"fields":{"a":true,"b":true,"a":false},"include":{"r":"s","r":true}})",
    // Escaped and unicode strings, in keys and operands.
    R"({"where":{"na\"me":"a\"b\\c","caf\u00e9":{"like":"\u00e9t\u00e9%"},"emoji":"\ud83d\ude00"}})",
    R"({"where":{"t":"tab\there\nnewline"},"order":"caf\u00e9 DESC","fields":["\u0061"]})",
    "{\"where\":{\"name\":\"caf\xc3\xa9\"}}",
    // Numbers: big integers become doubles; -0.0, exponents, integers at int64's edges.
    (R"({"where":{"a":9223372036854775807,"b":9223372036854775808,"c":-9223372036854775808,)"
     R"("d":-9223372036854775809,"e":123456789012345678901234567890}})"),
    R"({"where":{"a":-0.0,"b":-0,"c":1e3,"d":1.5e-7,"e":{"between":[-0.0,0]}},"limit":-0.0,"skip":1e2})",
    R"({"limit":10.5,"offset":"3","skip":null})",
    // Nesting: and/or deeper than allowed (the walk's error), and JSON deeper than its limit.
    (R"({"where":{"and":[{"or":[{"and":[{"or":[{"and":[{"or":[{"and":[{"or":[{"and":[{"or":[{"and":[)"
     R"({"or":[{"and":[{"or":[{"and":[{"or":[{"and":[{"or":[{"a":1}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}})"),
    R"({"where":{"a":{"eq":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]}}})",
    R"({"where":{"a":{"eq":{"x":{"y":{"$z":1}}}}}})",
    R"({"include":{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":{"j":"k"}}}}}}}}}}})",
    // Empty containers and odd shapes.
    R"({"where":{},"order":[],"fields":[],"include":[]})",
    R"({"where":{"a":{"inq":[]},"b":{"nin":{}}}})",
    R"({"where":[]})",
    R"(null)",
    R"({"where":null,"fields":null,"include":null,"order":null,"limit":null})",
};

// JSON texts the walk never sees: they fail to read, alike whichever path reads them.
const char* const kBadTexts[] = {
    R"({"where":)",
    R"({"where":{}} x)",
    R"({"where":{"a":1,}})",
    R"({"where":{"a":"\x"}})",
    R"({"where":{"a":"\ud800"}})",
    "{\"where\":{\"a\":\"\xff\"}}",
    "",
};

template <class T>
void expect_alike(const Result<T>& a, const Result<T>& b, const std::string& what) {
  ASSERT_EQ(a.has_value(), b.has_value()) << what;
  if (a) {
    EXPECT_EQ(*a, *b) << what;
    if constexpr (std::is_same_v<T, Syntax>) {
      EXPECT_EQ(a->to_string(), b->to_string()) << what;
    }
  } else {
    EXPECT_EQ(a.error().to_json(), b.error().to_json()) << what;
  }
}

TEST(Ownership, TextBorrowedAndOwnedValueParseAlike) {
  for (const char* text : kFilters) {
    const Value value = parse_json(text).value();
    const Value before = value;
    auto from_text = parse_filter(text);
    auto from_value = parse_filter(value);
    auto from_owned = parse_filter_owned(value, Limits{});
    EXPECT_EQ(value, before) << text;  // a borrowed Value is only read
    expect_alike(from_text, from_value, std::string("text/borrowed: ") + text);
    expect_alike(from_owned, from_value, std::string("owned/borrowed: ") + text);
  }
}

TEST(Ownership, TightLimitsFailAlike) {
  Limits limits;
  limits.max_where_depth = 2;
  limits.max_include_depth = 1;
  limits.max_conditions = 3;
  limits.max_inq_size = 1;
  limits.max_string_bytes = 4;
  for (const char* text : kFilters) {
    const Value value = parse_json(text).value();
    auto from_text = parse_filter(text, limits);
    auto from_value = parse_filter(value, limits);
    if (!from_text && from_text.error().message().find("invalid JSON") != std::string::npos) {
      // Deeper than the JSON limit these limits give: only text has one.
      EXPECT_TRUE(from_text.error().message().find("nesting deeper than") != std::string::npos) << text;
      continue;
    }
    expect_alike(from_text, from_value, std::string("text/borrowed: ") + text);
    expect_alike(parse_filter_owned(value, limits), from_value, std::string("owned/borrowed: ") + text);
  }
}

TEST(Ownership, BadTextFailsAsParseJsonDoes) {
  for (const char* text : kBadTexts) {
    auto from_text = parse_filter(text);
    ASSERT_FALSE(from_text) << text;
    JsonLimits json;
    json.max_bytes = Limits{}.max_text_bytes;
    auto value = parse_json(text, json);
    ASSERT_FALSE(value) << text;
    EXPECT_EQ(from_text.error().message(), "filter: " + value.error().message()) << text;
    auto where = parse_where(text);
    ASSERT_FALSE(where) << text;
    EXPECT_EQ(where.error().message(), "where: " + value.error().message()) << text;
  }
}

TEST(Ownership, WhereTextBorrowedAndOwnedValueParseAlike) {
  for (const char* text : {R"({"a":{"inq":["x","y"]},"or":[{"b":"a-long-string-that-needs-the-heap"}]})",
                           R"({"a":{"between":{"0":1,"1":2}}})", R"({"a":{"between":[1]}})",
                           R"({"a":1,"a":{"neq":"\u00e9"},"b":-0.0,"c":18446744073709551616})",
                           R"({"and":[{"a":1},{"a":2}],"and":[{"b":{"$x":1}}]})", R"(null)", R"([])"}) {
    const Value value = parse_json(text).value();
    auto from_text = parse_where(text);
    auto from_value = parse_where(value);
    expect_alike(from_text, from_value, std::string("text/borrowed: ") + text);
    expect_alike(parse_where_owned(value, Limits{}), from_value, std::string("owned/borrowed: ") + text);
  }
}

}  // namespace
}  // namespace lb::filter
