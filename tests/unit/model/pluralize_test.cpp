// pluralize(): the default `plural` of a model, checked against what LoopBack's
// inflection package gives for common model names.
#include "model/pluralize.hpp"

#include <gtest/gtest.h>

namespace lb::model {
namespace {

TEST(Pluralize, MatchesInflectionOnCommonNames) {
  const std::pair<const char*, const char*> cases[] = {
      {"Item", "Items"},           {"Category", "Categories"},   {"ItemCategory", "ItemCategories"},
      {"Person", "People"},        {"SalesPerson", "SalesPeople"}, {"Address", "Addresses"},
      {"Status", "Statuses"},      {"Box", "Boxes"},             {"Church", "Churches"},
      {"Wish", "Wishes"},          {"Quiz", "Quizzes"},          {"Key", "Keys"},
      {"Day", "Days"},             {"Query", "Queries"},         {"Child", "Children"},
      {"Man", "Men"},              {"Woman", "Women"},           {"Human", "Humans"},
      {"Mouse", "Mice"},           {"Knife", "Knives"},          {"Wolf", "Wolves"},
      {"Dwarf", "Dwarves"},        {"Roof", "Roofs"},            {"Analysis", "Analyses"},
      {"Axis", "Axes"},            {"Matrix", "Matrices"},       {"Index", "Indices"},
      {"Vertex", "Vertices"},      {"Potato", "Potatoes"},       {"Photo", "Photos"},
      {"Datum", "Data"},           {"Medium", "Media"},          {"Criterion", "Criteria"},
      {"Data", "Data"},            {"Equipment", "Equipment"},   {"Information", "Information"},
      {"Species", "Species"},      {"Series", "Series"},         {"News", "News"},
      {"Sheep", "Sheep"},          {"Items", "Items"},           {"ACL", "ACLs"},
      {"AccessToken", "AccessTokens"}, {"RoleMapping", "RoleMappings"}, {"User", "Users"},
      {"item_category", "item_categories"}, {"myItem", "myItems"}, {"Movie", "Movies"},
      {"Glass", "Glasses"},        {"Alias", "Aliases"},         {"Ox", "Oxen"},
      {"Person2", "Person2s"},
  };
  for (const auto& [singular, plural] : cases) EXPECT_EQ(pluralize(singular), plural) << singular;
}

// Where inflection is odd, lb keeps to plain English (docs/model-definitions.md).
TEST(Pluralize, DiffersFromInflectionOnPurpose) {
  EXPECT_EQ(pluralize("Safe"), "Safes");
  EXPECT_EQ(pluralize("Tooth"), "Teeth");
  EXPECT_EQ(pluralize("Quota"), "Quotas");
  EXPECT_EQ(pluralize("Cactus"), "Cactuses");
}

TEST(Pluralize, EmptyStaysEmpty) { EXPECT_EQ(pluralize(""), ""); }

}  // namespace
}  // namespace lb::model
