// Discovery queries and the definitions built from them. Catalog values are bound as
// parameters; nothing from the database reaches SQL text.
#include "postgres/discovery.hpp"

#include <fmt/format.h>

#include <cctype>
#include <set>
#include <vector>

#include "sql/table_mapping.hpp"

namespace lb::postgres {
namespace {

bool flag(const Value& options, std::string_view key) {
  const Value* value = options.find(key);
  return value && value->is_bool() && value->as_bool();
}

std::string text_option(const Value& options, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    const Value* value = options.find(key);
    if (value && value->is_string() && !value->as_string().empty()) return value->as_string();
  }
  return {};
}

std::optional<std::string> cell(const PgResult& result, std::size_t row, int column) {
  if (result.is_null(row, column)) return std::nullopt;
  return std::string(result.text(row, column));
}

Value number_or_null(const PgResult& result, std::size_t row, int column) {
  if (result.is_null(row, column)) return Value();
  return Value(static_cast<long long>(std::stoll(std::string(result.text(row, column)))));
}

// change-case's word splitting: a lower case letter or digit then an upper case one
// ("aB"), and an upper case letter then an upper case one followed by a lower case one
// ("ABc" -> "A", "Bc"), start words; anything that is not an ASCII letter or digit
// separates them.
std::vector<std::string> words(std::string_view name) {
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::string first;  // after the first split rule ('\0' marks a split)
  for (std::size_t i = 0; i < name.size(); ++i) {
    if ((lower(name[i]) || digit(name[i])) && i + 1 < name.size() && upper(name[i + 1])) {
      first += name[i];
      first += '\0';
      first += name[++i];
    } else {
      first += name[i];
    }
  }
  std::string second;
  for (std::size_t i = 0; i < first.size(); ++i) {
    if (upper(first[i]) && i + 2 < first.size() && upper(first[i + 1]) && lower(first[i + 2])) {
      second += first[i];
      second += '\0';
      second += first[i + 1];
      second += first[i + 2];
      i += 2;
    } else {
      second += first[i];
    }
  }
  std::vector<std::string> out;
  std::string current;
  for (char c : second) {
    if (lower(c) || upper(c) || digit(c)) {
      current += c;
    } else if (!current.empty()) {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

std::string lowered(std::string word) {
  for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return word;
}

std::string pascal_word(const std::string& word, std::size_t index) {
  const std::string rest = lowered(word.substr(1));
  if (index > 0 && word[0] >= '0' && word[0] <= '9') return "_" + word.substr(0, 1) + rest;
  return std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])))) + rest;
}

// LoopBack's types for PostgreSQL's data_type names (loopback-connector-postgresql's
// list), with lb's own for what it maps to String or "Binary": bytea is a Buffer, json
// and jsonb are objects, a time of day stays text.
std::string property_type(const std::string& data_type) {
  static const std::set<std::string> kNumbers = {"smallint", "integer",          "bigint", "decimal",
                                                 "numeric",  "double precision", "real"};
  if (data_type == "boolean") return "Boolean";
  if (kNumbers.count(data_type)) return "Number";
  if (data_type == "date" || data_type.rfind("timestamp", 0) == 0) return "Date";
  if (data_type == "point") return "GeoPoint";
  if (data_type == "bytea") return "Buffer";
  if (data_type == "json" || data_type == "jsonb") return "Object";
  return "String";
}

struct Names {
  bool identity = false;  // "nameMapper": null
  bool camel = true;      // !disableCamelCase

  std::string model(const std::string& table) const { return identity ? table : pascal_case(table); }
  std::string property(const std::string& column) const {
    return identity || !camel ? column : camel_case(column);
  }
  std::string relation(const std::string& key) const {
    if (identity) return key;
    return camel ? camel_case(key + "Rel") : key + "Rel";
  }
};

struct Pending {
  std::string owner;  // empty: the current schema
  std::string table;
};

Result<std::string> current_schema(PgConnection& connection) {
  auto result = connection.query("SELECT current_schema()");
  if (!result) return std::move(result).error();
  if (result->rows() == 0 || result->is_null(0, 0)) {
    return invalid_input("discovery: the search_path names no existing schema; give options.owner");
  }
  return std::string(result->text(0, 0));
}

// One table's definition; `follow` collects the tables its foreign keys reach.
Result<Value> describe_table(PgConnection& connection, const std::string& owner, const std::string& table,
                             const Names& names, bool relations, std::vector<Pending>& follow) {
  auto columns = connection.query(
      "SELECT column_name::text, data_type::text, character_maximum_length, numeric_precision, numeric_scale, "
      "is_nullable::text, is_generated::text, identity_generation::text, column_default::text "
      "FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position",
      {owner, table});
  if (!columns) return std::move(columns).error();
  if (columns->rows() == 0) {
    return Error(ErrorCode::NotFound, fmt::format("Table '{}' does not exist.", table));
  }
  auto keys = connection.query(
      "SELECT a.attname::text, k.n FROM pg_catalog.pg_constraint c "
      "JOIN pg_catalog.pg_class t ON t.oid = c.conrelid "
      "JOIN pg_catalog.pg_namespace s ON s.oid = t.relnamespace "
      "CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n) "
      "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum "
      "WHERE c.contype = 'p' AND s.nspname = $1 AND t.relname = $2 ORDER BY k.n",
      {owner, table});
  if (!keys) return std::move(keys).error();
  Object key_positions;
  for (std::size_t r = 0; r < keys->rows(); ++r) {
    key_positions.push_back(std::string(keys->text(r, 0)), number_or_null(*keys, r, 1));
  }

  Object properties;
  bool extras = false;
  for (std::size_t r = 0; r < columns->rows(); ++r) {
    const std::string column(columns->text(r, 0));
    const std::string data_type(columns->text(r, 1));
    // A table lb created keeps the properties its model did not define in this column:
    // the definition gets it back as its extras column, not as a property.
    if (column == sql::TableMapping::kDefaultExtrasColumn && data_type == "jsonb") {
      extras = true;
      continue;
    }
    const std::string nullable(columns->text(r, 5));
    const auto identity = cell(*columns, r, 7);
    const auto column_default = cell(*columns, r, 8);
    // Computed columns, identities and serials: the database writes them.
    const bool generated = columns->text(r, 6) == "ALWAYS" || identity.has_value() ||
                           (column_default && column_default->rfind("nextval(", 0) == 0);
    const bool integer_type = data_type == "smallint" || data_type == "integer" || data_type == "bigint";
    const Value length = number_or_null(*columns, r, 2);
    const Value precision = integer_type ? Value() : number_or_null(*columns, r, 3);
    const Value scale = number_or_null(*columns, r, 4);

    Object section;
    section.push_back("columnName", column);
    section.push_back("dataType", data_type);
    section.push_back("dataLength", length);
    section.push_back("dataPrecision", precision);
    section.push_back("dataScale", scale);
    section.push_back("nullable", nullable);
    section.push_back("generated", generated);

    Object property;
    property.push_back("type", property_type(data_type));
    property.push_back("required", !generated && nullable == "NO");
    property.push_back("jsonSchema", Value(Object{{"nullable", nullable == "YES"}}));
    property.push_back("length", length);
    property.push_back("precision", precision);
    property.push_back("scale", scale);
    property.push_back("generated", generated);
    if (const Value* position = key_positions.find(column)) property.push_back("id", *position);
    property.push_back("postgresql", Value(std::move(section)));
    properties.push_back(names.property(column), Value(std::move(property)));
  }

  // A table without lb's extras column (docs/sql.md) has nowhere to keep properties
  // the model does not define: the section says so, so the definition reads the table
  // as it is.
  Object postgresql{{"schema", owner}, {"table", table}};
  if (!extras) postgresql.push_back("extrasColumn", false);
  Object options;
  options.push_back("idInjection", false);
  options.push_back("postgresql", Value(std::move(postgresql)));
  if (relations) {
    auto foreign = connection.query(
        "SELECT c.conname::text, a.attname::text, fs.nspname::text, ft.relname::text "
        "FROM pg_catalog.pg_constraint c "
        "JOIN pg_catalog.pg_class t ON t.oid = c.conrelid "
        "JOIN pg_catalog.pg_namespace s ON s.oid = t.relnamespace "
        "JOIN pg_catalog.pg_class ft ON ft.oid = c.confrelid "
        "JOIN pg_catalog.pg_namespace fs ON fs.oid = ft.relnamespace "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
        "WHERE c.contype = 'f' AND s.nspname = $1 AND t.relname = $2 ORDER BY c.conname",
        {owner, table});
    if (!foreign) return std::move(foreign).error();
    Object relation_map;
    for (std::size_t r = 0; r < foreign->rows(); ++r) {
      const std::string key_name(foreign->text(r, 0));
      const std::string key_column(foreign->text(r, 1));
      const std::string target_owner(foreign->text(r, 2));
      const std::string target_table(foreign->text(r, 3));
      Object relation;
      relation.push_back("model", names.model(target_table));
      relation.push_back("type", "belongsTo");
      relation.push_back("foreignKey", names.property(key_column));
      relation_map.insert_or_assign(names.relation(key_name), Value(std::move(relation)));
      follow.push_back({target_owner, target_table});
    }
    options.push_back("relations", Value(std::move(relation_map)));
  }

  Object definition;
  definition.push_back("name", names.model(table));
  definition.push_back("options", Value(std::move(options)));
  definition.push_back("properties", Value(std::move(properties)));
  return Value(std::move(definition));
}

}  // namespace

std::string pascal_case(std::string_view name) {
  std::string out;
  const auto parts = words(name);
  for (std::size_t i = 0; i < parts.size(); ++i) out += pascal_word(parts[i], i);
  return out;
}

std::string camel_case(std::string_view name) {
  std::string out;
  const auto parts = words(name);
  for (std::size_t i = 0; i < parts.size(); ++i) out += i == 0 ? lowered(parts[i]) : pascal_word(parts[i], i);
  return out;
}

Result<Array> list_tables(PgConnection& connection, const Value& options) {
  const std::string owner = text_option(options, {"owner", "schema"});
  const bool all = flag(options, "all");
  std::string where = "table_schema = current_schema()";
  std::vector<std::optional<std::string>> params;
  if (!owner.empty()) {
    where = "table_schema = $1";
    params.push_back(owner);
  } else if (all) {
    where = "table_schema NOT IN ('pg_catalog', 'information_schema')";
  }
  std::string text = fmt::format(
      "SELECT CASE table_type WHEN 'VIEW' THEN 'view' ELSE 'table' END, table_name::text, table_schema::text "
      "FROM information_schema.tables WHERE {} AND table_type IN ('BASE TABLE'{}) "
      "ORDER BY table_schema, table_name",
      where, flag(options, "views") ? ", 'VIEW'" : "");
  for (const char* key : {"limit", "offset", "skip"}) {
    const Value* value = options.find(key);
    if (!value || value->is_null()) continue;
    if (!value->is_integer() || value->as_integer() < 0) {
      return invalid_input(fmt::format("discovery: options.{}: expected a non-negative integer", key));
    }
    params.push_back(std::to_string(value->as_integer()));
    text += fmt::format(" {} ${}::bigint", std::string_view(key) == "limit" ? "LIMIT" : "OFFSET", params.size());
  }
  auto result = connection.query(text, params);
  if (!result) return std::move(result).error();
  Array out;
  for (std::size_t r = 0; r < result->rows(); ++r) {
    out.push_back(Value(Object{{"type", std::string(result->text(r, 0))},
                               {"name", std::string(result->text(r, 1))},
                               {"owner", std::string(result->text(r, 2))}}));
  }
  return out;
}

Result<Object> describe_tables(PgConnection& connection, std::string_view table, const Value& options,
                               const std::string& default_schema) {
  if (table.empty()) return invalid_input("discovery: the table name is required");
  Names names;
  if (const Value* mapper = options.find("nameMapper"); mapper && mapper->is_null()) names.identity = true;
  names.camel = !flag(options, "disableCamelCase");
  const bool relations = flag(options, "relations") || flag(options, "associations");
  std::string owner = text_option(options, {"owner", "schema"});
  if (owner.empty()) owner = default_schema;
  if (owner.empty()) {
    auto current = current_schema(connection);
    if (!current) return std::move(current).error();
    owner = std::move(*current);
  }

  Object out;
  std::set<std::string> visited;
  std::vector<Pending> pending{{owner, std::string(table)}};
  while (!pending.empty()) {
    Pending next = std::move(pending.front());
    pending.erase(pending.begin());
    if (!visited.insert(next.owner + "." + next.table).second) continue;
    std::vector<Pending> follow;
    auto definition = describe_table(connection, next.owner, next.table, names, relations, follow);
    if (!definition) return std::move(definition).error();
    std::string name = definition->find("name")->as_string();
    out.insert_or_assign(std::move(name), std::move(*definition));
    for (Pending& reached : follow) pending.push_back(std::move(reached));
  }
  return out;
}

}  // namespace lb::postgres
