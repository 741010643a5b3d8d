// Schema statements: CREATE TABLE from the mapping and CREATE INDEX for the model's
// indexes. Index names carry the table's name, because both engines keep index names
// per schema, not per table: two models with an index "category_idx" would otherwise
// meet, and IF NOT EXISTS would silently skip the second one.
#include <fmt/format.h>

#include "sql/dialect.hpp"
#include "sql/lower.hpp"
#include "sql/sql_builder.hpp"

namespace lb::sql {
namespace {

// Property `index` entries (model_definition's property_index()) are named
// "<property>_index"; they become "<table>_<column>_idx" as loopback-connector-postgresql
// names them. Model `indexes` become "<table>_<name>".
std::string index_name(const IndexDefinition& index, const TableMapping& table) {
  if (index.keys.size() == 1) {
    const PropertyDefinition* property = table.model().property(index.keys.front().first);
    if (property && property->index && index.name == property->name + "_index") {
      return table.table() + "_" + table.column(property->name)->name + "_idx";
    }
  }
  return table.table() + "_" + index.name;
}

}  // namespace

Result<std::vector<SqlStatement>> lower_create_table(const TableMapping& table) {
  const Dialect& dialect = table.dialect();
  std::vector<std::string> lines;
  std::vector<std::string> key;
  bool generated_key = false;
  for (const ColumnMapping& column : table.columns()) {
    if (column.generated) {
      lines.push_back(column.quoted + " " + dialect.generated_key_type());
      generated_key = true;
      continue;
    }
    lines.push_back(column.quoted + " " + column.sql_type + (column.nullable ? "" : " NOT NULL"));
    if (column.id > 0) key.push_back(column.quoted);
  }
  if (table.extras_column()) lines.push_back(*table.extras_column() + " " + dialect.column_type(Storage::Json));
  if (!generated_key && !key.empty()) {
    std::vector<std::string> ordered;
    for (const ColumnMapping* id : table.id_columns()) ordered.push_back(id->quoted);
    lines.push_back(fmt::format("PRIMARY KEY ({})", fmt::join(ordered, ", ")));
  }
  std::vector<SqlStatement> out;
  SqlStatement create;
  create.text = fmt::format("CREATE TABLE IF NOT EXISTS {} (\n  {}\n)", table.qualified(), fmt::join(lines, ",\n  "));
  out.push_back(std::move(create));

  for (const IndexDefinition& index : table.model().indexes) {
    std::vector<std::string> keys;
    bool spatial = false;
    for (const auto& [name, direction] : index.keys) {
      const ColumnMapping* column = table.column(name);
      if (!column) column = table.column_named(name);
      if (!column) {
        return invalid_input(fmt::format("{}: the index \"{}\" names \"{}\", which is neither a property nor a column",
                                         table.model().name, index.name, name));
      }
      spatial = index.keys.size() == 1 && column->storage == Storage::Point;
      keys.push_back(column->quoted + (direction < 0 ? " DESC" : ""));
    }
    auto text = dialect.create_index(table, index_name(index, table), index.unique, keys, spatial);
    if (!text) return std::move(text).error();
    SqlStatement statement;
    statement.text = std::move(*text);
    out.push_back(std::move(statement));
  }
  return out;
}

std::vector<std::string> lower_index_names(const TableMapping& table) {
  std::vector<std::string> names;
  for (const IndexDefinition& index : table.model().indexes) names.push_back(index_name(index, table));
  return names;
}

Result<SqlStatement> lower_drop_table(const TableMapping& table) {
  SqlStatement statement;
  statement.text = "DROP TABLE IF EXISTS " + table.qualified();
  return statement;
}

}  // namespace lb::sql
