// Reads: find, count, find-by-id, exists. The order is the memory connector's RowOrder
// (src/memory/exec/row_order.cpp): the filter's keys with null and missing first
// ascending and last descending, then the id ascending, so equal rows come back in the
// same order from every connector; a `near` sorts by distance before the keys. Paging
// per key (Bound::limit_per_key) numbers the rows with window functions.
#include <fmt/format.h>

#include <limits>

#include "sql/dialect.hpp"
#include "sql/key_condition.hpp"
#include "sql/lower.hpp"
#include "sql/path_access.hpp"
#include "sql/sql_builder.hpp"
#include "sql/where_lowering.hpp"

namespace lb::sql {
namespace {

using TypeKind = PropertyType::Kind;

std::string sort_direction(bool descending) { return descending ? " DESC NULLS LAST" : " ASC NULLS FIRST"; }

// The sort keys of the value at a JSON place of declared type `type`. An untyped value
// may hold any kind, so it sorts by kind first (lb::Value's order of kinds), then by
// the value read as each kind; arrays and objects then sort by their JSON text, which
// is not lb::Value's element-wise order (docs/sql.md).
Result<std::vector<std::string>> json_sort_values(const JsonPlace& place, const PropertyType& type,
                                                  const Dialect& dialect, SqlBuilder& sql) {
  switch (type.kind) {
    case TypeKind::String:
    case TypeKind::Date:
      return std::vector<std::string>{dialect.code_point_order(dialect.json_value(place, JsonKind::String, false, sql))};
    case TypeKind::Number:
      return std::vector<std::string>{dialect.json_value(place, JsonKind::Number, false, sql)};
    case TypeKind::Boolean:
      return std::vector<std::string>{dialect.json_value(place, JsonKind::Boolean, false, sql)};
    case TypeKind::GeoPoint: {
      auto lat = dialect.json_member(place, "lat", sql);
      if (!lat) return std::move(lat).error();
      auto lng = dialect.json_member(place, "lng", sql);
      if (!lng) return std::move(lng).error();
      return std::vector<std::string>{dialect.json_value(*lat, JsonKind::Number, false, sql),
                                      dialect.json_value(*lng, JsonKind::Number, false, sql)};
    }
    default:
      return std::vector<std::string>{
          dialect.json_kind_rank(place, sql), dialect.json_value(place, JsonKind::Number, true, sql),
          dialect.code_point_order(dialect.json_value(place, JsonKind::String, true, sql)),
          dialect.json_value(place, JsonKind::Boolean, true, sql), dialect.json_text(place, sql)};
  }
}

// The sort keys of the first value the walk reaches (FieldPath::first): through an
// array, its first element that is an object.
Result<std::vector<std::string>> first_values(const PathAccess& access, const Dialect& dialect, SqlBuilder& sql) {
  JsonPlace place = access.root;
  for (const JsonStep& step : access.steps) {
    if (step.shape != StepShape::Object) place = dialect.json_first_object(place, step.shape == StepShape::Unknown, sql);
    auto member = dialect.json_member(place, step.key, sql);
    if (!member) return std::move(member).error();
    place = std::move(*member);
  }
  return json_sort_values(place, *access.leaf, dialect, sql);
}

Result<std::vector<std::string>> sort_values(const filter::BoundPath& path, const TableMapping& table,
                                             SqlBuilder& sql) {
  const Dialect& dialect = table.dialect();
  auto access = resolve_access(path, table);
  if (!access) return std::move(access).error();
  if (access->json) return first_values(*access, dialect, sql);
  const std::string& column = access->expression;
  switch (access->storage) {
    case Storage::Text:
      // A column declared as another type (uuid, an enum) sorts in that type's order.
      if (access->column && !access->column->text_order) return std::vector<std::string>{column};
      return std::vector<std::string>{dialect.code_point_order(column)};
    case Storage::Point: return std::vector<std::string>{dialect.point_lat(column), dialect.point_lng(column)};
    default: return std::vector<std::string>{column};
  }
}

Result<std::vector<std::string>> order_by(const filter::Bound& filter, const TableMapping& table, SqlBuilder& sql) {
  std::vector<std::string> keys;
  if (filter.where) {
    if (const filter::BoundCondition* near = find_near(*filter.where)) {
      auto distance = near_distance(*near, table, sql);
      if (!distance) return std::move(distance).error();
      // Rows without a point (only an `or` around the near lets them through) come last.
      keys.push_back(*distance + " ASC NULLS LAST");
    }
  }
  for (const filter::BoundOrder& key : filter.order) {
    auto values = sort_values(key.path, table, sql);
    if (!values) return std::move(values).error();
    for (const std::string& value : *values) keys.push_back(value + sort_direction(key.descending));
  }
  for (const ColumnMapping* id : table.id_columns()) {
    bool ordered_already = false;
    for (const filter::BoundOrder& key : filter.order) {
      if (key.path.segments.size() == 1 && key.path.property == id->property) ordered_already = true;
    }
    if (!ordered_already) keys.push_back(id->quoted + " ASC");
  }
  return keys;
}

Result<std::string> where_clause(const filter::BoundWhere* where, const TableMapping& table, SqlBuilder& sql) {
  if (!where) return std::string();
  auto condition = lower_condition(*where, table, sql);
  if (!condition) return std::move(condition).error();
  return *condition ? " WHERE " + **condition : std::string();
}

std::string column_list(const std::vector<ResultColumn>& columns, const TableMapping& table) {
  std::vector<std::string> names;
  for (const ResultColumn& column : columns) {
    names.push_back(column.property.empty() ? *table.extras_column() : table.column(column.property)->quoted);
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

// What rows are grouped by for paging per key: a column as it is stored (equal values
// are equal there, whatever the column's declared type), a point column's coordinates
// (PostgreSQL's point type has no equality), or the JSON text of a key kept in a JSON
// column (nor has PostgreSQL's json type).
Result<std::vector<std::string>> partition_values(const std::string& property, const TableMapping& table,
                                                  SqlBuilder& sql) {
  const Dialect& dialect = table.dialect();
  const ColumnMapping* column = table.column(property);
  if (column && column->storage == Storage::Point) {
    return std::vector<std::string>{dialect.point_lat(column->quoted), dialect.point_lng(column->quoted)};
  }
  if (column && column->storage != Storage::Json) return std::vector<std::string>{column->quoted};
  filter::BoundPath path;
  path.segments = {property};
  path.property = table.model().property(property);
  path.type = path.property ? &path.property->type : nullptr;
  auto access = resolve_access(path, table);
  if (!access) return std::move(access).error();
  JsonPlace place = access->root;
  for (const JsonStep& step : access->steps) {
    auto member = dialect.json_member(place, step.key, sql);
    if (!member) return std::move(member).error();
    place = std::move(*member);
  }
  return std::vector<std::string>{dialect.json_text(place, sql)};
}

// Names the paged statement gives its row numbers and its subquery. "_lb_" is the
// prefix lb keeps for itself (the extras column is "_lb_extras"), but a model may
// still define such a property: a row number's name then gets underscores appended
// until no column of the table has it (two columns of one name in the subquery would
// make the outer query's reference ambiguous).
constexpr const char* kRowInKey = "_lb_key_row";
constexpr const char* kRowInOrder = "_lb_row";
constexpr const char* kPagedAlias = "\"_lb_paged\"";

std::string added_column(std::string name, const TableMapping& table) {
  while (table.column_named(name) || table.extras_column_name() == name) name += '_';
  return fmt::format("\"{}\"", name);
}

// A find paged per key: limit and skip keep a window of each key's rows, as an include
// pages each parent's related rows, in one statement for all keys. The subquery numbers
// every row twice, within its key's rows and within all rows, both in the find's
// order; the outer query keeps the rows whose number within their key falls in the
// page and puts them back in the find's order by the other number. It cannot repeat
// the ORDER BY keys instead: they may read columns `fields` leaves out.
// `select_list` is the column list; `from_where` the FROM and WHERE clauses.
std::string paged_per_key(const std::string& select_list, const std::string& from_where,
                          const std::vector<std::string>& partition, const std::vector<std::string>& keys,
                          const filter::Bound& filter, const TableMapping& table, SqlBuilder& sql) {
  const std::string row_in_key = added_column(kRowInKey, table), row_in_order = added_column(kRowInOrder, table);
  const std::string order = keys.empty() ? std::string() : fmt::format("ORDER BY {}", fmt::join(keys, ", "));
  const std::string in_key =
      fmt::format("PARTITION BY {}{}{}", fmt::join(partition, ", "), order.empty() ? "" : " ", order);
  std::vector<std::string> page;
  if (filter.skip > 0) {
    page.push_back(fmt::format("{} > {}", row_in_key, sql.bind({Value(filter.skip), ParamType::Integer})));
  }
  if (filter.limit && *filter.limit > 0) {
    // The last row number of the page; a page reaching past the largest integer has
    // no end a table could reach.
    const std::int64_t end = *filter.limit > std::numeric_limits<std::int64_t>::max() - filter.skip
                                 ? std::numeric_limits<std::int64_t>::max()
                                 : filter.skip + *filter.limit;
    page.push_back(fmt::format("{} <= {}", row_in_key, sql.bind({Value(end), ParamType::Integer})));
  }
  return fmt::format(
      "SELECT {0} FROM (SELECT {0}, ROW_NUMBER() OVER ({1}) AS {2}, ROW_NUMBER() OVER ({3}) AS {4}{5}) AS {6} "
      "WHERE {7} ORDER BY {4}",
      select_list, in_key, row_in_key, order, row_in_order, from_where, kPagedAlias, fmt::join(page, " AND "));
}

}  // namespace

Result<SqlStatement> lower_find(const filter::Bound& filter, const TableMapping& table) {
  if (filter.model != &table.model()) {
    return invalid_input(fmt::format("the filter is bound to {}, not {}", filter.model ? filter.model->name : "no model",
                                     table.model().name));
  }
  SqlBuilder sql(table.dialect());
  std::vector<ResultColumn> columns;
  if (!filter.fields) {
    columns = table.result_columns();
  } else {
    bool extras = false;
    for (const std::string& name : *filter.fields) {
      if (const ColumnMapping* column = table.column(name)) {
        columns.push_back({name, column->storage});
      } else {
        extras = table.extras_column().has_value();
      }
    }
    if (extras) columns.push_back({"", Storage::Json});
  }
  const std::string select_list = columns.empty() ? std::string("NULL") : column_list(columns, table);
  auto where = where_clause(filter.where ? &*filter.where : nullptr, table, sql);
  if (!where) return std::move(where).error();
  const std::string from_where = " FROM " + table.qualified() + *where;
  auto keys = order_by(filter, table, sql);
  if (!keys) return std::move(keys).error();
  const bool paged = (filter.limit && *filter.limit > 0) || filter.skip > 0;
  if (filter.limit_per_key && paged) {
    auto partition = partition_values(*filter.limit_per_key, table, sql);
    if (!partition) return std::move(partition).error();
    std::string text = paged_per_key(select_list, from_where, *partition, *keys, filter, table, sql);
    return sql.finish(std::move(text), std::move(columns));
  }
  std::string text = "SELECT " + select_list + from_where;
  if (!keys->empty()) text += fmt::format(" ORDER BY {}", fmt::join(*keys, ", "));
  std::optional<std::string> limit, offset;
  if (filter.limit && *filter.limit > 0) limit = sql.bind({Value(*filter.limit), ParamType::Integer});
  if (filter.skip > 0) offset = sql.bind({Value(filter.skip), ParamType::Integer});
  text += table.dialect().limit_offset(limit, offset);
  return sql.finish(std::move(text), std::move(columns));
}

Result<SqlStatement> lower_count(const filter::BoundWhere* where, const TableMapping& table) {
  SqlBuilder sql(table.dialect());
  auto clause = where_clause(where, table, sql);
  if (!clause) return std::move(clause).error();
  return sql.finish("SELECT COUNT(*) FROM " + table.qualified() + *clause);
}

Result<SqlStatement> lower_where(const filter::BoundWhere* where, const TableMapping& table) {
  SqlBuilder sql(table.dialect());
  std::optional<std::string> condition;
  if (where) {
    auto lowered = lower_condition(*where, table, sql);
    if (!lowered) return std::move(lowered).error();
    condition = std::move(*lowered);
  }
  return sql.finish(condition.value_or("TRUE"));
}

Result<SqlStatement> lower_find_by_id(const Value& id, const TableMapping& table) {
  SqlBuilder sql(table.dialect());
  auto key = key_condition(id, table, sql);
  if (!key) return std::move(key).error();
  std::vector<ResultColumn> columns = table.result_columns();
  std::string text = "SELECT " + column_list(columns, table) + " FROM " + table.qualified() + " WHERE " + *key;
  return sql.finish(std::move(text), std::move(columns));
}

Result<SqlStatement> lower_exists_by_id(const Value& id, const TableMapping& table) {
  SqlBuilder sql(table.dialect());
  auto key = key_condition(id, table, sql);
  if (!key) return std::move(key).error();
  return sql.finish("SELECT 1 FROM " + table.qualified() + " WHERE " + *key + " LIMIT 1");
}

}  // namespace lb::sql
