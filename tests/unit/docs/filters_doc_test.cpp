// Keeps docs/filters.md true: each example's JSON text, query string and C++ builder
// expression must give the same filter once bound to the page's Item model, and the
// page must still show the three exactly as written here.
#include <gtest/gtest.h>

#include <cstddef>
#include <fstream>
#include <ostream>
#include <stdexcept>
#include <sstream>
#include <string>
#include <vector>

#include "lb/filter.hpp"
#include "lb/filter/bind.hpp"
#include "lb/filter/parse.hpp"
#include "lb/registry.hpp"

namespace {

std::string read_doc(const char* name) {
  std::ifstream in(std::string(LB_DOCS_DIR) + "/" + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::string& filters_doc() {
  static const std::string text = read_doc("filters.md");
  return text;
}

// The model definitions the examples run against are the JSON blocks of the page's
// "The example model" section, so the page cannot drift from the model it describes.
std::vector<std::string> example_model_blocks() {
  const std::string& doc = filters_doc();
  std::vector<std::string> blocks;
  const auto section = doc.find("## The example model");
  const auto section_end = doc.find("\n## ", section + 1);
  if (section == std::string::npos) return blocks;
  for (auto at = doc.find("```json\n", section); at < section_end;
       at = doc.find("```json\n", at)) {
    const auto body = at + 8;
    const auto end = doc.find("```", body);
    if (end == std::string::npos) break;
    blocks.push_back(doc.substr(body, end - body));
    at = end + 3;
  }
  return blocks;
}

const lb::Registry& registry() {
  static const lb::Registry r = [] {
    lb::Registry reg;
    for (const auto& block : example_model_blocks()) {
      auto defined = reg.define_json(block, "docs/filters.md");
      if (!defined) ADD_FAILURE() << "docs/filters.md example model: " << defined.error().message();
    }
    return reg;
  }();
  return r;
}

const lb::ModelDefinition& item_model() {
  const lb::ModelDefinition* item = registry().find("Item");
  if (!item) throw std::runtime_error("docs/filters.md defines no model Item");
  return *item;
}

// How far the three forms agree before binding. A query string gives strings and
// the builder gives typed values (and writes `and` explicitly), so many examples agree
// only once bound; those whose forms are alike must agree already as Syntax.
enum class Agree { Syntax, Bound };

struct Example {
  std::string name;
  Agree agree;
  std::string json;
  std::string query;
  lb::Filter builder;
  std::string builder_text;  // the builder expression as written, via the preprocessor
};

// gtest prints a failing case's parameter; the name says which example it is.
void PrintTo(const Example& e, std::ostream* os) { *os << e.name; }

#define DOC_EXAMPLE(name, agree, json, query, ...) \
  Example { name, Agree::agree, json, query, __VA_ARGS__, #__VA_ARGS__ }

std::vector<Example> examples() {
  return {
      // The filter object.
      DOC_EXAMPLE("filter_object", Bound,
                  R"({"where":{"price":{"gt":10}},"order":"price DESC","limit":5})",
                  "filter[where][price][gt]=10&filter[order]=price%20DESC&filter[limit]=5",
                  lb::Filter().where(lb::where("price").gt(10)).order("price DESC").limit(5)),
      // where: equality.
      DOC_EXAMPLE("eq_implicit", Syntax, R"({"where":{"category":"office"}})",
                  "filter[where][category]=office",
                  lb::Filter().where(lb::where("category").eq("office"))),
      DOC_EXAMPLE("eq_explicit", Syntax, R"({"where":{"category":{"eq":"office"}}})",
                  "filter[where][category][eq]=office",
                  lb::Filter().where(lb::where("category").eq("office"))),
      // and, or, nor.
      DOC_EXAMPLE("and_implicit", Bound, R"({"where":{"category":"office","price":{"lt":10}}})",
                  "filter[where][category]=office&filter[where][price][lt]=10",
                  lb::Filter().where(lb::where("category").eq("office") && lb::where("price").lt(10))),
      DOC_EXAMPLE("and_explicit", Bound,
                  R"({"where":{"and":[{"category":"office"},{"price":{"lt":10}}]}})",
                  "filter[where][and][0][category]=office&filter[where][and][1][price][lt]=10",
                  lb::Filter().where(lb::where("category").eq("office") && lb::where("price").lt(10))),
      DOC_EXAMPLE("or", Bound, R"({"where":{"or":[{"category":"home"},{"price":{"lt":1}}]}})",
                  "filter[where][or][0][category]=home&filter[where][or][1][price][lt]=1",
                  lb::Filter().where(lb::where("category").eq("home") || lb::where("price").lt(1))),
      DOC_EXAMPLE("and_or_nested", Bound,
                  R"({"where":{"and":[{"inStock":true},{"or":[{"category":"home"},{"price":{"lt":1}}]}]}})",
                  "filter[where][and][0][inStock]=true&filter[where][and][1][or][0][category]=home&"
                  "filter[where][and][1][or][1][price][lt]=1",
                  lb::Filter().where(lb::where("inStock").eq(true) && (lb::where("category").eq("home") || lb::where("price").lt(1)))),
      DOC_EXAMPLE("nor", Bound, R"({"where":{"nor":[{"category":"office"},{"price":{"gt":50}}]}})",
                  "filter[where][nor][0][category]=office&filter[where][nor][1][price][gt]=50",
                  lb::Filter().where(lb::nor({lb::where("category").eq("office"), lb::where("price").gt(50)}))),
      DOC_EXAMPLE("operators_anded", Bound, R"({"where":{"price":{"gt":10,"lt":20}}})",
                  "filter[where][price][gt]=10&filter[where][price][lt]=20",
                  lb::Filter().where(lb::where("price").gt(10) && lb::where("price").lt(20))),
      // Comparison.
      DOC_EXAMPLE("neq", Syntax, R"({"where":{"category":{"neq":"office"}}})",
                  "filter[where][category][neq]=office",
                  lb::Filter().where(lb::where("category").neq("office"))),
      DOC_EXAMPLE("date_range", Bound,
                  R"({"where":{"added":{"gte":"2024-01-01T00:00:00.000Z","lt":"2024-02-01T00:00:00.000Z"}}})",
                  "filter[where][added][gte]=2024-01-01T00:00:00.000Z&filter[where][added][lt]=2024-02-01T00:00:00.000Z",
                  lb::Filter().where(lb::where("added").gte("2024-01-01T00:00:00.000Z") && lb::where("added").lt("2024-02-01T00:00:00.000Z"))),
      DOC_EXAMPLE("between", Bound, R"({"where":{"price":{"between":[1,20]}}})",
                  "filter[where][price][between][0]=1&filter[where][price][between][1]=20",
                  lb::Filter().where(lb::where("price").between(1, 20))),
      // Lists.
      DOC_EXAMPLE("inq", Syntax, R"({"where":{"category":{"inq":["home","bags"]}}})",
                  "filter[where][category][inq][0]=home&filter[where][category][inq][1]=bags",
                  lb::Filter().where(lb::where("category").inq({"home", "bags"}))),
      DOC_EXAMPLE("in", Syntax, R"({"where":{"category":{"in":["home","bags"]}}})",
                  "filter[where][category][in][0]=home&filter[where][category][in][1]=bags",
                  lb::Filter().where(lb::where("category").inq({"home", "bags"}))),
      DOC_EXAMPLE("nin", Syntax, R"({"where":{"category":{"nin":["home","bags"]}}})",
                  "filter[where][category][nin][0]=home&filter[where][category][nin][1]=bags",
                  lb::Filter().where(lb::where("category").nin({"home", "bags"}))),
      DOC_EXAMPLE("inq_dates", Syntax,
                  R"({"where":{"added":{"inq":["2024-01-10T00:00:00.000Z","2024-01-20T00:00:00.000Z"]}}})",
                  "filter[where][added][inq][0]=2024-01-10T00:00:00.000Z&filter[where][added][inq][1]=2024-01-20T00:00:00.000Z",
                  lb::Filter().where(lb::where("added").inq({"2024-01-10T00:00:00.000Z", "2024-01-20T00:00:00.000Z"}))),
      // Patterns.
      DOC_EXAMPLE("like", Syntax, R"({"where":{"name":{"like":"pen%"}}})",
                  "filter[where][name][like]=pen%25",
                  lb::Filter().where(lb::where("name").like("pen%"))),
      DOC_EXAMPLE("like_one_char", Syntax, R"({"where":{"name":{"like":"p_n"}}})",
                  "filter[where][name][like]=p_n",
                  lb::Filter().where(lb::where("name").like("p_n"))),
      DOC_EXAMPLE("like_escape", Syntax, R"({"where":{"name":{"like":"100\\%%"}}})",
                  "filter[where][name][like]=100%5C%25%25",
                  lb::Filter().where(lb::where("name").like("100\\%%"))),
      DOC_EXAMPLE("nlike", Syntax, R"({"where":{"name":{"nlike":"pen%"}}})",
                  "filter[where][name][nlike]=pen%25",
                  lb::Filter().where(lb::where("name").nlike("pen%"))),
      DOC_EXAMPLE("ilike", Syntax, R"({"where":{"name":{"ilike":"desk%"}}})",
                  "filter[where][name][ilike]=desk%25",
                  lb::Filter().where(lb::where("name").ilike("desk%"))),
      DOC_EXAMPLE("nilike", Syntax, R"({"where":{"name":{"nilike":"desk%"}}})",
                  "filter[where][name][nilike]=desk%25",
                  lb::Filter().where(lb::where("name").nilike("desk%"))),
      // Regular expressions.
      DOC_EXAMPLE("regexp", Syntax, R"({"where":{"name":{"regexp":"^pen"}}})",
                  "filter[where][name][regexp]=^pen",
                  lb::Filter().where(lb::where("name").regexp("^pen"))),
      DOC_EXAMPLE("regexp_literal", Syntax, R"({"where":{"name":{"regexp":"/^desk/i"}}})",
                  "filter[where][name][regexp]=/^desk/i",
                  lb::Filter().where(lb::where("name").regexp("/^desk/i"))),
      DOC_EXAMPLE("regexp_options", Bound, R"({"where":{"name":{"regexp":"^desk","options":"i"}}})",
                  "filter[where][name][regexp]=^desk&filter[where][name][options]=i",
                  lb::Filter().where(lb::where("name").regexp("^desk", "i"))),
      // Presence.
      DOC_EXAMPLE("exists", Bound, R"({"where":{"tags":{"exists":true}}})",
                  "filter[where][tags][exists]=true",
                  lb::Filter().where(lb::where("tags").exists())),
      DOC_EXAMPLE("exists_false", Bound, R"({"where":{"tags":{"exists":false}}})",
                  "filter[where][tags][exists]=false",
                  lb::Filter().where(lb::where("tags").exists(false))),
      DOC_EXAMPLE("null", Syntax, R"({"where":{"tags":null}})", R"(filter={"where":{"tags":null}})",
                  lb::Filter().where(lb::where("tags").eq(nullptr))),
      // near.
      DOC_EXAMPLE("near", Bound, R"({"where":{"location":{"near":"40.7128,-74.006"}},"limit":3})",
                  "filter[where][location][near]=40.7128,-74.006&filter[limit]=3",
                  lb::Filter().where(lb::where("location").near({40.7128, -74.006})).limit(3)),
      DOC_EXAMPLE("near_max_distance", Bound,
                  R"({"where":{"location":{"near":{"lat":40.7128,"lng":-74.006},"maxDistance":5,"unit":"kilometers"}}})",
                  "filter[where][location][near][lat]=40.7128&filter[where][location][near][lng]=-74.006&"
                  "filter[where][location][maxDistance]=5&filter[where][location][unit]=kilometers",
                  lb::Filter().where(lb::where("location").near({40.7128, -74.006}, 5, "kilometers"))),
      DOC_EXAMPLE("near_ring", Bound,
                  R"({"where":{"location":{"near":[40.7128,-74.006],"minDistance":1,"maxDistance":500,"unit":"miles"}}})",
                  "filter[where][location][near][0]=40.7128&filter[where][location][near][1]=-74.006&"
                  "filter[where][location][minDistance]=1&filter[where][location][maxDistance]=500&"
                  "filter[where][location][unit]=miles",
                  lb::Filter().where(lb::where("location").near({40.7128, -74.006}, 500, "miles", 1))),
      // Nested properties and arrays.
      DOC_EXAMPLE("nested_path", Syntax, R"({"where":{"address.city":"New York"}})",
                  "filter[where][address.city]=New%20York",
                  lb::Filter().where(lb::where("address.city").eq("New York"))),
      DOC_EXAMPLE("array_contains", Syntax, R"({"where":{"tags":"cheap"}})",
                  "filter[where][tags]=cheap",
                  lb::Filter().where(lb::where("tags").eq("cheap"))),
      // Coercion.
      DOC_EXAMPLE("number_from_string", Bound, R"({"where":{"price":{"lt":"9.5"}}})",
                  "filter[where][price][lt]=9.5",
                  lb::Filter().where(lb::where("price").lt(9.5))),
      DOC_EXAMPLE("boolean_from_string", Bound, R"({"where":{"inStock":"1"}})",
                  "filter[where][inStock]=1",
                  lb::Filter().where(lb::where("inStock").eq(true))),
      DOC_EXAMPLE("date_from_epoch_ms", Bound, R"({"where":{"added":{"gt":1705276800000}}})",
                  R"(filter={"where":{"added":{"gt":1705276800000}}})",
                  lb::Filter().where(lb::where("added").gt(lb::Date{1705276800000}))),
      DOC_EXAMPLE("date_from_iso", Bound, R"({"where":{"added":{"gt":"2024-01-15"}}})",
                  "filter[where][added][gt]=2024-01-15",
                  lb::Filter().where(lb::where("added").gt("2024-01-15T00:00:00.000Z"))),
      // order.
      DOC_EXAMPLE("order", Syntax, R"({"order":"price DESC"})", "filter[order]=price%20DESC",
                  lb::Filter().order("price DESC")),
      DOC_EXAMPLE("order_array", Syntax, R"({"order":["category ASC","price DESC"]})",
                  "filter[order][0]=category%20ASC&filter[order][1]=price%20DESC",
                  lb::Filter().order("category ASC").order("price DESC")),
      DOC_EXAMPLE("order_list", Syntax, R"({"order":"category, price DESC"})",
                  "filter[order]=category,%20price%20DESC",
                  lb::Filter().order("category, price DESC")),
      DOC_EXAMPLE("order_nested", Syntax, R"({"order":"address.city"})", "filter[order]=address.city",
                  lb::Filter().order("address.city")),
      // fields.
      DOC_EXAMPLE("fields_array", Syntax, R"({"fields":["name","price"]})",
                  "filter[fields][0]=name&filter[fields][1]=price",
                  lb::Filter().fields({"name", "price"})),
      DOC_EXAMPLE("fields_object", Bound, R"({"fields":{"name":true,"price":true}})",
                  "filter[fields][name]=true&filter[fields][price]=true",
                  lb::Filter().fields({"name", "price"})),
      DOC_EXAMPLE("fields_exclude", Bound, R"({"fields":{"tags":false,"location":false}})",
                  "filter[fields][tags]=false&filter[fields][location]=false",
                  lb::Filter().exclude_fields({"tags", "location"})),
      DOC_EXAMPLE("fields_string", Syntax, R"({"fields":"name"})", "filter[fields]=name",
                  lb::Filter().fields({"name"})),
      // Paging.
      DOC_EXAMPLE("limit_skip", Bound, R"({"limit":10,"skip":20})", "filter[limit]=10&filter[skip]=20",
                  lb::Filter().limit(10).skip(20)),
      DOC_EXAMPLE("limit_offset", Bound, R"({"limit":10,"offset":20})",
                  "filter[limit]=10&filter[offset]=20", lb::Filter().limit(10).skip(20)),
      DOC_EXAMPLE("skip_alone", Bound, R"({"skip":2})", "filter[skip]=2", lb::Filter().skip(2)),
      // include.
      DOC_EXAMPLE("include_string", Syntax, R"({"include":"reviews"})", "filter[include]=reviews",
                  lb::Filter().include("reviews")),
      DOC_EXAMPLE("include_array", Syntax, R"({"include":["reviews"]})", "filter[include][0]=reviews",
                  lb::Filter().include("reviews")),
      DOC_EXAMPLE("include_nested", Syntax, R"({"include":{"reviews":"item"}})",
                  "filter[include][reviews]=item",
                  lb::Filter().include("reviews", lb::Filter().include("item"))),
      DOC_EXAMPLE("include_scope", Bound,
                  R"({"include":{"relation":"reviews","scope":{"where":{"stars":{"gte":4}},"order":"stars DESC","limit":5}}})",
                  "filter[include][relation]=reviews&filter[include][scope][where][stars][gte]=4&"
                  "filter[include][scope][order]=stars%20DESC&filter[include][scope][limit]=5",
                  lb::Filter().include("reviews", lb::Filter().where(lb::where("stars").gte(4)).order("stars DESC").limit(5))),
  };
}

class FiltersDocExample : public ::testing::TestWithParam<Example> {};

TEST_P(FiltersDocExample, AppearsOnThePageAsWritten) {
  const Example& e = GetParam();
  const std::string block = "JSON   " + e.json + "\nQuery  " + e.query + "\nC++    " + e.builder_text + "\n";
  EXPECT_NE(filters_doc().find(block), std::string::npos)
      << "docs/filters.md no longer shows this example as:\n" << block;
}

TEST_P(FiltersDocExample, ThreeFormsGiveTheSameFilter) {
  const Example& e = GetParam();
  auto from_json = lb::filter::parse_filter(std::string_view(e.json));
  ASSERT_TRUE(from_json) << "JSON " << e.json << ": " << from_json.error().message();
  auto from_query = lb::filter::parse_filter_query(e.query);
  ASSERT_TRUE(from_query) << "query " << e.query << ": " << from_query.error().message();
  auto from_builder = e.builder.syntax();
  ASSERT_TRUE(from_builder) << "builder " << e.builder_text << ": " << from_builder.error().message();

  if (e.agree == Agree::Syntax) {
    // EXPECT_TRUE rather than EXPECT_EQ: gtest would print the trees as raw bytes.
    EXPECT_TRUE(*from_json == *from_query) << "JSON:\n" << from_json->to_string() << "query:\n"
                                       << from_query->to_string();
    EXPECT_TRUE(*from_json == *from_builder) << "JSON:\n" << from_json->to_string() << "builder:\n"
                                         << from_builder->to_string();
  }

  const lb::ModelDefinition& item = item_model();
  auto bound_json = lb::filter::bind(*from_json, item, registry());
  ASSERT_TRUE(bound_json) << "JSON " << e.json << ": " << bound_json.error().message();
  auto bound_query = lb::filter::bind(*from_query, item, registry());
  ASSERT_TRUE(bound_query) << "query " << e.query << ": " << bound_query.error().message();
  auto bound_builder = lb::filter::bind(*from_builder, item, registry());
  ASSERT_TRUE(bound_builder) << "builder " << e.builder_text << ": "
                             << bound_builder.error().message();
  EXPECT_EQ(bound_json->to_string(), bound_query->to_string()) << "JSON vs query";
  EXPECT_EQ(bound_json->to_string(), bound_builder->to_string()) << "JSON vs builder";
}

INSTANTIATE_TEST_SUITE_P(FiltersDoc, FiltersDocExample, ::testing::ValuesIn(examples()),
                         [](const ::testing::TestParamInfo<Example>& info) { return info.param.name; });

// The "Errors" section: each bad filter, then its message indented on the next line.
struct ErrorExample {
  std::string name;
  std::string json;
  std::string message;
};

std::vector<ErrorExample> error_examples();

void PrintTo(const ErrorExample& e, std::ostream* os) { *os << e.name; }

class FiltersDocError : public ::testing::TestWithParam<ErrorExample> {};

TEST_P(FiltersDocError, GivesTheDocumentedError) {
  const ErrorExample& e = GetParam();
  const std::string block = e.json + "\n    " + e.message + "\n";
  EXPECT_NE(filters_doc().find(block), std::string::npos)
      << "docs/filters.md no longer shows this error as:\n" << block;

  auto syntax = lb::filter::parse_filter(std::string_view(e.json));
  lb::Result<lb::filter::Bound> bound =
      syntax ? lb::filter::bind(*syntax, item_model(), registry()) : lb::Result<lb::filter::Bound>(syntax.error());
  ASSERT_FALSE(bound) << e.json << " was accepted:\n" << bound->to_string();
  EXPECT_EQ(bound.error().status(), 400);
  EXPECT_EQ(bound.error().message(), e.message);
}

std::vector<ErrorExample> error_examples() {
  return {
      {"unknown_key", R"({"wher":{}})",
       R"(filter: unknown key "wher" (expected where, order, fields, limit, skip, offset or include))"},
      {"bad_json", R"({"where":{"price":{"gt":10})", "filter: invalid JSON at offset 27: incomplete JSON"},
      {"unknown_operator", R"({"where":{"price":{"gtx":10}}})",
       R"(filter.where.price: unknown operator "gtx")"},
      {"not_a_number", R"({"where":{"price":"abc"}})", R"(filter.where.price: expected a Number, got "abc")"},
      {"not_a_boolean", R"({"where":{"inStock":"yes"}})",
       R"(filter.where.inStock: expected a Boolean (true, false, "true", "false", 1 or 0), got "yes")"},
      {"not_a_date", R"({"where":{"added":{"gt":"yesterday"}}})",
       "filter.where.added: Invalid date: yesterday"},
      {"between_one_value", R"({"where":{"price":{"between":[1]}}})",
       R"(filter.where.price: "between" expects an array of 2 values, got 1 value)"},
      {"inq_not_array", R"({"where":{"category":{"inq":"home"}}})",
       R"(filter.where.category: "inq" expects an array, got string)"},
      {"or_not_array", R"({"where":{"or":{"price":1}}})",
       "filter.where.or: expected an array of where clauses, got object"},
      {"regexp_flag", R"({"where":{"name":{"regexp":"/pen/x"}}})",
       R"(filter.where.name: invalid regexp flags "x" (expected i, g or m))"},
      {"near_unit", R"({"where":{"location":{"near":"40.7,-74","unit":"leagues"}}})",
       R"(filter.where.location.unit: unknown unit "leagues"; expected miles, kilometers, meters, feet, radians or degrees)"},
      {"hidden_where", R"({"where":{"supplierCode":"X1"}})",
       R"(filter.where.supplierCode: Property "supplierCode" is hidden and may not be used in a query)"},
      {"hidden_fields", R"({"fields":["supplierCode"]})",
       R"(filter.fields.supplierCode: Property "supplierCode" is hidden and may not be used in a query)"},
      {"order_direction", R"({"order":"price SIDEWAYS"})",
       R"(filter.order: the order "price SIDEWAYS" has invalid direction (expected ASC or DESC))"},
      {"limit_negative", R"({"limit":-1})", "filter.limit: The limit parameter -1 is not valid"},
      {"skip_text", R"({"skip":"ten"})", R"(filter.skip: The offset/skip parameter "ten" is not valid)"},
      {"unknown_relation", R"({"include":"owner"})",
       R"(filter.include: Relation "owner" is not defined for Item model)"},
      {"scope_not_a_number", R"({"include":{"relation":"reviews","scope":{"where":{"stars":{"gte":"many"}}}}})",
       R"(filter.include.reviews.where.stars: expected a Number, got "many")"},
  };
}

INSTANTIATE_TEST_SUITE_P(FiltersDoc, FiltersDocError, ::testing::ValuesIn(error_examples()),
                         [](const ::testing::TestParamInfo<ErrorExample>& info) { return info.param.name; });

// The example model section must hold both definitions, or every case above would
// fail for a reason that has nothing to do with it.
TEST(FiltersDocModel, DefinesItemAndReview) {
  EXPECT_EQ(example_model_blocks().size(), 2u);
  EXPECT_NE(registry().find("Item"), nullptr);
  EXPECT_NE(registry().find("Review"), nullptr);
}

// The limits table's first rows, checked against the defaults it quotes.
TEST(FiltersDocLimits, WhereDepthOverThirtyTwoIsRefused) {
  auto nested = [](int depth) {
    std::string where = R"({"price":1})";
    for (int i = 1; i < depth; ++i) where = R"({"and":[)" + where + "]}";
    return R"({"where":)" + where + "}";
  };
  auto bound = [&](const std::string& json) -> lb::Result<lb::filter::Bound> {
    auto syntax = lb::filter::parse_filter(std::string_view(json));
    if (!syntax) return syntax.error();
    return lb::filter::bind(*syntax, item_model(), registry());
  };
  EXPECT_TRUE(bound(nested(32))) << "depth 32 must pass";
  auto refused = bound(nested(33));
  ASSERT_FALSE(refused) << "depth 33 must be refused";
  EXPECT_EQ(refused.error().status(), 400);
  EXPECT_NE(filters_doc().find("| `max_where_depth`   | 32 "), std::string::npos);
}

TEST(FiltersDocLimits, InqOverTenThousandIsRefused) {
  std::string list;
  for (int i = 0; i <= 10000; ++i) list += (i ? "," : "") + std::to_string(i);
  auto syntax = lb::filter::parse_filter(std::string_view(R"({"where":{"price":{"inq":[)" + list + "]}}}"));
  lb::Result<lb::filter::Bound> bound =
      syntax ? lb::filter::bind(*syntax, item_model(), registry()) : lb::Result<lb::filter::Bound>(syntax.error());
  ASSERT_FALSE(bound) << "an inq of 10001 values must be refused";
  EXPECT_EQ(bound.error().status(), 400);
  EXPECT_NE(filters_doc().find("| `max_inq_size`      | 10000 "), std::string::npos);
}

}  // namespace
