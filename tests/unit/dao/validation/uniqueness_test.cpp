// validatesUniquenessOf: the query it makes (pinned as the bound where the connector
// receives) and how it reads the answer.
#include <gtest/gtest.h>

#include "dao/validation/uniqueness_check.hpp"
#include "validation_fixture.hpp"

namespace lb::testing {
namespace {

class UniquenessTest : public ValidationTest {
 protected:
  void SetUp() override {
    model_ = &define(R"({"name": "User", "properties": {"email": "string", "siteId": "number", "tags": ["string"]}})");
  }
  Validations& validations() { return model_->validations(); }
  Model* model_ = nullptr;
};

TEST_F(UniquenessTest, ANewRecordClashesWithAnyRecordHoldingTheValue) {
  ASSERT_TRUE(validations().validates_uniqueness_of("email"));
  connector_->answer = 1;
  EXPECT_EQ(codes(fresh(*model_, R"({"email": "a@x"})")), R"({"email":["uniqueness"]})");
  EXPECT_EQ(message(fresh(*model_, R"({"email": "a@x"})")),
            "The `User` instance is not valid. Details: `email` is not unique (value: \"a@x\").");
  connector_->answer = 0;
  EXPECT_EQ(codes(fresh(*model_, R"({"email": "a@x"})")), "");
  ASSERT_FALSE(connector_->queries.empty());
  EXPECT_EQ(connector_->queries.back(), R"(eq email "a@x" (String))");
}

TEST_F(UniquenessTest, AStoredRecordIsNotItsOwnClash) {
  ASSERT_TRUE(validations().validates_uniqueness_of("email"));
  EXPECT_EQ(codes(stored(*model_, R"({"id": 7, "email": "a@x"})")), "");
  EXPECT_EQ(connector_->queries.back(), "and\n  eq email \"a@x\" (String)\n  neq id 7 (Number)");
}

TEST_F(UniquenessTest, ScopedToAddsTheScopePropertiesTheRecordHas) {
  ASSERT_TRUE(validations().validates_uniqueness_of("email", UniquenessScope{{"siteId", "tags"}, false}));
  EXPECT_EQ(codes(fresh(*model_, R"({"email": "a@x", "siteId": 3})")), "");
  EXPECT_EQ(connector_->queries.back(), "and\n  eq email \"a@x\" (String)\n  eq siteId 3 (Number)");
  EXPECT_EQ(codes(fresh(*model_, R"({"email": "a@x", "siteId": null})")), "");
  EXPECT_EQ(connector_->queries.back(), "and\n  eq email \"a@x\" (String)\n  eq siteId null (Number)");
}

TEST_F(UniquenessTest, IgnoreCaseMatchesTheWholeValueLiterally) {
  ASSERT_TRUE(validations().validates_uniqueness_of("email", UniquenessScope{{}, true}));
  EXPECT_EQ(codes(fresh(*model_, R"({"email": "A.b+c@x.*"})")), "");
  EXPECT_EQ(connector_->queries.back(), R"(regexp email "^A\\.b\\+c\\@x\\.\\*$" case-insensitive (String))");
}

TEST_F(UniquenessTest, EscapedPatternsMatchOnlyThemselves) {
  for (const std::string text : {"a.b", "(x|y)*", "^$", "[a-z]{2}", "back\\slash", "é/ü?", "a_b%"}) {
    RE2::Options options;
    options.set_case_sensitive(false);
    RE2 pattern("^" + dao::escape_regexp(text) + "$", options);
    ASSERT_TRUE(pattern.ok()) << text << ": " << pattern.error();
    EXPECT_TRUE(RE2::FullMatch(text, pattern)) << text;
    EXPECT_FALSE(RE2::FullMatch(text + "x", pattern)) << text;
  }
  EXPECT_FALSE(RE2::FullMatch("axb", RE2("^" + dao::escape_regexp("a.b") + "$")));
}

TEST_F(UniquenessTest, BlankValuesAreNotChecked) {
  ASSERT_TRUE(validations().validates_uniqueness_of("email"));
  connector_->answer = 5;
  EXPECT_EQ(codes(fresh(*model_, "{}")), "");
  EXPECT_EQ(codes(fresh(*model_, R"({"email": ""})")), "");
  EXPECT_EQ(codes(fresh(*model_, R"({"email": null})")), "");
  EXPECT_TRUE(connector_->queries.empty());
}

TEST_F(UniquenessTest, AFailedQueryIsReturnedAsItself) {
  ASSERT_TRUE(validations().validates_uniqueness_of("email"));
  ASSERT_TRUE(validations().validates_presence_of("siteId"));
  connector_->fail = true;
  auto status = fresh(*model_, R"({"email": "a@x"})").validate();
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().status(), 503);
  EXPECT_EQ(status.error().message(), "the store is down");
}

TEST_F(UniquenessTest, NeedsQueries) {
  EXPECT_FALSE(validations().needs_queries());
  ASSERT_TRUE(validations().validates_uniqueness_of("email"));
  EXPECT_TRUE(validations().needs_queries());
}

}  // namespace
}  // namespace lb::testing
