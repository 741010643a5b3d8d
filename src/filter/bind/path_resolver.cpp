// Property paths against model definitions: through inline objects, embedded models,
// arrays of them, and anything below an untyped value. Unknown properties are refused
// under strict definitions and typed Any otherwise, since a non-strict model stores them.
#include <fmt/format.h>

#include "filter/bind/binder.hpp"

namespace lb::filter::detail {
namespace {

// "Item model", "Address model", or "addr" for an inline object, for messages.
std::string owner_label(const ModelDefinition& definition, const PropertyPath& path,
                        std::size_t depth) {
  if (!definition.anonymous && !definition.name.empty())
    return fmt::format("{} model", definition.name);
  PropertyPath prefix(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(depth));
  return fmt::format("the object at {}", path_to_string(prefix));
}

}  // namespace

Status resolve_path(const BindScope& scope, const KeyPath& key_path, BoundPath& out) {
  static const PropertyType kAny;
  static const PropertyType kNumber{PropertyType::Kind::Number, nullptr, nullptr, {}};
  const PropertyPath& path = out.segments;
  if (path.empty()) return bind_error(key_path, "empty property path");

  const ModelDefinition* definition = &scope.model;
  const PropertyType* type = nullptr;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const std::string& segment = path[i];
    if (i > 0) {
      // Step from the previous segment's type into its members.
      const PropertyType* container = type;
      while (container->kind == PropertyType::Kind::Array) {
        container = container->element ? container->element.get() : &kAny;
        out.through_array = true;
      }
      using Kind = PropertyType::Kind;
      if (container->kind == Kind::Any || (container->kind == Kind::Object && !container->nested)) {
        out.type = &kAny;
        return {};
      }
      if (container->kind == Kind::GeoPoint && i + 1 == path.size() &&
          (segment == "lat" || segment == "lng")) {
        out.type = &kNumber;
        return {};
      }
      if (container->kind == Kind::Object) {
        definition = container->nested.get();
      } else if (container->kind == Kind::Model) {
        definition = scope.registry.find(container->model);
        if (!definition)
          return definition_error(
              key_path, fmt::format("the embedded model \"{}\" is not defined", container->model));
      } else {
        PropertyPath prefix(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(i));
        return bind_error(key_path,
                          fmt::format("{} is {} and has no property \"{}\"", path_to_string(prefix),
                                      type_phrase(*type), segment));
      }
    }
    if (const char* why = prohibited_as(*definition, segment, scope.options))
      return prohibited_error(key_path, segment, why);
    const PropertyDefinition* property = find_property(*definition, segment);
    if (!property) {
      if (is_strict(*definition))
        return bind_error(key_path, fmt::format("Property \"{}\" is not defined for {}", segment,
                                                owner_label(*definition, path, i)));
      out.type = &kAny;
      return {};
    }
    if (i == 0) out.property = property;
    type = &property->type;
  }
  out.type = type;
  return {};
}

}  // namespace lb::filter::detail
