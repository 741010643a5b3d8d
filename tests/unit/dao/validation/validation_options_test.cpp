// The options every validation takes (message, messages, code, if/unless) and the
// order a ValidationError lists failures in.
#include <gtest/gtest.h>

#include <limits>

#include "dao/validation/run_validations.hpp"
#include "validation_fixture.hpp"

namespace lb::testing {
namespace {

class OptionsTest : public ValidationTest {
 protected:
  void SetUp() override {
    model_ = &define(R"({"name": "Item", "properties": {"name": "string", "count": "number",
        "draft": "boolean", "secret": {"type": "string", "hidden": true}}})");
  }
  Validations& validations() { return model_->validations(); }
  Instance item(const char* data) { return fresh(*model_, data); }
  std::string messages(const Instance& instance) {
    auto status = instance.validate();
    return status ? "" : to_json(*status.error().details().as_object().find("messages"));
  }
  Model* model_ = nullptr;
};

TEST_F(OptionsTest, MessageReplacesTheDefault) {
  ValidationOptions options;
  options.message = "needs a name";
  ASSERT_TRUE(validations().validates_presence_of("name", options));
  EXPECT_EQ(messages(item("{}")), R"({"name":["needs a name"]})");
}

TEST_F(OptionsTest, MessagesPerFailure) {
  ValidationOptions options;
  options.messages = {{"min", "at least 2"}, {"blank", "missing"}};
  ASSERT_TRUE(validations().validates_length_of("name", LengthBounds::between(2, 3), options));
  EXPECT_EQ(messages(item(R"({"name": "a"})")), R"({"name":["at least 2"]})");
  EXPECT_EQ(messages(item(R"({"name": "abcd"})")), R"({"name":["too long"]})");
  EXPECT_EQ(messages(item("{}")), R"({"name":["missing"]})");
}

TEST_F(OptionsTest, AStringMessageCoversTheRulesOwnFailuresNotMissingValues) {
  // juggler would print "is invalid" for "min" here (a string has no "min" member);
  // lb uses the message given. Blank and null keep their own messages, as in juggler.
  ValidationOptions options;
  options.message = "must be 2 to 3 long";
  ASSERT_TRUE(validations().validates_length_of("name", LengthBounds::between(2, 3), options));
  EXPECT_EQ(messages(item(R"({"name": "a"})")), R"({"name":["must be 2 to 3 long"]})");
  EXPECT_EQ(messages(item(R"({"name": null})")), R"({"name":["is null"]})");
}

TEST_F(OptionsTest, CodeReplacesTheKindInTheCode) {
  ValidationOptions options;
  options.code = "name_length";
  ASSERT_TRUE(validations().validates_length_of("name", LengthBounds::at_least(2), options));
  EXPECT_EQ(codes(item(R"({"name": "a"})")), R"({"name":["name_length.min"]})");
  EXPECT_EQ(codes(item("{}")), R"({"name":["name_length.blank"]})");
}

TEST_F(OptionsTest, IfAndUnlessNameAProperty) {
  ValidationOptions unless_draft;
  unless_draft.unless_property = "draft";
  ASSERT_TRUE(validations().validates_presence_of("name", unless_draft));
  ValidationOptions if_draft;
  if_draft.if_property = "draft";
  ASSERT_TRUE(validations().validates_absence_of("count", if_draft));
  EXPECT_EQ(codes(item(R"({"draft": true, "count": 1})")), R"({"count":["absence"]})");
  EXPECT_EQ(codes(item(R"({"draft": false, "count": 1})")), R"({"name":["presence"]})");
  // A property the record does not have is false (juggler: depends on the connector).
  EXPECT_EQ(codes(item(R"({"count": 1})")), R"({"name":["presence"]})");
  // JavaScript truthiness.
  EXPECT_EQ(codes(item(R"({"draft": "", "count": 1})")), R"({"name":["presence"]})");
  EXPECT_EQ(codes(item(R"({"draft": 0, "count": 1})")), R"({"name":["presence"]})");
  EXPECT_EQ(codes(item(R"({"draft": [], "count": 1})")), R"({"count":["absence"]})");
}

TEST_F(OptionsTest, IfIsNewRecordAsJugglersForceIdCheck) {
  ValidationOptions options;
  options.if_property = "isNewRecord";
  ASSERT_TRUE(validations().validates_absence_of("count", options));
  EXPECT_EQ(codes(fresh(*model_, R"({"count": 1})")), R"({"count":["absence"]})");
  EXPECT_EQ(codes(stored(*model_, R"({"id": 1, "count": 1})")), "");
}

TEST_F(OptionsTest, Predicates) {
  ValidationOptions options;
  options.if_predicate = [](const Instance& record) { return record.get("count").is_number(); };
  options.unless_predicate = [](const Instance& record) { return record.get("count") == Value(0); };
  ASSERT_TRUE(validations().validates_presence_of("name", options));
  EXPECT_EQ(codes(item("{}")), "");
  EXPECT_EQ(codes(item(R"({"count": 0})")), "");
  EXPECT_EQ(codes(item(R"({"count": 2})")), R"({"name":["presence"]})");
}

TEST_F(OptionsTest, FailuresListedByPropertyInTheOrderPropertiesGotTheirFirstRule) {
  ASSERT_TRUE(validations().validates_length_of("name", LengthBounds::at_least(5)));
  ASSERT_TRUE(validations().validates_numericality_of("count"));
  ASSERT_TRUE(validations().validates_format_of("name", "^x"));
  EXPECT_EQ(message(item(R"({"name": "ab", "count": "z"})")),
            "The `Item` instance is not valid. Details: `name` too short (value: \"ab\"); `name` is invalid "
            "(value: \"ab\"); `count` is not a number (value: \"z\").");
}

TEST_F(OptionsTest, AsynchronousFailuresComeAfterSynchronousOnes) {
  ASSERT_TRUE(validations().validate_async("count", [](const Instance&, const Options&) {
    return std::async(std::launch::deferred, [] { return false; });
  }));
  ASSERT_TRUE(validations().validates_presence_of("name"));
  // count's rule came first, but its failure arrives after name's synchronous one...
  EXPECT_EQ(codes(item(R"({"count": "z"})")), R"({"name":["presence"],"count":["custom"]})");
  // ...unless count has a synchronous failure too, which comes first in its list.
  ASSERT_TRUE(validations().validates_numericality_of("count"));
  EXPECT_EQ(codes(item(R"({"count": "z"})")), R"({"count":["numericality.number","custom"],"name":["presence"]})");
}

TEST_F(OptionsTest, HiddenValuesNeverReachTheMessage) {
  ASSERT_TRUE(validations().validates_length_of("secret", LengthBounds::at_least(8)));
  EXPECT_EQ(message(item(R"({"secret": "hunter2"})")),
            "The `Item` instance is not valid. Details: `secret` too short (value: undefined).");
}

TEST_F(OptionsTest, EarlierFailuresMergeWhereJugglerWouldFindThem) {
  ASSERT_TRUE(validations().validates_presence_of("name"));
  ASSERT_TRUE(validations().validates_numericality_of("count"));
  dao::ValidationErrors errors("Item");
  errors.add("extra", "unknown-property", "is not defined in the model", std::nullopt);
  errors.add("name", "string", "is not a string", Value(Object{}));
  errors.add("id", "absence", "can't be set", Value(5));
  ASSERT_TRUE(dao::run_validations(item(R"({"count": "z"})"), {}, errors));
  EXPECT_EQ(to_json(*errors.to_error().details().as_object().find("codes")),
            R"({"id":["absence"],"name":["string","presence"],"count":["numericality.number"],)"
            R"("extra":["unknown-property"]})");
}

TEST_F(OptionsTest, ARequiredDateThatFailedToParseIsOnlyADateFailure) {
  Model& event = define(R"({"name": "Event", "properties": {"when": {"type": "date", "required": true}}})");
  dao::ValidationErrors errors("Event");
  errors.add("when", "date", "is not a valid date", Value("soon"), std::string("Invalid Date"));
  ASSERT_TRUE(dao::run_validations(fresh(event, "{}"), {}, errors));
  EXPECT_EQ(errors.to_error().message(),
            "The `Event` instance is not valid. Details: `when` is not a valid date (value: Invalid Date).");
}

TEST_F(OptionsTest, ANumberThatFailedToConvertIsJudgedAsNaNByTheRules) {
  // LoopBack holds NaN there: a required number is blank, numericality says not a
  // number, and neither reports the conversion itself.
  Model& order = define(R"({"name": "Order", "properties": {"qty": {"type": "number", "required": true},
      "price": "number", "note": "string"}})");
  ASSERT_TRUE(order.validations().validates_numericality_of("price"));
  dao::ValidationErrors errors("Order");
  errors.add("qty", "number", "is not a number", Value("many"));
  errors.add("price", "number", "is not a number", Value("cheap"));
  ASSERT_TRUE(dao::run_validations(fresh(order, "{}"), {}, errors));
  EXPECT_EQ(errors.to_error().message(),
            "The `Order` instance is not valid. Details: `qty` can't be blank (value: NaN); `price` is not a "
            "number (value: NaN).");
  EXPECT_EQ(to_json(*errors.to_error().details().as_object().find("codes")),
            R"({"qty":["presence"],"price":["numericality.number"]})");
}

TEST_F(OptionsTest, AConversionFailureNoRuleReportsStays) {
  Model& order = define(R"({"name": "Order", "properties": {"qty": "number", "note": "string"}})");
  ASSERT_TRUE(order.validations().validates_presence_of("note"));
  dao::ValidationErrors errors("Order");
  errors.add("qty", "number", "is not a number", Value("many"));
  ASSERT_TRUE(dao::run_validations(fresh(order, R"({"note": "x"})"), {}, errors));
  EXPECT_EQ(to_json(*errors.to_error().details().as_object().find("codes")), R"({"qty":["number"]})");
}

TEST_F(OptionsTest, NoRulesLeavesEarlierFailuresAlone) {
  Model& plain = define(R"({"name": "Plain", "properties": {"name": "string"}})");
  dao::ValidationErrors errors("Plain");
  errors.add("x", "unknown-property", "is not defined in the model", std::nullopt);
  ASSERT_TRUE(dao::run_validations(fresh(plain, "{}"), {}, errors));
  EXPECT_EQ(errors.entries().size(), 1u);
}

}  // namespace
}  // namespace lb::testing
