// InsertLowering gives, row after row, exactly the statement lower_insert gives for each
// row alone, whatever the mix of shapes: properties set or not, extras, a GeoPoint or a
// null in a PostgreSQL point column, casts for declared types, rows that fail.
#include "sql/insert_lowering.hpp"

#include "lb/json.hpp"
#include "sql/lower.hpp"
#include "sql_fixture.hpp"

namespace lb::sql::testing {
namespace {

class InsertLoweringTest : public SqlFixture {
 protected:
  // Lowers each row both ways and expects the same statement, text and parameters;
  // returns how many rows the run lowered in full.
  std::size_t expect_same(const Dialect& dialect, const char* model_name, const char* rows_json) {
    const TableMapping table = mapping(dialect, model_name);
    InsertLowering inserts(table);
    const Value rows = parse_json(rows_json).value();
    for (const Value& row_json : rows.as_array()) {
      const Object row = typed_row(model(model_name), row_json);
      auto alone = lower_insert(row, table);
      auto in_run = inserts.lower(row);
      EXPECT_EQ(alone.has_value(), in_run.has_value()) << row_json.to_json();
      if (alone.has_value() != in_run.has_value()) break;
      if (!alone) {
        EXPECT_EQ(alone.error().message(), in_run.error().message());
        continue;
      }
      EXPECT_EQ(alone->to_string(), (*in_run)->to_string()) << dialect.connector_name() << " " << row_json.to_json();
      EXPECT_EQ(alone->params, (*in_run)->params);
      EXPECT_EQ(alone->columns, (*in_run)->columns);
    }
    return inserts.statements_lowered();
  }
};

constexpr const char* kItemRows = R"([
  {"name":"a","price":1,"location":{"lat":1,"lng":2},"tags":["x"]},
  {"name":"b","price":2.5,"location":{"lat":3,"lng":4},"tags":[]},
  {"name":"c","price":3,"location":null,"tags":["y"]},
  {"name":"d","price":4,"location":null,"tags":["z"]},
  {"name":"e","price":5,"location":{"lat":5,"lng":6},"tags":["w"]},
  {"name":"f","extra":"kept"},
  {"name":"g","extra":{"deep":[1]}},
  {"name":"h","other":1},
  {"name":"i"},
  {},
  {"name":"j","added":"2024-01-10T00:00:00.000Z","photo":[1,2],"inStock":true,"meta":{"k":null}},
  {"name":"k","added":"2024-01-11T00:00:00.000Z","photo":[3],"inStock":false,"meta":[1,"x"]},
  {"name":"l","price":6,"location":{"lat":7,"lng":8},"tags":["v"]}
])";

TEST_F(InsertLoweringTest, SameStatementsAsLoweringEachRowAlone) {
  // SQLite: one statement per run of rows setting the same properties (a, f, i, {}, j, l).
  EXPECT_EQ(expect_same(sqlite_, "Item", kItemRows), 6u);
  // PostgreSQL's placeholders name types, and a point column's text depends on whether
  // it holds a point: b (a Real price), c (no point), e and l (a point again) are
  // lowered anew too, d, g, h and k are not.
  EXPECT_EQ(expect_same(postgres_, "Item", kItemRows), 9u);
}

TEST_F(InsertLoweringTest, CastsForDeclaredTypes) {
  constexpr const char* kRows = R"([
    {"id":"550e8400-e29b-41d4-a716-446655440000","mood":"ok","ip":"10.0.0.1","doc":{"k":1}},
    {"id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","mood":"sad","ip":"10.0.0.2","doc":{"k":2}},
    {"id":"6ba7b811-9dad-11d1-80b4-00c04fd430c8","mood":null,"ip":"10.0.0.3","doc":null}
  ])";
  expect_same(sqlite_, "Tagged", kRows);
  expect_same(postgres_, "Tagged", kRows);
}

// A strict model refuses a property it does not define, in the middle of a run too; the
// rows after it still get their own statements.
TEST_F(InsertLoweringTest, ARowThatFailsLeavesTheRunIntact) {
  constexpr const char* kRows = R"([
    {"id":"a","title":"t","Body":"b","rank":1},
    {"id":"b","title":"u","Body":"c","rank":2,"nope":1},
    {"id":"c","title":"v","Body":"d","rank":3},
    {"id":"d","title":"w"}
  ])";
  expect_same(sqlite_, "Note", kRows);
  expect_same(postgres_, "Note", kRows);
}

}  // namespace
}  // namespace lb::sql::testing
