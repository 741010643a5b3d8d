// InsertLowering: one lowered INSERT per row shape, the values of each row encoded into
// it (see insert_lowering.hpp).
#include "sql/insert_lowering.hpp"

#include "sql/dialect.hpp"
#include "sql/lower.hpp"
#include "sql/sql_builder.hpp"

namespace lb::sql {
namespace {

// A shape entry: a column's position, times two, plus one for a Point column holding a
// point (its text is point(lng, lat) rather than one placeholder); kExtras last when the
// row has properties the model does not define.
constexpr std::uint32_t kExtras = UINT32_MAX;

}  // namespace

void InsertLowering::read_row(const Object& row) {
  row_shape_.clear();
  row_values_.clear();
  row_extras_ = Object();
  const std::vector<ColumnMapping>& columns = table_->columns();
  std::size_t matched = 0;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const Value* value = row.find(columns[i].property->name);
    if (!value) continue;
    ++matched;
    const bool point = columns[i].storage == Storage::Point && value->is_geo_point();
    row_shape_.push_back(static_cast<std::uint32_t>(i * 2 + (point ? 1 : 0)));
    row_values_.emplace_back(&columns[i], value);
  }
  // Every key that matched no column is a property the model does not define.
  if (row.size() > matched) {
    for (const auto& [key, value] : row) {
      if (!table_->column(key)) row_extras_.push_back(key, value);
    }
    if (!row_extras_.empty()) row_shape_.push_back(kExtras);
  }
}

// As lower_insert binds them: each column's value in definition order (a Point
// column's through the dialect's point_value), then the extras as one JSON object.
void InsertLowering::encode_row(std::vector<SqlParam>& params) const {
  const Dialect& dialect = table_->dialect();
  params.clear();
  for (const auto& [column, value] : row_values_) {
    if (column->storage == Storage::Point) {
      SqlBuilder point(dialect);
      (void)dialect.point_value(*value, point);
      for (SqlParam& param : point.take_params()) params.push_back(std::move(param));
    } else {
      params.push_back(dialect.encode_for(*value, *column));
    }
  }
  if (!row_extras_.empty()) params.push_back(dialect.encode(Value(row_extras_), Storage::Json));
}

bool InsertLowering::fits(const std::vector<SqlParam>& params) const {
  const std::vector<SqlParam>& mine = statement_.params;
  if (params.size() != mine.size()) return false;
  if (!table_->dialect().typed_placeholders()) return true;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (params[i].type != mine[i].type || params[i].element != mine[i].element || params[i].cast != mine[i].cast) {
      return false;
    }
  }
  return true;
}

Result<const SqlStatement*> InsertLowering::lower(const Object& row) {
  read_row(row);
  if (reusable_ && row_shape_ == shape_) {
    encode_row(row_params_);
    if (fits(row_params_)) {
      statement_.params.swap(row_params_);
      return &statement_;
    }
  }
  auto statement = lower_insert(row, *table_);
  if (!statement) return std::move(statement).error();
  ++lowered_;
  statement_ = std::move(statement).value();
  shape_ = row_shape_;
  std::vector<SqlParam> encoded;
  encode_row(encoded);
  reusable_ = encoded == statement_.params;
  return &statement_;
}

}  // namespace lb::sql
