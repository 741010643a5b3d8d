// TableState: what the PostgreSQL connector keeps per model: the table mapping (names
// and types from the definition's "postgresql" sections) and the generated id column,
// built once when the model is defined and shared by every call and transaction.
#pragma once

#include <memory>

#include "lb/model_definition.hpp"
#include "sql/table_mapping.hpp"

namespace lb::postgres {

struct TableState {
  const ModelDefinition* model = nullptr;
  sql::TableMapping mapping;
  // The single numeric id the database generates (an identity column), or null.
  const sql::ColumnMapping* generated = nullptr;
};

}  // namespace lb::postgres
