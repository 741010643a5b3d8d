// Runs the parse stage's golden files: JSON filters, where clauses and query strings
// in, printed Syntax (or the JSON error body) out.
#include <gtest/gtest.h>

#include "lb/filter/parse.hpp"
#include "lb/json.hpp"
#include "support/golden.hpp"

namespace lb::filter {
namespace {

template <typename T, typename Print>
std::string print_result(const Result<T>& result, Print print) {
  if (!result) return "error " + result.error().to_json();
  return print(*result);
}

std::string print_syntax(const Result<Syntax>& result) {
  return print_result(result, [](const Syntax& s) { return s.to_string(); });
}

std::string print_where(const Result<WhereNode>& result) {
  return print_result(result, [](const WhereNode& w) { return to_string(w); });
}

// Filters as JSON text: one file per part of the filter language.
class FilterGolden : public ::testing::TestWithParam<const char*> {};

TEST_P(FilterGolden, PrintsSyntaxOrError) {
  int cases = lb::testing::run_golden_file(std::string("golden/filter/parse/") + GetParam(),
                                           [](const std::string& input) { return print_syntax(parse_filter(input)); });
  EXPECT_GT(cases, 0);
}

INSTANTIATE_TEST_SUITE_P(Files, FilterGolden,
                         ::testing::Values("where.txt", "order.txt", "fields.txt", "include.txt", "counts.txt",
                                           "top_level.txt", "errors.txt"),
                         [](const auto& info) {
                           std::string name = info.param;
                           return name.substr(0, name.find('.'));
                         });

TEST(WhereGolden, PrintsWhereOrError) {
  lb::testing::run_golden_file("golden/filter/parse/where_only.txt",
                               [](const std::string& input) { return print_where(parse_where(input)); });
}

// Query strings: the Value qs semantics give, then the filter it parses to.
TEST(QueryStringGolden, PrintsValueAndSyntax) {
  lb::testing::run_golden_file("golden/filter/parse/query_string.txt", [](const std::string& input) {
    auto value = parse_query_string(input);
    if (!value) return "error " + value.error().to_json();
    return "value " + to_json(*value) + "\n" + print_syntax(parse_filter_query(input));
  });
}

TEST(QueryStringGolden, PrintsWhereForm) {
  lb::testing::run_golden_file("golden/filter/parse/query_where.txt", [](const std::string& input) {
    return print_where(parse_where_query(input));
  });
}

}  // namespace
}  // namespace lb::filter
