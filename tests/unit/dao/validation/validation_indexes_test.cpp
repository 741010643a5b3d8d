// add_uniqueness_indexes: the unique index each case-sensitive uniqueness entry gets.
#include "model/validation_indexes.hpp"

#include <gtest/gtest.h>

#include "lb/json.hpp"
#include "lb/registry.hpp"

namespace lb::model {
namespace {

// The definition's indexes after add_uniqueness_indexes, as "name(key,key)!" lines
// (! marks unique ones).
std::string indexes_after(const char* definition) {
  Registry registry;
  auto defined = registry.define(parse_json(definition).value());
  EXPECT_TRUE(defined.has_value()) << (defined ? "" : defined.error().message());
  ModelDefinition copy = **defined;
  add_uniqueness_indexes(copy);
  std::string out;
  for (const IndexDefinition& index : copy.indexes) {
    if (!out.empty()) out += " ";
    out += index.name + "(";
    for (std::size_t i = 0; i < index.keys.size(); ++i) out += (i ? "," : "") + index.keys[i].first;
    out += index.unique ? ")!" : ")";
  }
  return out;
}

TEST(ValidationIndexes, ScopedToThenTheProperty) {
  EXPECT_EQ(indexes_after(R"({"name": "User", "properties": {"email": "string", "siteId": "number"},
      "validations": [{"validation": "uniqueness", "property": "email", "scopedTo": ["siteId"]},
                      {"validation": "uniqueness", "property": "siteId", "ignoreCase": false}]})"),
            "siteId_email_unique(siteId,email)! siteId_unique(siteId)!");
}

TEST(ValidationIndexes, NothingWhenAUniqueIndexAlreadyCoversIt) {
  EXPECT_EQ(indexes_after(R"({"name": "User", "properties": {
      "email": {"type": "string", "index": {"unique": true}}, "siteId": "number"},
      "validations": [{"validation": "uniqueness", "property": "email", "scopedTo": ["siteId"]},
                      {"validation": "uniqueness", "property": "email"},
                      {"validation": "uniqueness", "property": "id"},
                      {"validation": "uniqueness", "property": "siteId", "scopedTo": ["id"]}]})"),
            "email_index(email)!");
}

TEST(ValidationIndexes, NothingForIgnoreCaseUndefinedPropertiesOrMalformedEntries) {
  EXPECT_EQ(indexes_after(R"({"name": "User", "properties": {"email": "string"},
      "validations": [{"validation": "uniqueness", "property": "email", "ignoreCase": true},
                      {"validation": "uniqueness", "property": "nickname"},
                      {"validation": "uniqueness", "property": "email", "scopedTo": "siteId"},
                      {"validation": "presence", "property": "email"}, 3]})"),
            "");
}

TEST(ValidationIndexes, ANameTakenGetsANumber) {
  EXPECT_EQ(indexes_after(R"({"name": "User", "properties": {"email": "string", "a": "string"},
      "indexes": {"email_unique": {"keys": {"a": 1}}},
      "validations": [{"validation": "uniqueness", "property": "email"}]})"),
            "email_unique(a) email_unique_2(email)!");
}

}  // namespace
}  // namespace lb::model
