// Query results as lb::Records. A result keeps SQLite's raw cells and decodes a row
// (or one property of it) when it is read: Dates from integer milliseconds, Booleans
// from 0/1, Numbers as Integer when integral, Buffers from BLOBs, JSON columns parsed
// and given their property's types back, and the extras column's members after the
// defined properties.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lb/model_definition.hpp"
#include "lb/record.hpp"
#include "lb/value.hpp"
#include "sql/sql_statement.hpp"
#include "sqlite/sqlite_connection.hpp"

namespace lb::sqlite {

// What each column of one statement's result holds; shared by every result of it. It
// copies the property types it needs, so records outlive the model definitions.
struct ResultShape {
  struct Column {
    std::string property;  // empty for the extras column
    sql::Storage storage = sql::Storage::Text;
    PropertyType type;
  };
  std::vector<Column> columns;
  // With `fields`, the members of the extras column to keep (the names `fields` lists
  // that the model does not define); nullopt keeps them all.
  std::optional<std::vector<std::string>> extras_fields;

  [[nodiscard]] static std::shared_ptr<const ResultShape> make(const std::vector<sql::ResultColumn>& columns,
                                                               const ModelDefinition& model,
                                                               const std::optional<std::vector<std::string>>& fields);
};

// One cell as its property's value (see the file comment); `raw` is not null.
[[nodiscard]] Value decode_cell(const Value& raw, const ResultShape::Column& column);

class SqliteRecords final : public RecordSource {
 public:
  // A NULL cell reads as an absent property.
  SqliteRecords(std::shared_ptr<const ResultShape> shape, RawRows rows);

  [[nodiscard]] std::size_t size() const { return rows_.rows(); }
  [[nodiscard]] Object object(std::size_t row) const override;
  [[nodiscard]] Value value(std::size_t row, std::string_view property) const override;

  // Records for every row, sharing this source.
  [[nodiscard]] static std::vector<Record> records(std::unique_ptr<const SqliteRecords> source);

 private:
  [[nodiscard]] Object extras(const Value& raw) const;

  std::shared_ptr<const ResultShape> shape_;
  RawRows rows_;
};

}  // namespace lb::sqlite
