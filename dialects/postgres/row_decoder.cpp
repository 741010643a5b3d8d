// RowDecoder and decode_value: the server's text forms (ISO timestamps in UTC, hex
// bytea, "(x,y)" points, numeric and jsonb text) to lb::Values.
#include "postgres/row_decoder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "lb/json.hpp"
#include "postgres/timestamp_text.hpp"
#include "sql/json_decoding.hpp"

namespace lb::postgres {
namespace {

using Kind = PropertyType::Kind;

Error unreadable(std::string_view text, sql::Storage storage) {
  return internal_error(fmt::format("PostgreSQL returned \"{}\" for a {} column", text.substr(0, 64),
                                    sql::storage_name(storage)));
}

Result<Value> decode_number(std::string_view text) {
  std::int64_t integer = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), integer);
  if (error == std::errc() && end == text.data() + text.size()) return Value(static_cast<long long>(integer));
  double number = 0;
  std::string_view digits = text;
  if (text == "Infinity" || text == "-Infinity" || text == "NaN") {
    if (text == "NaN") return Value(std::nan(""));
    return Value(text[0] == '-' ? -HUGE_VAL : HUGE_VAL);
  }
  auto [end2, error2] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (error2 != std::errc() || end2 != digits.data() + digits.size()) {
    if (error2 != std::errc::result_out_of_range) return unreadable(text, sql::Storage::Number);
    number = std::strtod(std::string(text).c_str(), nullptr);  // overflow: an infinity; underflow: 0
  }
  // numeric keeps trailing zeros ("12.000"); an integral value in range is an Integer,
  // as the value that was written (2^63 itself is out of range).
  if (std::isfinite(number) && number == std::floor(number) && std::fabs(number) < 9223372036854775808.0) {
    return Value(static_cast<long long>(number));
  }
  return Value(number);
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<Value> decode_bytes(std::string_view text) {
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2 != 0) {
    return unreadable(text, sql::Storage::Blob);
  }
  Buffer buffer;
  buffer.bytes.reserve((text.size() - 2) / 2);
  for (std::size_t i = 2; i < text.size(); i += 2) {
    const int high = hex_digit(text[i]), low = hex_digit(text[i + 1]);
    if (high < 0 || low < 0) return unreadable(text, sql::Storage::Blob);
    buffer.bytes.push_back(static_cast<std::uint8_t>(high * 16 + low));
  }
  return Value(std::move(buffer));
}

// "(x,y)": x is the longitude, y the latitude.
Result<Value> decode_point(std::string_view text) {
  if (text.size() < 5 || text.front() != '(' || text.back() != ')') return unreadable(text, sql::Storage::Point);
  const std::string inner(text.substr(1, text.size() - 2));
  const std::size_t comma = inner.find(',');
  if (comma == std::string::npos) return unreadable(text, sql::Storage::Point);
  char* end = nullptr;
  const double x = std::strtod(inner.c_str(), &end);
  if (end != inner.c_str() + comma) return unreadable(text, sql::Storage::Point);
  const double y = std::strtod(inner.c_str() + comma + 1, &end);
  if (end != inner.c_str() + inner.size()) return unreadable(text, sql::Storage::Point);
  return Value(GeoPoint{y, x});
}

Result<Value> decode_boolean(std::string_view text) {
  if (text == "t" || text == "true" || text == "1") return Value(true);
  if (text == "f" || text == "false" || text == "0") return Value(false);
  return unreadable(text, sql::Storage::Boolean);
}


}  // namespace

Result<Value> decode_value(std::string_view text, sql::Storage storage, const PropertyType* type) {
  switch (storage) {
    case sql::Storage::Text: return Value(text);
    case sql::Storage::Number: return decode_number(text);
    case sql::Storage::Boolean: return decode_boolean(text);
    case sql::Storage::Date:
      if (auto date = parse_timestamp(text)) return Value(*date);
      return unreadable(text, storage);
    case sql::Storage::Blob: return decode_bytes(text);
    case sql::Storage::Point: return decode_point(text);
    case sql::Storage::Json: {
      JsonLimits limits;
      limits.max_bytes = std::max<std::size_t>(limits.max_bytes, text.size() + 1);
      limits.max_depth = 256;
      auto parsed = parse_json(text, limits);
      if (!parsed) return unreadable(text, storage);
      if (!type) return std::move(parsed).value();
      return sql::typed_json_value(std::move(parsed).value(), *type);
    }
  }
  return unreadable(text, storage);
}

RowDecoder::RowDecoder(const std::vector<sql::ResultColumn>& columns, const sql::TableMapping& table,
                       const std::vector<std::string>* fields)
    : table_(&table), fields_(fields) {
  columns_.reserve(columns.size());
  for (const sql::ResultColumn& column : columns) {
    const sql::ColumnMapping* mapping = column.property.empty() ? nullptr : table.column(column.property);
    columns_.push_back({&column, mapping ? &mapping->property->type : nullptr});
  }
}

Result<Object> RowDecoder::row(const PgResult& result, std::size_t row) const {
  Object out;
  out.reserve(columns_.size());
  const int count = std::min(result.columns(), static_cast<int>(columns_.size()));
  for (int c = 0; c < count; ++c) {
    if (result.is_null(row, c)) continue;
    const Column& column = columns_[static_cast<std::size_t>(c)];
    auto value = decode_value(result.text(row, c), column.column->storage, column.type);
    if (!value) return std::move(value).error();
    if (!column.column->property.empty()) {
      out.push_back(column.column->property, std::move(*value));
      continue;
    }
    // The extras column: the properties the model does not define, after the others.
    if (Object* extras = value->if_object()) {
      for (auto& [key, member] : *extras) {
        if (out.contains(key) || table_->column(key)) continue;
        if (fields_ && std::find(fields_->begin(), fields_->end(), key) == fields_->end()) continue;
        out.push_back(key, std::move(member));
      }
    }
  }
  return out;
}

Result<std::vector<Object>> RowDecoder::rows(const PgResult& result) const {
  std::vector<Object> out;
  const std::size_t count = result.rows();
  out.reserve(count);
  for (std::size_t r = 0; r < count; ++r) {
    auto decoded = row(result, r);
    if (!decoded) return std::move(decoded).error();
    out.push_back(std::move(*decoded));
  }
  return out;
}

}  // namespace lb::postgres
