// parse_definition(): top-level keys of a model definition. Each known setting is
// checked here, where the error can name the key as the user wrote it; inheritance
// and interpretation happen in the resolver.
#include "model/definition_parser.hpp"

namespace lb::model {
namespace {

using Kind = Value::Kind;

Status expect_kinds(const Value& value, std::initializer_list<Kind> kinds, const char* expected,
                    const KeyPath& path) {
  if (value.is_null()) return {};
  for (Kind kind : kinds)
    if (value.kind() == kind || (kind == Kind::Number && value.is_integer())) return {};
  return path.error(std::string("expected ") + expected + ", got " + describe_kind(value));
}

Status expect_object_entries(const Value& value, const char* expected, const KeyPath& path) {
  if (Status status = expect_kinds(value, {Kind::Object}, "an object", path); !status) return status;
  if (!value.is_object()) return {};
  for (const auto& [key, entry] : value.as_object())
    if (!entry.is_null() && !entry.is_object())
      return path.key(key).error(std::string("expected ") + expected + ", got " +
                                 describe_kind(entry));
  return {};
}

Status expect_string_array(const Value& value, const KeyPath& path) {
  if (value.is_null()) return {};
  const Array* array = value.if_array();
  if (!array) return path.error("expected an array of names, got " + describe_kind(value));
  for (std::size_t i = 0; i < array->size(); ++i)
    if (!(*array)[i].is_string())
      return path.index(i).error("expected a name, got " + describe_kind((*array)[i]));
  return {};
}

// `hidden` and `protected`: an array of names, or juggler's {name: true} map.
Result<Value> normalise_name_list(const Value& value, const KeyPath& path) {
  if (const Object* map = value.if_object()) {
    Array names;
    for (const auto& [name, flag] : *map) {
      if (!flag.is_bool() && !flag.is_null())
        return path.key(name).error("expected true or false, got " + describe_kind(flag));
      if (flag.is_bool() && flag.as_bool()) names.emplace_back(name);
    }
    return Value(std::move(names));
  }
  if (Status status = expect_string_array(value, path); !status) return status.error();
  return value;
}

// Checks the value of one known setting; unknown settings (connector sections, custom
// flags) are kept as they are.
Status check_setting(const std::string& key, Value& value, const KeyPath& path) {
  if (key == "base" || key == "plural") {
    if (value.is_null()) return {};
    const std::string* name = value.if_string();
    if (!name) return path.error("expected a model name, got " + describe_kind(value));
    if (key == "plural" && name->empty()) return path.error("expected a name, got an empty string");
    return {};
  }
  if (key == "description")
    return expect_kinds(value, {Kind::String, Kind::Array}, "a string or an array of strings", path);
  if (key == "strict") {
    if (value.is_null() || value.is_bool()) return {};
    if (const std::string* mode = value.if_string(); mode && (*mode == "filter" || *mode == "throw"))
      return {};
    return path.error("expected true, false, \"filter\" or \"throw\", got " + describe_kind(value));
  }
  if (key == "idInjection")
    return expect_kinds(value, {Kind::Bool}, "true or false", path);
  if (key == "forceId") {
    if (const std::string* mode = value.if_string(); mode && *mode == "auto") return {};
    return expect_kinds(value, {Kind::Bool}, "true, false or \"auto\"", path);
  }
  if (key == "hidden" || key == "protected") {
    auto normalised = normalise_name_list(value, path);
    if (!normalised) return std::move(normalised).error();
    value = std::move(*normalised);
    return {};
  }
  if (key == "relations") return expect_object_entries(value, "a relation object", path);
  if (key == "indexes") return expect_object_entries(value, "an index object", path);
  if (key == "scopes") return expect_object_entries(value, "a scope object", path);
  if (key == "scope" || key == "methods" || key == "mixins" || key == "http")
    return expect_kinds(value, {Kind::Object}, "an object", path);
  if (key == "validations") return expect_kinds(value, {Kind::Array}, "an array", path);
  if (key == "acls") {
    if (Status status = expect_kinds(value, {Kind::Array}, "an array of ACL entries", path); !status)
      return status;
    if (const Array* acls = value.if_array())
      for (std::size_t i = 0; i < acls->size(); ++i)
        if (!(*acls)[i].is_object())
          return path.index(i).error("expected an ACL entry object, got " +
                                     describe_kind((*acls)[i]));
    return {};
  }
  if (key == "excludeBaseProperties") return expect_string_array(value, path);
  return {};
}

}  // namespace

KeyPath ParsedDefinition::setting_path(const std::string& key) const {
  return from_options.count(key) ? path.key("options").key(key) : path.key(key);
}

Result<ParsedDefinition> parse_definition(const Value& definition, std::string_view source) {
  ParsedDefinition out;
  out.source = std::string(source);
  const Object* top = definition.if_object();
  if (!top) {
    return KeyPath(out.source).error("expected a model definition object, got " +
                                     describe_kind(definition));
  }

  const Value* name = top->find("name");
  const std::string* name_text = name ? name->if_string() : nullptr;
  if (!name_text || name_text->empty()) {
    KeyPath at = KeyPath(out.source.empty() ? "definition" : out.source).key("name");
    return at.error(name ? "expected a non-empty model name, got " + describe_kind(*name)
                         : "missing model name");
  }
  out.name = *name_text;
  out.path = KeyPath(out.source.empty() ? out.name : out.source);

  if (const Value* options = top->find("options")) {
    if (!options->is_null() && !options->is_object())
      return out.path.key("options").error("expected an object, got " + describe_kind(*options));
    out.options = *options;
  }
  const Object* options = out.options.if_object();

  // LoopBack's registry: top-level keys, each overridden by an "options" entry of the
  // same name, then the remaining "options" entries.
  for (const auto& [key, value] : *top) {
    if (key == "name" || key == "properties" || key == "options") continue;
    const Value* override_value = options ? options->find(key) : nullptr;
    out.settings.push_back(key, override_value ? *override_value : value);
    if (override_value) out.from_options.insert(key);
  }
  if (options) {
    for (const auto& [key, value] : *options) {
      if (out.settings.contains(key)) continue;
      out.settings.push_back(key, value);
      out.from_options.insert(key);
    }
  }

  // "super" is juggler's old spelling of "base".
  if (const Value* super = out.settings.find("super")) {
    if (!out.settings.contains("base") || out.settings.find("base")->is_null()) {
      out.settings.insert_or_assign("base", *super);
      if (out.from_options.count("super")) out.from_options.insert("base");
    }
    out.settings.erase("super");
  }

  for (auto& [key, value] : out.settings) {
    if (Status status = check_setting(key, value, out.setting_path(key)); !status)
      return status.error();
  }

  const Value* base = out.settings.find("base");
  out.base = base && base->is_string() && !base->as_string().empty() ? base->as_string()
                                                                      : "PersistedModel";
  out.settings.insert_or_assign("base", out.base);

  const Value* properties = top->find("properties");
  auto parsed = parse_properties(properties ? *properties : Value(), out.path.key("properties"),
                                 out.name);
  if (!parsed) return std::move(parsed).error();
  out.properties = std::move(*parsed);
  return out;
}

}  // namespace lb::model
