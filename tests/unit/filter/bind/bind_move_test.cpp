// bind(Syntax&&) and bind_where(WhereNode&&) against their const& twins: the same
// Bound and the same errors for every golden input and for trees built in C++ with the
// shapes that are moved (list operands, embedded objects, untyped values, unknown
// fields, unbound include scopes), and shared include scopes left untouched.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bind_fixture.hpp"
#include "lb/filter/bind.hpp"
#include "lb/filter/parse.hpp"
#include "support/golden.hpp"

namespace lb::filter {
namespace {

using lb::testing::bind_test_registry;
using lb::testing::condition;
using lb::testing::model;

// The printed Bound or the error body, from a copy of `syntax` lent or given up.
std::string bound_text(const Syntax& syntax, bool moved) {
  Syntax copy = syntax;
  auto bound = moved ? bind(std::move(copy), model("Item"), bind_test_registry())
                     : bind(copy, model("Item"), bind_test_registry());
  return bound ? bound->to_string() : bound.error().to_json();
}

std::string bound_text(const WhereNode& where, bool moved) {
  WhereNode copy = where;
  auto bound = moved ? bind_where(std::move(copy), model("Item"), bind_test_registry())
                     : bind_where(copy, model("Item"), bind_test_registry());
  return bound ? to_string(*bound) : bound.error().to_json();
}

TEST(BindMove, MatchesTheConstPathOnEveryGoldenInput) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(
           lb::testing::test_data_path("golden/filter/bind")))
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 8u);
  int cases = 0;
  int errors = 0;
  for (const auto& file : files) {
    for (const auto& golden : lb::testing::load_golden(file.string()).cases) {
      const std::string lent = lb::testing::run_bind_case(golden.input);
      const std::string taken = lb::testing::run_bind_case_moved(golden.input);
      EXPECT_EQ(lent, taken) << file.filename().string() << ":" << golden.line << " "
                             << golden.name;
      // The golden expectation too, so that the moved path is pinned on its own.
      EXPECT_EQ(taken, golden.expected) << file.filename().string() << ":" << golden.line;
      ++cases;
      if (taken.starts_with("{\"error\"")) ++errors;
    }
  }
  EXPECT_GT(cases, 150);
  EXPECT_GT(errors, 50);  // errors are compared too, not only Bounds
}

TEST(BindMove, MatchesTheConstPathOnMovedShapes) {
  Object listed;  // a list operand in the object form a query string leaves
  listed.push_back("0", "a long tag that does not fit in a small string");
  listed.push_back("1", "b");
  Object home;  // an embedded model, coerced member by member
  home.push_back("city", "a city name longer than the small string buffer");
  home.push_back("zip", "12345");
  home.push_back("street", "kept as written (non-strict)");
  Object meta;  // an untyped object, kept whole
  meta.push_back("k", Array{Value("v"), Value(1)});

  WhereNode where;
  where.kind = WhereNode::Kind::And;
  where.children.push_back(condition({"tags"}, Operator::Inq, listed));
  where.children.push_back(condition({"home"}, Operator::Eq, home));
  where.children.push_back(condition({"meta"}, Operator::Eq, meta));
  where.children.push_back(condition({"tags"}, Operator::Eq, Array{Value("x"), Value("y")}));
  where.children.push_back(condition({"addr", "city"}, Operator::Like, "ci%", {{"options", "i"}}));
  where.children.push_back(condition({"name"}, Operator::Nin, Array{Value("n"), Value(nullptr)}));
  where.children.push_back(condition({"unknownProperty"}, Operator::Eq, "any"));

  Syntax syntax;
  syntax.where = where;
  syntax.order = {OrderKey{{"price"}, true}, OrderKey{{"home", "city"}, false}};
  syntax.fields = FieldsSpec{{{"name", true}, {"undefinedField", true}, {"price", true}}};
  syntax.limit = Value("5");
  auto scope = std::make_shared<const Syntax>(parse_filter(R"({"where":{"x":1}})").value());
  syntax.include = {IncludeSpec{"attachable", scope},
                    IncludeSpec{"reviews", std::make_shared<const Syntax>(
                                               parse_filter(R"({"limit":2})").value())}};

  const std::string lent = bound_text(syntax, false);
  EXPECT_EQ(lent, bound_text(syntax, true));
  EXPECT_EQ(bound_text(where, false), bound_text(where, true));
  // Guards against both failing alike.
  EXPECT_EQ(lent.find("error"), std::string::npos) << lent;

  // The unbound scope of a polymorphic relation is the very one written, moved or not.
  Syntax given = syntax;
  auto bound = bind(std::move(given), model("Item"), bind_test_registry());
  ASSERT_TRUE(bound) << bound.error().message();
  ASSERT_EQ(bound->include.size(), 2u);
  EXPECT_EQ(bound->include[0].unbound_scope, scope);
}

TEST(BindMove, GivesTheSameErrorsAfterTakingEarlierParts) {
  // Each fails on a part after others of the same condition or tree were taken.
  Object home;
  home.push_back("city", "a city name longer than the small string buffer");
  home.push_back("zip", "not a number");
  const std::vector<WhereNode> failing = {
      condition({"tags"}, Operator::Inq,
                Array{Value("a long tag that does not fit in a small string"), Value(Object{})}),
      condition({"home"}, Operator::Eq, home),
      condition({"name"}, Operator::Like, "a long pattern beyond the small buffer%",
                {{"options", 5}}),
      condition({"name"}, Operator::Between, Array{Value("a")}),
  };
  for (const WhereNode& bad : failing) {
    WhereNode where;
    where.kind = WhereNode::Kind::Or;
    where.children.push_back(condition({"name"}, Operator::Eq, "a name long enough to allocate"));
    where.children.push_back(bad);
    const std::string lent = bound_text(where, false);
    EXPECT_NE(lent.find("\"statusCode\":400"), std::string::npos) << lent;
    EXPECT_EQ(lent, bound_text(where, true));

    Syntax syntax;
    syntax.order = {OrderKey{{"price"}, false}};
    syntax.where = where;
    EXPECT_EQ(bound_text(syntax, false), bound_text(syntax, true));
  }
}

TEST(BindMove, LeavesSharedIncludeScopesAlone) {
  auto scope = std::make_shared<const Syntax>(
      parse_filter(R"({"where":{"stars":{"inq":["a long operand, not a small string"]}}})")
          .value());
  const Syntax before = *scope;
  Syntax syntax;
  syntax.include = {IncludeSpec{"reviews", scope}};
  const Syntax other = syntax;  // shares the scope
  auto bound = bind(std::move(syntax), model("Item"), bind_test_registry());
  ASSERT_FALSE(bound);  // stars is a number: the scope's operand does not coerce
  EXPECT_EQ(*scope, before);
  EXPECT_EQ(*other.include[0].scope, before);
}

}  // namespace
}  // namespace lb::filter
