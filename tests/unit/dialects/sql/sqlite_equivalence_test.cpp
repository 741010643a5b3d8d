// Lowered SQL run on a real SQLite database against the memory connector: the same
// rows are loaded into both, and every filter must find the same ids in the same order
// (and count the same). The filters are the memory engine's own golden cases
// (tests/golden/memory/results.txt, on a copy of its sample) plus a set aimed at the
// corners SQL needs care for: null and missing values, untyped and nested JSON, arrays,
// LIKE escapes and case folding, regexp, near.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <map>
#include <memory>

#include "lb/app.hpp"
#include "lb/json.hpp"
#include "sql/lower.hpp"
#include "sqlite/sqlite_dialect.hpp"
#include "sqlite/sqlite_functions.hpp"
#include "support/golden.hpp"

namespace lb::sql::testing {
namespace {

// A copy of tests/unit/memory/memory_fixture.hpp's model and rows (the cases of
// golden/memory/results.txt are about these).
constexpr const char* kItemModel = R"({
  "name": "Item",
  "properties": {
    "name": {"type": "string", "required": true},
    "price": {"type": "number", "index": true},
    "category": {"type": "string", "index": true},
    "sku": {"type": "string", "index": {"unique": true}},
    "inStock": "boolean",
    "added": "date",
    "tags": ["string"],
    "location": {"type": "geopoint", "index": true},
    "address": {"type": {"city": "string", "zip": "string"}},
    "lines": [{"type": {"sku": "string", "qty": "number"}}],
    "meta": "any"
  },
  "indexes": {"category_price": {"keys": {"category": 1, "price": 1}}}
})";

constexpr const char* kItemRows = R"([
  {"name":"pen","price":1.5,"category":"office","sku":"P-1","inStock":true,"added":"2024-01-10T00:00:00.000Z",
   "tags":["blue","cheap"],"location":{"lat":40.7128,"lng":-74.006},"address":{"city":"New York","zip":"10001"},
   "lines":[{"sku":"A","qty":1},{"sku":"B","qty":5}]},
  {"name":"pencil","price":0.5,"category":"office","sku":"P-2","inStock":false,"added":"2024-02-01T00:00:00.000Z",
   "tags":["cheap"],"location":{"lat":51.5074,"lng":-0.1278},"address":{"city":"London"}},
  {"name":"Desk Lamp","price":25,"category":"home","inStock":true,"added":"2023-11-05T00:00:00.000Z",
   "tags":[],"location":{"lat":48.8566,"lng":2.3522},"address":{"city":"Paris"},"lines":[{"sku":"C","qty":2}]},
  {"name":"notebook_a5","price":12,"category":"office","sku":"N-5","inStock":true,"added":"2024-03-15T00:00:00.000Z",
   "location":{"lat":40.73,"lng":-73.99},"address":{"city":"New York"},"meta":{"color":"red"}},
  {"name":"100% cotton bag","price":12,"category":"bags","inStock":false,"tags":null,"meta":"x"},
  {"name":"chair","price":60,"category":"home","sku":"C-1","inStock":true,"added":"2024-01-20T00:00:00.000Z",
   "tags":["wood"],"address":{"city":"Berlin"},"extra":"kept"}
])";

// Rows chosen for the corners: every kind under an untyped property, nested arrays,
// LIKE wildcards in the data, non-ASCII letters, empty and missing values.
constexpr const char* kDocModel = R"({
  "name": "Doc",
  "properties": {
    "title": "string",
    "n": "number",
    "flag": "boolean",
    "when": "date",
    "tags": ["string"],
    "nums": ["number"],
    "any": "any",
    "obj": {"type": {"a": "string", "b": "number", "list": [{"type": {"k": "string"}}]}},
    "pt": "geopoint"
  }
})";

constexpr const char* kDocRows = R"([
  {"title":"pen","n":1,"flag":true,"when":"2024-01-01T00:00:00.000Z","tags":["a","b"],"nums":[1,2.5],"any":"x",
   "obj":{"a":"A","b":1,"list":[{"k":"p"},{"k":"q"}]},"pt":{"lat":10,"lng":10}},
  {"title":"Pen","n":1.0,"flag":false,"tags":[],"nums":[],"any":5,"obj":{"a":"a"},"extra":"x","pt":{"lat":10.5,"lng":10}},
  {"title":"péñ","n":-3,"any":true,"obj":{"list":[]},"tags":["A"],"pt":{"lat":-45,"lng":170}},
  {"title":"100%","n":2.5,"any":[1,"x",true,null],"obj":{"b":2.5,"list":[{"k":null},{}]}},
  {"title":"a_b\\c","n":null,"any":{"color":"red","size":3},"tags":null},
  {"title":null,"any":[{"color":"blue"},{"color":"red"}],"obj":null},
  {"title":"ÉCOLE","any":null,"extra":{"deep":1}},
  {"title":"école","any":"5","nums":[3]},
  {},
  {"title":"x\ny","any":{"color":["red","green"]},"when":"1969-12-31T23:59:59.999Z"},
  {"title":"*?[","any":[[1,2],3]},
  {"title":"","n":0,"flag":false,"any":false,"tags":["b","a"],"pt":{"lat":0,"lng":0}}
])";

// The memory connector's semantics for filters on Doc; each must find the same ids.
const char* const kDocFilters[] = {
    R"({})",
    R"({"where":{"title":"pen"}})",
    R"({"where":{"title":{"neq":"pen"}}})",
    R"({"where":{"title":null}})",
    R"({"where":{"title":{"neq":null}}})",
    R"({"where":{"title":{"gt":"a"}}})",
    R"({"where":{"title":{"lt":"a"}}})",
    R"({"where":{"title":{"between":["P","q"]}}})",
    R"({"where":{"title":{"inq":["pen","Pen",null]}}})",
    R"({"where":{"title":{"nin":["pen","Pen"]}}})",
    R"({"where":{"title":{"nin":["pen",null]}}})",
    R"({"where":{"title":{"like":"p%"}}})",
    R"({"where":{"title":{"like":"P_n"}}})",
    R"({"where":{"title":{"like":"p_ñ"}}})",
    R"({"where":{"title":{"like":"100\\%"}}})",
    R"({"where":{"title":{"like":"%\\_b\\\\c"}}})",
    R"({"where":{"title":{"like":"*?["}}})",
    R"({"where":{"title":{"like":"%"}}})",
    R"({"where":{"title":{"like":""}}})",
    R"({"where":{"title":{"nlike":"p%"}}})",
    R"({"where":{"title":{"ilike":"PEN"}}})",
    R"({"where":{"title":{"ilike":"école"}}})",
    R"({"where":{"title":{"ilike":"%COLE"}}})",
    R"({"where":{"title":{"nilike":"pen"}}})",
    R"({"where":{"title":{"regexp":"^p"}}})",
    R"({"where":{"title":{"regexp":"/^P/i"}}})",
    R"({"where":{"title":{"regexp":"^y"}}})",
    R"({"where":{"title":{"regexp":"/^y/m"}}})",
    R"({"where":{"title":{"regexp":"x.y"}}})",
    R"({"where":{"title":{"exists":false}}})",
    R"({"where":{"n":1}})",
    R"({"where":{"n":{"gte":1}}})",
    R"({"where":{"n":{"neq":1}}})",
    R"({"where":{"n":{"between":[-5,1]}}})",
    R"({"where":{"flag":false}})",
    R"({"where":{"flag":{"neq":true}}})",
    R"({"where":{"flag":{"gt":false}}})",
    R"({"where":{"when":{"lt":"1970-01-01"}}})",
    R"({"where":{"when":{"gte":"2000"}}})",
    R"({"where":{"tags":"a"}})",
    R"({"where":{"tags":{"neq":"a"}}})",
    R"({"where":{"tags":{"nin":["a","A"]}}})",
    R"({"where":{"tags":{"gte":"b"}}})",
    R"({"where":{"tags":{"ilike":"a"}}})",
    R"({"where":{"tags":["a","b"]}})",
    R"({"where":{"tags":{"exists":true}}})",
    R"({"where":{"tags":null}})",
    R"({"where":{"nums":{"gt":2}}})",
    R"({"where":{"nums":2.5}})",
    R"({"where":{"any":"x"}})",
    R"({"where":{"any":5}})",
    R"({"where":{"any":"5"}})",
    R"({"where":{"any":true}})",
    R"({"where":{"any":false}})",
    R"({"where":{"any":1}})",
    R"({"where":{"any":null}})",
    R"({"where":{"any":{"neq":"x"}}})",
    R"({"where":{"any":{"gt":2}}})",
    R"({"where":{"any":{"gt":"a"}}})",
    R"({"where":{"any":{"inq":["x",5,null]}}})",
    R"({"where":{"any":{"nin":["x",5]}}})",
    R"({"where":{"any":{"like":"%"}}})",
    R"({"where":{"any":{"regexp":"^[0-9]$"}}})",
    R"({"where":{"any":{"exists":true}}})",
    R"({"where":{"any":{"eq":{"color":"red","size":3}}}})",
    R"({"where":{"any":{"eq":[1,"x",true,null]}}})",
    R"({"where":{"any.color":"red"}})",
    R"({"where":{"any.color":{"neq":"red"}}})",
    R"({"where":{"any.color":null}})",
    R"({"where":{"any.color":{"exists":true}}})",
    R"({"where":{"any.size":{"lt":10}}})",
    R"({"where":{"obj.a":"A"}})",
    R"({"where":{"obj.a":{"ilike":"a"}}})",
    R"({"where":{"obj.b":{"gt":1}}})",
    R"({"where":{"obj.a":null}})",
    R"({"where":{"obj.list.k":"q"}})",
    R"({"where":{"obj.list.k":null}})",
    R"({"where":{"obj.list.k":{"neq":"p"}}})",
    R"({"where":{"obj.list.k":{"exists":false}}})",
    R"({"where":{"extra":"x"}})",
    R"({"where":{"extra":{"exists":true}}})",
    R"({"where":{"extra.deep":1}})",
    R"({"where":{"extra.deep":{"neq":1}}})",
    R"({"where":{"pt":{"near":"10,10"}}})",
    R"({"where":{"pt":{"near":"10,10","maxDistance":40}}})",
    R"({"where":{"pt":{"near":"10,10","minDistance":0.5,"unit":"degrees"}}})",
    R"({"where":{"or":[{"pt":{"near":"0,0","maxDistance":1000}},{"title":"pen"}]}})",
    R"({"where":{"nor":[{"title":"pen"},{"n":{"gt":0}}]}})",
    R"({"where":{"nor":[{"or":[{"title":{"nin":["pen"]}},{"flag":true}]}]}})",
    R"({"where":{"and":[{"or":[{"n":{"lt":0}},{"any":{"exists":true}}]},{"nor":[{"tags":"a"}]}]}})",
    R"({"order":"title"})",
    R"({"order":"title DESC"})",
    R"({"order":["flag DESC","n"]})",
    R"({"order":"when DESC"})",
    R"({"order":"obj.a DESC"})",
    R"({"order":"obj.list.k"})",
    R"({"order":"extra"})",
    R"({"order":"pt"})",
    R"({"order":"any"})",
    R"({"order":"any DESC"})",
    R"({"order":"any.color"})",
    R"({"order":"n DESC","limit":3,"skip":2})",
    R"({"skip":10})",
};

class SqliteEquivalence : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.add_data_source("mem", Value(Object{{"connector", "memory"}})).value();
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    // The functions the sqlite3 connector registers, so SQL and connector agree.
    ASSERT_EQ(sqlite::register_functions(db_), SQLITE_OK);
    load(kItemModel, kItemRows);
    load(kDocModel, kDocRows);
  }
  void TearDown() override { sqlite3_close(db_); }

  // Defines the model on the memory data source, imports the rows, and copies them as
  // stored (ids, types) into SQLite through the lowered DDL and INSERTs.
  void load(const char* model_json, const char* rows_json) {
    Model* model = app_.define_model(parse_json(model_json).value(), "mem").value();
    model->import(parse_json(rows_json).value().as_array(), Model::ImportOptions{1000, false, {}}).value();
    auto table = TableMapping::from_model(model->definition(), dialect_).value();
    const std::vector<SqlStatement> schema = lower_create_table(table).value();
    for (const SqlStatement& statement : schema) execute(statement);
    const std::vector<Record> rows = connector().find(model->bind_filter("{}").value()).value();
    for (const Record& row : rows) execute(lower_insert(row.to_object(), table).value());
    tables_.emplace(model->name(), std::move(table));
  }

  Connector& connector() { return app_.find_data_source("mem")->connector(); }

  // Runs a statement; returns the values of result column `column` (all rows), or the
  // error text.
  std::vector<Value> execute(const SqlStatement& statement, int column = -1) {
    sqlite3_stmt* prepared = nullptr;
    if (sqlite3_prepare_v2(db_, statement.text.c_str(), -1, &prepared, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sqlite3_errmsg(db_) << "\n" << statement.to_string();
      return {};
    }
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> owned(prepared, sqlite3_finalize);
    for (std::size_t i = 0; i < statement.params.size(); ++i) {
      const Value& value = statement.params[i].value;
      const int index = static_cast<int>(i + 1);
      switch (value.kind()) {
        case Value::Kind::Null: sqlite3_bind_null(prepared, index); break;
        case Value::Kind::Integer: sqlite3_bind_int64(prepared, index, value.as_integer()); break;
        case Value::Kind::Number: sqlite3_bind_double(prepared, index, value.as_double()); break;
        case Value::Kind::String:
          sqlite3_bind_text(prepared, index, value.as_string().data(), static_cast<int>(value.as_string().size()),
                            SQLITE_TRANSIENT);
          break;
        case Value::Kind::Buffer:
          sqlite3_bind_blob(prepared, index, value.as_buffer().bytes.data(),
                            static_cast<int>(value.as_buffer().bytes.size()), SQLITE_TRANSIENT);
          break;
        default: ADD_FAILURE() << "SQLite cannot bind " << value.to_json() << "\n" << statement.to_string();
      }
    }
    std::vector<Value> out;
    int status;
    while ((status = sqlite3_step(prepared)) == SQLITE_ROW) {
      if (column < 0) continue;
      switch (sqlite3_column_type(prepared, column)) {
        case SQLITE_INTEGER: out.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(prepared, column))); break;
        case SQLITE_FLOAT: out.emplace_back(sqlite3_column_double(prepared, column)); break;
        case SQLITE_TEXT:
          out.emplace_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(prepared, column))));
          break;
        default: out.emplace_back(); break;
      }
    }
    if (status != SQLITE_DONE) ADD_FAILURE() << sqlite3_errmsg(db_) << "\n" << statement.to_string();
    return out;
  }

  static std::string joined(const std::vector<Value>& ids) {
    std::string out;
    for (const Value& id : ids) out += (out.empty() ? "" : ",") + id.to_json();
    return out;
  }

  std::string memory_ids(const std::string& model, const std::string& filter) {
    auto bound = app_.model(model).bind_filter(filter);
    if (!bound) return "error " + bound.error().message();
    auto rows = connector().find(*bound);
    if (!rows) return "error " + rows.error().message();
    std::vector<Value> ids;
    for (const Record& row : *rows) ids.push_back(row.get("id"));
    return joined(ids);
  }

  std::string sqlite_ids(const std::string& model, const std::string& filter) {
    auto bound = app_.model(model).bind_filter(filter);
    if (!bound) return "error " + bound.error().message();
    // Select the ids only, so that `fields` cannot hide them.
    bound->fields = std::vector<std::string>{"id"};
    auto statement = lower_find(*bound, tables_.at(model));
    if (!statement) return "error " + statement.error().message();
    return joined(execute(*statement, 0));
  }

  std::string memory_count(const std::string& model, const std::string& filter) {
    auto bound = app_.model(model).bind_filter(filter);
    if (!bound) return "error";
    auto count = connector().count(app_.model(model).definition(), bound->where ? &*bound->where : nullptr);
    return count ? std::to_string(*count) : "error " + count.error().message();
  }

  std::string sqlite_count(const std::string& model, const std::string& filter) {
    auto bound = app_.model(model).bind_filter(filter);
    if (!bound) return "error";
    auto statement = lower_count(bound->where ? &*bound->where : nullptr, tables_.at(model));
    if (!statement) return "error " + statement.error().message();
    return joined(execute(*statement, 0));
  }

  App app_;
  sqlite3* db_ = nullptr;
  sqlite::SqliteDialect dialect_;
  std::map<std::string, TableMapping> tables_;
};

TEST_F(SqliteEquivalence, MemoryEngineGoldenCases) {
  auto file = lb::testing::load_golden(lb::testing::test_data_path("golden/memory/results.txt"));
  ASSERT_GT(file.cases.size(), 50u);
  for (const auto& c : file.cases) {
    const std::string expected = memory_ids("Item", c.input);
    EXPECT_EQ(c.expected, expected) << "the memory connector itself, case \"" << c.name << "\"";
    EXPECT_EQ(expected, sqlite_ids("Item", c.input)) << "case \"" << c.name << "\": " << c.input;
    EXPECT_EQ(memory_count("Item", c.input), sqlite_count("Item", c.input)) << "count, case \"" << c.name << "\"";
  }
}

TEST_F(SqliteEquivalence, CornerCases) {
  for (const char* filter : kDocFilters) {
    EXPECT_EQ(memory_ids("Doc", filter), sqlite_ids("Doc", filter)) << filter;
    EXPECT_EQ(memory_count("Doc", filter), sqlite_count("Doc", filter)) << "count " << filter;
  }
}

// "pt.lat" binds (a GeoPoint's coordinates are numbers to the binder) and SQL reads it,
// but the memory connector's path walk does not step into GeoPoints and finds nothing:
// a difference in the memory engine, reported; this pins what SQL returns.
TEST_F(SqliteEquivalence, GeoPointCoordinates) {
  EXPECT_EQ("1,2", sqlite_ids("Doc", R"({"where":{"pt.lat":{"gt":5}}})"));
  EXPECT_EQ("3", sqlite_ids("Doc", R"({"where":{"pt.lng":{"gt":100}}})"));
}

// Guards the comparisons above against vacuous agreement: the filters do select rows.
TEST_F(SqliteEquivalence, FiltersSelectRows) {
  int selective = 0;
  for (const char* filter : kDocFilters) {
    const std::string ids = sqlite_ids("Doc", filter);
    EXPECT_EQ(ids.find("error"), std::string::npos) << filter << ": " << ids;
    if (!ids.empty() && ids != "1,2,3,4,5,6,7,8,9,10,11,12") ++selective;
  }
  EXPECT_GT(selective, 80);
}

// A long inq list goes through one json_each parameter; it must find what memory does.
TEST_F(SqliteEquivalence, LongLists) {
  std::string names = "\"pen\",\"école\"";
  for (int i = 0; i < 500; ++i) names += ",\"n" + std::to_string(i) + "\"";
  for (const std::string& filter : {R"({"where":{"title":{"inq":[)" + names + "]}}}",
                                    R"({"where":{"title":{"nin":[)" + names + "]}}}",
                                    R"({"where":{"tags":{"inq":[)" + names + ",\"b\"]}}}",
                                    R"({"where":{"any":{"inq":[)" + names + ",\"x\",5]}}}"}) {
    EXPECT_EQ(memory_ids("Doc", filter), sqlite_ids("Doc", filter)) << filter.substr(0, 60);
  }
}

// The write statements act on the rows the memory connector's do: counts of matched
// rows agree, and a patch or a delete leaves both with the same ids for a filter.
TEST_F(SqliteEquivalence, WritesMatchTheSameRows) {
  const std::string where = R"({"or":[{"any.color":"red"},{"title":{"ilike":"P%"}}]})";
  Model& doc = app_.model("Doc");
  auto bound_where = doc.bind_where(parse_json(where).value()).value();
  const TableMapping& table = tables_.at("Doc");

  auto updated = connector().update_all(doc.definition(), &bound_where, Object{{"n", 42}, {"extra", "patched"}}).value();
  execute(lower_update_all(&bound_where, Object{{"n", 42}, {"extra", "patched"}}, table).value());
  EXPECT_EQ(updated, sqlite3_changes(db_));
  for (const char* filter : {R"({"where":{"n":42}})", R"({"where":{"extra":"patched"}})", R"({"where":{"extra":"x"}})"}) {
    EXPECT_EQ(memory_ids("Doc", filter), sqlite_ids("Doc", filter)) << filter;
  }

  auto deleted = connector().delete_all(doc.definition(), &bound_where).value();
  execute(lower_delete_all(&bound_where, table).value());
  EXPECT_EQ(deleted, sqlite3_changes(db_));
  EXPECT_EQ(memory_ids("Doc", "{}"), sqlite_ids("Doc", "{}"));
}

}  // namespace
}  // namespace lb::sql::testing
