// SqlStatement's printed form and the names of its enums (see sql_statement.hpp).
#include "sql/sql_statement.hpp"

namespace lb::sql {

const char* param_type_name(ParamType type) {
  switch (type) {
    case ParamType::Null: return "Null";
    case ParamType::Boolean: return "Boolean";
    case ParamType::Integer: return "Integer";
    case ParamType::Real: return "Real";
    case ParamType::Text: return "Text";
    case ParamType::Timestamp: return "Timestamp";
    case ParamType::Blob: return "Blob";
    case ParamType::Json: return "Json";
    case ParamType::Array: return "Array";
  }
  return "?";
}

const char* storage_name(Storage storage) {
  switch (storage) {
    case Storage::Text: return "Text";
    case Storage::Number: return "Number";
    case Storage::Boolean: return "Boolean";
    case Storage::Date: return "Date";
    case Storage::Blob: return "Blob";
    case Storage::Json: return "Json";
    case Storage::Point: return "Point";
  }
  return "?";
}

std::string SqlStatement::to_string() const {
  std::string out = text;
  for (std::size_t i = 0; i < params.size(); ++i) {
    const SqlParam& param = params[i];
    out += "\n  " + std::to_string(i + 1) + ": " + param_type_name(param.type);
    if (param.type == ParamType::Array) out += std::string("<") + param_type_name(param.element) + ">";
    out += " " + param.value.to_json();
    if (!param.cast.empty()) out += " as " + param.cast;
  }
  if (!columns.empty()) {
    out += "\n  columns:";
    for (const ResultColumn& column : columns) {
      out += " " + (column.property.empty() ? std::string("(extras)") : column.property) + ":" +
             storage_name(column.storage);
    }
  }
  return out;
}

}  // namespace lb::sql
