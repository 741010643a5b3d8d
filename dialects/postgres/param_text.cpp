// param_text: one SqlParam (already in its ParamType's form, see sql_statement.hpp) to
// the text PostgreSQL's input functions read.
#include "postgres/param_text.hpp"

#include <fmt/format.h>

#include <cmath>

#include "lb/json.hpp"
#include "postgres/postgres_dialect.hpp"
#include "postgres/timestamp_text.hpp"

namespace lb::postgres {
namespace {

std::string number_text(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return fmt::format("{}", value);  // shortest text that reads back as the same double
}

std::string scalar_text(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Bool: return value.as_bool() ? "true" : "false";
    case Value::Kind::Integer: return std::to_string(value.as_integer());
    case Value::Kind::Number: return number_text(value.as_double());
    case Value::Kind::String: return value.as_string();
    case Value::Kind::Date: return timestamp_text(value.as_date());
    case Value::Kind::Buffer: {
      std::string hex = "\\x";
      hex.reserve(2 + value.as_buffer().bytes.size() * 2);
      for (std::uint8_t byte : value.as_buffer().bytes) hex += fmt::format("{:02x}", byte);
      return hex;
    }
    case Value::Kind::GeoPoint: {
      const GeoPoint point = value.as_geo_point();
      return fmt::format("({},{})", number_text(point.lng), number_text(point.lat));
    }
    default: return to_json(value);
  }
}

}  // namespace

std::optional<std::string> param_text(const sql::SqlParam& param) {
  if (param.value.is_null()) return std::nullopt;
  if (param.type == sql::ParamType::Array) return PostgresDialect::array_literal(param);
  return scalar_text(param.value);
}

}  // namespace lb::postgres
