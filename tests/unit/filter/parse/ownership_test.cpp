// parse_filter(text) walks a Value it owns and moves operands out of it, while
// parse_filter(const Value&) copies from a borrowed one: both must give the same
// Syntax, or the same error, for every filter.
#include <gtest/gtest.h>

#include <string>

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
};

TEST(Ownership, TextAndBorrowedValueParseAlike) {
  for (const char* text : kFilters) {
    const Value value = parse_json(text).value();
    const Value before = value;
    auto from_text = parse_filter(text);
    auto from_value = parse_filter(value);
    EXPECT_EQ(value, before) << text;  // a borrowed Value is only read
    ASSERT_EQ(from_text.has_value(), from_value.has_value()) << text;
    if (from_text) {
      EXPECT_EQ(*from_text, *from_value) << text;
      EXPECT_EQ(from_text->to_string(), from_value->to_string()) << text;
    } else {
      EXPECT_EQ(from_text.error().to_json(), from_value.error().to_json()) << text;
    }
  }
}

TEST(Ownership, WhereTextAndBorrowedValueParseAlike) {
  for (const char* text : {R"({"a":{"inq":["x","y"]},"or":[{"b":"a-long-string-that-needs-the-heap"}]})",
                           R"({"a":{"between":{"0":1,"1":2}}})", R"({"a":{"between":[1]}})"}) {
    const Value value = parse_json(text).value();
    auto from_text = parse_where(text);
    auto from_value = parse_where(value);
    ASSERT_EQ(from_text.has_value(), from_value.has_value()) << text;
    if (from_text) {
      EXPECT_EQ(*from_text, *from_value) << text;
    } else {
      EXPECT_EQ(from_text.error().to_json(), from_value.error().to_json()) << text;
    }
  }
}

}  // namespace
}  // namespace lb::filter
