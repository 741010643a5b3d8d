// fields: LoopBack's include/exclude rules turned into the property names to return, in
// definition order. Any true entry selects only the trues; otherwise the falses are
// removed from all properties. The id is not special: {"name": true} returns no id.
#include <fmt/format.h>

#include <algorithm>

#include "filter/bind/binder.hpp"

namespace lb::filter::detail {

Result<std::optional<std::vector<std::string>>> bind_fields(const FieldsSpec& fields,
                                                            const BindScope& scope) {
  if (fields.entries.empty()) return std::optional<std::vector<std::string>>();
  const std::string key_path = join_key_path(scope.key_path, "fields");
  const ModelDefinition& model = scope.model;
  const bool any_included = std::any_of(fields.entries.begin(), fields.entries.end(),
                                        [](const auto& e) { return e.second; });

  std::vector<std::string> unknown;  // names a non-strict model may hold, in written order
  for (const auto& [name, included] : fields.entries) {
    if (model.property(name)) {
      // Excluding a hidden property reveals nothing; selecting one is refused.
      const char* why = prohibited_as(model, name, scope.options);
      if (included && why) return prohibited_error(join_key_path(key_path, name), name, why);
      continue;
    }
    if (is_strict(model))
      return bind_error(
          join_key_path(key_path, name),
          fmt::format("Property \"{}\" is not defined for {} model", name, model.name));
    if (included && std::find(unknown.begin(), unknown.end(), name) == unknown.end())
      unknown.push_back(name);
  }

  auto entry_of = [&](const std::string& name) -> const std::pair<std::string, bool>* {
    for (const auto& entry : fields.entries)
      if (entry.first == name) return &entry;
    return nullptr;
  };
  std::vector<std::string> out;
  for (const PropertyDefinition& property : model.properties) {
    const auto* entry = entry_of(property.name);
    const bool selected = any_included ? (entry && entry->second) : !entry;
    if (selected) out.push_back(property.name);
  }
  out.insert(out.end(), unknown.begin(), unknown.end());
  return std::optional<std::vector<std::string>>(std::move(out));
}

}  // namespace lb::filter::detail
