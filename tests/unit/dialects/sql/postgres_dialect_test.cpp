// PostgresDialect pieces a connector uses directly: placeholders with types, the text
// form of array parameters, regexp options.
#include "postgres/postgres_dialect.hpp"

#include <gtest/gtest.h>

#include "sql/sql_builder.hpp"

namespace lb::postgres {
namespace {

using sql::ParamType;
using sql::SqlParam;

TEST(PostgresDialect, PlaceholdersCarryTheirType) {
  PostgresDialect dialect;
  EXPECT_EQ("$1::text", dialect.placeholder(1, {Value("x"), ParamType::Text}));
  EXPECT_EQ("$2::bigint", dialect.placeholder(2, {Value(1), ParamType::Integer}));
  EXPECT_EQ("$3::numeric", dialect.placeholder(3, {Value(1.5), ParamType::Real}));
  EXPECT_EQ("$4::timestamptz[]", dialect.placeholder(4, {Value(Array{}), ParamType::Array, ParamType::Timestamp}));
  EXPECT_EQ("$5", dialect.placeholder(5, {Value(), ParamType::Null}));
}

TEST(PostgresDialect, ArrayLiterals) {
  EXPECT_EQ("{\"a\",\"b\\\"c\",\"d\\\\\",NULL}",
            PostgresDialect::array_literal({Value(Array{"a", "b\"c", "d\\", nullptr}), ParamType::Array, ParamType::Text}));
  EXPECT_EQ("{1,2.5,-3}", PostgresDialect::array_literal({Value(Array{1, 2.5, -3}), ParamType::Array, ParamType::Real}));
  EXPECT_EQ("{true,false}", PostgresDialect::array_literal({Value(Array{true, false}), ParamType::Array, ParamType::Boolean}));
  EXPECT_EQ("{\"1970-01-01T00:00:00.001Z\"}",
            PostgresDialect::array_literal({Value(Array{Date{1}}), ParamType::Array, ParamType::Timestamp}));
  EXPECT_EQ("{\"\\\\x00ff\"}",
            PostgresDialect::array_literal({Value(Array{Buffer{{0, 255}}}), ParamType::Array, ParamType::Blob}));
  EXPECT_EQ("{}", PostgresDialect::array_literal({Value(Array{}), ParamType::Array, ParamType::Text}));
}

// RE2 reads `.` as "not a newline" and ^/$ as the text's ends unless (?m): the ARE
// options p and n say the same to PostgreSQL.
TEST(PostgresDialect, RegexpOptions) {
  PostgresDialect dialect;
  sql::SqlBuilder sql(dialect);
  std::string plain = dialect.regexp("v", "^a.b$", false, sql);
  std::string insensitive = dialect.regexp("v", "^a", true, sql);
  std::string multiline = dialect.regexp("v", "(?m)^a$", true, sql);
  auto statement = sql.finish(plain + " AND " + insensitive + " AND " + multiline).value();
  EXPECT_EQ("v ~ $1::text AND v ~ $2::text AND v ~ $3::text", statement.text);
  EXPECT_EQ(Value("(?p)^a.b$"), statement.params[0].value);
  EXPECT_EQ(Value("(?pi)^a"), statement.params[1].value);
  EXPECT_EQ(Value("(?ni)^a$"), statement.params[2].value);
}

TEST(PostgresDialect, EncodesByStorage) {
  PostgresDialect dialect;
  EXPECT_EQ((SqlParam{Value("{\"a\":1}"), ParamType::Json}),
            dialect.encode(Value(Object{{"a", 1}}), sql::Storage::Json));
  EXPECT_EQ((SqlParam{Value("\"x\""), ParamType::Json}), dialect.encode(Value("x"), sql::Storage::Json));
  EXPECT_EQ((SqlParam{Value(true), ParamType::Boolean}), dialect.encode(Value(true), sql::Storage::Boolean));
  EXPECT_EQ((SqlParam{Value(Date{5}), ParamType::Timestamp}), dialect.encode(Value(Date{5}), sql::Storage::Date));
  EXPECT_EQ((SqlParam{Value(), ParamType::Null}), dialect.encode(Value(), sql::Storage::Json));
}

}  // namespace
}  // namespace lb::postgres
