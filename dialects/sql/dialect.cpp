// Dialect: the defaults both SQLite and PostgreSQL share (standard SQL spellings);
// each dialect overrides what its engine spells differently.
#include "sql/dialect.hpp"

#include <fmt/format.h>

#include "sql/sql_builder.hpp"
#include "sql/table_mapping.hpp"

namespace lb::sql {

Result<std::string> Dialect::quote_identifier(std::string_view name) const {
  if (name.empty()) return invalid_input("an SQL identifier cannot be empty");
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20) {
      return invalid_input("an SQL identifier cannot hold a control character: " + Value(name).to_json());
    }
  }
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string Dialect::default_name(std::string_view name) const { return std::string(name); }

SqlParam Dialect::encode_text(std::string text) { return SqlParam{Value(std::move(text)), ParamType::Text}; }

Storage Dialect::storage_for(const PropertyType& type) const {
  using Kind = PropertyType::Kind;
  switch (type.kind) {
    case Kind::String: return Storage::Text;
    case Kind::Number: return Storage::Number;
    case Kind::Boolean: return Storage::Boolean;
    case Kind::Date: return Storage::Date;
    case Kind::Buffer: return Storage::Blob;
    case Kind::GeoPoint: return Storage::Point;
    case Kind::Any:
    case Kind::Array:
    case Kind::Object:
    case Kind::Model: return Storage::Json;
  }
  return Storage::Json;
}

void Dialect::adapt_declared_type(ColumnMapping&) const {}

SqlParam Dialect::encode_for(const Value& value, const ColumnMapping& column) const {
  SqlParam param = encode(value, column.storage);
  if (param.type != ParamType::Null) param.cast = column.cast;
  return param;
}

std::string Dialect::code_point_order(std::string_view text) const { return std::string(text); }

std::string Dialect::point_lat(std::string_view point) const { return fmt::format("({})[1]", point); }
std::string Dialect::point_lng(std::string_view point) const { return fmt::format("({})[0]", point); }

std::string Dialect::point_equals(std::string_view point, GeoPoint value, SqlBuilder& sql) const {
  std::string lng = sql.bind({Value(value.lng), ParamType::Real});
  std::string lat = sql.bind({Value(value.lat), ParamType::Real});
  return fmt::format("({} = {} AND {} = {})", point_lng(point), lng, point_lat(point), lat);
}

std::string Dialect::point_value(const Value& value, SqlBuilder& sql) const {
  if (!value.is_geo_point()) return sql.bind({Value(), ParamType::Null});
  GeoPoint point = value.as_geo_point();
  std::string lng = sql.bind({Value(point.lng), ParamType::Real});
  std::string lat = sql.bind({Value(point.lat), ParamType::Real});
  return fmt::format("point({}, {})", lng, lat);
}

std::string Dialect::limit_offset(const std::optional<std::string>& limit,
                                  const std::optional<std::string>& offset) const {
  std::string out;
  if (limit) out += " LIMIT " + *limit;
  if (offset) out += " OFFSET " + *offset;
  return out;
}

std::string Dialect::upsert_clause(const std::vector<std::string>& key_columns,
                                   const std::vector<std::string>& assignments) const {
  return fmt::format(" ON CONFLICT ({}) DO UPDATE SET {}", fmt::join(key_columns, ", "),
                     fmt::join(assignments, ", "));
}

std::string Dialect::excluded(std::string_view column) const { return fmt::format("excluded.{}", column); }

// PostgreSQL's form: the index is unqualified and lands in its table's schema.
Result<std::string> Dialect::create_index(const TableMapping& table, std::string_view index, bool unique,
                                          const std::vector<std::string>& keys, bool spatial) const {
  auto name = quote_identifier(index);
  if (!name) return std::move(name).error();
  return fmt::format("CREATE {}INDEX IF NOT EXISTS {} ON {}{} ({})", unique ? "UNIQUE " : "", *name,
                     table.qualified(), spatial ? " USING gist" : "", fmt::join(keys, ", "));
}

}  // namespace lb::sql
