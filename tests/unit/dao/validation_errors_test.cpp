// ValidationErrors must print LoopBack's ValidationError message and details shape.
#include "dao/validation_errors.hpp"

#include <gtest/gtest.h>

#include "lb/json.hpp"

namespace lb::dao {
namespace {

TEST(ValidationErrors, OneMissingRequiredProperty) {
  ValidationErrors errors("Item");
  errors.add("name", "presence", "can't be blank", std::nullopt);
  const Error error = errors.to_error();
  EXPECT_EQ(error.status(), 422);
  EXPECT_EQ(error.name(), "ValidationError");
  EXPECT_EQ(error.message(),
            "The `Item` instance is not valid. Details: `name` can't be blank (value: undefined).");
  EXPECT_EQ(to_json(error.details()),
            R"({"context":"Item","codes":{"name":["presence"]},"messages":{"name":["can't be blank"]}})");
}

TEST(ValidationErrors, SeveralErrorsGroupByProperty) {
  ValidationErrors errors("Item");
  errors.add("id", "absence", "can't be set", Value(5));
  errors.add("name", "presence", "can't be blank", Value(""));
  errors.add("id", "number", "is not a number", Value(5));
  EXPECT_EQ(errors.to_error().message(),
            "The `Item` instance is not valid. Details: `id` can't be set (value: 5); `id` is not a "
            "number (value: 5); `name` can't be blank (value: \"\").");
}

TEST(ValidationErrors, LongValuesAreCutAsLoopBackCutsThem) {
  EXPECT_EQ(describe_for_validation(Value(std::string(40, 'a'))),
            "\"" + std::string(25, 'a') + "...aaa\"");
  EXPECT_EQ(describe_for_validation(Value(Array{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})),
            "[\n   1,  2,  3,  4,  5,  6,...]");  // util.inspect's grouped columns
  EXPECT_EQ(describe_for_validation(Value(Date{0})), "1970-01-01T00:00:00.000Z");
}

}  // namespace
}  // namespace lb::dao
