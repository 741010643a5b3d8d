// PostgresDialect: SQL for PostgreSQL 11 or later (and engines that speak its dialect).
// Names are lower-cased by default (as loopback-connector-postgresql does); text is
// compared and sorted with COLLATE "C" (code point order, as lb::Value orders strings);
// structured values are jsonb; GeoPoints are `point` (x = lng, y = lat, as LoopBack
// stores them); Numbers are `numeric`, which keeps both int64 and double values exact.
//
// Every placeholder carries its type ("$1::text"), so the connector may send every
// parameter as text with unspecified types (see sql::ParamType for the forms).
// Nothing needs registering: the distance is plain SQL with LoopBack's constants.
#pragma once

#include "sql/dialect.hpp"

namespace lb::postgres {

class PostgresDialect final : public sql::Dialect {
 public:
  [[nodiscard]] std::string_view connector_name() const override { return "postgresql"; }
  [[nodiscard]] std::string default_name(std::string_view name) const override;
  [[nodiscard]] std::string placeholder(std::size_t number, const sql::SqlParam& param) const override;
  [[nodiscard]] sql::SqlParam encode(const Value& value, sql::Storage storage) const override;
  [[nodiscard]] std::size_t max_parameters() const override { return 65535; }
  [[nodiscard]] std::string column_type(sql::Storage storage) const override;
  [[nodiscard]] std::string generated_key_type() const override;
  // A declared type outside the storage's own family (text, varchar, char for Text;
  // the integer, numeric and float types for Number; jsonb for Json; timestamptz,
  // timestamp and date for Date; boolean; bytea) casts the column's parameters to it,
  // without its modifiers ("$1::uuid", "$1::mood", "$1::citext"; numeric(10,2) and
  // varchar(20) need none). A Text column of another type (uuid, an enum, inet)
  // compares and sorts in that type's order, and like/regexp read it as text; a Json
  // column declared json (or text) is read as jsonb.
  void adapt_declared_type(sql::ColumnMapping& column) const override;
  [[nodiscard]] std::string like(std::string_view value, const sql::LikePattern& pattern, bool case_insensitive,
                                 sql::SqlBuilder& sql) const override;
  [[nodiscard]] std::string regexp(std::string_view value, const std::string& pattern, bool case_insensitive,
                                   sql::SqlBuilder& sql) const override;
  [[nodiscard]] std::string code_point_order(std::string_view text) const override;
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
  [[nodiscard]] bool default_in_values() const override { return true; }

  // The text form of an Array parameter (a PostgreSQL array literal, `{"a","b\"c"}`),
  // for connectors that send parameters as text.
  [[nodiscard]] static std::string array_literal(const sql::SqlParam& param);
};

}  // namespace lb::postgres
