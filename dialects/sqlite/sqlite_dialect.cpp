// SqliteDialect: SQLite's spellings (see sqlite_dialect.hpp). JSON places are a
// document and a path into it, so a walk through arrays reads the original column by
// each element's `fullkey` and never parses an extracted value again.
#include "sqlite/sqlite_dialect.hpp"

#include <fmt/format.h>

#include "lb/json.hpp"
#include "sql/sql_builder.hpp"
#include "sql/table_mapping.hpp"

namespace lb::sqlite {

using sql::JsonKind;
using sql::JsonPlace;
using sql::ParamType;
using sql::SqlBuilder;
using sql::SqlParam;
using sql::Storage;

namespace {

// The radius LoopBack uses per unit (lib/geo.js), as the memory connector does.
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

// json_type's names for a kind.
const char* type_names(JsonKind kind) {
  switch (kind) {
    case JsonKind::Null: return "'null'";
    case JsonKind::Boolean: return "'true', 'false'";
    case JsonKind::Number: return "'integer', 'real'";
    case JsonKind::String: return "'text'";
    case JsonKind::Array: return "'array'";
    case JsonKind::Object: return "'object'";
  }
  return "'null'";
}

// The place's path as SQL (binding its constant part on first use); empty for a root.
const std::string& path_sql(const JsonPlace& place, SqlBuilder& sql) {
  if (place.bound_path.empty()) {
    if (place.path.empty() && place.suffix.empty()) return place.bound_path;
    if (place.path.empty()) {
      place.bound_path = sql.bind_text("$" + place.suffix);
    } else if (place.suffix.empty()) {
      place.bound_path = place.path;
    } else {
      place.bound_path = "(" + place.path + " || " + sql.bind_text(place.suffix) + ")";
    }
  }
  return place.bound_path;
}

// `function(document[, path])`.
std::string call(const char* function, const JsonPlace& place, SqlBuilder& sql) {
  const std::string& path = path_sql(place, sql);
  if (path.empty()) return fmt::format("{}({})", function, place.document);
  return fmt::format("{}({}, {})", function, place.document, path);
}

std::string type_of(const JsonPlace& place, SqlBuilder& sql) {
  return place.type.empty() ? call("json_type", place, sql) : place.type;
}

// `document -> path` (the place's value as JSON text).
std::string json_of(const JsonPlace& place, SqlBuilder& sql) {
  const std::string& path = path_sql(place, sql);
  return fmt::format("({} -> {})", place.document, path.empty() ? "'$'" : path);
}

// A JSON path member step, `."key"`: SQLite's quoted labels have no escape, so a key
// holding a double quote cannot be addressed.
Result<std::string> member_step(std::string_view key) {
  if (key.find('"') != std::string_view::npos) {
    return invalid_input(fmt::format("SQLite cannot address the JSON member {} (a double quote in a member name)",
                                     Value(key).to_json()));
  }
  return fmt::format(".\"{}\"", key);
}

}  // namespace

std::string SqliteDialect::placeholder(std::size_t number, const SqlParam&) const {
  return "?" + std::to_string(number);
}

SqlParam SqliteDialect::encode(const Value& value, Storage storage) const {
  if (value.is_null()) return {Value(), ParamType::Null};
  if (storage == Storage::Json || storage == Storage::Point) return {Value(to_json(value)), ParamType::Json};
  switch (value.kind()) {
    case Value::Kind::Bool: return {Value(value.as_bool() ? 1 : 0), ParamType::Boolean};
    case Value::Kind::Integer: return {value, ParamType::Integer};
    case Value::Kind::Number: return {value, ParamType::Real};
    case Value::Kind::String: return {value, ParamType::Text};
    case Value::Kind::Date: return {Value(value.as_date().ms_since_epoch), ParamType::Timestamp};
    case Value::Kind::Buffer: return {value, ParamType::Blob};
    default: return {Value(to_json(value)), ParamType::Json};
  }
}

Storage SqliteDialect::storage_for(const PropertyType& type) const {
  if (type.kind == PropertyType::Kind::GeoPoint) return Storage::Json;
  return Dialect::storage_for(type);
}

// Declared types give the affinities the values need: NUMERIC keeps integers exact and
// doubles as REAL; TEXT keeps JSON as written (NUMERIC would turn "12" into 12).
std::string SqliteDialect::column_type(Storage storage) const {
  switch (storage) {
    case Storage::Text: return "TEXT";
    case Storage::Number: return "NUMERIC";
    case Storage::Boolean: return "BOOLEAN";
    case Storage::Date: return "DATETIME";
    case Storage::Blob: return "BLOB";
    case Storage::Json:
    case Storage::Point: return "TEXT";
  }
  return "TEXT";
}

namespace {

enum class Affinity { Integer, Text, Blob, Real, Numeric };

// SQLite's rules, in their order (datatype3.html, "Determination Of Column Affinity").
Affinity affinity_of(std::string_view type) {
  std::string upper(type);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  auto has = [&](const char* part) { return upper.find(part) != std::string::npos; };
  if (has("INT")) return Affinity::Integer;
  if (has("CHAR") || has("CLOB") || has("TEXT")) return Affinity::Text;
  if (has("BLOB") || upper.find_first_not_of(' ') == std::string::npos) return Affinity::Blob;
  if (has("REAL") || has("FLOA") || has("DOUB")) return Affinity::Real;
  return Affinity::Numeric;
}

// Whether a column of `affinity` keeps what the storage writes as written (BLOB
// affinity converts nothing). REAL would store integral milliseconds and 0/1 as
// floating point, so Dates and Booleans need an integer-keeping affinity.
bool keeps(Storage storage, Affinity affinity) {
  switch (storage) {
    case Storage::Text:
    case Storage::Json:
    case Storage::Point: return affinity == Affinity::Text || affinity == Affinity::Blob;
    case Storage::Number: return affinity != Affinity::Text;
    case Storage::Boolean:
    case Storage::Date: return affinity == Affinity::Integer || affinity == Affinity::Numeric || affinity == Affinity::Blob;
    case Storage::Blob: return true;
  }
  return false;
}

}  // namespace

void SqliteDialect::adapt_declared_type(sql::ColumnMapping& column) const {
  if (!keeps(column.storage, affinity_of(column.sql_type))) column.sql_type = column_type(column.storage);
}

// AUTOINCREMENT: ids are never reused after a delete, as with the memory connector's
// counter, and a rolled-back insert does not advance it.
std::string SqliteDialect::generated_key_type() const { return "INTEGER PRIMARY KEY AUTOINCREMENT"; }

// Case-sensitive: GLOB (LIKE folds ASCII case by default). Case-insensitive: LIKE,
// which folds ASCII letters only, as lb does everywhere.
std::string SqliteDialect::like(std::string_view value, const sql::LikePattern& pattern, bool case_insensitive,
                                SqlBuilder& sql) const {
  if (case_insensitive) return fmt::format("{} LIKE {} ESCAPE '\\'", value, sql.bind_text(pattern.to_like()));
  return fmt::format("{} GLOB {}", value, sql.bind_text(pattern.to_glob()));
}

std::string SqliteDialect::regexp(std::string_view value, const std::string& pattern, bool case_insensitive,
                                  SqlBuilder& sql) const {
  return fmt::format("{} REGEXP {}", value, sql.bind_text(case_insensitive ? "(?i)" + pattern : pattern));
}

std::string SqliteDialect::in_list(std::string_view value, std::vector<SqlParam> list, ParamType type,
                                   SqlBuilder& sql) const {
  // Blobs have no JSON form; the list limit (10000) is far below the parameter limit.
  if (list.size() <= max_inline_list() || type == ParamType::Blob) {
    std::vector<std::string> placeholders;
    for (SqlParam& param : list) placeholders.push_back(sql.bind(std::move(param)));
    return fmt::format("{} IN ({})", value, fmt::join(placeholders, ", "));
  }
  Array values;
  values.reserve(list.size());
  for (SqlParam& param : list) values.push_back(std::move(param.value));
  std::string array = sql.bind({Value(to_json(Value(std::move(values)))), ParamType::Json});
  return fmt::format("{} IN (SELECT j.value FROM json_each({}) AS j)", value, array);
}

std::string SqliteDialect::distance(std::string_view lat, std::string_view lng, const filter::NearSpec& near,
                                    SqlBuilder& sql) const {
  std::string origin_lat = sql.bind({Value(near.origin.lat), ParamType::Real});
  std::string origin_lng = sql.bind({Value(near.origin.lng), ParamType::Real});
  std::string radius = sql.bind({Value(earth_radius(near.unit)), ParamType::Real});
  return fmt::format("{}({}, {}, {}, {}, {})", kDistanceFunction, origin_lat, origin_lng, lat, lng, radius);
}

JsonPlace SqliteDialect::json_root(std::string column) const {
  JsonPlace place;
  place.document = std::move(column);
  return place;
}

Result<JsonPlace> SqliteDialect::json_member(const JsonPlace& place, std::string_view key, SqlBuilder&) const {
  auto step = member_step(key);
  if (!step) return std::move(step).error();
  JsonPlace member;
  member.document = place.document;
  member.path = place.path;
  member.suffix = place.suffix + *step;
  return member;
}

// json_each over an object would list its members; a place not known to hold an array
// is read only when it does.
std::string SqliteDialect::json_elements(const JsonPlace& place, std::string_view alias, bool known_array,
                                         JsonPlace& element, SqlBuilder& sql) const {
  const std::string& path = path_sql(place, sql);
  std::string document = place.document;
  if (!known_array) document = fmt::format("CASE WHEN {} = 'array' THEN {} END", type_of(place, sql), place.document);
  element = JsonPlace();
  element.document = place.document;
  element.path = std::string(alias) + ".fullkey";
  element.value = std::string(alias) + ".value";
  element.type = std::string(alias) + ".type";
  if (path.empty()) return fmt::format("json_each({}) AS {}", document, alias);
  return fmt::format("json_each({}, {}) AS {}", document, path, alias);
}

// The place keeps its document; its path becomes the element's fullkey, found by a
// subquery (NULL when there is none, which reads as absent).
JsonPlace SqliteDialect::json_first_object(const JsonPlace& place, bool or_itself, SqlBuilder& sql) const {
  JsonPlace element;
  const std::string alias = sql.alias();
  std::string from = json_elements(place, alias, !or_itself, element, sql);
  std::string first = fmt::format("(SELECT {}.fullkey FROM {} WHERE {}.type = 'object' LIMIT 1)", alias, from, alias);
  JsonPlace out;
  out.document = place.document;
  if (!or_itself) {
    out.path = first;
  } else {
    const std::string& path = path_sql(place, sql);
    out.path = fmt::format("CASE WHEN {} = 'array' THEN {} ELSE {} END", type_of(place, sql), first,
                           path.empty() ? "'$'" : path);
  }
  return out;
}

// json_type() is NULL for a missing place; json_each's type column never is.
std::string SqliteDialect::json_is(const JsonPlace& place, JsonKind kind, SqlBuilder& sql) const {
  std::string type = place.type.empty() ? fmt::format("COALESCE({}, 'null')", type_of(place, sql)) : place.type;
  std::string_view names = type_names(kind);
  if (names.find(',') == std::string_view::npos) return fmt::format("{} = {}", type, names);
  return fmt::format("{} IN ({})", type, names);
}

std::string SqliteDialect::json_nullish(const JsonPlace& place, SqlBuilder& sql) const {
  return json_is(place, JsonKind::Null, sql);
}

std::string SqliteDialect::json_value(const JsonPlace& place, JsonKind kind, bool guarded, SqlBuilder& sql) const {
  std::string value;
  if (!place.value.empty()) {
    value = place.value;
  } else if (path_sql(place, sql).empty()) {
    value = fmt::format("json_extract({}, '$')", place.document);
  } else {
    value = call("json_extract", place, sql);
  }
  if (!guarded) return value;
  return fmt::format("CASE WHEN {} THEN {} END", json_is(place, kind, sql), value);
}

std::string SqliteDialect::json_equals(const JsonPlace& place, const Value& value, SqlBuilder& sql) const {
  return fmt::format("{} = json({})", json_of(place, sql), sql.bind_value(value, Storage::Json));
}

std::string SqliteDialect::json_kind_rank(const JsonPlace& place, SqlBuilder& sql) const {
  return fmt::format(
      "CASE {} WHEN 'true' THEN 1 WHEN 'false' THEN 1 WHEN 'integer' THEN 2 WHEN 'real' THEN 2 "
      "WHEN 'text' THEN 3 WHEN 'array' THEN 4 WHEN 'object' THEN 5 ELSE 0 END",
      type_of(place, sql));
}

std::string SqliteDialect::json_text(const JsonPlace& place, SqlBuilder& sql) const { return json_of(place, sql); }

Result<std::string> SqliteDialect::json_set_members(std::string_view current, const Object& members,
                                                    SqlBuilder& sql) const {
  std::string out = fmt::format("json_set(COALESCE({}, '{{}}')", current);
  for (const auto& [key, value] : members) {
    auto step = member_step(key);
    if (!step) return std::move(step).error();
    // json() makes the text a JSON value, not a string holding JSON.
    out += fmt::format(", {}, json({})", sql.bind_text("$" + *step),
                       sql.bind({Value(to_json(value)), ParamType::Json}));
  }
  return out + ")";
}

// SQLite takes OFFSET only after a LIMIT; -1 is no limit.
std::string SqliteDialect::limit_offset(const std::optional<std::string>& limit,
                                        const std::optional<std::string>& offset) const {
  if (offset && !limit) return " LIMIT -1 OFFSET " + *offset;
  return Dialect::limit_offset(limit, offset);
}

// SQLite qualifies the index, not the table: the index lives in its table's schema.
Result<std::string> SqliteDialect::create_index(const sql::TableMapping& table, std::string_view index, bool unique,
                                                const std::vector<std::string>& keys, bool) const {
  auto name = quote_identifier(index);
  if (!name) return std::move(name).error();
  auto table_name = quote_identifier(table.table());
  if (!table_name) return std::move(table_name).error();
  std::string qualified_index = *name;
  if (!table.schema().empty()) {
    auto schema = quote_identifier(table.schema());
    if (!schema) return std::move(schema).error();
    qualified_index = *schema + "." + *name;
  }
  return fmt::format("CREATE {}INDEX IF NOT EXISTS {} ON {} ({})", unique ? "UNIQUE " : "", qualified_index,
                     *table_name, fmt::join(keys, ", "));
}

}  // namespace lb::sqlite
