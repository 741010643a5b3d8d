// What the SQL equivalence tests share: the models, rows and filters of
// tests/golden/sql/equivalence.json, the memory connector they are compared with, and
// the comparisons themselves. sqlite_equivalence_test.cpp runs lowered SQL on a raw
// SQLite database; ../postgres/equivalence_test.cpp goes through the postgresql
// connector. Header only, as lb_postgres_tests takes only sql_fixture.cpp from here.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "lb/app.hpp"
#include "lb/json.hpp"
#include "support/golden.hpp"

namespace lb::sql::testing {

// tests/golden/sql/equivalence.json, read once.
inline const Value& equivalence_cases() {
  static const Value cases = [] {
    std::ifstream in(lb::testing::test_data_path("golden/sql/equivalence.json"));
    std::stringstream text;
    text << in.rdbuf();
    return parse_json(text.str()).value();
  }();
  return cases;
}

// The models' definitions, by name, in the file's order (Item, then Doc).
inline const Object& equivalence_models() { return equivalence_cases().find("models")->as_object(); }

inline const Array& equivalence_rows(std::string_view model) {
  return equivalence_cases().find("rows")->find(model)->as_array();
}

// The Doc filters as JSON text, without those the file's `differs` leaves out for
// `connector` ("sqlite3", "postgresql").
inline std::vector<std::string> doc_filters(std::string_view connector) {
  std::vector<std::string> left_out;
  if (const Value* differs = equivalence_cases().find("differs")->find(connector)) {
    for (const Value& entry : differs->as_array()) left_out.push_back(to_json(*entry.find("filter")));
  }
  std::vector<std::string> out;
  for (const Value& filter : equivalence_cases().find("filters")->find("Doc")->as_array()) {
    std::string text = to_json(filter);
    if (std::find(left_out.begin(), left_out.end(), text) == left_out.end()) out.push_back(std::move(text));
  }
  return out;
}

// inq and nin lists longer than a statement inlines (one parameter on both dialects).
inline std::vector<std::string> long_list_filters() {
  std::string names = "\"pen\",\"école\"";
  for (int i = 0; i < 500; ++i) names += ",\"n" + std::to_string(i) + "\"";
  return {R"({"where":{"title":{"inq":[)" + names + "]}}}", R"({"where":{"title":{"nin":[)" + names + "]}}}",
          R"({"where":{"tags":{"inq":[)" + names + ",\"b\"]}}}", R"({"where":{"any":{"inq":[)" + names + ",\"x\",5]}}}"};
}

// The rows WritesMatchTheSameRows patches and deletes, the patch, and the filters
// that check the patch.
inline constexpr const char* kWritesWhere = R"({"or":[{"any.color":"red"},{"title":{"ilike":"P%"}}]})";
inline Object writes_patch() { return Object{{"n", 42}, {"extra", "patched"}}; }
inline constexpr const char* kPatchedFilters[] = {R"({"where":{"n":42}})", R"({"where":{"extra":"patched"}})",
                                                  R"({"where":{"extra":"x"}})"};

inline std::string joined(const std::vector<Value>& ids) {
  std::string out;
  for (const Value& id : ids) out += (out.empty() ? "" : ",") + id.to_json();
  return out;
}

// The memory connector holding the file's models and rows (it gives the ids).
class MemorySide {
 public:
  MemorySide() {
    app_.add_data_source("mem", Value(Object{{"connector", "memory"}})).value();
    for (const auto& [name, definition] : equivalence_models()) {
      Model* model = app_.define_model(definition, "mem").value();
      model->import(equivalence_rows(name), Model::ImportOptions{1000, false, {}}).value();
    }
  }

  [[nodiscard]] App& app() { return app_; }
  [[nodiscard]] Model& model(std::string_view name) { return app_.model(name); }
  [[nodiscard]] Connector& connector() { return app_.find_data_source("mem")->connector(); }

  // Every row of a model as stored (ids, types), in id order.
  [[nodiscard]] std::vector<Record> rows(std::string_view name) {
    return connector().find(model(name).bind_filter("{}").value()).value();
  }
  // The ids `filter` finds, "1,4,2", or "error <message>".
  [[nodiscard]] std::string ids(const std::string& name, const std::string& filter) {
    auto bound = model(name).bind_filter(filter);
    if (!bound) return "error " + bound.error().message();
    auto found = connector().find(*bound);
    if (!found) return "error " + found.error().message();
    std::vector<Value> out;
    for (const Record& row : *found) out.push_back(row.get("id"));
    return joined(out);
  }
  [[nodiscard]] std::string count(const std::string& name, const std::string& filter) {
    auto bound = model(name).bind_filter(filter);
    if (!bound) return "error " + bound.error().message();
    auto counted = connector().count(model(name).definition(), bound->where ? &*bound->where : nullptr);
    return counted ? std::to_string(*counted) : "error " + counted.error().message();
  }

 private:
  App app_;
};

// What the SQL side answers for (model, filter JSON): ids as MemorySide::ids, or a count.
using SqlAnswer = std::function<std::string(const std::string& model, const std::string& filter)>;

// Every case of tests/golden/memory/results.txt on Item finds the same ids, in the same
// order, and counts the same on both sides.
inline void expect_memory_golden_cases(MemorySide& memory, const SqlAnswer& ids, const SqlAnswer& count) {
  auto file = lb::testing::load_golden(lb::testing::test_data_path("golden/memory/results.txt"));
  ASSERT_GT(file.cases.size(), 50u);
  for (const auto& c : file.cases) {
    const std::string expected = memory.ids("Item", c.input);
    EXPECT_EQ(c.expected, expected) << "the memory connector itself, case \"" << c.name << "\"";
    EXPECT_EQ(expected, ids("Item", c.input)) << "case \"" << c.name << "\": " << c.input;
    EXPECT_EQ(memory.count("Item", c.input), count("Item", c.input)) << "count, case \"" << c.name << "\"";
  }
}

// Every Doc filter for `connector` finds and counts the same on both sides, and most
// select some rows but not all, so the agreement is not vacuous.
inline void expect_doc_corner_cases(MemorySide& memory, std::string_view connector, const SqlAnswer& ids,
                                    const SqlAnswer& count) {
  int selective = 0;
  const std::vector<std::string> filters = doc_filters(connector);
  for (const std::string& filter : filters) {
    const std::string expected = memory.ids("Doc", filter);
    const std::string actual = ids("Doc", filter);
    EXPECT_EQ(expected, actual) << filter;
    EXPECT_EQ(actual.find("error"), std::string::npos) << filter << ": " << actual;
    EXPECT_EQ(memory.count("Doc", filter), count("Doc", filter)) << "count " << filter;
    if (!expected.empty() && expected != "1,2,3,4,5,6,7,8,9,10,11,12") ++selective;
  }
  EXPECT_GT(filters.size(), 95u);
  EXPECT_GT(selective, 80);
}

inline void expect_long_lists(MemorySide& memory, const SqlAnswer& ids) {
  for (const std::string& filter : long_list_filters()) {
    EXPECT_EQ(memory.ids("Doc", filter), ids("Doc", filter)) << filter.substr(0, 60);
  }
}

}  // namespace lb::sql::testing
