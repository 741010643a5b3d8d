// Reading the `validations` section: juggler's option names per kind, checked strictly
// (an unknown key is a typo that would otherwise silently validate nothing).
#include "dao/validation/validations_section.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>

namespace lb::dao {
namespace {

using model::KeyPath;

constexpr std::string_view kCommonKeys[] = {"validation", "property", "message", "code",
                                             "allowNull",  "allowBlank", "if",    "unless"};

Result<std::string> string_at(const Value& value, const KeyPath& path) {
  if (!value.is_string()) return path.error("expected a string, got " + model::describe_kind(value));
  return value.as_string();
}

Result<bool> bool_at(const Value& value, const KeyPath& path) {
  if (!value.is_bool()) return path.error("expected true or false, got " + model::describe_kind(value));
  return value.as_bool();
}

Result<std::size_t> size_at(const Value& value, const KeyPath& path) {
  if (value.is_integer() && value.as_integer() >= 0) return static_cast<std::size_t>(value.as_integer());
  if (value.is_double() && value.as_double() >= 0 && value.as_double() == static_cast<double>(static_cast<std::int64_t>(value.as_double())) &&
      value.as_double() < 9.0e15)
    return static_cast<std::size_t>(value.as_double());
  return path.error("expected a non-negative integer, got " + model::describe_kind(value));
}

Result<Array> array_at(const Value& value, const KeyPath& path) {
  if (!value.is_array()) return path.error("expected an array, got " + model::describe_kind(value));
  return value.as_array();
}

const Value* member(const Object& entry, std::string_view key) { return entry.find(key); }

Status declare_entry(Validations& validations, const Object& entry, const KeyPath& path) {
  const Value* kind_value = member(entry, "validation");
  if (kind_value == nullptr) return path.error("expected a \"validation\" key naming the kind");
  auto kind = string_at(*kind_value, path.key("validation"));
  if (!kind) return kind.error();
  const Value* property_value = member(entry, "property");
  if (property_value == nullptr) return path.error("expected a \"property\" key naming the property");
  auto property = string_at(*property_value, path.key("property"));
  if (!property) return property.error();
  if (property->empty()) return path.key("property").error("expected a property name, got an empty string");

  // The kind's own keys, checked before the options so that a typo names itself.
  auto options_with = [&](std::initializer_list<std::string_view> extra) {
    return parse_validation_options(entry, path, extra);
  };
  auto declared = [&](Status status) -> Status {
    if (!status) return path.error(status.error().message());
    return {};
  };

  if (*kind == "presence" || *kind == "absence" || *kind == "date") {
    auto options = options_with({});
    if (!options) return options.error();
    if (*kind == "presence") return declared(validations.validates_presence_of(*property, std::move(*options)));
    if (*kind == "absence") return declared(validations.validates_absence_of(*property, std::move(*options)));
    return declared(validations.validates_date_of(*property, std::move(*options)));
  }
  if (*kind == "length") {
    auto options = options_with({"min", "max", "is"});
    if (!options) return options.error();
    LengthBounds bounds;
    for (auto [key, slot] : {std::pair{"min", &bounds.min}, std::pair{"max", &bounds.max},
                             std::pair{"is", &bounds.is}}) {
      const Value* value = member(entry, key);
      if (value == nullptr) continue;
      auto size = size_at(*value, path.key(key));
      if (!size) return size.error();
      *slot = *size;
    }
    if (!bounds.min && !bounds.max && !bounds.is) return path.error("expected \"min\", \"max\" or \"is\"");
    if (bounds.min && bounds.max && *bounds.min > *bounds.max)
      return path.key("min").error(fmt::format("{} is greater than max {}", *bounds.min, *bounds.max));
    return declared(validations.validates_length_of(*property, bounds, std::move(*options)));
  }
  if (*kind == "format") {
    auto options = options_with({"with", "without"});
    if (!options) return options.error();
    const Value* with = member(entry, "with");
    const Value* without = member(entry, "without");
    if ((with == nullptr) == (without == nullptr))
      return path.error("expected one of \"with\" (a pattern to match) or \"without\" (one not to match)");
    const char* key = with ? "with" : "without";
    auto pattern = string_at(with ? *with : *without, path.key(key));
    if (!pattern) return pattern.error();
    auto status = validations.validates_format_of(*property, *pattern, std::move(*options), without != nullptr);
    if (!status) return path.key(key).error(status.error().message());
    return {};
  }
  if (*kind == "inclusion" || *kind == "exclusion") {
    auto options = options_with({"in"});
    if (!options) return options.error();
    const Value* in = member(entry, "in");
    if (in == nullptr) return path.error("expected an \"in\" key with the list of values");
    auto values = array_at(*in, path.key("in"));
    if (!values) return values.error();
    if (*kind == "inclusion")
      return declared(validations.validates_inclusion_of(*property, std::move(*values), std::move(*options)));
    return declared(validations.validates_exclusion_of(*property, std::move(*values), std::move(*options)));
  }
  if (*kind == "numericality") {
    auto options = options_with({"int"});
    if (!options) return options.error();
    bool integer_only = false;
    if (const Value* value = member(entry, "int")) {
      auto flag = bool_at(*value, path.key("int"));
      if (!flag) return flag.error();
      integer_only = *flag;
    }
    return declared(validations.validates_numericality_of(*property, integer_only, std::move(*options)));
  }
  if (*kind == "uniqueness") {
    auto options = options_with({"scopedTo", "ignoreCase"});
    if (!options) return options.error();
    UniquenessScope scope;
    if (const Value* value = member(entry, "scopedTo")) {
      auto list = array_at(*value, path.key("scopedTo"));
      if (!list) return list.error();
      for (std::size_t i = 0; i < list->size(); ++i) {
        auto name = string_at((*list)[i], path.key("scopedTo").index(i));
        if (!name) return name.error();
        if (name->empty()) return path.key("scopedTo").index(i).error("expected a property name, got an empty string");
        scope.scoped_to.push_back(std::move(*name));
      }
    }
    if (const Value* value = member(entry, "ignoreCase")) {
      auto flag = bool_at(*value, path.key("ignoreCase"));
      if (!flag) return flag.error();
      scope.ignore_case = *flag;
    }
    return declared(validations.validates_uniqueness_of(*property, std::move(scope), std::move(*options)));
  }
  if (*kind == "custom")
    return path.key("validation").error("custom validators are declared from C++ (Validations::validate)");
  return path.key("validation")
      .error("expected one of presence, absence, length, format, inclusion, exclusion, numericality, "
             "uniqueness, date; got " + model::quote_name(*kind));
}

}  // namespace

Result<ValidationOptions> parse_validation_options(const Object& entry, const KeyPath& path,
                                                   std::initializer_list<std::string_view> extra) {
  ValidationOptions options;
  for (const auto& [key, value] : entry) {
    const KeyPath at = path.key(key);
    if (key == "message") {
      if (value.is_string()) {
        options.message = value.as_string();
      } else if (value.is_object()) {
        for (const auto& [failure, text] : value.as_object()) {
          auto message = string_at(text, at.key(failure));
          if (!message) return message.error();
          options.messages.emplace(failure, std::move(*message));
        }
      } else {
        return at.error("expected a string or an object of strings per failure, got " + model::describe_kind(value));
      }
    } else if (key == "code") {
      auto code = string_at(value, at);
      if (!code) return code.error();
      options.code = std::move(*code);
    } else if (key == "allowNull" || key == "allowBlank") {
      auto flag = bool_at(value, at);
      if (!flag) return flag.error();
      (key == "allowNull" ? options.allow_null : options.allow_blank) = *flag;
    } else if (key == "if" || key == "unless") {
      auto name = string_at(value, at);
      if (!name) return name.error();
      if (name->empty()) return at.error("expected a property name, got an empty string");
      (key == "if" ? options.if_property : options.unless_property) = std::move(*name);
    } else if (std::find(std::begin(kCommonKeys), std::end(kCommonKeys), key) == std::end(kCommonKeys) &&
               std::find(extra.begin(), extra.end(), key) == extra.end()) {
      std::string allowed;
      for (std::string_view name : kCommonKeys) allowed += std::string(allowed.empty() ? "" : ", ") + std::string(name);
      for (std::string_view name : extra) allowed += ", " + std::string(name);
      return at.error("unknown option; expected one of " + allowed);
    }
  }
  return options;
}

Status declare_validations_section(Validations& validations, const Value& section, const KeyPath& path) {
  if (section.is_null()) return {};
  if (!section.is_array()) return path.error("expected an array, got " + model::describe_kind(section));
  const Array& entries = section.as_array();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const KeyPath at = path.index(i);
    if (!entries[i].is_object()) return at.error("expected an object, got " + model::describe_kind(entries[i]));
    if (auto status = declare_entry(validations, entries[i].as_object(), at); !status) return status;
  }
  return {};
}

}  // namespace lb::dao
