// SqlStatement: one SQL statement as the lowering produces it: text with numbered
// placeholders, the values to bind to them (each with the SQL type it is bound as),
// and what each column of its result holds, so a connector can turn rows back into
// property values without knowing the model.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lb/value.hpp"

namespace lb::sql {

// How a parameter is bound. `SqlParam::value` is already in the form named here (the
// dialect encoded it), so a connector only maps kinds to its driver's calls:
//   Null       value is null
//   Boolean    SQLite: Integer 0/1; PostgreSQL: Bool
//   Integer    Integer (int64)
//   Real       Number (double; NaN and infinities possible only from C++ callers)
//   Text       String (UTF-8)
//   Timestamp  SQLite: Integer, milliseconds since the epoch; PostgreSQL: Date (bind
//              as timestamptz: text "2024-01-10T00:00:00.000Z" for years 1..9999,
//              binary otherwise)
//   Blob       Buffer
//   Json       String, JSON text (lb::to_json)
//   Array      Array of values each in the form `SqlParam::element` names (PostgreSQL
//              `= ANY($n)` lists; bind as that element type's array, e.g. text[])
// A parameter with a `cast` keeps the form its type names; only the SQL type it is
// read as changes (PostgreSQL: "$1::uuid" for a Text value).
enum class ParamType : std::uint8_t { Null, Boolean, Integer, Real, Text, Timestamp, Blob, Json, Array };
[[nodiscard]] const char* param_type_name(ParamType type);

struct SqlParam {
  Value value;
  ParamType type = ParamType::Null;
  ParamType element = ParamType::Null;  // Array only
  // The column's own SQL type when the value is bound for a column whose definition
  // declares one that `type` cannot stand for ("uuid", an enum type; for an Array, the
  // element's): PostgreSQL reads the parameter as that type. Empty otherwise; SQLite
  // ignores it. See Dialect::adapt_declared_type.
  std::string cast = {};
  friend bool operator==(const SqlParam&, const SqlParam&) = default;
};

// How a property is stored in its column, and so how a connector decodes it:
//   Text     TEXT / text                         -> String
//   Number   NUMERIC / numeric                   -> Integer when integral and in range, else Number
//   Boolean  INTEGER 0/1 / boolean               -> Bool
//   Date     INTEGER ms (SQLite) / timestamptz   -> Date
//   Blob     BLOB / bytea                        -> Buffer
//   Json     TEXT (SQLite) / jsonb               -> parse_json, then coerce to the property's
//            type (nested Dates arrive as ISO strings, GeoPoints as {lat, lng})
//   Point    point (PostgreSQL, x = lng, y = lat) -> GeoPoint
// SQLite stores GeoPoints as Json ({"lat":..,"lng":..}).
enum class Storage : std::uint8_t { Text, Number, Boolean, Date, Blob, Json, Point };
[[nodiscard]] const char* storage_name(Storage storage);

// One column of a statement's result. `property` names the model property it holds;
// empty for the extras column of a non-strict model, a Json object whose members are
// the row's properties the model does not define.
struct ResultColumn {
  std::string property;
  Storage storage = Storage::Text;
  friend bool operator==(const ResultColumn&, const ResultColumn&) = default;
};

struct SqlStatement {
  std::string text;
  std::vector<SqlParam> params;        // params[0] binds placeholder 1 (?1 / $1)
  std::vector<ResultColumn> columns;   // empty when the statement returns no rows

  // The text, then one line per parameter and per result column: the form golden
  // files pin ("$1 Text \"pen\"", "column name Text").
  [[nodiscard]] std::string to_string() const;
};

}  // namespace lb::sql
