// PostgresDialect: PostgreSQL's spellings (see postgres_dialect.hpp). JSON places are
// jsonb expressions; a member is `-> key`, elements come from jsonb_array_elements.
// PostgreSQL does not promise to evaluate AND's operands in order, so every guarded
// read is a CASE, never `type = 'x' AND cast(...)`.
#include "postgres/postgres_dialect.hpp"

#include <fmt/format.h>

#include "lb/date.hpp"
#include "lb/json.hpp"
#include "sql/sql_builder.hpp"
#include "sql/table_mapping.hpp"

namespace lb::postgres {

using sql::JsonKind;
using sql::JsonPlace;
using sql::ParamType;
using sql::SqlBuilder;
using sql::SqlParam;
using sql::Storage;

namespace {

constexpr const char* kDegreesToRadians = "0.01745329252";  // LoopBack's factor (lib/geo.js)

double earth_radius(filter::DistanceUnit unit) {
  switch (unit) {
    case filter::DistanceUnit::Kilometers: return 6370.99056;
    case filter::DistanceUnit::Meters: return 6370990.56;
    case filter::DistanceUnit::Miles: return 3958.75;
    case filter::DistanceUnit::Feet: return 20902200;
    case filter::DistanceUnit::Radians: return 1;
    case filter::DistanceUnit::Degrees: return 57.29577951308;
  }
  return 3958.75;
}

const char* sql_type(ParamType type) {
  switch (type) {
    case ParamType::Boolean: return "boolean";
    case ParamType::Integer: return "bigint";
    case ParamType::Real: return "numeric";
    case ParamType::Text: return "text";
    case ParamType::Timestamp: return "timestamptz";
    case ParamType::Blob: return "bytea";
    case ParamType::Json: return "jsonb";
    default: return "";
  }
}

const char* type_name(JsonKind kind) {
  switch (kind) {
    case JsonKind::Null: return "'null'";
    case JsonKind::Boolean: return "'boolean'";
    case JsonKind::Number: return "'number'";
    case JsonKind::String: return "'string'";
    case JsonKind::Array: return "'array'";
    case JsonKind::Object: return "'object'";
  }
  return "'null'";
}

// A declared type without its modifiers, spaces collapsed ("numeric(10, 2)" ->
// "numeric", "timestamp(3)  with time zone" -> "timestamp with time zone"): a cast to
// the modified type would round or cut the value (a cast to varchar(3) truncates),
// where a write checks it and a comparison should compare it exactly. Quoted names
// are kept as written.
std::string unmodified_type(std::string_view declared) {
  std::string out;
  int depth = 0;
  bool quoted = false;
  for (char c : declared) {
    if (quoted) {
      if (c == '"') quoted = false;
      out += c;
      continue;
    }
    if (c == '(') ++depth;
    if (depth > 0) {
      if (c == ')') --depth;
      continue;
    }
    if (c == ' ') {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    if (c == '"') quoted = true;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  // "character varying []" -> "character varying[]"
  for (std::size_t at = out.find(" ["); at != std::string::npos; at = out.find(" [")) out.erase(at, 1);
  return out;
}

// Whether a value bound as the storage's own parameter type is compared with and
// written to a column of `type` (unmodified, lower-case) without a cast.
bool in_storage_family(Storage storage, const std::string& type) {
  auto any_of = [&](std::initializer_list<const char*> names) {
    for (const char* name : names) {
      if (type == name) return true;
    }
    return false;
  };
  switch (storage) {
    case Storage::Text: return any_of({"text", "varchar", "character varying", "char", "character", "bpchar", "name"});
    case Storage::Number:
      return any_of({"smallint", "integer", "int", "int2", "int4", "int8", "bigint", "numeric", "decimal", "real",
                     "float4", "float8", "float", "double precision", "smallserial", "serial", "bigserial", "serial2",
                     "serial4", "serial8"});
    case Storage::Boolean: return any_of({"boolean", "bool"});
    case Storage::Date:
      return any_of({"timestamptz", "timestamp with time zone", "timestamp", "timestamp without time zone", "date"});
    case Storage::Blob: return type == "bytea";
    case Storage::Json: return type == "jsonb";
    case Storage::Point: return true;  // written as point(lng, lat), never through a cast
  }
  return true;
}

std::string lower_ascii(std::string text) {
  bool quoted = false;
  for (char& c : text) {
    if (c == '"') quoted = !quoted;
    if (!quoted && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

std::string quoted_element(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

// ASCII only: PostgreSQL folds unquoted names the same way.
std::string PostgresDialect::default_name(std::string_view name) const {
  std::string out(name);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string PostgresDialect::placeholder(std::size_t number, const SqlParam& param) const {
  std::string out = "$" + std::to_string(number);
  if (!param.cast.empty() && param.type != ParamType::Null) {
    return out + "::" + param.cast + (param.type == ParamType::Array ? "[]" : "");
  }
  if (param.type == ParamType::Array) return out + "::" + sql_type(param.element) + "[]";
  if (param.type == ParamType::Null) return out;
  return out + "::" + sql_type(param.type);
}

SqlParam PostgresDialect::encode(const Value& value, Storage storage) const {
  if (value.is_null()) return {Value(), ParamType::Null};
  if (storage == Storage::Json) return {Value(to_json(value)), ParamType::Json};
  switch (value.kind()) {
    case Value::Kind::Bool: return {value, ParamType::Boolean};
    case Value::Kind::Integer: return {value, ParamType::Integer};
    case Value::Kind::Number: return {value, ParamType::Real};
    case Value::Kind::String: return {value, ParamType::Text};
    case Value::Kind::Date: return {value, ParamType::Timestamp};
    case Value::Kind::Buffer: return {value, ParamType::Blob};
    default: return {Value(to_json(value)), ParamType::Json};
  }
}

std::string PostgresDialect::column_type(Storage storage) const {
  switch (storage) {
    case Storage::Text: return "text COLLATE \"C\"";
    case Storage::Number: return "numeric";
    case Storage::Boolean: return "boolean";
    case Storage::Date: return "timestamptz";
    case Storage::Blob: return "bytea";
    case Storage::Json: return "jsonb";
    case Storage::Point: return "point";
  }
  return "text";
}

std::string PostgresDialect::generated_key_type() const {
  return "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
}

void PostgresDialect::adapt_declared_type(sql::ColumnMapping& column) const {
  const std::string type = lower_ascii(unmodified_type(column.sql_type));
  if (in_storage_family(column.storage, type)) return;
  column.cast = type;
  // citext (or "public.citext") is text that compares without case: it takes COLLATE
  // "C" (its comparisons fold case first) and like/regexp as it is (both without case,
  // as citext means).
  const bool citext = type == "citext" || (type.size() > 7 && type.compare(type.size() - 7, 7, ".citext") == 0);
  if (column.storage == Storage::Text && !citext) column.text_order = false;
  if (column.storage == Storage::Json) column.read = "CAST(" + column.quoted + " AS jsonb)";
}

// LIKE's default escape is the backslash. lb folds ASCII letters only; ILIKE and
// lower() fold by the database's locale, so the case-insensitive form folds the value
// with translate() and the pattern before binding it.
std::string PostgresDialect::like(std::string_view value, const sql::LikePattern& pattern, bool case_insensitive,
                                  SqlBuilder& sql) const {
  if (!case_insensitive) return fmt::format("{} LIKE {}", value, sql.bind_text(pattern.to_like()));
  return fmt::format("translate({}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') LIKE {}", value,
                     sql.bind_text(pattern.to_like(true)));
}

// PostgreSQL's own engine (ARE), not RE2: the embedded options make `.` and negated
// brackets skip newlines and ^/$ anchor the text ("p"), or each line for the m flag
// ("n"), which is how RE2 reads them; "i" for case-insensitive.
std::string PostgresDialect::regexp(std::string_view value, const std::string& pattern, bool case_insensitive,
                                    SqlBuilder& sql) const {
  std::string body = pattern;
  std::string options = "p";
  if (body.rfind("(?m)", 0) == 0) {
    body = body.substr(4);
    options = "n";
  }
  if (case_insensitive) options += "i";
  return fmt::format("{} ~ {}", value, sql.bind_text("(?" + options + ")" + body));
}

std::string PostgresDialect::code_point_order(std::string_view text) const {
  return fmt::format("{} COLLATE \"C\"", text);
}

std::string PostgresDialect::in_list(std::string_view value, std::vector<SqlParam> list, ParamType type,
                                     SqlBuilder& sql) const {
  if (list.size() <= max_inline_list()) {
    std::vector<std::string> placeholders;
    for (SqlParam& param : list) placeholders.push_back(sql.bind(std::move(param)));
    return fmt::format("{} IN ({})", value, fmt::join(placeholders, ", "));
  }
  Array values;
  values.reserve(list.size());
  for (SqlParam& param : list) values.push_back(std::move(param.value));
  SqlParam array{Value(std::move(values)), ParamType::Array, type, std::move(list.front().cast)};
  return fmt::format("{} = ANY({})", value, sql.bind(std::move(array)));
}

// Term by term the memory connector's geo_distance(), so the doubles round alike: the
// origin's radians are computed here (as there), the hav terms are s * s.
std::string PostgresDialect::distance(std::string_view lat, std::string_view lng, const filter::NearSpec& near,
                                      SqlBuilder& sql) const {
  constexpr double kFactor = 0.01745329252;
  std::string lat1 = sql.bind({Value(near.origin.lat * kFactor), ParamType::Real});
  std::string lng1 = sql.bind({Value(near.origin.lng * kFactor), ParamType::Real});
  std::string radius = sql.bind({Value(earth_radius(near.unit)), ParamType::Real});
  std::string lat2 = fmt::format("({} * {})", lat, kDegreesToRadians);
  std::string lng2 = fmt::format("({} * {})", lng, kDegreesToRadians);
  std::string dlat = fmt::format("sin(({} - {}) / 2)", lat2, lat1);
  std::string dlng = fmt::format("sin(({} - {}) / 2)", lng2, lng1);
  return fmt::format("(2 * asin(sqrt({} * {} + cos({}) * cos({}) * ({} * {}))) * {})", dlat, dlat, lat2, lat1, dlng,
                     dlng, radius);
}

JsonPlace PostgresDialect::json_root(std::string column) const {
  JsonPlace place;
  place.document = std::move(column);
  return place;
}

Result<JsonPlace> PostgresDialect::json_member(const JsonPlace& place, std::string_view key, SqlBuilder& sql) const {
  JsonPlace member;
  member.document = fmt::format("({} -> {})", place.document, sql.bind_text(std::string(key)));
  return member;
}

// jsonb_array_elements fails on anything but an array, JSON null included, so even a
// place typed as an array is checked.
std::string PostgresDialect::json_elements(const JsonPlace& place, std::string_view alias, bool, JsonPlace& element,
                                           SqlBuilder&) const {
  element = JsonPlace();
  element.document = std::string(alias) + ".v";
  return fmt::format("jsonb_array_elements(CASE WHEN jsonb_typeof({}) = 'array' THEN {} END) AS {}(v)",
                     place.document, place.document, alias);
}

JsonPlace PostgresDialect::json_first_object(const JsonPlace& place, bool or_itself, SqlBuilder& sql) const {
  JsonPlace element;
  const std::string alias = sql.alias();
  std::string from = json_elements(place, alias, !or_itself, element, sql);
  std::string first = fmt::format("(SELECT {} FROM {} WHERE jsonb_typeof({}) = 'object' LIMIT 1)", element.document,
                                  from, element.document);
  JsonPlace out;
  out.document = or_itself ? fmt::format("CASE WHEN jsonb_typeof({}) = 'array' THEN {} ELSE {} END", place.document,
                                         first, place.document)
                           : first;
  return out;
}

std::string PostgresDialect::json_is(const JsonPlace& place, JsonKind kind, SqlBuilder&) const {
  return fmt::format("COALESCE(jsonb_typeof({}), 'null') = {}", place.document, type_name(kind));
}

std::string PostgresDialect::json_nullish(const JsonPlace& place, SqlBuilder& sql) const {
  return json_is(place, JsonKind::Null, sql);
}

std::string PostgresDialect::json_value(const JsonPlace& place, JsonKind kind, bool guarded, SqlBuilder& sql) const {
  std::string text = fmt::format("({} #>> '{{}}')", place.document);
  std::string value = text;
  if (kind == JsonKind::Number) value = text + "::numeric";
  if (kind == JsonKind::Boolean) value = text + "::boolean";
  if (!guarded) return value;
  return fmt::format("CASE WHEN {} THEN {} END", json_is(place, kind, sql), value);
}

// jsonb equality: numbers by value, objects regardless of key order.
std::string PostgresDialect::json_equals(const JsonPlace& place, const Value& value, SqlBuilder& sql) const {
  return fmt::format("{} = {}", place.document, sql.bind_value(value, Storage::Json));
}

std::string PostgresDialect::json_kind_rank(const JsonPlace& place, SqlBuilder&) const {
  return fmt::format(
      "CASE jsonb_typeof({}) WHEN 'boolean' THEN 1 WHEN 'number' THEN 2 WHEN 'string' THEN 3 "
      "WHEN 'array' THEN 4 WHEN 'object' THEN 5 ELSE 0 END",
      place.document);
}

std::string PostgresDialect::json_text(const JsonPlace& place, SqlBuilder&) const {
  return fmt::format("({})::text", place.document);
}

// `||` on two objects replaces the right's members in the left, keeping the others.
Result<std::string> PostgresDialect::json_set_members(std::string_view current, const Object& members,
                                                      SqlBuilder& sql) const {
  return fmt::format("COALESCE({}, '{{}}'::jsonb) || {}", current, sql.bind_value(Value(members), Storage::Json));
}

std::string PostgresDialect::array_literal(const SqlParam& param) {
  std::string out = "{";
  bool first = true;
  for (const Value& value : param.value.as_array()) {
    if (!first) out += ",";
    first = false;
    switch (value.kind()) {
      case Value::Kind::Null: out += "NULL"; break;
      case Value::Kind::Bool: out += value.as_bool() ? "true" : "false"; break;
      case Value::Kind::Integer:
      case Value::Kind::Number: out += value.to_json(); break;
      case Value::Kind::String: out += quoted_element(value.as_string()); break;
      case Value::Kind::Date: out += quoted_element(format_iso8601(value.as_date())); break;
      case Value::Kind::Buffer: {
        std::string hex = "\\x";
        for (std::uint8_t byte : value.as_buffer().bytes) hex += fmt::format("{:02x}", byte);
        out += quoted_element(hex);
        break;
      }
      default: out += quoted_element(to_json(value)); break;
    }
  }
  return out + "}";
}

}  // namespace lb::postgres
