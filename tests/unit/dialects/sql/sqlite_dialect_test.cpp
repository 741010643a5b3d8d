// SqliteDialect encodings: what a connector binds for each storage.
#include "sqlite/sqlite_dialect.hpp"

#include <gtest/gtest.h>

namespace lb::sqlite {
namespace {

using sql::ParamType;
using sql::SqlParam;
using sql::Storage;

TEST(SqliteDialect, EncodesByStorage) {
  SqliteDialect dialect;
  EXPECT_EQ((SqlParam{Value(1), ParamType::Boolean}), dialect.encode(Value(true), Storage::Boolean));
  EXPECT_EQ((SqlParam{Value(0), ParamType::Boolean}), dialect.encode(Value(false), Storage::Boolean));
  EXPECT_EQ((SqlParam{Value(std::int64_t{1704844800000}), ParamType::Timestamp}),
            dialect.encode(Value(Date{1704844800000}), Storage::Date));
  EXPECT_EQ((SqlParam{Value("{\"lat\":1,\"lng\":2.5}"), ParamType::Json}),
            dialect.encode(Value(GeoPoint{1, 2.5}), Storage::Json));
  EXPECT_EQ((SqlParam{Value("\"x\""), ParamType::Json}), dialect.encode(Value("x"), Storage::Json));
  EXPECT_EQ((SqlParam{Value(std::int64_t{9007199254740993}), ParamType::Integer}),
            dialect.encode(Value(std::int64_t{9007199254740993}), Storage::Number));
  EXPECT_EQ((SqlParam{Value(), ParamType::Null}), dialect.encode(Value(), Storage::Json));
  EXPECT_EQ((SqlParam{Value(Buffer{{1, 2}}), ParamType::Blob}), dialect.encode(Value(Buffer{{1, 2}}), Storage::Blob));
}

TEST(SqliteDialect, GeoPointsAreJson) {
  SqliteDialect dialect;
  PropertyType geo{PropertyType::Kind::GeoPoint, nullptr, nullptr, {}};
  EXPECT_EQ(Storage::Json, dialect.storage_for(geo));
  EXPECT_EQ("TEXT", dialect.column_type(Storage::Json));
  EXPECT_EQ("NUMERIC", dialect.column_type(Storage::Number));
}

}  // namespace
}  // namespace lb::sqlite
