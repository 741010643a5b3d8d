// SqlFixture: the models, row typing and the golden-case runner (see sql_fixture.hpp).
#include "sql_fixture.hpp"

#include <fstream>
#include <sstream>

#include "lb/date.hpp"
#include "lb/filter/bind.hpp"
#include "lb/filter/parse.hpp"
#include "lb/json.hpp"
#include "sql/lower.hpp"
#include "support/golden.hpp"

namespace lb::sql::testing {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

void mark_scoped(filter::BoundWhere& where) {
  for (filter::BoundWhere& child : where.children) mark_scoped(child);
  if (!where.related) return;
  auto scoped = std::make_shared<filter::BoundRelatedWhere>();
  scoped->relation = where.related->relation;
  scoped->target = where.related->target;
  scoped->join = where.related->join;
  scoped->where = where.related->where;
  mark_scoped(scoped->where);
  scoped->scoped = true;
  where.related = std::move(scoped);
}

SqlFixture::SqlFixture() {
  const Value models = parse_json(read_file(lb::testing::test_data_path("golden/sql/models.json"))).value();
  for (const Value& definition : models.as_array()) registry_.define(definition, "models.json").value();
}

const ModelDefinition& SqlFixture::model(std::string_view name) const {
  const ModelDefinition* found = registry_.find(name);
  if (!found) throw std::runtime_error("no model " + std::string(name));
  return *found;
}

TableMapping SqlFixture::mapping(const Dialect& dialect, std::string_view model_name) const {
  return TableMapping::from_model(model(model_name), dialect).value();
}

filter::Bound SqlFixture::bound(std::string_view model_name, const std::string& filter_json) const {
  filter::Bound out = filter::bind(filter::parse_filter(filter_json).value(), model(model_name), registry_).value();
  if (out.where) mark_scoped(*out.where);
  return out;
}

Object SqlFixture::typed_row(const ModelDefinition& definition, const Value& row) const {
  Object out;
  for (const auto& [key, value] : row.as_object()) {
    Value typed = value;
    if (const PropertyDefinition* property = definition.property(key)) {
      using Kind = PropertyType::Kind;
      if (property->type.kind == Kind::Date && value.is_string()) {
        typed = Value(parse_iso8601(value.as_string()).value());
      } else if (property->type.kind == Kind::GeoPoint && value.is_object()) {
        typed = Value(GeoPoint{value.find("lat")->as_double(), value.find("lng")->as_double()});
      } else if (property->type.kind == Kind::Buffer && value.is_array()) {
        Buffer buffer;
        for (const Value& byte : value.as_array()) buffer.bytes.push_back(static_cast<std::uint8_t>(byte.as_integer()));
        typed = Value(std::move(buffer));
      }
    }
    out.push_back(key, std::move(typed));
  }
  return out;
}

namespace {

Result<std::vector<SqlStatement>> one(Result<SqlStatement> statement) {
  if (!statement) return std::move(statement).error();
  return std::vector<SqlStatement>{std::move(*statement)};
}

}  // namespace

Result<std::vector<SqlStatement>> SqlFixture::lower(const Dialect& dialect, const std::string& input) const {
  std::istringstream in(input);
  std::string operation, model_name;
  in >> operation >> model_name;
  std::string json;
  std::getline(in, json, '\0');
  const Value argument = json.find_first_not_of(" \n") == std::string::npos ? Value() : parse_json(json).value();
  auto table = TableMapping::from_model(model(model_name), dialect);
  if (!table) return std::move(table).error();
  const ModelDefinition& definition = model(model_name);
  auto where_of = [&](const Value& where) -> std::optional<filter::BoundWhere> {
    if (where.is_null()) return std::nullopt;
    auto bound = filter::bind_where(filter::parse_where(where).value(), definition, registry_).value();
    mark_scoped(bound);
    return bound;
  };
  auto mode_of = [](const Value& arguments) {
    const Value* mode = arguments.find("mode");
    return mode && mode->as_string() == "replace" ? WriteMode::Replace : WriteMode::Patch;
  };
  if (operation == "find") return one(lower_find(bound(model_name, argument.to_json()), *table));
  if (operation == "find-per-key") {
    // {"key": property, "filter": {...}}: the filter paged per key, as src/dao asks for
    // an include's rows (Bound::limit_per_key is never read from a client's filter).
    filter::Bound paged = bound(model_name, argument.find("filter")->to_json());
    paged.limit_per_key = argument.find("key")->as_string();
    return one(lower_find(paged, *table));
  }
  if (operation == "count") {
    auto where = where_of(argument);
    return one(lower_count(where ? &*where : nullptr, *table));
  }
  if (operation == "where") {
    auto where = where_of(argument);
    return one(lower_where(where ? &*where : nullptr, *table));
  }
  if (operation == "find-by-id") return one(lower_find_by_id(argument, *table));
  if (operation == "exists-by-id") return one(lower_exists_by_id(argument, *table));
  if (operation == "insert") return one(lower_insert(typed_row(definition, argument), *table));
  if (operation == "insert-all") {
    std::vector<Object> rows;
    for (const Value& row : argument.as_array()) rows.push_back(typed_row(definition, row));
    return lower_insert_all(rows, *table);
  }
  if (operation == "update-all") {
    auto where = where_of(argument.find("where") ? *argument.find("where") : Value());
    return one(lower_update_all(where ? &*where : nullptr, typed_row(definition, *argument.find("data")), *table));
  }
  if (operation == "update-by-id") {
    return one(lower_update_by_id(*argument.find("id"), typed_row(definition, *argument.find("data")),
                                  mode_of(argument), *table));
  }
  if (operation == "delete-all") {
    auto where = where_of(argument);
    return one(lower_delete_all(where ? &*where : nullptr, *table));
  }
  if (operation == "upsert") {
    return one(lower_upsert(typed_row(definition, *argument.find("data")), mode_of(argument), *table));
  }
  if (operation == "create-table") return lower_create_table(*table);
  if (operation == "drop-table") return one(lower_drop_table(*table));
  throw std::runtime_error("unknown golden operation " + operation);
}

std::string SqlFixture::run(const Dialect& dialect, const std::string& input) const {
  auto statements = lower(dialect, input);
  if (!statements) return "error " + std::to_string(statements.error().status()) + ": " + statements.error().message();
  std::string out;
  for (const SqlStatement& statement : *statements) {
    if (!out.empty()) out += "\n;\n";
    out += statement.to_string();
  }
  return out;
}

}  // namespace lb::sql::testing
