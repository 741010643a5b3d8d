// key_condition: see key_condition.hpp.
#include "sql/key_condition.hpp"

#include <fmt/format.h>

#include "sql/dialect.hpp"

namespace lb::sql {

Result<std::string> key_condition(const Value& id, const TableMapping& table, SqlBuilder& sql) {
  const auto ids = table.id_columns();
  if (ids.empty()) return invalid_input(fmt::format("the model {} has no id", table.model().name));
  std::vector<std::string> parts;
  for (const ColumnMapping* column : ids) {
    const Value* part = &id;
    if (ids.size() > 1) {
      part = id.find(column->property->name);
      if (!part) {
        return invalid_input(fmt::format("the id of {} needs \"{}\" (its id is composite)", table.model().name,
                                         column->property->name));
      }
    }
    if (part->is_null()) return invalid_input(fmt::format("the id of {} cannot be null", table.model().name));
    parts.push_back(column->quoted + " = " + sql.bind_column(*part, *column));
  }
  return fmt::format("{}", fmt::join(parts, " AND "));
}

}  // namespace lb::sql
