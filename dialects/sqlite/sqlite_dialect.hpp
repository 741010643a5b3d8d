// SqliteDialect: SQL for SQLite 3.38 or later (JSON functions and the -> operator
// built in). Booleans are 0/1 integers, Dates integer milliseconds since the epoch,
// structured values and GeoPoints JSON text.
//
// The connector must register, on every connection, before running lowered SQL:
//   regexp(pattern, text)                  REGEXP: RE2 partial match of `text` (NULL
//       when either is NULL; false when `text` is not TEXT). Case-insensitive patterns
//       arrive with a leading "(?i)". Deterministic.
//   lb_geo_distance(lat1, lng1, lat2, lng2, radius)   LoopBack's haversine, exactly as
//       the memory connector's geo_distance(): 2 * asin(sqrt(hav(dlat) +
//       cos(lat2) cos(lat1) hav(dlng))) * radius, degrees to radians by 0.01745329252
//       (LoopBack's factor), hav(x) = sin(x / 2)^2 computed as s * s; NULL when any
//       argument is NULL. Deterministic.
// and must leave PRAGMA case_sensitive_like off, and not load ICU's LIKE: `ilike` relies
// on LIKE folding ASCII letters only, as lb's matching does everywhere.
#pragma once

#include "sql/dialect.hpp"

namespace lb::sqlite {

class SqliteDialect final : public sql::Dialect {
 public:
  // The functions above, by the names the SQL calls them.
  static constexpr const char* kRegexpFunction = "regexp";
  static constexpr const char* kDistanceFunction = "lb_geo_distance";

  [[nodiscard]] std::string_view connector_name() const override { return "sqlite3"; }
  [[nodiscard]] std::string placeholder(std::size_t number, const sql::SqlParam& param) const override;
  [[nodiscard]] bool typed_placeholders() const override { return false; }
  [[nodiscard]] sql::SqlParam encode(const Value& value, sql::Storage storage) const override;
  [[nodiscard]] std::size_t max_parameters() const override { return 32766; }
  [[nodiscard]] sql::Storage storage_for(const PropertyType& type) const override;
  [[nodiscard]] std::string column_type(sql::Storage storage) const override;
  [[nodiscard]] std::string generated_key_type() const override;
  // SQLite gives a column the affinity its type's name implies (INT: INTEGER; CHAR,
  // CLOB, TEXT: TEXT; BLOB or none: BLOB; REAL, FLOA, DOUB: REAL; else NUMERIC), and
  // an affinity converts what is written: NUMERIC turns the text "1e5" into 100000.0.
  // A declared type whose affinity keeps the storage's values as written is kept
  // ("varchar(20)", "citext", "timestamptz" for a Date); any other is replaced by the
  // storage's own type ("uuid", "jsonb", "inet" for a string become TEXT).
  void adapt_declared_type(sql::ColumnMapping& column) const override;
  [[nodiscard]] std::string like(std::string_view value, const sql::LikePattern& pattern, bool case_insensitive,
                                 sql::SqlBuilder& sql) const override;
  [[nodiscard]] std::string regexp(std::string_view value, const std::string& pattern, bool case_insensitive,
                                   sql::SqlBuilder& sql) const override;
  [[nodiscard]] std::string in_list(std::string_view value, std::vector<sql::SqlParam> list, sql::ParamType type,
                                    sql::SqlBuilder& sql) const override;
  [[nodiscard]] std::string distance(std::string_view lat, std::string_view lng, const filter::NearSpec& near,
                                     sql::SqlBuilder& sql) const override;
  [[nodiscard]] sql::JsonPlace json_root(std::string column) const override;
  [[nodiscard]] Result<sql::JsonPlace> json_member(const sql::JsonPlace& place, std::string_view key,
                                                   sql::SqlBuilder& sql) const override;
  [[nodiscard]] std::string json_elements(const sql::JsonPlace& place, std::string_view alias, bool known_array,
                                          sql::JsonPlace& element, sql::SqlBuilder& sql) const override;
  [[nodiscard]] sql::JsonPlace json_first_object(const sql::JsonPlace& place, bool or_itself,
                                                 sql::SqlBuilder& sql) const override;
  [[nodiscard]] std::string json_is(const sql::JsonPlace& place, sql::JsonKind kind,
                                    sql::SqlBuilder& sql) const override;
  [[nodiscard]] std::string json_nullish(const sql::JsonPlace& place, sql::SqlBuilder& sql) const override;
  [[nodiscard]] std::string json_value(const sql::JsonPlace& place, sql::JsonKind kind, bool guarded,
                                       sql::SqlBuilder& sql) const override;
  [[nodiscard]] std::string json_equals(const sql::JsonPlace& place, const Value& value,
                                        sql::SqlBuilder& sql) const override;
  [[nodiscard]] std::string json_kind_rank(const sql::JsonPlace& place, sql::SqlBuilder& sql) const override;
  [[nodiscard]] std::string json_text(const sql::JsonPlace& place, sql::SqlBuilder& sql) const override;
  [[nodiscard]] Result<std::string> json_set_members(std::string_view current, const Object& members,
                                                     sql::SqlBuilder& sql) const override;
  [[nodiscard]] std::string limit_offset(const std::optional<std::string>& limit,
                                         const std::optional<std::string>& offset) const override;
  [[nodiscard]] bool default_in_values() const override { return false; }
  [[nodiscard]] Result<std::string> create_index(const sql::TableMapping& table, std::string_view index, bool unique,
                                                 const std::vector<std::string>& keys, bool spatial) const override;
};

}  // namespace lb::sqlite
