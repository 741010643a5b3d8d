// already_of_type: the create path copies a value as it is when this says so, so it
// must never say so for a value coerce_to_type would change or refuse.
#include "dao/row_coercion.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "lb/registry.hpp"

namespace lb::dao {
namespace {

TEST(RowCoercion, AlreadyOfTypeOnlyWhenCoercionKeepsTheValue) {
  Registry registry;
  const ModelDefinition* model = registry
                                     .define_json(R"({"name":"All","properties":{"s":"string","n":"number",
      "b":"boolean","d":"date","g":"geopoint","x":"buffer","a":"any","l":["number"],"o":{"type":{"k":"number"}}}})")
                                     .value();
  const std::vector<Value> values = {
      Value(nullptr),      Value("text"),        Value(""),          Value("12"),
      Value(7),            Value(-0.0),          Value(2.5),         Value(std::nan("")),
      Value(INFINITY),     Value(true),          Value(false),       Value(Date{0}),
      Value(GeoPoint{40, -74}), Value(GeoPoint{91, 0}), Value(GeoPoint{0, -181}), Value(GeoPoint{std::nan(""), 0}),
      Value(GeoPoint{-90, 180}), Value(Buffer{{1, 2}}), Value(Array{1, 2}), Value(Object{{"k", 1}})};
  int copied = 0;
  for (const PropertyDefinition& property : model->properties) {
    for (const Value& value : values) {
      if (!already_of_type(value, property.type)) continue;
      ++copied;
      ValidationErrors errors("All");
      Value out;
      ASSERT_TRUE(coerce_to_type(value, property.type, registry, property.name, errors, out))
          << property.name << " " << value.to_json();
      EXPECT_EQ(out.kind(), value.kind()) << property.name << " " << value.to_json();
      if (!(value.is_double() && std::isnan(value.as_double()))) {
        EXPECT_EQ(out, value) << property.name;
      }
    }
  }
  EXPECT_GT(copied, 20);  // the common cases do take the short way
  PropertyType number;
  number.kind = PropertyType::Kind::Number;
  EXPECT_TRUE(already_of_type(Value(2.5), number));
  EXPECT_FALSE(already_of_type(Value(INFINITY), number));  // refused by coercion
  EXPECT_FALSE(already_of_type(Value("12"), number));      // converted by coercion
  PropertyType geo;
  geo.kind = PropertyType::Kind::GeoPoint;
  EXPECT_TRUE(already_of_type(Value(GeoPoint{-90, 180}), geo));
  EXPECT_FALSE(already_of_type(Value(GeoPoint{91, 0}), geo));  // out of range: the error comes from coercion
}

}  // namespace
}  // namespace lb::dao
