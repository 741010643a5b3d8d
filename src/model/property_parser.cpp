// parse_properties(): LoopBack's property forms, following what juggler's ModelBuilder
// accepts (resolveType), but rejecting values that cannot be a type instead of
// turning them into nonsense anonymous models.
#include "model/property_parser.hpp"

#include "model/ascii_lower.hpp"

#include <cctype>
#include <memory>

namespace lb::model {
namespace {

PropertyType simple(PropertyType::Kind kind) {
  PropertyType type;
  type.kind = kind;
  return type;
}

PropertyType array_of(PropertyType element) {
  PropertyType type;
  type.kind = PropertyType::Kind::Array;
  type.element = std::make_shared<const PropertyType>(std::move(element));
  return type;
}

// Built-in type names, compared case-insensitively as juggler's schemaTypes are.
// "text" and "datestring" keep string values; "binary" is Buffer's alias.
bool builtin_type(std::string_view name, PropertyType& out) {
  using Kind = PropertyType::Kind;
  const std::string low = ascii_lower(name);
  if (low == "string" || low == "text" || low == "datestring") out = simple(Kind::String);
  else if (low == "number") out = simple(Kind::Number);
  else if (low == "boolean") out = simple(Kind::Boolean);
  else if (low == "date") out = simple(Kind::Date);
  else if (low == "buffer" || low == "binary") out = simple(Kind::Buffer);
  else if (low == "geopoint") out = simple(Kind::GeoPoint);
  else if (low == "any" || low == "object" || low == "json") out = simple(Kind::Any);
  else if (low == "array") out = array_of(simple(Kind::Any));
  else return false;
  return true;
}

bool valid_property_name(std::string_view name) {
  return !name.empty() && name.find('.') == std::string_view::npos;
}

// An inline object type: its entries are property definitions of an anonymous model
// (juggler defines one with idInjection false and strict false).
Result<PropertyType> parse_nested(const Object& object, const KeyPath& path,
                                  std::string_view owner) {
  auto nested = std::make_shared<ModelDefinition>();
  nested->name = std::string(owner);
  nested->anonymous = true;
  nested->id_injection = false;
  nested->source = path.origin();
  auto parsed = parse_properties(Value(object), path, nested->name);
  if (!parsed) return std::move(parsed).error();
  Object settings;
  for (OwnProperty& own : *parsed) {
    if (own.removed) continue;
    if (own.definition.hidden) nested->hidden.push_back(own.definition.name);
    nested->properties.push_back(std::move(own.definition));
  }
  nested->settings = Value(Object{{"anonymous", true}, {"idInjection", false}});
  PropertyType type;
  type.kind = PropertyType::Kind::Object;
  type.nested = std::move(nested);
  return type;
}

// `in_type_position`: the value of a "type" key, where an object is always a nested
// definition; elsewhere (an array element) `{"type": ...}` is a typed element.
Result<PropertyType> parse_type(const Value& type, const KeyPath& path, std::string_view owner,
                                bool in_type_position) {
  if (const std::string* name = type.if_string()) {
    if (name->empty()) return path.error("expected a type name, got an empty string");
    PropertyType out;
    if (builtin_type(*name, out)) return out;
    // Any other name is a model, possibly defined later (juggler creates a placeholder).
    out.kind = PropertyType::Kind::Model;
    out.model = *name;
    return out;
  }
  if (const Array* array = type.if_array()) {
    if (array->empty()) return array_of(simple(PropertyType::Kind::Any));
    if (array->size() > 1)
      return path.error("an array type lists one element type, got " +
                        std::to_string(array->size()));
    auto element = parse_type((*array)[0], path.index(0), owner, false);
    if (!element) return element;
    return array_of(std::move(*element));
  }
  if (const Object* object = type.if_object()) {
    if (!in_type_position) {
      if (const Value* inner = object->find("type"))
        return parse_type(*inner, path.key("type"), owner, true);
    }
    return parse_nested(*object, path, owner);
  }
  return path.error("expected a type name, an array or an object, got " + describe_kind(type));
}

Result<std::string> read_text(const Value& value, const KeyPath& path) {
  if (value.is_null()) return std::string();
  if (const std::string* text = value.if_string()) return *text;
  if (const Array* lines = value.if_array()) {
    std::string joined;
    for (std::size_t i = 0; i < lines->size(); ++i) {
      const std::string* line = (*lines)[i].if_string();
      if (!line) return path.index(i).error("expected a string, got " + describe_kind((*lines)[i]));
      if (i) joined += '\n';
      joined += *line;
    }
    return joined;
  }
  return path.error("expected a string or an array of strings, got " + describe_kind(value));
}

Result<bool> read_flag(const Value& value, const KeyPath& path) {
  if (value.is_null()) return false;
  if (value.is_bool()) return value.as_bool();
  return path.error("expected true or false, got " + describe_kind(value));
}

// Applies the keys of a full property object that the core interprets.
Status read_property_keys(const Object& object, const KeyPath& path, PropertyDefinition& def) {
  if (const Value* id = object.find("id")) {
    if (id->is_bool()) {
      def.id = id->as_bool() ? 1 : 0;
    } else if (id->is_integer() && id->as_integer() >= 0 && id->as_integer() <= 1000) {
      def.id = static_cast<int>(id->as_integer());
    } else if (!id->is_null()) {
      return path.key("id").error("expected true, false or a position (1, 2, ...), got " +
                                  describe_kind(*id));
    }
  }
  if (const Value* required = object.find("required")) {
    // An object holds the validation's options ({"message": ...}), as in juggler.
    if (required->is_object()) def.required = true;
    else if (auto flag = read_flag(*required, path.key("required"))) def.required = *flag;
    else return std::move(flag).error();
  }
  if (const Value* value = object.find("default")) def.default_value = *value;
  if (const Value* fn = object.find("defaultFn")) {
    if (const std::string* name = fn->if_string(); name && !name->empty()) def.default_fn = *name;
    else if (!fn->is_null())
      return path.key("defaultFn").error("expected the name of a value generator (\"uuid\", "
                                         "\"now\", ...), got " + describe_kind(*fn));
  }
  if (const Value* generated = object.find("generated")) {
    auto flag = read_flag(*generated, path.key("generated"));
    if (!flag) return std::move(flag).error();
    def.generated = *flag;
  }
  if (const Value* index = object.find("index")) {
    if (const Object* options = index->if_object()) {
      def.index = true;
      const Value* unique = options->find("unique");
      const Value* kind = options->find("kind");
      def.unique = (unique && unique->is_bool() && unique->as_bool()) ||
                   (kind && kind->is_string() && ascii_lower(kind->as_string()) == "unique");
    } else if (auto flag = read_flag(*index, path.key("index"))) {
      def.index = *flag;
    } else {
      return path.key("index").error("expected true, false or an object of index options, got " +
                                     describe_kind(*index));
    }
  }
  if (const Value* hidden = object.find("hidden")) {
    auto flag = read_flag(*hidden, path.key("hidden"));
    if (!flag) return std::move(flag).error();
    def.hidden = *flag;
  }
  if (const Value* description = object.find("description")) {
    auto text = read_text(*description, path.key("description"));
    if (!text) return std::move(text).error();
    def.description = std::move(*text);
  }
  return {};
}

// LoopBack 4's `{"type": "array", "itemType": "string"}`.
Result<PropertyType> apply_item_type(PropertyType type, const Object& object, const KeyPath& path,
                                     std::string_view owner) {
  const Value* item = object.find("itemType");
  if (!item || item->is_null() || type.kind != PropertyType::Kind::Array ||
      type.element->kind != PropertyType::Kind::Any)
    return type;
  auto element = parse_type(*item, path.key("itemType"), owner, true);
  if (!element) return element;
  return array_of(std::move(*element));
}

Result<PropertyDefinition> parse_property(const std::string& name, const Value& value,
                                          const KeyPath& path, std::string_view owner) {
  PropertyDefinition def;
  def.name = name;
  const std::string nested_name = std::string(owner) + "." + name;
  const Object* object = value.if_object();
  if (!object) {
    // Shorthand: "name": "string" | ["string"] | [].
    if (!value.is_string() && !value.is_array())
      return path.error("expected a type name or a property definition object, got " +
                        describe_kind(value));
    auto type = parse_type(value, path, nested_name, true);
    if (!type) return std::move(type).error();
    def.type = std::move(*type);
    def.settings = Value(Object{{"type", value}});
    return def;
  }
  if (const Value* type = object->find("type")) {
    auto parsed = parse_type(*type, path.key("type"), nested_name, true);
    if (!parsed) return std::move(parsed).error();
    auto with_items = apply_item_type(std::move(*parsed), *object, path, nested_name);
    if (!with_items) return std::move(with_items).error();
    def.type = std::move(*with_items);
    if (Status status = read_property_keys(*object, path, def); !status) return status.error();
  } else {
    // No "type": juggler reads the whole object as an inline nested model. When an entry
    // cannot be a property definition the usual cause is a forgotten "type"; say so.
    for (const auto& [key, entry] : *object) {
      if (entry.is_string() || entry.is_array() || entry.is_object()) continue;
      return path.error("missing \"type\": an object without \"type\" is read as a nested "
                        "object type, and its entry \"" + key + "\" (" + describe_kind(entry) +
                        ") is not a property definition");
    }
    auto nested = parse_nested(*object, path, nested_name);
    if (!nested) return std::move(nested).error();
    def.type = std::move(*nested);
    def.settings = Value(Object{{"type", value}});
    return def;
  }
  def.settings = value;
  return def;
}

}  // namespace

Result<PropertyType> parse_property_type(const Value& type, const KeyPath& path,
                                         std::string_view owner) {
  return parse_type(type, path, owner, true);
}

Result<std::vector<OwnProperty>> parse_properties(const Value& properties, const KeyPath& path,
                                                  std::string_view owner) {
  std::vector<OwnProperty> out;
  if (properties.is_null()) return out;
  const Object* object = properties.if_object();
  if (!object) return path.error("expected an object of property definitions, got " +
                                 describe_kind(properties));
  out.reserve(object->size());
  for (const auto& [name, value] : *object) {
    KeyPath here = path.key(name);
    if (!valid_property_name(name)) {
      return here.error(name.empty() ? "a property name cannot be empty"
                                     : "property names cannot contain dots");
    }
    OwnProperty own;
    if (value.is_null() || (value.is_bool() && !value.as_bool())) {
      own.definition.name = name;
      own.removed = true;
    } else {
      auto def = parse_property(name, value, here, owner);
      if (!def) return std::move(def).error();
      own.definition = std::move(*def);
    }
    out.push_back(std::move(own));
  }
  return out;
}

}  // namespace lb::model
