// JsonTape must read JSON exactly as lb::parse_json does: the same Values (kinds,
// numbers to the bit, repeated keys resolved alike) and, for bad JSON, the same errors;
// through its plain reader and through the SAX parser alike.
#include "filter/parse/json_tape.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "lb/filter/parse.hpp"
#include "lb/json.hpp"

namespace lb::filter {
namespace {

// Equality that Value's own does not give: kinds too (1 vs 1.0), doubles to the bit
// (-0.0 vs 0.0), and members in order.
bool strictly_equal(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::Number:
      return std::bit_cast<std::uint64_t>(a.as_double()) == std::bit_cast<std::uint64_t>(b.as_double());
    case Value::Kind::Array: {
      const Array& x = a.as_array();
      const Array& y = b.as_array();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!strictly_equal(x[i], y[i])) return false;
      return true;
    }
    case Value::Kind::Object: {
      const Object& x = a.as_object();
      const Object& y = b.as_object();
      if (x.size() != y.size()) return false;
      auto i = x.begin();
      auto j = y.begin();
      for (; i != x.end(); ++i, ++j)
        if (i->first != j->first || !strictly_equal(i->second, j->second)) return false;
      return true;
    }
    default:
      return a == b;
  }
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::vector<std::string> documents() {
  std::vector<std::string> docs = {
      // Scalars and numbers at the edges of int64, -0, doubles.
      "0", "-1", "1", "true", "false", "null", "\"\"", "\"x\"", "-0", "-0.0", "0.0", "1.5", "1e3", "1E-2", "-1.25e+2",
      "123456789012345678", "-123456789012345678", "1234567890123456789", "-1234567890123456789",
      "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
      "18446744073709551615", "18446744073709551616", "100000000000000000000000", "01", "-01", "-", "+1", ".5",
      "1.", "1e", "00",
      // Strings: escapes, unicode escapes, raw UTF-8, lengths around the 8-byte scan.
      R"("a\"b")", R"("a\\b")", R"("\/\b\f\n\r\t")", R"("\u00e9")", R"("\ud83d\ude00")", R"("caf\u00e9!")",
      "\"caf\xc3\xa9\"", "\"\xf0\x9f\x98\x80\"", "\"abcdefg\"", "\"abcdefgh\"", "\"abcdefghi\"",
      "\"abcdefghijklmno\"", "\"abcdefghijklmnop\"", "\"abcdefghijklmnopq\"", "\"a\x7f b\"",
      R"(["abcdefgh","abcdefghi",""])", R"({"abcdefgh":"abcdefghijklmnopqrstuvwxyz"})",
      // Containers and blanks.
      "{}", "[]", "[[]]", "{\"a\":{}}", " {\r\n\t\"a\" : [ 1 , 2 , { } , [ ] ] } \n", "[1,\"2\",true,null,[{}]]",
      R"({"a":[1,{"b":[true,null,"x",-0.0,1.5]}],"c":{},"":"empty key"})",
      // Repeated keys: the last value at the first key's place, also after unescaping.
      R"({"a":1,"b":2,"a":3})", R"({"a":1,"a":2,"a":3})", R"({"a":{"x":1},"b":0,"a":[2]})",
      R"({"o":{"k":1,"k":{"k":2,"k":3}},"o":{"z":0,"k":4,"z":5}})", R"({"ab":1,"a\u0062":2})",
      R"({"a\u0062":1,"ab":2,"c":3})", R"([{"x":1,"x":2},{"x":3}])",
      R"({"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,)"
      R"("k13":13,"k14":14,"k15":15,"k16":16,"k3":33,"k17":17,"k0":100})",
      R"({"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,)"
      R"("k13":13,"k14":14,"k15":15,"k16":16,"k17":17})",
      // Bad JSON of every sort.
      "", " ", "tru", "nul", "fals", "truex", "[1,]", "[,1]", "{\"a\":1,}", "{,}", "{\"a\" 1}", "{\"a\":1 \"b\":2}",
      "[1 2]", "{\"a\":1}}", "{\"a\":1} x", "{\"a\":1}]", "[", "{", "{\"a\"", "{\"a\":", "\"abc", "[\"abc",
      "{\"a\":1]", "[1}", "/*c*/1", "1 /*c*/", "'a'", "{a:1}", R"("\x")", R"("\u12")", R"("\ud800")",
      R"("\udc00")", "\"a\tb\"", "\"\xff\"", "\"\xc3\"", std::string("\"a\0b\"", 5), std::string("1\0", 2),
      "[1,2,3]  4", "nan", "Infinity", "-Infinity", "1.5.5", "--1",
      // Depth around the limits the tests use.
      nested(3), nested(4), nested(5), nested(63), nested(64), nested(65), nested(70), nested(112), nested(113),
      "[[[[1]]]]", R"({"a":{"b":{"c":{}}}})", R"({"a":{"b":{"c":{"d":1}}}})",
  };
  return docs;
}

void expect_same(const Result<const TapeValue*>& tape, const Result<Value>& value, const std::string& doc,
                 const char* reader) {
  ASSERT_EQ(tape.has_value(), value.has_value()) << reader << ": " << doc;
  if (value) {
    Value rebuilt = (*tape)->to_value();
    EXPECT_TRUE(strictly_equal(rebuilt, *value)) << reader << ": " << doc << " -> " << rebuilt.to_json();
    EXPECT_EQ((*tape)->to_json(), value->to_json()) << reader << ": " << doc;
  } else {
    EXPECT_EQ(tape.error().to_json(), value.error().to_json()) << reader << ": " << doc;
  }
}

TEST(JsonTape, ReadsAsParseJsonDoes) {
  const JsonLimits limit_sets[] = {JsonLimits{}, JsonLimits{1 << 16, 112}, JsonLimits{1 << 16, 4},
                                   JsonLimits{1 << 16, 1}, JsonLimits{1 << 16, 0}, JsonLimits{8, 64}};
  for (const JsonLimits& limits : limit_sets) {
    for (const std::string& doc : documents()) {
      const auto value = parse_json(doc, limits);
      {
        JsonTape tape;
        expect_same(tape.read(doc, limits), value, doc, "read");
      }
      {
        JsonTape tape;
        expect_same(tape.read_with_sax(doc, limits), value, doc, "read_with_sax");
      }
    }
  }
}

TEST(JsonTape, ObjectsIterateAndFindAfterRepeats) {
  JsonTape tape;
  auto root = tape.read(R"({"a":1,"b":{"x":[1,2]},"a":{"y":"z"},"c":null,"b":2})", JsonLimits{});
  ASSERT_TRUE(root);
  auto object = object_of(**root);
  ASSERT_TRUE(object);
  EXPECT_EQ(object->size(), 3u);
  std::vector<std::string> keys;
  for (auto&& [key, value] : *object) keys.emplace_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "b", "c"}));
  const TapeValue* a = object->find("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->to_json(), R"({"y":"z"})");
  const TapeValue* b = object->find("b");
  ASSERT_NE(b, nullptr);
  EXPECT_TRUE(b->is_integer());
  EXPECT_EQ(b->as_integer(), 2);
  EXPECT_EQ(object->find("d"), nullptr);
}

TEST(JsonTape, ANestedReadGetsItsOwnBuffers) {
  JsonTape outer;
  auto first = outer.read(R"({"a":"outer string"})", JsonLimits{});
  ASSERT_TRUE(first);
  {
    JsonTape inner;
    auto second = inner.read(R"(["inner", "strings", {"b": 2}])", JsonLimits{});
    ASSERT_TRUE(second);
    EXPECT_EQ((*second)->to_json(), R"(["inner","strings",{"b":2}])");
  }
  EXPECT_EQ((*first)->to_json(), R"({"a":"outer string"})");
}

TEST(JsonTape, EscapedStringsSurviveTheArenaGrowing) {
  // Many escaped strings (kept in the arena, which grows while they are read).
  std::string doc = "[";
  for (int i = 0; i < 2000; ++i) doc += std::string(i ? "," : "") + "\"escaped\\n" + std::to_string(i) + "\"";
  doc += "]";
  JsonTape tape;
  auto root = tape.read(doc, JsonLimits{});
  ASSERT_TRUE(root);
  auto value = parse_json(doc);
  ASSERT_TRUE(value);
  EXPECT_TRUE(strictly_equal((*root)->to_value(), *value));
}

// A tape written token by token (as the query-string parser does) reads back like the
// JSON it spells, including past the writer's first capacity.
TEST(TapeWriter, WritesWhatTheReadersWould) {
  JsonTape tape;
  TapeWriter writer(tape);
  const std::uint32_t root = writer.open(true);
  std::uint32_t key = writer.key("a");
  writer.string("1");
  writer.end_member(key);
  key = writer.key("b");
  const std::uint32_t array = writer.open(false);
  const std::uint32_t inner = writer.open(true);
  writer.close(inner, 0);
  std::string expected_items = "{}";
  for (int i = 0; i < 100; ++i) {
    writer.string("x");
    expected_items += ",\"x\"";
  }
  writer.close(array, 101);
  writer.end_member(key);
  key = writer.key("c");
  writer.string("");
  writer.end_member(key);
  writer.close(root, 3);
  const TapeValue& value = *writer.root();
  EXPECT_EQ(value.to_json(), R"({"a":"1","b":[)" + expected_items + R"(],"c":""})");
  auto object = object_of(value);
  ASSERT_TRUE(object);
  const TapeValue* c = object->find("c");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->is_string());
  EXPECT_EQ(object->find("d"), nullptr);
  // The writer finds a key among an object's complete members (the query-string stream
  // asks it when two keys share a key_bit()).
  EXPECT_TRUE(writer.has_key(root, 3, "a"));
  EXPECT_TRUE(writer.has_key(root, 3, "c"));
  EXPECT_FALSE(writer.has_key(root, 2, "c"));  // only the first two members
  EXPECT_FALSE(writer.has_key(root, 3, "d"));
  EXPECT_FALSE(writer.has_key(inner, 0, "a"));
}

}  // namespace
}  // namespace lb::filter

// Decimals on the tape convert to the nearest double, as lb::parse_json and
// JavaScript's JSON.parse do (Boost.JSON 1.81's own conversion can be an ulp off).
TEST(JsonTapeNumbers, DecimalsRoundToTheNearestDouble) {
  const auto filter = lb::filter::parse_filter(R"({"where":{"lat":-22.002000000000002}})").value();
  ASSERT_TRUE(filter.where.has_value());
  EXPECT_EQ(filter.where->condition.operand, lb::Value(-22.002000000000002));
}
