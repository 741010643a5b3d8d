// InsertLowering: lower_insert for one row after another, as a bulk create runs it.
// An INSERT's text depends only on which columns a row sets (and, for a Point column,
// whether it holds a point) and, where the dialect's placeholders name types
// ("$1::numeric"), on the types its values are bound as; so a statement is lowered
// once for a row, and the rows after it that have the same shape and parameter types
// only have their values encoded into its parameters. The first row of each shape is
// lowered in full and the encoded parameters are checked against the lowered ones, so
// the shortcut is taken only where it gives the statement lower_insert would.
#pragma once

#include <cstdint>
#include <vector>

#include "lb/result.hpp"
#include "lb/value.hpp"
#include "sql/sql_statement.hpp"
#include "sql/table_mapping.hpp"

namespace lb::sql {

class InsertLowering {
 public:
  // `table` must outlive this object.
  explicit InsertLowering(const TableMapping& table) : table_(&table) {}

  // The INSERT of `row`, as lower_insert(row, table) returns it; valid until the next
  // call. One object per bulk create: it is not safe to share between threads.
  [[nodiscard]] Result<const SqlStatement*> lower(const Object& row);
  // How many rows were lowered in full (the others reused a statement).
  [[nodiscard]] std::size_t statements_lowered() const { return lowered_; }

 private:
  // The row's shape into row_shape_ and its column values into row_values_; the
  // properties the model does not define into row_extras_.
  void read_row(const Object& row);
  // The parameters for the row read last, in the order its INSERT binds them.
  void encode_row(std::vector<SqlParam>& params) const;
  // Whether `params` take the places of statement_'s without changing its text.
  [[nodiscard]] bool fits(const std::vector<SqlParam>& params) const;

  const TableMapping* table_;
  SqlStatement statement_;
  std::vector<std::uint32_t> shape_;  // the shape statement_ was lowered for
  bool reusable_ = false;             // statement_ takes the next row of its shape
  std::size_t lowered_ = 0;

  std::vector<std::uint32_t> row_shape_;
  std::vector<std::pair<const ColumnMapping*, const Value*>> row_values_;
  Object row_extras_;
  std::vector<SqlParam> row_params_;
};

}  // namespace lb::sql
