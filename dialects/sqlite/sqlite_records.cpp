// SqliteRecords: decoding SQLite's cells into property values when a record is read.
#include "sqlite/sqlite_records.hpp"

#include <cmath>

#include "lb/date.hpp"
#include "lb/json.hpp"
#include "sql/json_decoding.hpp"

namespace lb::sqlite {
namespace {

using sql::Storage;

// Stored documents came through lb's own limits; reading them back must not fail on a
// large one.
const JsonLimits& stored_json_limits() {
  static const JsonLimits limits{std::size_t(1) << 31, 512};
  return limits;
}

Value number(double d) {
  // NUMERIC columns hand back integral values as INTEGER already; this covers REAL
  // columns (a discovered table) and values past SQLite's own conversion.
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18) return Value(static_cast<std::int64_t>(d));
  return Value(d);
}

}  // namespace

std::shared_ptr<const ResultShape> ResultShape::make(const std::vector<sql::ResultColumn>& columns,
                                                     const ModelDefinition& model,
                                                     const std::optional<std::vector<std::string>>& fields) {
  auto shape = std::make_shared<ResultShape>();
  for (const sql::ResultColumn& column : columns) {
    Column out;
    out.property = column.property;
    out.storage = column.storage;
    if (const PropertyDefinition* property = model.property(column.property)) out.type = property->type;
    shape->columns.push_back(std::move(out));
  }
  if (fields) {
    std::vector<std::string> undefined;
    for (const std::string& name : *fields) {
      if (!model.property(name)) undefined.push_back(name);
    }
    shape->extras_fields = std::move(undefined);
  }
  return shape;
}

Value decode_cell(const Value& raw, const ResultShape::Column& column) {
  switch (column.storage) {
    case Storage::Text: return raw;
    case Storage::Number:
      if (raw.is_double()) return number(raw.as_double());
      return raw;
    case Storage::Boolean:
      if (raw.is_integer()) return Value(raw.as_integer() != 0);
      if (raw.is_double()) return Value(raw.as_double() != 0);
      if (const std::string* text = raw.if_string()) {
        if (*text == "true" || *text == "1") return Value(true);
        if (*text == "false" || *text == "0") return Value(false);
      }
      return raw;
    case Storage::Date:
      if (raw.is_integer()) return Value(Date{raw.as_integer()});
      if (raw.is_double() && std::isfinite(raw.as_double())) {
        return Value(Date{static_cast<std::int64_t>(std::llround(raw.as_double()))});
      }
      if (const std::string* text = raw.if_string()) {
        if (auto date = parse_iso8601(*text)) return Value(*date);
      }
      return raw;
    case Storage::Blob:
      if (const std::string* text = raw.if_string()) return Value(Buffer{{text->begin(), text->end()}});
      return raw;
    case Storage::Json:
    case Storage::Point:
      if (const std::string* text = raw.if_string()) {
        auto parsed = parse_json(*text, stored_json_limits());
        if (!parsed) return raw;
        return sql::typed_json_value(std::move(parsed).value(), column.type);
      }
      return raw;
  }
  return raw;
}

SqliteRecords::SqliteRecords(std::shared_ptr<const ResultShape> shape, RawRows rows)
    : shape_(std::move(shape)), rows_(std::move(rows)) {}

Object SqliteRecords::extras(const Value& raw) const {
  const std::string* text = raw.if_string();
  if (!text) return Object();
  auto parsed = parse_json(*text, stored_json_limits());
  if (!parsed || !parsed->is_object()) return Object();
  Object members = std::move(parsed->as_object());
  if (!shape_->extras_fields) return members;
  Object kept;
  for (const std::string& name : *shape_->extras_fields) {
    if (Value* member = members.find(name)) kept.push_back(name, std::move(*member));
  }
  return kept;
}

Object SqliteRecords::object(std::size_t row) const {
  const std::size_t width = rows_.columns;
  Object out;
  out.reserve(width);
  const ResultShape::Column* extras_column = nullptr;
  std::size_t extras_cell = 0;
  for (std::size_t c = 0; c < shape_->columns.size() && c < width; ++c) {
    const ResultShape::Column& column = shape_->columns[c];
    const std::size_t cell = row * width + c;
    if (column.property.empty()) {
      extras_column = &column;
      extras_cell = cell;
      continue;
    }
    const Value& raw = rows_.cells[cell];
    // A NULL column reads as an absent property, as on PostgreSQL and as the Connector
    // interface has it (SQL cannot tell a null written from a value never set).
    if (raw.is_null()) continue;
    out.push_back(column.property, decode_cell(raw, column));
  }
  if (extras_column) {
    for (auto& [key, value] : extras(rows_.cells[extras_cell])) {
      if (!out.contains(key)) out.push_back(key, std::move(value));
    }
  }
  return out;
}

Value SqliteRecords::value(std::size_t row, std::string_view property) const {
  const std::size_t width = rows_.columns;
  std::optional<std::size_t> extras_cell;
  for (std::size_t c = 0; c < shape_->columns.size() && c < width; ++c) {
    const ResultShape::Column& column = shape_->columns[c];
    if (column.property.empty()) {
      extras_cell = row * width + c;
    } else if (column.property == property) {
      const Value& raw = rows_.cells[row * width + c];
      return raw.is_null() ? Value() : decode_cell(raw, column);
    }
  }
  if (!extras_cell) return Value();
  Object members = extras(rows_.cells[*extras_cell]);
  Value* member = members.find(property);
  return member ? std::move(*member) : Value();
}

std::vector<Record> SqliteRecords::records(std::unique_ptr<const SqliteRecords> source) {
  const std::size_t count = source->size();
  return Record::all(std::move(source), count);
}

}  // namespace lb::sqlite
