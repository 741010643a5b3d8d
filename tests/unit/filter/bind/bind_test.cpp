// bind() on syntax trees built directly: the checks the JSON parser makes first, what
// the printed form cannot show (pointers into the definitions), and limits on trees no
// parser would produce.
#include "lb/filter/bind.hpp"

#include <gtest/gtest.h>

#include "bind_fixture.hpp"
#include "lb/filter/parse.hpp"

namespace lb::filter {
namespace {

using lb::testing::bind_test_registry;
using lb::testing::condition;
using lb::testing::model;

std::string bind_error_message(const WhereNode& where, std::string_view model_name = "Item") {
  auto bound = bind_where(where, model(model_name), bind_test_registry());
  if (bound) return "(bound)";
  EXPECT_EQ(bound.error().status(), 400);
  return bound.error().message();
}

TEST(Bind, ChecksOperandShapesTheParserAlsoChecks) {
  EXPECT_EQ(bind_error_message(condition({"price"}, Operator::Between, Array{1})),
            "where.price: The price property has invalid clause {\"between\":[1]}: Expected "
            "precisely 2 values, received 1");
  EXPECT_EQ(bind_error_message(condition({"name"}, Operator::Inq, "a")),
            "where.name: The name property has invalid clause {\"inq\":\"a\"}: Value is not an "
            "array or object with sequential numeric indices");
  EXPECT_EQ(bind_error_message(condition({"name"}, Operator::Nin, Object{{"1", "a"}})),
            "where.name: The name property has invalid clause {\"nin\":{\"1\":\"a\"}}: Value is "
            "not an array or object with sequential numeric indices");
  EXPECT_EQ(bind_error_message(condition({"name"}, Operator::Like, 5)),
            "where.name: The name property has invalid clause {\"like\":5}: Expected a string or "
            "RegExp");
  EXPECT_EQ(bind_error_message(condition({"name"}, Operator::Regexp, "/a/x")),
            "where.name: Invalid regex flags: x");
  EXPECT_EQ(bind_error_message(condition({"name"}, Operator::Regexp, true)),
            "where.name: Invalid argument, must be a string, regex literal, or RegExp object, got "
            "true");
  EXPECT_EQ(bind_error_message(condition({"loc"}, Operator::Near, "1,2", Object{{"unit", 5}})),
            "where.loc.unit: unknown unit 5; expected miles, kilometers, meters, feet, radians or "
            "degrees");
}

TEST(Bind, KeepsTypedValuesFromCxxCallers) {
  WhereNode where;
  where.kind = WhereNode::Kind::And;
  where.children.push_back(condition({"created"}, Operator::Gt, Date{86400000}));
  where.children.push_back(condition({"loc"}, Operator::Eq, GeoPoint{1, 2}));
  where.children.push_back(condition({"name"}, Operator::Eq, Date{0}));
  auto bound = bind_where(where, model("Item"), bind_test_registry());
  ASSERT_TRUE(bound) << bound.error().message();
  EXPECT_EQ(to_string(*bound),
            "and\n"
            "  gt created 1970-01-02T00:00:00.000Z (Date)\n"
            "  eq loc {lat: 1, lng: 2} (GeoPoint)\n"
            "  eq name \"1970-01-01T00:00:00.000Z\" (String)");
}

TEST(Bind, PointsIntoTheDefinitions) {
  auto syntax = parse_filter(std::string_view(
      R"({"where":{"price":{"gt":1},"home.zip":2},"order":"name","include":[{"relation":"reviews","scope":{"where":{"stars":5}}},"attachable"]})"));
  ASSERT_TRUE(syntax) << syntax.error().message();
  const ModelDefinition& item = model("Item");
  auto bound = bind(*syntax, item, bind_test_registry());
  ASSERT_TRUE(bound) << bound.error().message();

  EXPECT_EQ(bound->model, &item);
  ASSERT_TRUE(bound->where);
  ASSERT_EQ(bound->where->children.size(), 2u);
  EXPECT_EQ(bound->where->children[0].condition.path.property, item.property("price"));
  // A nested path points at the root property it starts from.
  EXPECT_EQ(bound->where->children[1].condition.path.property, item.property("home"));
  EXPECT_EQ(bound->where->children[1].condition.path.type->kind, PropertyType::Kind::Number);
  EXPECT_EQ(bound->order.at(0).path.property, item.property("name"));

  ASSERT_EQ(bound->include.size(), 2u);
  const BoundInclude& reviews = bound->include[0];
  EXPECT_EQ(reviews.relation, item.relation("reviews"));
  EXPECT_EQ(reviews.target, bind_test_registry().find("Review"));
  ASSERT_TRUE(reviews.scope);
  EXPECT_EQ(reviews.scope->model, reviews.target);
  EXPECT_EQ(reviews.scope->where->condition.path.property, reviews.target->property("stars"));
  ASSERT_TRUE(reviews.unbound_scope);  // kept as written too, for include to run
  EXPECT_TRUE(reviews.unbound_scope->where.has_value());

  const BoundInclude& attachable = bound->include[1];
  EXPECT_EQ(attachable.relation, item.relation("attachable"));
  EXPECT_EQ(attachable.target, nullptr);
  EXPECT_EQ(attachable.scope, nullptr);
}

TEST(Bind, RefusesTooDeepTreesWithoutRecursingThroughThem) {
  // Far deeper than any parser allows; the depth check must stop before the bottom.
  WhereNode where = condition({"price"}, Operator::Eq, 1);
  for (int i = 0; i < 100000; ++i) {
    WhereNode parent;
    parent.kind = i % 2 ? WhereNode::Kind::And : WhereNode::Kind::Or;
    parent.children.push_back(std::move(where));
    where = std::move(parent);
  }
  EXPECT_EQ(bind_error_message(where), "where: and/or/nor nesting exceeds the maximum depth of 32");
  // Tear the chain down iteratively: the recursive destructor would overflow the stack.
  while (!where.children.empty()) {
    WhereNode child = std::move(where.children.front());
    where = std::move(child);
  }
}

TEST(Bind, CountsConditionsBeforeBindingThem) {
  WhereNode where;
  where.kind = WhereNode::Kind::And;
  for (int i = 0; i < 1001; ++i)
    where.children.push_back(condition({"price"}, Operator::Eq, "not a number"));
  // The count fails first, not the coercion of the first condition.
  EXPECT_EQ(bind_error_message(where), "where: the filter has more than 1000 conditions");
}

TEST(Bind, RefusesTooDeepIncludesBuiltDirectly) {
  auto scope = std::make_shared<Syntax>();
  for (int i = 0; i < 20; ++i) {
    auto parent = std::make_shared<Syntax>();
    parent->include.push_back(IncludeSpec{i % 2 ? "owner" : "items", scope});
    scope = parent;
  }
  auto bound = bind(*scope, model("Item"), bind_test_registry());
  ASSERT_FALSE(bound);
  EXPECT_NE(bound.error().message().find("include nesting exceeds the maximum depth of 8"),
            std::string::npos)
      << bound.error().message();
}

TEST(Bind, EveryStrictModeButLaxRefusesUnknownProperties) {
  Registry registry;
  for (const char* strict : {R"("filter")", R"("throw")", "true", "false"}) {
    const std::string name = std::string("M") + (strict[0] == '"' ? strict + 1 : strict);
    auto defined =
        registry.define_json(R"({"name":")" + name.substr(0, name.find('"')) + R"(","strict":)" +
                             strict + R"(,"properties":{"a":"string"}})");
    ASSERT_TRUE(defined) << defined.error().message();
    auto bound = bind_where(condition({"b"}, Operator::Eq, 1), **defined, registry);
    EXPECT_EQ(bound.has_value(), std::string(strict) == "false") << strict;
  }
}

TEST(Bind, NamesUndefinedEmbeddedModelsAsDefinitionErrors) {
  Registry registry;
  auto defined = registry.define_json(R"({"name":"Box","properties":{"inner":"Nowhere"}})");
  ASSERT_TRUE(defined) << defined.error().message();
  auto bound = bind_where(condition({"inner", "x"}, Operator::Eq, 1), **defined, registry);
  ASSERT_FALSE(bound);
  EXPECT_EQ(bound.error().code(), ErrorCode::InvalidDefinition);
  EXPECT_EQ(bound.error().message(),
            "where.inner.x: the embedded model \"Nowhere\" is not defined");
}

TEST(Bind, ReportsHiddenPropertiesAsInvalidInput) {
  auto bound = bind_where(condition({"secret"}, Operator::Exists, true), model("Item"),
                          bind_test_registry());
  ASSERT_FALSE(bound);
  EXPECT_EQ(bound.error().code(), ErrorCode::InvalidInput);
  EXPECT_EQ(bound.error().status(), 400);
}

TEST(DistanceUnitName, SpellsLoopBackUnits) {
  EXPECT_STREQ(distance_unit_name(DistanceUnit::Miles), "miles");
  EXPECT_STREQ(distance_unit_name(DistanceUnit::Kilometers), "kilometers");
  EXPECT_STREQ(distance_unit_name(DistanceUnit::Meters), "meters");
  EXPECT_STREQ(distance_unit_name(DistanceUnit::Feet), "feet");
  EXPECT_STREQ(distance_unit_name(DistanceUnit::Radians), "radians");
  EXPECT_STREQ(distance_unit_name(DistanceUnit::Degrees), "degrees");
}

}  // namespace
}  // namespace lb::filter
