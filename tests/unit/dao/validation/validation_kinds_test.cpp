// Every validation kind on its own: what passes, what fails, with which code and
// message (juggler's validators and defaults: lib/validations.js).
#include <gtest/gtest.h>

#include <limits>

#include "validation_fixture.hpp"

namespace lb::testing {
namespace {

class KindTest : public ValidationTest {
 protected:
  void SetUp() override {
    model_ = &define(R"({"name": "Item", "properties": {"name": "string", "tags": ["string"],
        "count": "number", "when": "date", "any": "any"}})");
  }
  Validations& validations() { return model_->validations(); }
  Instance item(const char* data) { return fresh(*model_, data); }
  Model* model_ = nullptr;
};

TEST_F(KindTest, PresenceFailsOnBlankValuesOnly) {
  ASSERT_TRUE(validations().validates_presence_of("any"));
  EXPECT_EQ(codes(item("{}")), R"({"any":["presence"]})");
  EXPECT_EQ(codes(item(R"({"any": null})")), R"({"any":["presence"]})");
  EXPECT_EQ(codes(item(R"({"any": ""})")), R"({"any":["presence"]})");
  EXPECT_EQ(codes(item(R"({"any": []})")), R"({"any":["presence"]})");
  EXPECT_EQ(codes(item(R"({"any": 0})")), "");
  EXPECT_EQ(codes(item(R"({"any": false})")), "");
  EXPECT_EQ(codes(item(R"({"any": " "})")), "");
  EXPECT_EQ(codes(item(R"({"any": {}})")), "");
  EXPECT_EQ(message(item("{}")),
            "The `Item` instance is not valid. Details: `any` can't be blank (value: undefined).");
}

TEST_F(KindTest, PresenceIgnoresAllowNullAndAllowBlank) {
  // juggler's presence check never consults them.
  ValidationOptions options;
  options.allow_null = true;
  options.allow_blank = true;
  ASSERT_TRUE(validations().validates_presence_of("name", options));
  EXPECT_EQ(codes(item(R"({"name": null})")), R"({"name":["presence"]})");
}

TEST_F(KindTest, AbsenceFailsOnAnythingNotBlank) {
  ASSERT_TRUE(validations().validates_absence_of("any"));
  EXPECT_EQ(codes(item("{}")), "");
  EXPECT_EQ(codes(item(R"({"any": null})")), "");
  EXPECT_EQ(codes(item(R"({"any": ""})")), "");
  EXPECT_EQ(codes(item(R"({"any": 0})")), R"({"any":["absence"]})");
  EXPECT_EQ(message(item(R"({"any": "x"})")),
            "The `Item` instance is not valid. Details: `any` can't be set (value: \"x\").");
}

TEST_F(KindTest, LengthChecksMinMaxAndIs) {
  ASSERT_TRUE(validations().validates_length_of("name", LengthBounds::between(2, 4)));
  EXPECT_EQ(codes(item(R"({"name": "ab"})")), "");
  EXPECT_EQ(codes(item(R"({"name": "abcd"})")), "");
  EXPECT_EQ(codes(item(R"({"name": "a"})")), R"({"name":["length.min"]})");
  EXPECT_EQ(codes(item(R"({"name": "abcde"})")), R"({"name":["length.max"]})");
  EXPECT_EQ(message(item(R"({"name": "a"})")),
            "The `Item` instance is not valid. Details: `name` too short (value: \"a\").");
  EXPECT_EQ(message(item(R"({"name": "abcde"})")),
            "The `Item` instance is not valid. Details: `name` too long (value: \"abcde\").");
}

TEST_F(KindTest, LengthIsReportsEveryBoundItBreaks) {
  ASSERT_TRUE(validations().validates_length_of("name", LengthBounds{3, std::nullopt, 5}));
  EXPECT_EQ(codes(item(R"({"name": "ab"})")), R"({"name":["length.min","length.is"]})");
  EXPECT_EQ(message(item(R"({"name": "abcd"})")),
            "The `Item` instance is not valid. Details: `name` length is wrong (value: \"abcd\").");
  EXPECT_EQ(codes(item(R"({"name": "abcde"})")), "");
}

TEST_F(KindTest, LengthCountsUtf16UnitsAsJavaScriptDoes) {
  ASSERT_TRUE(validations().validates_length_of("name", LengthBounds::at_most(2)));
  EXPECT_EQ(codes(item(R"({"name": "éé"})")), "");          // two code points, two units
  EXPECT_EQ(codes(item("{\"name\": \"\xF0\x9F\x98\x80\"}")), "");  // one emoji, two units
  EXPECT_EQ(codes(item("{\"name\": \"a\xF0\x9F\x98\x80\"}")), R"({"name":["length.max"]})");
}

TEST_F(KindTest, LengthOfArraysCountsElementsAndOtherValuesHaveNone) {
  ASSERT_TRUE(validations().validates_length_of("any", LengthBounds::at_least(2)));
  EXPECT_EQ(codes(item(R"({"any": [1]})")), R"({"any":["length.min"]})");
  EXPECT_EQ(codes(item(R"({"any": [1, 2]})")), "");
  EXPECT_EQ(codes(item(R"({"any": 1})")), "");  // a number has no length: nothing fails
  EXPECT_EQ(codes(item(R"({"any": {"length": 0}})")), "");
}

TEST_F(KindTest, MissingAndNullValuesFailAsBlankAndNull) {
  ASSERT_TRUE(validations().validates_length_of("name", LengthBounds::at_least(2)));
  EXPECT_EQ(codes(item("{}")), R"({"name":["length.blank"]})");
  EXPECT_EQ(codes(item(R"({"name": ""})")), R"({"name":["length.blank"]})");
  EXPECT_EQ(codes(item(R"({"name": null})")), R"({"name":["length.null"]})");
  EXPECT_EQ(message(item("{}")), "The `Item` instance is not valid. Details: `name` is blank (value: undefined).");
  EXPECT_EQ(message(item(R"({"name": null})")), "The `Item` instance is not valid. Details: `name` is null (value: null).");
}

TEST_F(KindTest, AllowBlankAndAllowNullLetMissingValuesThrough) {
  ValidationOptions blank_ok;
  blank_ok.allow_blank = true;
  ASSERT_TRUE(validations().validates_length_of("name", LengthBounds::at_least(2), blank_ok));
  EXPECT_EQ(codes(item("{}")), "");
  EXPECT_EQ(codes(item(R"({"name": ""})")), "");
  EXPECT_EQ(codes(item(R"({"name": null})")), R"({"name":["length.null"]})");
  ValidationOptions null_ok;
  null_ok.allow_null = true;
  ASSERT_TRUE(validations().validates_numericality_of("count", false, null_ok));
  EXPECT_EQ(codes(item(R"({"name": "ab", "count": null})")), "");
  EXPECT_EQ(codes(item(R"({"name": "ab"})")), R"({"count":["numericality.blank"]})");
}

TEST_F(KindTest, FormatMatchesAnywhereUnlessAnchored) {
  ASSERT_TRUE(validations().validates_format_of("name", "^[a-z]+$"));
  ASSERT_TRUE(validations().validates_format_of("any", "\\d"));
  EXPECT_EQ(codes(item(R"({"name": "abc", "any": "x1y"})")), "");
  EXPECT_EQ(codes(item(R"({"name": "abc1", "any": "xy"})")), R"({"name":["format"],"any":["format"]})");
  EXPECT_EQ(message(item(R"({"name": "A", "any": 1})")),
            "The `Item` instance is not valid. Details: `name` is invalid (value: \"A\").");
}

TEST_F(KindTest, FormatTestsNumbersAsTextAndFailsOtherKinds) {
  ASSERT_TRUE(validations().validates_format_of("any", "^1\\.5$"));
  EXPECT_EQ(codes(item(R"({"any": 1.5})")), "");
  EXPECT_EQ(codes(item(R"({"any": true})")), R"({"any":["format"]})");
  EXPECT_EQ(codes(item(R"({"any": ["1.5"]})")), R"({"any":["format"]})");
  EXPECT_EQ(codes(item("{}")), R"({"any":["format.blank"]})");
}

TEST_F(KindTest, FormatWithoutFailsOnAMatch) {
  ASSERT_TRUE(validations().validates_format_of("name", "admin", {}, /*without=*/true));
  EXPECT_EQ(codes(item(R"({"name": "bob"})")), "");
  EXPECT_EQ(codes(item(R"({"name": "the admin"})")), R"({"name":["format"]})");
}

TEST_F(KindTest, FormatRefusesPatternsRe2CannotRun) {
  auto status = validations().validates_format_of("name", "(a)\\1");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().status(), 400);
  EXPECT_NE(status.error().message().find("validatesFormatOf `name`: invalid regular expression"), std::string::npos)
      << status.error().message();
  EXPECT_EQ(validations().rules().size(), 1u);  // only the definition's date check
}

TEST_F(KindTest, InclusionComparesAsJavaScriptStrictEquality) {
  ASSERT_TRUE(validations().validates_inclusion_of("any", Array{"S", "M", 1}));
  EXPECT_EQ(codes(item(R"({"any": "S"})")), "");
  EXPECT_EQ(codes(item(R"({"any": 1.0})")), "");  // one number type
  EXPECT_EQ(codes(item(R"({"any": "1"})")), R"({"any":["inclusion"]})");
  EXPECT_EQ(codes(item(R"({"any": "s"})")), R"({"any":["inclusion"]})");
  EXPECT_EQ(message(item(R"({"any": "L"})")),
            "The `Item` instance is not valid. Details: `any` is not included in the list (value: \"L\").");
  EXPECT_EQ(codes(item("{}")), R"({"any":["inclusion.blank"]})");
}

TEST_F(KindTest, ExclusionFailsOnAListedValue) {
  ASSERT_TRUE(validations().validates_exclusion_of("name", Array{"admin", "root"}));
  EXPECT_EQ(codes(item(R"({"name": "bob"})")), "");
  EXPECT_EQ(message(item(R"({"name": "root"})")),
            "The `Item` instance is not valid. Details: `name` is reserved (value: \"root\").");
  EXPECT_EQ(codes(item(R"({"name": null})")), R"({"name":["exclusion.null"]})");
}

TEST_F(KindTest, NumericalityWantsANumberNotNumericText) {
  ASSERT_TRUE(validations().validates_numericality_of("any"));
  EXPECT_EQ(codes(item(R"({"any": 5})")), "");
  EXPECT_EQ(codes(item(R"({"any": 5.5})")), "");
  EXPECT_EQ(codes(item(R"({"any": "5"})")), R"({"any":["numericality.number"]})");
  EXPECT_EQ(codes(item(R"({"any": true})")), R"({"any":["numericality.number"]})");
  EXPECT_EQ(message(item(R"({"any": "5"})")),
            "The `Item` instance is not valid. Details: `any` is not a number (value: \"5\").");
  Instance not_a_number = item("{}");
  not_a_number.set("any", Value(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_EQ(codes(not_a_number), R"({"any":["numericality.number"]})");
}

TEST_F(KindTest, NumericalityIntWantsAWholeNumber) {
  ASSERT_TRUE(validations().validates_numericality_of("count", /*integer_only=*/true));
  EXPECT_EQ(codes(item(R"({"count": 5})")), "");
  EXPECT_EQ(codes(item(R"({"count": 5.0})")), "");
  EXPECT_EQ(codes(item(R"({"count": 5.5})")), R"({"count":["numericality.int"]})");
  EXPECT_EQ(message(item(R"({"count": 5.5})")),
            "The `Item` instance is not valid. Details: `count` is not an integer (value: 5.5).");
}

TEST_F(KindTest, DateAcceptsWhatJavaScriptsDateConstructorAccepts) {
  // The definition's Date property has its date check already (juggler adds one).
  ASSERT_EQ(validations().rules().size(), 1u);
  EXPECT_EQ(codes(item(R"({"when": "2024-02-03T04:05:06.000Z"})")), "");
  EXPECT_EQ(codes(item(R"({"when": 0})")), "");
  EXPECT_EQ(codes(item(R"({"when": null})")), "");
  EXPECT_EQ(codes(item("{}")), "");
  EXPECT_EQ(codes(item(R"({"when": "not a date"})")), R"({"when":["date"]})");
  EXPECT_EQ(codes(item(R"({"when": {}})")), R"({"when":["date"]})");
  EXPECT_EQ(message(item(R"({"when": "soon"})")),
            "The `Item` instance is not valid. Details: `when` is not a valid date (value: \"soon\").");
  Instance with_date = item("{}");
  with_date.set("when", Value(Date{86'400'000}));
  EXPECT_EQ(codes(with_date), "");
}

TEST_F(KindTest, DeclaredDateOnAnyProperty) {
  ASSERT_TRUE(validations().validates_date_of("any"));
  EXPECT_EQ(codes(item(R"({"any": "2024-01-01"})")), "");
  EXPECT_EQ(codes(item(R"({"any": 1e300})")), R"({"any":["date"]})");  // beyond JavaScript's range
}

TEST_F(KindTest, CustomValidatorsSeeTheRecordAndTheOptions) {
  const Object context{{"user", "ann"}};
  ASSERT_TRUE(validations().validate("name", [](const Instance& record, const Options& options) {
    const bool by_ann = options.context && options.context->find("user") &&
                        options.context->find("user")->as_string() == "ann";
    return by_ann || record.get("name").as_string() != "secret";
  }));
  EXPECT_EQ(codes(item(R"({"name": "public"})")), "");
  EXPECT_EQ(codes(item(R"({"name": "secret"})")), R"({"name":["custom"]})");
  Options as_ann;
  as_ann.context = &context;
  EXPECT_EQ(codes(item(R"({"name": "secret"})"), as_ann), "");
  EXPECT_EQ(message(item(R"({"name": "secret"})")),
            "The `Item` instance is not valid. Details: `name` is invalid (value: \"secret\").");
}

TEST_F(KindTest, AsyncValidatorsAllStartBeforeAnyIsAwaited) {
  auto first = std::make_shared<std::promise<void>>();
  std::shared_future<void> first_started = first->get_future().share();
  // The second validator waits for the first to have started: were they run one after
  // another (the second first awaited), this would never finish.
  ASSERT_TRUE(validations().validate_async("name", [first](const Instance&, const Options&) {
    first->set_value();
    return std::async(std::launch::deferred, [] { return false; });
  }));
  ASSERT_TRUE(validations().validate_async("count", [first_started](const Instance&, const Options&) {
    return std::async(std::launch::async, [first_started] {
      first_started.wait();
      return true;
    });
  }));
  EXPECT_TRUE(validations().needs_queries());
  EXPECT_EQ(codes(item(R"({"name": "x", "count": 1})")), R"({"name":["custom"]})");
}

TEST_F(KindTest, AValidatorThatThrowsIsAnInternalErrorNotAFailure) {
  ASSERT_TRUE(validations().validate("name", [](const Instance&, const Options&) -> bool {
    throw std::runtime_error("boom");
  }));
  auto status = item("{}").validate();
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().status(), 500);
  EXPECT_EQ(status.error().message(), "The validator of `name` failed: boom");
}

TEST_F(KindTest, DeclarationsRefuseArgumentsThatCannotWork) {
  EXPECT_EQ(validations().validates_presence_of("").error().status(), 400);
  EXPECT_EQ(validations().validates_length_of("name", {}).error().message(),
            "validatesLengthOf `name`: expected min, max or is");
  EXPECT_EQ(validations().validates_length_of("name", LengthBounds::between(3, 2)).error().message(),
            "validatesLengthOf `name`: min 3 is greater than max 2");
  EXPECT_EQ(validations().validate("name", nullptr).error().status(), 400);
  EXPECT_EQ(validations().validates_uniqueness_of("name", UniquenessScope{{""}, false}).error().status(), 400);
  EXPECT_EQ(validations().rules().size(), 1u);  // only the definition's date check
}

}  // namespace
}  // namespace lb::testing
