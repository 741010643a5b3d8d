// TableMapping::from_model: table and column names and types from a model definition's
// connector sections, checked once so that lowering never meets a name it cannot write.
#include "sql/table_mapping.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sql/dialect.hpp"

namespace lb::sql {
namespace {

const std::string* string_setting(const Value* section, std::string_view key) {
  if (!section) return nullptr;
  const Value* value = section->find(key);
  if (!value || !value->is_string() || value->as_string().empty()) return nullptr;
  return &value->as_string();
}

// "nullable": false, "N" or "NO" (discovery's spelling) make a column NOT NULL.
bool nullable_setting(const Value* section) {
  if (!section) return true;
  const Value* value = section->find("nullable");
  if (!value) return true;
  if (value->is_bool()) return value->as_bool();
  if (const std::string* text = value->if_string()) return !(*text == "N" || *text == "NO" || *text == "n" || *text == "no");
  return true;
}

std::string declared_type(const PropertyDefinition& property, const Value* section) {
  const std::string* type = string_setting(section, "dataType");
  if (!type) return {};
  std::string out = *type;
  const Value* length = section->find("dataLength");
  if (!length || !length->is_number()) length = property.settings.find("length");
  if (length && length->is_number() && out.find('(') == std::string::npos) {
    out += "(" + length->to_json() + ")";
  }
  return out;
}

// A declared type is written into CREATE TABLE and into casts as it is, so it must
// read as a type name and nothing more: letters (any UTF-8), digits, '_', spaces and
// the punctuation of `numeric(10, 2)`, `character varying[]`, `app.mood`, `"Mood"`.
bool is_type_name(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool ok = byte >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == ' ' || c == '(' || c == ')' || c == ',' || c == '.' || c == '[' || c == ']' ||
                    c == '"';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Result<TableMapping> TableMapping::from_model(const ModelDefinition& model, const Dialect& dialect) {
  TableMapping mapping;
  mapping.model_ = &model;
  mapping.dialect_ = &dialect;
  const Value* section = model.connector_settings(dialect.connector_name());
  const std::string* table = string_setting(section, "table");
  if (!table) table = string_setting(section, "tableName");
  mapping.table_ = table ? *table : dialect.default_name(model.name);
  if (const std::string* schema = string_setting(section, "schema")) mapping.schema_ = *schema;

  auto quoted_table = dialect.quote_identifier(mapping.table_);
  if (!quoted_table) return std::move(quoted_table).error();
  mapping.quoted_table_ = *quoted_table;
  if (mapping.schema_.empty()) {
    mapping.qualified_ = *quoted_table;
  } else {
    auto quoted_schema = dialect.quote_identifier(mapping.schema_);
    if (!quoted_schema) return std::move(quoted_schema).error();
    mapping.qualified_ = *quoted_schema + "." + *quoted_table;
  }

  std::vector<std::pair<int, std::size_t>> ids;
  for (const PropertyDefinition& property : model.properties) {
    ColumnMapping column;
    column.property = &property;
    const Value* property_section = property.connector_settings(dialect.connector_name());
    column.name = property.column_name(dialect.connector_name()).value_or(dialect.default_name(property.name));
    if (mapping.column_named(column.name)) {
      return invalid_input(fmt::format("{}: properties \"{}\" and \"{}\" both map to the column \"{}\"", model.name,
                                       mapping.column_named(column.name)->property->name, property.name,
                                       column.name));
    }
    auto quoted = dialect.quote_identifier(column.name);
    if (!quoted) return std::move(quoted).error();
    column.quoted = std::move(*quoted);
    column.storage = dialect.storage_for(property.type);
    column.read = column.quoted;
    column.sql_type = declared_type(property, property_section);
    if (column.sql_type.empty()) {
      column.sql_type = dialect.column_type(column.storage);
    } else if (!is_type_name(column.sql_type)) {
      return invalid_input(fmt::format("{}.{}: the \"{}\" dataType {} is not a type name", model.name, property.name,
                                       dialect.connector_name(), Value(column.sql_type).to_json()));
    } else {
      dialect.adapt_declared_type(column);
    }
    column.id = property.id;
    column.nullable = property.id == 0 && nullable_setting(property_section);
    if (property.id > 0) ids.emplace_back(property.id, mapping.columns_.size());
    mapping.columns_.push_back(std::move(column));
  }
  std::stable_sort(ids.begin(), ids.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [position, index] : ids) mapping.id_indexes_.push_back(index);
  if (ids.size() == 1) {
    ColumnMapping& id = mapping.columns_[ids.front().second];
    id.generated = id.property->generated && id.storage == Storage::Number;
  }

  if (model.strict == StrictMode::Lax) {
    std::string name = kDefaultExtrasColumn;
    bool wanted = true;
    if (section) {
      if (const Value* setting = section->find("extrasColumn")) {
        if (setting->is_bool() && !setting->as_bool()) wanted = false;
        if (const std::string* text = setting->if_string(); text && !text->empty()) name = *text;
      }
    }
    if (wanted) {
      if (const ColumnMapping* clash = mapping.column_named(name)) {
        return invalid_input(fmt::format("{}: the property \"{}\" uses the column \"{}\" that holds the "
                                         "properties the model does not define; set \"extrasColumn\" in its "
                                         "\"{}\" section",
                                         model.name, clash->property->name, name, dialect.connector_name()));
      }
      auto quoted = dialect.quote_identifier(name);
      if (!quoted) return std::move(quoted).error();
      mapping.extras_name_ = name;
      mapping.extras_quoted_ = std::move(*quoted);
    }
  }
  return mapping;
}

const ColumnMapping* TableMapping::column(std::string_view property) const {
  for (const ColumnMapping& column : columns_) {
    if (column.property->name == property) return &column;
  }
  return nullptr;
}

std::string TableMapping::stored_column(std::string_view quoted_column) const {
  std::string out = quoted_table_;
  out += '.';
  out += quoted_column;
  return out;
}

const ColumnMapping* TableMapping::column_named(std::string_view name) const {
  for (const ColumnMapping& column : columns_) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

std::vector<const ColumnMapping*> TableMapping::id_columns() const {
  std::vector<const ColumnMapping*> out;
  out.reserve(id_indexes_.size());
  for (std::size_t index : id_indexes_) out.push_back(&columns_[index]);
  return out;
}

std::vector<ResultColumn> TableMapping::result_columns() const {
  std::vector<ResultColumn> out;
  out.reserve(columns_.size() + 1);
  for (const ColumnMapping& column : columns_) out.push_back({column.property->name, column.storage});
  if (extras_name_) out.push_back({"", Storage::Json});
  return out;
}

}  // namespace lb::sql
