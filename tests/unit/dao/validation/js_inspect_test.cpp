// describe_for_validation against juggler's own ValidationError: each pair is a value
// (JSON) and the "(value: ...)" text juggler 4.28.9 on Node 20 printed for it
// (util.inspect for arrays and objects, cut to 32 characters).
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "dao/validation/js_inspect.hpp"
#include "dao/validation_errors.hpp"
#include "lb/json.hpp"

namespace lb::dao {
namespace {

TEST(JsInspect, ValuesInMessagesReadAsJugglerPrintsThem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]",
       "[\n   1,  2,  3,  4,  5,  6,...]"},
      {"[\"a\",\"b\"]",
       "[ 'a', 'b' ]"},
      {"[1,2,3,4,5,6,7]",
       "[\n  1, 2, 3, 4,\n  5, 6, 7\n]"},
      {"[]",
       "[]"},
      {"{}",
       "{}"},
      {"{\"a\":1}",
       "{ a: 1 }"},
      {"{\"a\":1,\"b\":[1,2],\"c\":{\"d\":1}}",
       "{ a: 1, b: [Array], c: [O...] }"},
      {"[{\"a\":1,\"b\":{\"c\":2}},[1,[2]]]",
       "[ { a: 1, b: [Object] }, ...] ]"},
      {"[\"it's\",\"say \\\"hi\\\"\",\"both ' \\\"\",\"nl\\nx\"]",
       "[ \"it's\", 'say \"hi\"', `bot... ]"},
      {"[true,null,-1.5,1e+21]",
       "[ true, null, -1.5, 1e+21 ]"},
      {"{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7}",
       "{ a: 1, b: 2, c: 3, d: 4, ... }"},
      {"[\"aaaaaaaaaaaaaaaaaaaaaaaaa\",\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\"ccccccccccccccccccccccccccc\"]",
       "[\n  'aaaaaaaaaaaaaaaaaaaaaa...]"},
      {"[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\"]",
       "[\n  'a', 'b', 'c',\n  'd', '...]"},
      {"[\"x\",1,\"yy\",22,\"zzz\",333,\"w\"]",
       "[\n  'x', 1,     'yy',\n  22,...]"},
      {"{\"a-b\":1,\"_ok\":2,\"9x\":3}",
       "{ 'a-b': 1, _ok: 2, '9x': 3 }"},
      {"[[1,2],[3,4]]",
       "[ [ 1, 2 ], [ 3, 4 ] ]"},
      {"[{\"a\":1}]",
       "[ { a: 1 } ]"},
      {"{\"list\":[],\"obj\":{}}",
       "{ list: [], obj: {} }"},
      {"\"a string that is longer than thirty-two characters\"",
       "\"a string that is longer t...ers\""},
      {"12345678901234567000",
       "12345678901234567000"},
      {"1.5",
       "1.5"},
      {"true",
       "true"},
      {"[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100,101,102,103,104,105,106,107,108,109,110,111,112,113,114,115,116,117,118,119]",
       "[\n   0,  1,  2,  3,  4,  5,...]"},
  };
  for (const auto& [json, shown] : cases) {
    EXPECT_EQ(describe_for_validation(parse_json(json).value()), shown) << json;
  }
}

TEST(JsInspect, ValuesJsonCannotSpell) {
  EXPECT_EQ(describe_for_validation(Value(std::numeric_limits<double>::quiet_NaN())), "NaN");
  EXPECT_EQ(describe_for_validation(Value(-std::numeric_limits<double>::infinity())), "-Infinity");
  EXPECT_EQ(js_inspect(Value(Array{Value(Date{0}), Value(GeoPoint{1.5, -2})}), 1),
            "[ 1970-01-01T00:00:00.000Z, GeoPoint { lat: 1.5, lng: -2 } ]");
  EXPECT_EQ(js_inspect(Value(Buffer{{1, 0xab}}), 0), "<Buffer 01 ab>");
  EXPECT_EQ(js_inspect(Value(Array{"tab\there", "nul\x01"}), 1), R"([ 'tab\there', 'nul\x01' ])");
}

}  // namespace
}  // namespace lb::dao
