// Validations::from_definition: `required` properties, Date properties and the model
// JSON's `validations` section, with a 400 naming the entry and key for malformed ones.
#include <gtest/gtest.h>

#include "dao/validation/rule.hpp"
#include "validation_fixture.hpp"

namespace lb::testing {
namespace {

class SectionTest : public ValidationTest {
 protected:
  // The definition's validations, or the error's message.
  Result<Validations> from(const char* definition) {
    auto defined = registry_.define(parse_json(definition).value(), "models/item.json");
    EXPECT_TRUE(defined.has_value()) << (defined ? "" : defined.error().message());
    return Validations::from_definition(**defined);
  }
  std::string error_of(const char* validations) {
    static int n = 0;
    const std::string definition = R"({"name": "Bad)" + std::to_string(++n) +
                                   R"(", "properties": {"name": "string"}, "validations": )" + validations + "}";
    auto result = from(definition.c_str());
    if (result) return "no error";
    EXPECT_EQ(result.error().status(), 400);
    return result.error().message();
  }
  // "presence name, date when, ...": the rules as kind and property.
  static std::string summary(const Validations& validations) {
    std::string out;
    for (const Validations::Rule& rule : validations.rules()) {
      if (!out.empty()) out += ", ";
      out += std::string(validation_kind_name(rule.kind)) + " " + rule.property + (rule.implicit ? "*" : "");
    }
    return out;
  }
};

TEST_F(SectionTest, RequiredAndDatePropertiesComeFirstInPropertyOrder) {
  auto validations = from(R"({"name": "Item", "properties": {
      "name": {"type": "string", "required": true}, "when": {"type": "date", "required": true},
      "at": "date", "tags": ["date"]},
      "validations": [{"validation": "length", "property": "name", "max": 3}]})");
  ASSERT_TRUE(validations) << validations.error().message();
  EXPECT_EQ(summary(*validations), "presence name*, presence when*, date when*, date at*, length name");
}

TEST_F(SectionTest, RequiredAsAnObjectCarriesOptions) {
  auto validations = from(R"({"name": "Item", "properties": {
      "name": {"type": "string", "required": {"message": "who?", "code": "who"}}}})");
  ASSERT_TRUE(validations) << validations.error().message();
  ASSERT_EQ(validations->rules().size(), 1u);
  EXPECT_EQ(validations->rules()[0].options.message, "who?");
  EXPECT_EQ(validations->rules()[0].options.code, "who");
}

TEST_F(SectionTest, EveryKindAndOption) {
  auto validations = from(R"({"name": "Item", "properties": {"name": "string", "size": "string"},
    "validations": [
      {"validation": "presence", "property": "name", "message": "needed", "code": "need"},
      {"validation": "absence", "property": "secret", "if": "draft"},
      {"validation": "length", "property": "name", "min": 2, "max": 10, "is": 5,
       "message": {"min": "short", "max": "long"}, "allowBlank": true},
      {"validation": "format", "property": "email", "with": "^[^@]+@[^@]+$", "allowNull": true},
      {"validation": "format", "property": "name", "without": "admin", "unless": "draft"},
      {"validation": "inclusion", "property": "size", "in": ["S", "M"]},
      {"validation": "exclusion", "property": "name", "in": ["root"]},
      {"validation": "numericality", "property": "age", "int": true},
      {"validation": "uniqueness", "property": "email", "scopedTo": ["siteId"], "ignoreCase": true},
      {"validation": "date", "property": "when"}
    ]})");
  ASSERT_TRUE(validations) << validations.error().message();
  EXPECT_EQ(summary(*validations),
            "presence name, absence secret, length name, format email, format name, inclusion size, "
            "exclusion name, numericality age, uniqueness email, date when");
  const auto& rules = validations->rules();
  EXPECT_EQ(rules[0].options.code, "need");
  EXPECT_EQ(rules[1].options.if_property, "draft");
  EXPECT_EQ(rules[2].bounds.min, 2u);
  EXPECT_EQ(rules[2].bounds.max, 10u);
  EXPECT_EQ(rules[2].bounds.is, 5u);
  EXPECT_EQ(rules[2].options.messages.at("max"), "long");
  EXPECT_TRUE(rules[2].options.allow_blank);
  EXPECT_TRUE(rules[3].options.allow_null);
  EXPECT_FALSE(rules[3].without);
  EXPECT_TRUE(rules[4].without);
  EXPECT_EQ(rules[4].options.unless_property, "draft");
  EXPECT_EQ(rules[5].values, (Array{"S", "M"}));
  EXPECT_TRUE(rules[7].integer_only);
  EXPECT_EQ(rules[8].scope.scoped_to, std::vector<std::string>{"siteId"});
  EXPECT_TRUE(rules[8].scope.ignore_case);
}

TEST_F(SectionTest, MalformedEntriesNameTheirIndexAndKey) {
  EXPECT_EQ(error_of(R"([7])"), "models/item.json: validations[0]: expected an object, got the number 7");
  EXPECT_EQ(error_of(R"([{"property": "name"}])"),
            "models/item.json: validations[0]: expected a \"validation\" key naming the kind");
  EXPECT_EQ(error_of(R"([{"validation": "presence", "property": "name"}, {"validation": "presence"}])"),
            "models/item.json: validations[1]: expected a \"property\" key naming the property");
  EXPECT_EQ(error_of(R"([{"validation": "presense", "property": "name"}])"),
            "models/item.json: validations[0].validation: expected one of presence, absence, length, format, "
            "inclusion, exclusion, numericality, uniqueness, date; got \"presense\"");
  EXPECT_EQ(error_of(R"([{"validation": "custom", "property": "name"}])"),
            "models/item.json: validations[0].validation: custom validators are declared from C++ "
            "(Validations::validate)");
  EXPECT_EQ(error_of(R"([{"validation": "length", "property": "name", "min": -1}])"),
            "models/item.json: validations[0].min: expected a non-negative integer, got the number -1");
  EXPECT_EQ(error_of(R"([{"validation": "length", "property": "name"}])"),
            "models/item.json: validations[0]: expected \"min\", \"max\" or \"is\"");
  EXPECT_EQ(error_of(R"([{"validation": "length", "property": "name", "min": 3, "max": 2}])"),
            "models/item.json: validations[0].min: 3 is greater than max 2");
  EXPECT_EQ(error_of(R"([{"validation": "length", "property": "name", "maximum": 2}])"),
            "models/item.json: validations[0].maximum: unknown option; expected one of validation, property, "
            "message, code, allowNull, allowBlank, if, unless, min, max, is");
  EXPECT_EQ(error_of(R"([{"validation": "format", "property": "name", "with": "(a", "message": "x"}])"),
            "models/item.json: validations[0].with: validatesFormatOf `name`: invalid regular expression /(a/: "
            "missing ): (a");
  EXPECT_EQ(error_of(R"([{"validation": "format", "property": "name"}])"),
            "models/item.json: validations[0]: expected one of \"with\" (a pattern to match) or \"without\" "
            "(one not to match)");
  EXPECT_EQ(error_of(R"([{"validation": "inclusion", "property": "name", "in": "S"}])"),
            "models/item.json: validations[0].in: expected an array, got the string \"S\"");
  EXPECT_EQ(error_of(R"([{"validation": "numericality", "property": "name", "int": "yes"}])"),
            "models/item.json: validations[0].int: expected true or false, got the string \"yes\"");
  EXPECT_EQ(error_of(R"([{"validation": "uniqueness", "property": "name", "scopedTo": [1]}])"),
            "models/item.json: validations[0].scopedTo[0]: expected a string, got the number 1");
  EXPECT_EQ(error_of(R"([{"validation": "presence", "property": "name", "message": 3}])"),
            "models/item.json: validations[0].message: expected a string or an object of strings per failure, "
            "got the number 3");
  EXPECT_EQ(error_of(R"([{"validation": "presence", "property": "name", "message": {"min": 3}}])"),
            "models/item.json: validations[0].message.min: expected a string, got the number 3");
  EXPECT_EQ(error_of(R"([{"validation": "presence", "property": "name", "allowNull": 1}])"),
            "models/item.json: validations[0].allowNull: expected true or false, got the number 1");
  EXPECT_EQ(error_of(R"([{"validation": "presence", "property": ""}])"),
            "models/item.json: validations[0].property: expected a property name, got an empty string");
}

TEST_F(SectionTest, AModelWithAMalformedSectionValidatesNothingButSaysWhy) {
  // The Model keeps the error for its operations to report (the lead's wiring); the
  // definition itself stays valid, as a definition with a bad scope does.
  auto validations = from(R"({"name": "Item", "properties": {"name": "string"}, "validations": [{}]})");
  ASSERT_FALSE(validations);
}

TEST_F(SectionTest, TheSectionIsInheritedWithTheDefinition) {
  ASSERT_TRUE(registry_.define(parse_json(R"({"name": "Base", "properties": {"name": "string"},
      "validations": [{"validation": "presence", "property": "name"}]})").value()));
  auto validations = from(R"({"name": "Item", "base": "Base", "properties": {"size": "string"}})");
  ASSERT_TRUE(validations) << validations.error().message();
  EXPECT_EQ(summary(*validations), "presence name");
}

}  // namespace
}  // namespace lb::testing
