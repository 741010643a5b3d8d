// Identifiers and values: names are quoted (quotes doubled) and only come from model
// metadata; values, patterns and JSON keys are always parameters, whatever they hold.
#include "lb/filter/bind.hpp"
#include "lb/filter/parse.hpp"
#include "sql/lower.hpp"
#include "sql/sql_builder.hpp"
#include "sql_fixture.hpp"

namespace lb::sql::testing {
namespace {

class Quoting : public SqlFixture {};

TEST_F(Quoting, IdentifiersAreQuotedWithQuotesDoubled) {
  for (const Dialect* dialect : {static_cast<const Dialect*>(&sqlite_), static_cast<const Dialect*>(&postgres_)}) {
    EXPECT_EQ("\"name\"", dialect->quote_identifier("name").value());
    EXPECT_EQ("\"a\"\"b\"", dialect->quote_identifier("a\"b").value());
    EXPECT_EQ("\"x\"\"; DROP TABLE t; --\"", dialect->quote_identifier("x\"; DROP TABLE t; --").value());
    EXPECT_EQ("\"it's\"", dialect->quote_identifier("it's").value());
    EXPECT_FALSE(dialect->quote_identifier(""));
    EXPECT_FALSE(dialect->quote_identifier(std::string("a\0b", 3)));
    EXPECT_FALSE(dialect->quote_identifier("a\x01" "b"));
    EXPECT_EQ(400, dialect->quote_identifier("a\nb").error().status());
  }
}

TEST_F(Quoting, PostgresLowerCasesDefaultNamesOnly) {
  EXPECT_EQ("item", postgres_.default_name("Item"));
  EXPECT_EQ("Item", sqlite_.default_name("Item"));
  auto note = mapping(postgres_, "Note");
  EXPECT_EQ("notes", note.table());
  EXPECT_EQ("\"app\".\"notes\"", note.qualified());
  EXPECT_EQ("note_title", note.column("title")->name);
  EXPECT_EQ("body", note.column("Body")->name);
}

// Whatever a value holds, it reaches the statement as a parameter: the text is the
// same as for a harmless value.
TEST_F(Quoting, ValuesNeverReachTheText) {
  const char* hostile[] = {"x' OR '1'='1", "'; DROP TABLE \"Item\"; --", "\\", "?1", "$1", ("\x01" "0\x02"), "\"", "%_"};
  for (const Dialect* dialect : {static_cast<const Dialect*>(&sqlite_), static_cast<const Dialect*>(&postgres_)}) {
    auto table = mapping(*dialect, "Item");
    const std::string plain = lower_find(bound("Item", R"({"where":{"name":"plain","meta.k":"plain"}})"), table).value().text;
    for (const char* value : hostile) {
      Object where{{"name", value}, {"meta.k", value}};
      const std::string filter = Value(Object{{"where", Value(std::move(where))}}).to_json();
      SqlStatement statement = lower_find(bound("Item", filter), table).value();
      EXPECT_EQ(plain, statement.text) << value;
      bool bound_as_param = false;
      for (const SqlParam& param : statement.params) bound_as_param = bound_as_param || param.value == Value(value);
      EXPECT_TRUE(bound_as_param) << value;
    }
  }
}

// Keys below untyped properties come from the filter: they are parameters too.
TEST_F(Quoting, JsonKeysAreParameters) {
  auto table = mapping(postgres_, "Item");
  SqlStatement statement = lower_find(bound("Item", R"({"where":{"meta.x'); DROP TABLE y; --":1}})"), table).value();
  EXPECT_EQ(std::string::npos, statement.text.find("DROP"));
  EXPECT_EQ(Value("x'); DROP TABLE y; --"), statement.params.front().value);
  // SQLite's JSON paths cannot escape a double quote; such a key is refused, not written.
  auto sqlite_table = mapping(sqlite_, "Item");
  auto refused = lower_find(bound("Item", R"({"where":{"meta.a\"b":1}})"), sqlite_table);
  ASSERT_FALSE(refused);
  EXPECT_EQ(400, refused.error().status());
  auto patched = lower_update_all(nullptr, Object{{"a\"b", 1}}, sqlite_table);
  ASSERT_FALSE(patched);
  EXPECT_EQ(400, patched.error().status());
}

TEST_F(Quoting, WriteValuesAreParameters) {
  auto table = mapping(sqlite_, "We\"ird");
  SqlStatement statement = lower_insert(Object{{"na\"me", "'); DROP TABLE x; --"}}, table).value();
  EXPECT_EQ("INSERT INTO \"t\"\"; DROP TABLE x; --\" (\"na\"\"me\") VALUES (?1) RETURNING \"na\"\"me\", \"a\"\"\"\"b\", \"id\"",
            statement.text);
  EXPECT_EQ(Value("'); DROP TABLE x; --"), statement.params.at(0).value);
}

TEST_F(Quoting, MappingErrors) {
  Registry registry;
  auto clash = registry.define_json(R"({"name":"Clash","properties":{"a":"string",
      "b":{"type":"string","sqlite3":{"columnName":"a"}}}})").value();
  auto error = TableMapping::from_model(*clash, sqlite_);
  ASSERT_FALSE(error);
  EXPECT_EQ(400, error.error().status());
  EXPECT_NE(std::string::npos, error.error().message().find("both map to the column \"a\""));
  // Postgres lower-cases the default names: "A" and "a" meet there only.
  auto cased = registry.define_json(R"({"name":"Cased","strict":true,"properties":{"A":"string","a":"string"}})").value();
  EXPECT_TRUE(TableMapping::from_model(*cased, sqlite_));
  EXPECT_FALSE(TableMapping::from_model(*cased, postgres_));
  auto extras = registry.define_json(R"({"name":"Extras","properties":{"_lb_extras":"string"}})").value();
  EXPECT_FALSE(TableMapping::from_model(*extras, sqlite_));
  auto renamed = registry.define_json(R"({"name":"Renamed","properties":{"_lb_extras":"string"},
      "sqlite3":{"extrasColumn":"more"}})").value();
  EXPECT_EQ("\"more\"", *TableMapping::from_model(*renamed, sqlite_).value().extras_column());
  auto none = registry.define_json(R"({"name":"NoExtras","properties":{"a":"string"},
      "sqlite3":{"extrasColumn":false}})").value();
  auto no_extras = TableMapping::from_model(*none, sqlite_).value();
  EXPECT_FALSE(no_extras.extras_column());
  auto dynamic = filter::bind(filter::parse_filter(R"({"where":{"other":1}})").value(), *none, registry).value();
  auto refused = lower_find(dynamic, no_extras);
  ASSERT_FALSE(refused);
  EXPECT_NE(std::string::npos, refused.error().message().find("extrasColumn"));
  EXPECT_FALSE(lower_insert(Object{{"other", 1}}, no_extras));
}

TEST_F(Quoting, FilterForAnotherModelIsRefused) {
  auto error = lower_find(bound("Pair", "{}"), mapping(sqlite_, "Item"));
  ASSERT_FALSE(error);
  EXPECT_EQ(400, error.error().status());
}

// Placeholders are numbered in the order they appear; a parameter used twice keeps its
// number; one never written is dropped.
TEST_F(Quoting, BuilderNumbersPlaceholdersByAppearance) {
  SqlBuilder sql(postgres_);
  std::string first = sql.bind_text("first bound");
  std::string unused = sql.bind({Value(1), ParamType::Integer});
  std::string second = sql.bind({Value(2.5), ParamType::Real});
  SqlStatement statement = sql.finish(second + " = " + first + " OR " + second + " > 0").value();
  EXPECT_EQ("$1::numeric = $2::text OR $1::numeric > 0", statement.text);
  ASSERT_EQ(2u, statement.params.size());
  EXPECT_EQ(Value(2.5), statement.params[0].value);
  EXPECT_EQ(Value("first bound"), statement.params[1].value);
}

TEST_F(Quoting, BuilderRefusesTooManyParameters) {
  SqlBuilder sql(sqlite_);
  std::string text;
  for (std::size_t i = 0; i <= sqlite_.max_parameters(); ++i) text += sql.bind({Value(1), ParamType::Integer});
  auto statement = sql.finish(text);
  ASSERT_FALSE(statement);
  EXPECT_EQ(400, statement.error().status());
}

TEST_F(Quoting, InsertAllStaysUnderTheParameterLimit) {
  std::vector<Object> rows(20000, Object{{"name", "n"}, {"price", 1}});
  auto statements = lower_insert_all(rows, mapping(sqlite_, "Item")).value();
  ASSERT_EQ(2u, statements.size());
  EXPECT_EQ(32766u, statements[0].params.size());
  EXPECT_EQ(40000u - 32766u, statements[1].params.size());
}

}  // namespace
}  // namespace lb::sql::testing
