// parse_index(): index forms differ by connector; this reads all of them into one
// shape (ordered keys with directions, unique flag) and keeps the entry as written.
#include "model/index_parser.hpp"

#include "model/ascii_lower.hpp"

#include <cctype>

namespace lb::model {
namespace {

std::string trim(std::string_view text) {
  std::size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return std::string(text.substr(begin, end - begin));
}

bool is_true(const Value* value) { return value && value->is_bool() && value->as_bool(); }

// 1 / -1, "asc" / "desc"; other strings are index kinds ("text", "2dsphere", "hashed")
// that order ascending and stay visible in the entry's settings.
Result<int> read_direction(const Value& value, const KeyPath& path) {
  if (value.is_number()) {
    double number = value.as_double();
    if (number > 0) return 1;
    if (number < 0) return -1;
  } else if (const std::string* text = value.if_string(); text && !text->empty()) {
    return ascii_lower(*text) == "desc" ? -1 : 1;
  }
  return path.error("expected 1, -1 or an index kind, got " + describe_kind(value));
}

Status read_keys(const Object& keys, const KeyPath& path, IndexDefinition& index) {
  for (const auto& [key, direction] : keys) {
    auto parsed = read_direction(direction, path.key(key));
    if (!parsed) return std::move(parsed).error();
    index.keys.emplace_back(key, *parsed);
  }
  return {};
}

// MySQL style "columns": "a, b DESC" (or an array of such names).
Status read_columns(const Value& columns, const KeyPath& path, IndexDefinition& index) {
  std::vector<std::string> items;
  if (const std::string* text = columns.if_string()) {
    std::size_t start = 0;
    while (start <= text->size()) {
      std::size_t comma = text->find(',', start);
      if (comma == std::string::npos) comma = text->size();
      items.push_back(trim(std::string_view(*text).substr(start, comma - start)));
      start = comma + 1;
    }
  } else if (const Array* array = columns.if_array()) {
    for (std::size_t i = 0; i < array->size(); ++i) {
      const std::string* item = (*array)[i].if_string();
      if (!item) return path.index(i).error("expected a column name, got " +
                                            describe_kind((*array)[i]));
      items.push_back(trim(*item));
    }
  } else {
    return path.error("expected a comma-separated list of columns, got " + describe_kind(columns));
  }
  for (const std::string& item : items) {
    if (item.empty()) return path.error("empty column name in " + columns.to_json());
    std::size_t space = item.find_last_of(" \t");
    int direction = 1;
    std::string column = item;
    if (space != std::string::npos) {
      std::string order = ascii_lower(item.substr(space + 1));
      if (order == "asc" || order == "desc") {
        direction = order == "desc" ? -1 : 1;
        column = trim(item.substr(0, space));
      }
    }
    index.keys.emplace_back(column, direction);
  }
  return {};
}

}  // namespace

Result<IndexDefinition> parse_index(const std::string& name, const Value& value,
                                    const KeyPath& path) {
  const Object* entry = value.if_object();
  if (!entry) return path.error("expected an index object, got " + describe_kind(value));
  IndexDefinition index;
  index.name = name;
  index.settings = value;

  const Value* options = entry->find("options");
  if (options && !options->is_null() && !options->is_object())
    return path.key("options").error("expected an object, got " + describe_kind(*options));
  const Value* kind = entry->find("kind");
  index.unique = is_true(entry->find("unique")) ||
                 (options && is_true(options->find("unique"))) ||
                 (kind && kind->is_string() && ascii_lower(kind->as_string()) == "unique");

  if (const Value* keys = entry->find("keys")) {
    const Object* object = keys->if_object();
    if (!object) return path.key("keys").error("expected an object of keys, got " +
                                               describe_kind(*keys));
    if (Status status = read_keys(*object, path.key("keys"), index); !status) return status.error();
  } else if (const Value* columns = entry->find("columns")) {
    if (Status status = read_columns(*columns, path.key("columns"), index); !status)
      return status.error();
  } else {
    // Shorthand: the entry is the keys, apart from option words that do not hold a
    // direction (so a property called "name" or "type" can still be indexed).
    Object keys;
    for (const auto& [key, direction] : *entry) {
      bool option_word = key == "options" || key == "unique" || key == "kind" || key == "name" ||
                         key == "type";
      if (option_word && !direction.is_number()) continue;
      keys.push_back(key, direction);
    }
    if (Status status = read_keys(keys, path, index); !status) return status.error();
  }
  if (index.keys.empty()) return path.error("an index needs at least one key");
  return index;
}

IndexDefinition property_index(const PropertyDefinition& property) {
  IndexDefinition index;
  index.name = property.name + "_index";
  index.keys.emplace_back(property.name, 1);
  index.unique = property.unique;
  if (const Value* setting = property.settings.find("index")) index.settings = *setting;
  return index;
}

}  // namespace lb::model
