// RowDecoder: result rows (text, see pg_result.hpp) back to the Objects a Connector
// returns, column by column as the statement's ResultColumns describe them: the
// model's properties in definition order, then the members of the extras column.
// NULL columns are left out (absent, not null), as the memory connector leaves out
// properties that were never set.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lb/model_definition.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"
#include "postgres/pg_result.hpp"
#include "sql/sql_statement.hpp"
#include "sql/table_mapping.hpp"

namespace lb::postgres {

class RowDecoder {
 public:
  // `columns` and `table` must outlive the decoder. `fields`: the filter's fields
  // (null for all), which limit the extras members kept.
  RowDecoder(const std::vector<sql::ResultColumn>& columns, const sql::TableMapping& table,
             const std::vector<std::string>* fields = nullptr);

  // Row `row` of `result` (whose columns are `columns`, in order).
  [[nodiscard]] Result<Object> row(const PgResult& result, std::size_t row) const;
  // Every row.
  [[nodiscard]] Result<std::vector<Object>> rows(const PgResult& result) const;

 private:
  struct Column {
    const sql::ResultColumn* column;
    const PropertyType* type;  // null for the extras column
  };
  std::vector<Column> columns_;
  const sql::TableMapping* table_;
  const std::vector<std::string>* fields_;
};

// One column's text as the property value `storage` says it holds (see sql::Storage):
//   Text -> String; Number -> Integer when integral and in range, else Number;
//   Boolean -> Bool; Date -> Date; Blob -> Buffer; Point -> GeoPoint;
//   Json -> parsed, then converted to `type` by sql::typed_json_value (nested Dates
//   from their ISO text, GeoPoints from {lat, lng}, Buffers from Node's {type, data}).
// 500 naming the text when it is not what the storage holds.
[[nodiscard]] Result<Value> decode_value(std::string_view text, sql::Storage storage, const PropertyType* type);

}  // namespace lb::postgres
