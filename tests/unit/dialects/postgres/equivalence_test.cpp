// The postgresql connector against the memory connector: the same rows loaded into
// both (ids included), and every filter must find the same ids in the same order and
// count the same. The cases are those of the SQLite equivalence test
// (../sql/equivalence_cases.hpp, tests/golden/sql/equivalence.json): the memory engine's
// golden cases, and the corners SQL needs care for, less the few the file marks as
// differing on PostgreSQL. Here everything goes through the connector.
#include <gtest/gtest.h>

#include "equivalence_cases.hpp"
#include "lb/json.hpp"
#include "pg_test_server.hpp"

namespace lb::postgres::testing {
namespace {

using sql::testing::MemorySide;
using sql::testing::SqlAnswer;

// Equal as JSON values: objects as sets of members (jsonb orders keys its own way),
// numbers by value, Dates, GeoPoints and Buffers as lb::Value compares them.
bool same_json(const Value& a, const Value& b) {
  if (a.is_object() && b.is_object()) {
    if (a.as_object().size() != b.as_object().size()) return false;
    for (const auto& [key, value] : a.as_object()) {
      const Value* other = b.find(key);
      if (!other || !same_json(value, *other)) return false;
    }
    return true;
  }
  if (a.is_array() && b.is_array()) {
    if (a.as_array().size() != b.as_array().size()) return false;
    for (std::size_t i = 0; i < a.as_array().size(); ++i) {
      if (!same_json(a.as_array()[i], b.as_array()[i])) return false;
    }
    return true;
  }
  return a == b;
}

class PgEquivalence : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (HasFatalFailure()) return;
    // The memory side's rows, as stored (ids and all), copied in through the connector.
    for (const auto& [name, definition] : sql::testing::equivalence_models()) {
      Model& pg = define(to_json(definition).c_str());
      for (const Record& row : memory_.rows(name)) data_source_connector().create(pg.definition(), row.to_object()).value();
    }
  }

  std::string pg_ids(const std::string& model, const std::string& filter) {
    auto bound = app_.model(model).bind_filter(filter);
    if (!bound) return "error " + bound.error().message();
    auto rows = data_source_connector().find(*bound);
    if (!rows) return "error " + rows.error().message();
    std::vector<Value> out;
    for (const Record& row : *rows) out.push_back(row.get("id"));
    return sql::testing::joined(out);
  }

  std::string pg_count(const std::string& model, const std::string& filter) {
    auto bound = app_.model(model).bind_filter(filter);
    if (!bound) return "error " + bound.error().message();
    auto counted = data_source_connector().count(app_.model(model).definition(), bound->where ? &*bound->where : nullptr);
    return counted ? std::to_string(*counted) : "error " + counted.error().message();
  }

  SqlAnswer ids() {
    return [this](const std::string& model, const std::string& filter) { return pg_ids(model, filter); };
  }
  SqlAnswer count() {
    return [this](const std::string& model, const std::string& filter) { return pg_count(model, filter); };
  }

  MemorySide memory_;
};

TEST_F(PgEquivalence, MemoryEngineGoldenCases) { sql::testing::expect_memory_golden_cases(memory_, ids(), count()); }

TEST_F(PgEquivalence, CornerCases) { sql::testing::expect_doc_corner_cases(memory_, "postgresql", ids(), count()); }

// Whole rows, not only ids: every value reads back as the memory connector holds it
// (objects compared as JSON values, whose keys jsonb may reorder).
TEST_F(PgEquivalence, RowsReadBackAsStored) {
  for (const char* model : {"Item", "Doc"}) {
    auto memory_rows = memory_.rows(model);
    auto pg_rows = data_source_connector().find(app_.model(model).bind_filter("{}").value()).value();
    ASSERT_EQ(memory_rows.size(), pg_rows.size());
    for (std::size_t i = 0; i < memory_rows.size(); ++i) {
      Object expected = memory_rows[i].to_object();
      Object actual = pg_rows[i].to_object();
      // A property written as null is absent from the table's row.
      Object present;
      for (auto& [key, value] : expected) {
        if (!value.is_null()) present.push_back(key, value);
      }
      EXPECT_EQ(present.size(), actual.size()) << model << " row " << i << ": " << to_json(Value(actual));
      for (const auto& [key, value] : present) {
        const Value* got = actual.find(key);
        ASSERT_NE(got, nullptr) << model << " row " << i << " lacks " << key;
        EXPECT_TRUE(same_json(value, *got)) << model << " row " << i << " " << key << ": " << to_json(value)
                                            << " vs " << to_json(*got);
      }
    }
  }
}

TEST_F(PgEquivalence, LongLists) { sql::testing::expect_long_lists(memory_, ids()); }

TEST_F(PgEquivalence, WritesMatchTheSameRows) {
  Connector& memory = memory_.connector();
  auto memory_where = memory_.model("Doc").bind_where(parse_json(sql::testing::kWritesWhere).value()).value();
  auto pg_where = app_.model("Doc").bind_where(parse_json(sql::testing::kWritesWhere).value()).value();
  const Object patch = sql::testing::writes_patch();
  EXPECT_EQ(memory.update_all(memory_.model("Doc").definition(), &memory_where, patch).value(),
            data_source_connector().update_all(app_.model("Doc").definition(), &pg_where, patch).value());
  for (const char* filter : sql::testing::kPatchedFilters) {
    EXPECT_EQ(memory_.ids("Doc", filter), pg_ids("Doc", filter)) << filter;
  }
  EXPECT_EQ(memory.delete_all(memory_.model("Doc").definition(), &memory_where).value(),
            data_source_connector().delete_all(app_.model("Doc").definition(), &pg_where).value());
  EXPECT_EQ(memory_.ids("Doc", "{}"), pg_ids("Doc", "{}"));
}

}  // namespace
}  // namespace lb::postgres::testing
