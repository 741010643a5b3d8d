// key_condition: the condition selecting one row by its primary key, for the by-id
// statements (find, exists, update).
#pragma once

#include <string>

#include "lb/result.hpp"
#include "lb/value.hpp"
#include "sql/sql_builder.hpp"
#include "sql/table_mapping.hpp"

namespace lb::sql {

// `"id" = ?1`, or for a composite key (`id` then an Object holding each id property)
// `"a" = ?1 AND "b" = ?2`. 400 when the model has no id or `id` lacks a part of it.
[[nodiscard]] Result<std::string> key_condition(const Value& id, const TableMapping& table, SqlBuilder& sql);

}  // namespace lb::sql
