// Properties whose "sqlite3" section declares a column type ("dataType"), as a
// definition written for PostgreSQL or discovered elsewhere would: SQLite gives a
// column the affinity its type's name implies, so a declared type whose affinity
// would convert the values (NUMERIC turns the text "1e5" into a number) is replaced by
// the storage's own type; one that keeps them is written as declared.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "lb/date.hpp"
#include "sqlite_test_support.hpp"

namespace lb::sqlite::testing {
namespace {

constexpr const char* kTagged = R"json({
  "name": "Tagged",
  "properties": {
    "id": {"type": "string", "id": true, "sqlite3": {"dataType": "uuid"}},
    "mood": {"type": "string", "sqlite3": {"dataType": "mood"}},
    "ip": {"type": "string", "sqlite3": {"dataType": "inet"}},
    "email": {"type": "string", "sqlite3": {"dataType": "citext"}},
    "code": {"type": "string", "sqlite3": {"dataType": "varchar", "dataLength": 5}},
    "amount": {"type": "number", "sqlite3": {"dataType": "numeric(10,2)"}},
    "count": {"type": "number", "sqlite3": {"dataType": "bigint"}},
    "at": {"type": "date", "sqlite3": {"dataType": "timestamptz"}},
    "born": {"type": "date", "sqlite3": {"dataType": "text"}},
    "flag": {"type": "boolean", "sqlite3": {"dataType": "real"}},
    "doc": {"type": "object", "sqlite3": {"dataType": "jsonb"}}
  }
})json";

class SqliteDeclaredTypes : public ::testing::Test {
 protected:
  std::string column_types() {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(db_.database().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT name, type FROM pragma_table_info('Tagged') ORDER BY cid", -1,
                                 &statement, nullptr),
              SQLITE_OK);
    std::string out;
    while (sqlite3_step(statement) == SQLITE_ROW) {
      out += reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)) + std::string(":") +
             reinterpret_cast<const char*>(sqlite3_column_text(statement, 1)) + " ";
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return out;
  }

  SqliteApp db_;
  Model& tagged_ = db_.define(kTagged);
};

TEST_F(SqliteDeclaredTypes, TypesThatWouldConvertTheValuesAreReplaced) {
  EXPECT_EQ(column_types(),
            "id:TEXT mood:TEXT ip:TEXT email:citext code:varchar(5) amount:numeric(10,2) count:bigint "
            "at:timestamptz born:DATETIME flag:BOOLEAN doc:TEXT _lb_extras:TEXT ");
}

TEST_F(SqliteDeclaredTypes, ValuesReadBackAsWritten) {
  // Under NUMERIC ("uuid", "mood"), INTEGER ("inet") or TEXT ("text" for a Date)
  // affinity these would have come back as numbers, or as text.
  const Object row{{"id", "1e5"},      {"mood", "12"},      {"ip", "10"},  {"email", "A@b.c"},
                   {"code", "00012"},  {"amount", 1.5},     {"count", 7},  {"at", Date{1704844800000}},
                   {"born", Date{-1}}, {"flag", true},      {"doc", Object{{"k", "1"}}}};
  ASSERT_TRUE(tagged_.create(Value(row)));
  const Instance found = *tagged_.find_by_id(Value("1e5")).value();
  EXPECT_EQ(found.get("id"), Value("1e5"));
  EXPECT_EQ(found.get("mood"), Value("12"));
  EXPECT_EQ(found.get("ip"), Value("10"));
  EXPECT_EQ(found.get("email"), Value("A@b.c"));
  EXPECT_EQ(found.get("code"), Value("00012"));
  EXPECT_EQ(found.get("amount"), Value(1.5));
  EXPECT_EQ(found.get("count"), Value(7));
  EXPECT_EQ(found.get("at"), Value(Date{1704844800000}));
  EXPECT_EQ(found.get("born"), Value(Date{-1}));
  EXPECT_EQ(found.get("flag"), Value(true));
  EXPECT_EQ(found.get("doc"), Value(Object{{"k", "1"}}));

  EXPECT_EQ(tagged_.find(R"({"where":{"mood":"12"}})").value().size(), 1u);
  EXPECT_EQ(tagged_.find(R"({"where":{"ip":{"inq":["10","11"]}}})").value().size(), 1u);
  EXPECT_EQ(tagged_.find(R"({"where":{"code":{"like":"000%"}}})").value().size(), 1u);
  EXPECT_EQ(tagged_.find(R"({"where":{"born":{"lt":"1970-01-01"}}})").value().size(), 1u);
  EXPECT_EQ(tagged_.find(R"({"where":{"doc.k":"1"}})").value().size(), 1u);
  EXPECT_TRUE(db_.source().is_actual(tagged_.definition()).value());
}

TEST_F(SqliteDeclaredTypes, ADeclaredTypeMustBeATypeName) {
  auto status = db_.app().define_model(
      json(R"json({"name": "Bad", "properties": {"v": {"type": "string", "sqlite3": {"dataType": "text); DROP TABLE x; --"}}}})json"),
      "db");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().status(), 400);
  EXPECT_NE(status.error().message().find("Bad.v: the \"sqlite3\" dataType"), std::string::npos)
      << status.error().message();
}

}  // namespace
}  // namespace lb::sqlite::testing
