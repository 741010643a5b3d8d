// SqlBuilder: collects the parameters of one statement while its text is written.
// Expressions are built as strings in any order (a distance may be written twice), so
// bind() returns a marker standing for the parameter, and finish() replaces the markers
// with numbered placeholders (?N / $N) in the order they appear in the text: parameter
// 1 is the first one read, one used twice keeps its number, one never used is dropped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "lb/result.hpp"
#include "lb/value.hpp"
#include "sql/sql_statement.hpp"

namespace lb::sql {

class Dialect;
struct ColumnMapping;

class SqlBuilder {
 public:
  explicit SqlBuilder(const Dialect& dialect) : dialect_(&dialect) {}

  [[nodiscard]] const Dialect& dialect() const { return *dialect_; }

  // Adds a parameter; returns the marker that stands for its placeholder.
  std::string bind(SqlParam param);
  // A property value encoded for `storage` (Dialect::encode), bound.
  std::string bind_value(const Value& value, Storage storage);
  // A property value for its column (Dialect::encode_for: the column's cast kept), bound.
  std::string bind_column(const Value& value, const ColumnMapping& column);
  // Text (a pattern, a JSON path or key), bound.
  std::string bind_text(std::string text);

  // The parameters bound so far, in bind order, leaving none: the values of an
  // expression whose text the caller already has (InsertLowering).
  [[nodiscard]] std::vector<SqlParam> take_params();

  // A fresh alias for a subquery's FROM item: "e1", "e2", ...
  std::string alias();

  // The statement: `text` with its markers turned into placeholders, and the parameters
  // they use. 400 when they exceed the dialect's limit (a statement the engine would
  // refuse).
  [[nodiscard]] Result<SqlStatement> finish(std::string text, std::vector<ResultColumn> columns = {});

 private:
  const Dialect* dialect_;
  std::vector<SqlParam> params_;
  std::size_t aliases_ = 0;
};

}  // namespace lb::sql
