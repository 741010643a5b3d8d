// Writes: insert, update, delete, upsert. Values are bound in their column's storage;
// properties a non-strict model does not define are kept as one JSON object in the
// extras column (set member by member by a patch, replaced whole by a replace).
#include <fmt/format.h>

#include <algorithm>

#include "sql/dialect.hpp"
#include "sql/key_condition.hpp"
#include "sql/lower.hpp"
#include "sql/sql_builder.hpp"
#include "sql/where_lowering.hpp"

namespace lb::sql {
namespace {

// A row split by where its values go: columns in definition order, then the extras.
struct RowParts {
  std::vector<std::pair<const ColumnMapping*, const Value*>> columns;
  Object extras;
};

Result<RowParts> split_row(const Object& row, const TableMapping& table) {
  RowParts parts;
  for (const ColumnMapping& column : table.columns()) {
    if (const Value* value = row.find(column.property->name)) parts.columns.emplace_back(&column, value);
  }
  for (const auto& [key, value] : row) {
    if (table.column(key)) continue;
    if (!table.extras_column()) {
      return invalid_input(fmt::format("{}: the property \"{}\" is not defined and {} keeps no others", table.model().name,
                                       key, table.qualified()));
    }
    parts.extras.push_back(key, value);
  }
  return parts;
}

std::string bind_column_value(const ColumnMapping& column, const Value& value, SqlBuilder& sql) {
  if (column.storage == Storage::Point) return sql.dialect().point_value(value, sql);
  return sql.bind_column(value, column);
}

std::string bind_extras(const Object& extras, SqlBuilder& sql) {
  return sql.bind_value(Value(extras), Storage::Json);
}

std::string returning(const TableMapping& table) {
  std::vector<std::string> names;
  for (const ColumnMapping& column : table.columns()) names.push_back(column.quoted);
  if (table.extras_column()) names.push_back(*table.extras_column());
  return fmt::format(" RETURNING {}", fmt::join(names, ", "));
}

// The assignment that changes nothing, for an update with nothing to set: it still
// matches (and with RETURNING, returns) the rows.
std::string no_op_assignment(const TableMapping& table) {
  const auto ids = table.id_columns();
  const std::string& column = ids.empty() ? table.columns().front().quoted : ids.front()->quoted;
  return column + " = " + column;
}

// SET items for a patch: the columns `parts` holds (ids too when `include_ids`), and the
// extras members set one by one.
Result<std::vector<std::string>> patch_assignments(const RowParts& parts, const TableMapping& table, bool include_ids,
                                                   SqlBuilder& sql) {
  std::vector<std::string> out;
  for (const auto& [column, value] : parts.columns) {
    if (column->id > 0 && !include_ids) continue;
    out.push_back(column->quoted + " = " + bind_column_value(*column, *value, sql));
  }
  if (!parts.extras.empty()) {
    auto merged = sql.dialect().json_set_members(*table.extras_column(), parts.extras, sql);
    if (!merged) return std::move(merged).error();
    out.push_back(*table.extras_column() + " = " + *merged);
  }
  return out;
}

std::string columns_sql(const std::vector<const ColumnMapping*>& columns, bool extras, const TableMapping& table) {
  std::vector<std::string> names;
  for (const ColumnMapping* column : columns) names.push_back(column->quoted);
  if (extras) names.push_back(*table.extras_column());
  return fmt::format("{}", fmt::join(names, ", "));
}

// How many placeholders a row's values take.
std::size_t parameter_count(const RowParts& parts) {
  std::size_t count = parts.extras.empty() ? 0 : 1;
  for (const auto& [column, value] : parts.columns) {
    count += column->storage == Storage::Point && value->is_geo_point() ? 2 : 1;
  }
  return count;
}

bool same_columns(const RowParts& a, const RowParts& b) {
  if (a.columns.size() != b.columns.size() || a.extras.empty() != b.extras.empty()) return false;
  for (std::size_t i = 0; i < a.columns.size(); ++i) {
    if (a.columns[i].first != b.columns[i].first) return false;
  }
  return true;
}

// One INSERT for rows[first, last): the union of their columns, DEFAULT (or, where the
// dialect has none, only rows setting the same columns come together) for the rest.
Result<SqlStatement> insert_run(const std::vector<RowParts>& rows, std::size_t first, std::size_t last,
                                const TableMapping& table) {
  const Dialect& dialect = table.dialect();
  SqlBuilder sql(dialect);
  std::vector<const ColumnMapping*> columns;
  bool extras = false;
  for (const ColumnMapping& column : table.columns()) {
    for (std::size_t r = first; r < last; ++r) {
      const auto& present = rows[r].columns;
      if (std::any_of(present.begin(), present.end(), [&](const auto& entry) { return entry.first == &column; })) {
        columns.push_back(&column);
        break;
      }
    }
  }
  for (std::size_t r = first; r < last; ++r) extras = extras || !rows[r].extras.empty();
  std::string text = "INSERT INTO " + table.qualified();
  if (columns.empty() && !extras) {
    text += " DEFAULT VALUES";
  } else {
    std::vector<std::string> tuples;
    for (std::size_t r = first; r < last; ++r) {
      std::vector<std::string> values;
      for (const ColumnMapping* column : columns) {
        const auto& present = rows[r].columns;
        auto found = std::find_if(present.begin(), present.end(), [&](const auto& entry) { return entry.first == column; });
        if (found != present.end()) {
          values.push_back(bind_column_value(*column, *found->second, sql));
        } else {
          values.push_back(dialect.default_in_values() ? "DEFAULT" : "NULL");
        }
      }
      if (extras) {
        values.push_back(rows[r].extras.empty() ? (dialect.default_in_values() ? "DEFAULT" : "NULL")
                                                : bind_extras(rows[r].extras, sql));
      }
      tuples.push_back(fmt::format("({})", fmt::join(values, ", ")));
    }
    text += fmt::format(" ({}) VALUES {}", columns_sql(columns, extras, table), fmt::join(tuples, ", "));
  }
  text += returning(table);
  return sql.finish(std::move(text), table.result_columns());
}

}  // namespace

Result<SqlStatement> lower_insert(const Object& row, const TableMapping& table) {
  auto parts = split_row(row, table);
  if (!parts) return std::move(parts).error();
  std::vector<RowParts> rows{std::move(*parts)};
  return insert_run(rows, 0, 1, table);
}

Result<std::vector<SqlStatement>> lower_insert_all(const std::vector<Object>& rows, const TableMapping& table) {
  const Dialect& dialect = table.dialect();
  std::vector<RowParts> parts;
  parts.reserve(rows.size());
  for (const Object& row : rows) {
    auto split = split_row(row, table);
    if (!split) return std::move(split).error();
    parts.push_back(std::move(*split));
  }
  std::vector<SqlStatement> out;
  std::size_t first = 0, used = 0;
  for (std::size_t r = 0; r <= parts.size(); ++r) {
    bool close = r == parts.size();
    if (!close) {
      const std::size_t needed = parameter_count(parts[r]);
      const bool empty_row = parts[r].columns.empty() && parts[r].extras.empty();
      close = r > first && (used + needed > dialect.max_parameters() || empty_row ||
                            (parts[r - 1].columns.empty() && parts[r - 1].extras.empty()) ||
                            (!dialect.default_in_values() && !same_columns(parts[r - 1], parts[r])));
      if (!close) used += needed;
    }
    if (close && r > first) {
      auto statement = insert_run(parts, first, r, table);
      if (!statement) return std::move(statement).error();
      out.push_back(std::move(*statement));
      first = r;
      used = r < parts.size() ? parameter_count(parts[r]) : 0;
    }
  }
  return out;
}

Result<SqlStatement> lower_update_all(const filter::BoundWhere* where, const Object& data, const TableMapping& table) {
  SqlBuilder sql(table.dialect());
  auto parts = split_row(data, table);
  if (!parts) return std::move(parts).error();
  auto assignments = patch_assignments(*parts, table, true, sql);
  if (!assignments) return std::move(assignments).error();
  if (assignments->empty()) assignments->push_back(no_op_assignment(table));
  std::string text = fmt::format("UPDATE {} SET {}", table.qualified(), fmt::join(*assignments, ", "));
  if (where) {
    auto condition = lower_condition(*where, table, sql);
    if (!condition) return std::move(condition).error();
    if (*condition) text += " WHERE " + **condition;
  }
  return sql.finish(std::move(text));
}

Result<SqlStatement> lower_update_by_id(const Value& id, const Object& data, WriteMode mode, const TableMapping& table) {
  SqlBuilder sql(table.dialect());
  auto parts = split_row(data, table);
  if (!parts) return std::move(parts).error();
  std::vector<std::string> assignments;
  if (mode == WriteMode::Patch) {
    auto patch = patch_assignments(*parts, table, false, sql);
    if (!patch) return std::move(patch).error();
    assignments = std::move(*patch);
  } else {
    for (const ColumnMapping& column : table.columns()) {
      if (column.id > 0) continue;
      const Value* value = data.find(column.property->name);
      assignments.push_back(column.quoted + " = " + (value ? bind_column_value(column, *value, sql) : "NULL"));
    }
    if (table.extras_column()) {
      assignments.push_back(*table.extras_column() + " = " +
                            (parts->extras.empty() ? std::string("NULL") : bind_extras(parts->extras, sql)));
    }
  }
  if (assignments.empty()) assignments.push_back(no_op_assignment(table));
  auto key = key_condition(id, table, sql);
  if (!key) return std::move(key).error();
  std::string text =
      fmt::format("UPDATE {} SET {} WHERE {}{}", table.qualified(), fmt::join(assignments, ", "), *key, returning(table));
  return sql.finish(std::move(text), table.result_columns());
}

Result<SqlStatement> lower_delete_all(const filter::BoundWhere* where, const TableMapping& table) {
  SqlBuilder sql(table.dialect());
  std::string text = "DELETE FROM " + table.qualified();
  if (where) {
    auto condition = lower_condition(*where, table, sql);
    if (!condition) return std::move(condition).error();
    if (*condition) text += " WHERE " + **condition;
  }
  return sql.finish(std::move(text));
}

Result<SqlStatement> lower_upsert(const Object& row, WriteMode mode, const TableMapping& table) {
  const Dialect& dialect = table.dialect();
  const auto ids = table.id_columns();
  if (ids.empty()) return invalid_input(fmt::format("the model {} has no id to upsert by", table.model().name));
  for (const ColumnMapping* id : ids) {
    const Value* value = row.find(id->property->name);
    if (!value || value->is_null()) {
      return invalid_input(fmt::format("an upsert of {} needs the id \"{}\"", table.model().name, id->property->name));
    }
  }
  auto parts = split_row(row, table);
  if (!parts) return std::move(parts).error();
  SqlBuilder sql(dialect);
  std::vector<const ColumnMapping*> columns;
  std::vector<std::string> values;
  for (const auto& [column, value] : parts->columns) {
    columns.push_back(column);
    values.push_back(bind_column_value(*column, *value, sql));
  }
  const bool extras = !parts->extras.empty();
  if (extras) values.push_back(bind_extras(parts->extras, sql));

  std::vector<std::string> assignments;
  if (mode == WriteMode::Patch) {
    for (const ColumnMapping* column : columns) {
      if (column->id == 0) assignments.push_back(column->quoted + " = " + dialect.excluded(column->quoted));
    }
    if (extras) {
      // The stored extras, named by the table: unqualified, the column could be the
      // stored row's or the proposed one's (`excluded`), which PostgreSQL refuses as
      // ambiguous.
      auto merged = dialect.json_set_members(table.stored_column(*table.extras_column()), parts->extras, sql);
      if (!merged) return std::move(merged).error();
      assignments.push_back(*table.extras_column() + " = " + *merged);
    }
  } else {
    for (const ColumnMapping& column : table.columns()) {
      if (column.id > 0) continue;
      const bool present = std::find(columns.begin(), columns.end(), &column) != columns.end();
      assignments.push_back(column.quoted + " = " + (present ? dialect.excluded(column.quoted) : "NULL"));
    }
    if (table.extras_column()) {
      assignments.push_back(*table.extras_column() + " = " +
                            (extras ? dialect.excluded(*table.extras_column()) : std::string("NULL")));
    }
  }
  if (assignments.empty()) assignments.push_back(ids.front()->quoted + " = " + dialect.excluded(ids.front()->quoted));
  std::vector<std::string> keys;
  for (const ColumnMapping* id : ids) keys.push_back(id->quoted);
  std::string text = fmt::format("INSERT INTO {} ({}) VALUES ({}){}{}", table.qualified(),
                                 columns_sql(columns, extras, table), fmt::join(values, ", "),
                                 dialect.upsert_clause(keys, assignments), returning(table));
  return sql.finish(std::move(text), table.result_columns());
}

}  // namespace lb::sql
