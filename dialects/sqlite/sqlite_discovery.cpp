// Discovery (see sqlite_discovery.hpp): sqlite_schema for the list of tables,
// pragma_table_info for columns and the primary key, pragma_foreign_key_list for
// foreign keys.
#include "sqlite/sqlite_discovery.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <vector>

#include "sql/table_mapping.hpp"
#include "sqlite/sqlite_dialect.hpp"

namespace lb::sqlite {
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word(char c) { return is_upper(c) || is_lower(c) || is_digit(c); }

// change-case's noCase split: "orderItem" -> order, Item; "HTTPServer" -> HTTP, Server;
// "order_item" -> order, item.
std::vector<std::string> words(std::string_view name) {
  std::vector<std::string> out;
  std::string current;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!is_word(c)) {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
      continue;
    }
    const bool split = !current.empty() &&
                       ((is_upper(c) && (is_lower(name[i - 1]) || is_digit(name[i - 1]))) ||
                        (is_upper(c) && is_upper(name[i - 1]) && i + 1 < name.size() && is_lower(name[i + 1])));
    if (split) {
      out.push_back(std::move(current));
      current.clear();
    }
    current += c;
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

std::string lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// pascalCaseTransform: first letter up, the rest down; a later word starting with a
// digit gets "_" before it.
std::string capitalized(const std::string& word, std::size_t index) {
  std::string out = lowered(word);
  if (index > 0 && is_digit(out[0])) return "_" + out;
  out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
  return out;
}

// How discovered names become model, property and relation names (juggler's default
// nameMapper, or none).
struct NameMapper {
  bool identity = false;
  bool keep_columns = false;  // disableCamelCase
  [[nodiscard]] std::string model(std::string_view table) const {
    return identity ? std::string(table) : pascal_case(table);
  }
  [[nodiscard]] std::string property(std::string_view column) const {
    return identity || keep_columns ? std::string(column) : camel_case(column);
  }
  [[nodiscard]] std::string relation(std::string_view table) const {
    if (identity) return std::string(table);
    return keep_columns ? std::string(table) + "Rel" : camel_case(std::string(table) + "Rel");
  }
};

const std::string* string_option(const Value& options, const char* key) {
  const Value* value = options.is_object() ? options.find(key) : nullptr;
  return value ? value->if_string() : nullptr;
}

bool flag_option(const Value& options, const char* key) {
  const Value* value = options.is_object() ? options.find(key) : nullptr;
  return value && value->is_bool() && value->as_bool();
}

std::string schema_option(const Value& options) {
  if (const std::string* owner = string_option(options, "owner"); owner && !owner->empty()) return *owner;
  if (const std::string* schema = string_option(options, "schema"); schema && !schema->empty()) return *schema;
  return "main";
}

Result<RawRows> catalogue(Connection& connection, const std::string& text, std::vector<std::string> arguments) {
  sql::SqlStatement statement;
  statement.text = text;
  for (std::string& argument : arguments) statement.params.push_back({Value(std::move(argument)), sql::ParamType::Text});
  return connection.query(statement);
}

std::optional<std::int64_t> integer(std::string_view text) {
  std::int64_t out = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return out;
}

struct DeclaredType {
  std::string name;  // upper-cased, without the (...) part
  std::optional<std::int64_t> length, precision, scale;
};

// "VARCHAR(20)" -> VARCHAR, length 20; "DECIMAL(10, 2)" -> DECIMAL, precision 10, scale 2.
DeclaredType parse_declared(std::string_view declared) {
  DeclaredType out;
  const auto open = declared.find('(');
  std::string_view base = declared.substr(0, open);
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  out.name = upper(base);
  if (open == std::string_view::npos) return out;
  const auto close = declared.find(')', open);
  std::string_view inside = declared.substr(open + 1, close == std::string_view::npos ? std::string_view::npos
                                                                                      : close - open - 1);
  std::vector<std::int64_t> numbers;
  while (!inside.empty()) {
    const auto comma = inside.find(',');
    std::string_view item = inside.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (auto number = integer(item)) numbers.push_back(*number);
    inside = comma == std::string_view::npos ? std::string_view() : inside.substr(comma + 1);
  }
  const bool numeric = out.name.find("DEC") != std::string::npos || out.name.find("NUM") != std::string::npos;
  if (numeric && !numbers.empty()) {
    out.precision = numbers[0];
    if (numbers.size() > 1) out.scale = numbers[1];
  } else if (!numbers.empty()) {
    out.length = numbers[0];
  }
  return out;
}

struct ColumnInfo {
  std::string name;
  std::string declared;
  bool not_null = false;
  int pk = 0;  // position in the primary key, 0 when not part of it
};

struct ForeignKey {
  std::string table;       // the referenced table
  std::string from;        // this table's column
  std::optional<std::string> to;  // the referenced column; nullopt: its primary key
};

Result<std::vector<ColumnInfo>> read_columns(Connection& connection, std::string_view table, const std::string& schema) {
  auto rows = catalogue(connection, "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1, ?2) ORDER BY cid",
                        {std::string(table), schema});
  if (!rows) return std::move(rows).error();
  std::vector<ColumnInfo> columns;
  for (std::size_t row = 0; row < rows->rows(); ++row) {
    const Value* cells = &rows->cells[row * rows->columns];
    ColumnInfo column;
    column.name = cells[0].is_string() ? cells[0].as_string() : std::string();
    column.declared = cells[1].is_string() ? cells[1].as_string() : std::string();
    column.not_null = cells[2].is_integer() && cells[2].as_integer() != 0;
    column.pk = cells[3].is_integer() ? static_cast<int>(cells[3].as_integer()) : 0;
    columns.push_back(std::move(column));
  }
  return columns;
}

Result<std::vector<ForeignKey>> read_foreign_keys(Connection& connection, std::string_view table,
                                                  const std::string& schema) {
  auto rows = catalogue(connection,
                        "SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1, ?2) WHERE seq = 0 "
                        "ORDER BY id",
                        {std::string(table), schema});
  if (!rows) return std::move(rows).error();
  std::vector<ForeignKey> keys;
  for (std::size_t row = 0; row < rows->rows(); ++row) {
    const Value* cells = &rows->cells[row * rows->columns];
    ForeignKey key;
    key.table = cells[0].is_string() ? cells[0].as_string() : std::string();
    key.from = cells[1].is_string() ? cells[1].as_string() : std::string();
    if (cells[2].is_string()) key.to = cells[2].as_string();
    keys.push_back(std::move(key));
  }
  return keys;
}

// The column is the table's rowid (a lone INTEGER PRIMARY KEY): SQLite generates it.
bool rowid_alias(const ColumnInfo& column, const std::vector<ColumnInfo>& columns) {
  const auto keys = std::count_if(columns.begin(), columns.end(), [](const ColumnInfo& c) { return c.pk > 0; });
  return column.pk > 0 && keys == 1 && upper(column.declared) == "INTEGER";
}

Value optional_number(const std::optional<std::int64_t>& number) { return number ? Value(*number) : Value(); }

Object property_of(const ColumnInfo& column, const std::vector<ColumnInfo>& columns) {
  const DeclaredType declared = parse_declared(column.declared);
  const bool generated = rowid_alias(column, columns);
  // A primary key column of a rowid table may hold NULL unless declared NOT NULL, but
  // its values are never null in practice; LoopBack reads nullable from the catalogue.
  const bool nullable = !column.not_null && !generated;
  Object property;
  property.push_back("type", discovered_type(column.declared));
  property.push_back("required", !generated && !nullable);
  property.push_back("jsonSchema", Object{{"nullable", nullable}});
  if (declared.length) property.push_back("length", *declared.length);
  if (declared.precision) property.push_back("precision", *declared.precision);
  if (declared.scale) property.push_back("scale", *declared.scale);
  property.push_back("generated", generated);
  if (column.pk > 0) property.push_back("id", column.pk);
  Object section;
  section.push_back("columnName", column.name);
  section.push_back("dataType", declared.name);
  if (declared.length) section.push_back("dataLength", optional_number(declared.length));
  if (declared.precision) section.push_back("dataPrecision", optional_number(declared.precision));
  if (declared.scale) section.push_back("dataScale", optional_number(declared.scale));
  section.push_back("nullable", nullable ? "YES" : "NO");
  section.push_back("generated", generated);
  property.push_back("sqlite3", std::move(section));
  return property;
}

struct Discovery {
  Connection& connection;
  NameMapper names;
  bool follow = false;
  Object schemas;                      // model name -> definition
  std::vector<std::string> visited;    // "schema.table"

  Status discover(std::string_view table, const std::string& schema) {
    const std::string key = schema + "." + std::string(table);
    if (std::find(visited.begin(), visited.end(), key) != visited.end()) return {};
    visited.push_back(key);
    auto columns = read_columns(connection, table, schema);
    if (!columns) return std::move(columns).error();
    if (columns->empty()) return not_found(fmt::format("Table '{}' does not exist.", table));

    Object section{{"schema", schema}, {"table", std::string(table)}};
    Object properties;
    bool extras = false;
    for (const ColumnInfo& column : *columns) {
      // The column lb keeps undefined properties in: the discovered model (not strict)
      // gets it back as its extras column, not as a property.
      if (column.name == sql::TableMapping::kDefaultExtrasColumn) {
        extras = true;
        continue;
      }
      properties.push_back(names.property(column.name), property_of(column, *columns));
    }
    // A table without one cannot keep properties the model does not define.
    if (!extras) section.push_back("extrasColumn", false);
    Object options;
    options.push_back("idInjection", false);
    options.push_back("sqlite3", std::move(section));

    std::vector<std::string> reached;
    if (follow) {
      auto keys = read_foreign_keys(connection, table, schema);
      if (!keys) return std::move(keys).error();
      Object relations;
      for (const ForeignKey& key : *keys) {
        relations.insert_or_assign(names.relation(key.table),
                                   Object{{"model", names.model(key.table)},
                                          {"type", "belongsTo"},
                                          {"foreignKey", names.property(key.from)}});
        reached.push_back(key.table);
      }
      options.push_back("relations", std::move(relations));
    }

    Object definition;
    definition.push_back("name", names.model(table));
    definition.push_back("options", std::move(options));
    definition.push_back("properties", std::move(properties));
    schemas.insert_or_assign(names.model(table), std::move(definition));
    for (const std::string& other : reached) {
      if (auto status = discover(other, schema); !status) return status;
    }
    return {};
  }
};

}  // namespace

std::string pascal_case(std::string_view name) {
  std::string out;
  const std::vector<std::string> parts = words(name);
  for (std::size_t i = 0; i < parts.size(); ++i) out += capitalized(parts[i], i);
  return out;
}

std::string camel_case(std::string_view name) {
  std::string out;
  const std::vector<std::string> parts = words(name);
  for (std::size_t i = 0; i < parts.size(); ++i) out += i == 0 ? lowered(parts[i]) : capitalized(parts[i], i);
  return out;
}

std::string discovered_type(std::string_view declared) {
  const std::string type = upper(declared);
  const auto has = [&](const char* part) { return type.find(part) != std::string::npos; };
  if (type.empty()) return "Any";
  if (has("BOOL")) return "Boolean";
  if (has("DATE") || has("TIME")) return "Date";
  if (has("INT")) return "Number";
  if (has("CHAR") || has("CLOB") || has("TEXT")) return "String";
  if (has("BLOB")) return "Buffer";
  if (has("JSON")) return "Object";
  if (has("REAL") || has("FLOA") || has("DOUB") || has("NUM") || has("DEC")) return "Number";
  return "String";
}

Result<Array> discover_tables(Connection& connection, const Value& options) {
  const std::string schema = schema_option(options);
  const bool views = flag_option(options, "views");
  SqliteDialect dialect;
  auto quoted = dialect.quote_identifier(schema);
  if (!quoted) return std::move(quoted).error();
  auto rows = catalogue(connection,
                        fmt::format("SELECT type, name FROM {}.sqlite_schema WHERE type IN ('table', 'view') AND "
                                    "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                                    *quoted),
                        {});
  if (!rows) return std::move(rows).error();
  Array out;
  for (std::size_t row = 0; row < rows->rows(); ++row) {
    const Value* cells = &rows->cells[row * rows->columns];
    if (!cells[0].is_string() || !cells[1].is_string()) continue;
    if (cells[0].as_string() == "view" && !views) continue;
    out.emplace_back(Object{{"type", cells[0].as_string()}, {"name", cells[1].as_string()}, {"owner", schema}});
  }
  return out;
}

Result<Object> discover_table_schemas(Connection& connection, std::string_view table, const Value& options) {
  Discovery discovery{connection, {}, flag_option(options, "relations") || flag_option(options, "associations"), {}, {}};
  if (const Value* mapper = options.is_object() ? options.find("nameMapper") : nullptr; mapper && mapper->is_null()) {
    discovery.names.identity = true;
  }
  discovery.names.keep_columns = flag_option(options, "disableCamelCase");
  if (auto status = discovery.discover(table, schema_option(options)); !status) return status.error();
  return std::move(discovery.schemas);
}

}  // namespace lb::sqlite
