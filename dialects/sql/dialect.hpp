// Dialect: what differs between SQL engines, and nothing else. The shared lowering
// (lower.hpp) decides what a filter means; a Dialect only says how its engine spells
// each piece: names, placeholders, column types, the like/regexp operators, JSON
// access, the distance expression for `near`, long lists, paging, upserts.
//
// Implementations hold no state and are safe to share between threads. Every method
// that takes a user value binds it through the SqlBuilder (never into the text);
// identifiers reach the text only through quote_identifier().
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lb/filter/bound.hpp"
#include "lb/model_definition.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"
#include "sql/json_place.hpp"
#include "sql/like_pattern.hpp"
#include "sql/sql_statement.hpp"

namespace lb::sql {

class SqlBuilder;
class TableMapping;
struct ColumnMapping;

class Dialect {
 public:
  virtual ~Dialect() = default;

  // ---- Names -----------------------------------------------------------------
  // The LoopBack connector name ("sqlite3", "postgresql"): also the key of the model
  // and property sections that name tables and columns ({"postgresql": {"table": ..}}).
  [[nodiscard]] virtual std::string_view connector_name() const = 0;
  // A quoted identifier: "name" with embedded quotes doubled. 400 for a name that
  // cannot be an identifier (empty, or holding a control character).
  [[nodiscard]] virtual Result<std::string> quote_identifier(std::string_view name) const;
  // A table or column name when the definition names none: the model or property name
  // as it is (SQLite) or lower-cased (PostgreSQL, as loopback-connector-postgresql does).
  [[nodiscard]] virtual std::string default_name(std::string_view name) const;

  // ---- Parameters ------------------------------------------------------------
  // The text of placeholder `number` (1-based) for `param`: "?3" (SQLite's numbered
  // form, so a placeholder can be used twice) or "$3::numeric" (PostgreSQL, with the
  // type the parameter is bound as, so no statement depends on type inference).
  [[nodiscard]] virtual std::string placeholder(std::size_t number, const SqlParam& param) const = 0;
  // Whether placeholder() spells parameters of different types differently (PostgreSQL
  // does, SQLite does not): a statement's text then fits other values only when they
  // are bound as the same types.
  [[nodiscard]] virtual bool typed_placeholders() const { return true; }
  // A property value (already of its property's type) as bound for a column stored as
  // `storage`; a JSON path key or pattern is bound with encode_text().
  [[nodiscard]] virtual SqlParam encode(const Value& value, Storage storage) const = 0;
  [[nodiscard]] static SqlParam encode_text(std::string text);
  // The most placeholders one statement may hold (SQLite 32766, PostgreSQL 65535).
  [[nodiscard]] virtual std::size_t max_parameters() const = 0;
  // Lists longer than this are bound as one parameter (see in_list()).
  [[nodiscard]] virtual std::size_t max_inline_list() const { return 16; }

  // ---- Types -----------------------------------------------------------------
  // How a property of `type` is stored. Scalars map to their own storage, everything
  // structured (Any, arrays, objects, embedded models) to Json; GeoPoint to Point or Json.
  [[nodiscard]] virtual Storage storage_for(const PropertyType& type) const;
  // The column type for CREATE TABLE (a definition's own "dataType" wins over this).
  [[nodiscard]] virtual std::string column_type(Storage storage) const = 0;
  // The column type and constraints of a single generated numeric id, which is also
  // the primary key: "INTEGER PRIMARY KEY AUTOINCREMENT".
  [[nodiscard]] virtual std::string generated_key_type() const = 0;
  // A column whose definition declares its own type ("dataType", already in
  // `column.sql_type`, a checked type name) may not hold what the storage's own types
  // do: PostgreSQL compares a uuid or enum column with a text parameter nowhere, and
  // SQLite gives a column its affinity from the type's name. This adapts the column:
  // the type CREATE TABLE writes (`sql_type`), what its parameters are cast to
  // (`cast`), whether it compares as text (`text_order`) and how conditions read it
  // (`read`). The default changes nothing.
  virtual void adapt_declared_type(ColumnMapping& column) const;
  // A property value encoded for its column (encode(), then the column's cast).
  [[nodiscard]] SqlParam encode_for(const Value& value, const ColumnMapping& column) const;

  // ---- Operators on native columns ------------------------------------------
  // `value LIKE pattern` in lb's semantics (case-sensitive unless `case_insensitive`,
  // which folds ASCII letters only, as the memory connector does).
  [[nodiscard]] virtual std::string like(std::string_view value, const LikePattern& pattern,
                                         bool case_insensitive, SqlBuilder& sql) const = 0;
  // `value` partially matches `pattern` (an RE2 pattern as bind produced it, possibly
  // starting with "(?m)").
  [[nodiscard]] virtual std::string regexp(std::string_view value, const std::string& pattern,
                                           bool case_insensitive, SqlBuilder& sql) const = 0;
  // A text expression as compared and sorted by code point (bytewise UTF-8), the order
  // lb::Value uses: PostgreSQL adds COLLATE "C"; SQLite's BINARY already is.
  [[nodiscard]] virtual std::string code_point_order(std::string_view text) const;
  // `value IN (...)` for an already-encoded list of at least one value, all bound as
  // `type`. Up to max_inline_list() values get a placeholder each; a longer list is
  // one parameter (SQLite: a JSON array read by json_each; PostgreSQL: an array with
  // = ANY), so no list can reach a parameter limit and the text does not vary with its
  // length.
  [[nodiscard]] virtual std::string in_list(std::string_view value, std::vector<SqlParam> list,
                                            ParamType type, SqlBuilder& sql) const = 0;

  // ---- near ------------------------------------------------------------------
  // The distance from `near.origin` to the point at (lat, lng), in near.unit, computed
  // as LoopBack does (haversine with its own degree factor and earth radii), so that a
  // row at the edge of maxDistance falls on the same side as in the memory connector.
  [[nodiscard]] virtual std::string distance(std::string_view lat, std::string_view lng,
                                             const filter::NearSpec& near, SqlBuilder& sql) const = 0;
  // The latitude and longitude of a Point-stored column (PostgreSQL: y and x).
  [[nodiscard]] virtual std::string point_lat(std::string_view point) const;
  [[nodiscard]] virtual std::string point_lng(std::string_view point) const;
  // `point = (lat, lng)` on a Point-stored column, exactly (not PostgreSQL's ~=, which
  // has a tolerance).
  [[nodiscard]] virtual std::string point_equals(std::string_view point, GeoPoint value,
                                                 SqlBuilder& sql) const;
  // A Point value for INSERT/UPDATE.
  [[nodiscard]] virtual std::string point_value(const Value& value, SqlBuilder& sql) const;

  // ---- JSON ------------------------------------------------------------------
  // The place of a whole JSON column.
  [[nodiscard]] virtual JsonPlace json_root(std::string column) const = 0;
  // The member `key` of the object at `place` (absent, so SQL NULL, when there is no
  // such member or the place holds no object). 400 for a key the dialect cannot address.
  [[nodiscard]] virtual Result<JsonPlace> json_member(const JsonPlace& place, std::string_view key,
                                                      SqlBuilder& sql) const = 0;
  // A FROM item listing the elements of the array at `place` (no rows when it holds no
  // array), named `alias`; `element` is set to the place of the current element.
  // `known_array`: the property's type says the place holds an array (or null), so
  // the dialect may skip its check.
  [[nodiscard]] virtual std::string json_elements(const JsonPlace& place, std::string_view alias,
                                                  bool known_array, JsonPlace& element,
                                                  SqlBuilder& sql) const = 0;
  // The place of the first element of the array at `place` that is an object (absent
  // when there is none): how a sort key reads a path through an array, as the memory
  // connector's FieldPath::first does. With `or_itself`, a place that holds no array
  // is its own answer.
  [[nodiscard]] virtual JsonPlace json_first_object(const JsonPlace& place, bool or_itself,
                                                    SqlBuilder& sql) const = 0;
  // True when the place holds a value of `kind` (never true for an absent place).
  [[nodiscard]] virtual std::string json_is(const JsonPlace& place, JsonKind kind, SqlBuilder& sql) const = 0;
  // True when the place is absent or holds JSON null; never SQL NULL.
  [[nodiscard]] virtual std::string json_nullish(const JsonPlace& place, SqlBuilder& sql) const = 0;
  // The scalar at the place as an SQL value of `kind` (String: text, Number: a number,
  // Boolean: a boolean or 0/1). With `guarded`, NULL unless the place holds that kind
  // (needed below untyped properties; the dialect must make the guard come first,
  // since SQL does not order AND's operands).
  [[nodiscard]] virtual std::string json_value(const JsonPlace& place, JsonKind kind, bool guarded,
                                               SqlBuilder& sql) const = 0;
  // The place's whole value equals the JSON value `value` (arrays, objects, GeoPoints).
  [[nodiscard]] virtual std::string json_equals(const JsonPlace& place, const Value& value,
                                                SqlBuilder& sql) const = 0;
  // A sort key ranking JSON kinds as lb::Value orders them: absent and null, then
  // booleans, numbers, strings, arrays, objects.
  [[nodiscard]] virtual std::string json_kind_rank(const JsonPlace& place, SqlBuilder& sql) const = 0;
  // The place's value as JSON text (a last sort key for arrays and objects).
  [[nodiscard]] virtual std::string json_text(const JsonPlace& place, SqlBuilder& sql) const = 0;
  // The JSON document `current` (a JSON column, possibly NULL) with the members of
  // `members` (an Object) set, each to its value, the rest kept: how a patch writes
  // properties a non-strict model does not define.
  [[nodiscard]] virtual Result<std::string> json_set_members(std::string_view current, const Object& members,
                                                             SqlBuilder& sql) const = 0;

  // ---- Statements ------------------------------------------------------------
  // " LIMIT $1 OFFSET $2" for the placeholders given (either may be absent).
  [[nodiscard]] virtual std::string limit_offset(const std::optional<std::string>& limit,
                                                 const std::optional<std::string>& offset) const;
  // Whether INSERT ... VALUES accepts DEFAULT for a column (PostgreSQL) or not
  // (SQLite, where a NULL for INTEGER PRIMARY KEY generates the id).
  [[nodiscard]] virtual bool default_in_values() const = 0;
  // The clause that follows INSERT's VALUES to make it an upsert: ON CONFLICT on the
  // key columns (quoted) doing `assignments` ("col = excluded.col", ...).
  [[nodiscard]] virtual std::string upsert_clause(const std::vector<std::string>& key_columns,
                                                  const std::vector<std::string>& assignments) const;
  // The value the inserted row would have had for `column` (quoted), inside an upsert's
  // assignments: "excluded.col".
  [[nodiscard]] virtual std::string excluded(std::string_view column) const;
  // CREATE [UNIQUE] INDEX IF NOT EXISTS `index` (unquoted) on the mapping's table over
  // `keys` (quoted columns, each with " DESC" when descending). `spatial` says the one
  // key is a Point column (PostgreSQL indexes those with GiST).
  [[nodiscard]] virtual Result<std::string> create_index(const TableMapping& table, std::string_view index,
                                                         bool unique, const std::vector<std::string>& keys,
                                                         bool spatial) const;
};

}  // namespace lb::sql
