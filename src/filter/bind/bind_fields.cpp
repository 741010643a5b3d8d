// fields: LoopBack's include/exclude rules turned into the property names to return, in
// definition order. Any true entry selects only the trues; otherwise the falses are
// removed from all properties. The id is not special: {"name": true} returns no id.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "filter/bind/binder.hpp"

namespace lb::filter::detail {

template <Walked<FieldsSpec> F>
Status bind_fields(F& fields, const BindScope& scope,
                   std::optional<std::vector<std::string>>& result) {
  auto& entries = fields.entries;
  if (entries.empty()) return {};
  const KeyPath key_path = scope.key_path.member("fields");
  const ModelDefinition& model = scope.model;
  const bool any_included =
      std::any_of(entries.begin(), entries.end(), [](const auto& e) { return e.second; });

  // What the first entry naming each property says, by property position: kUnnamed,
  // or the entry's include flag. A model has few properties; past 64 the marks go to
  // the heap.
  constexpr unsigned char kUnnamed = 2;
  const std::size_t property_count = model.properties.size();
  std::array<unsigned char, 64> small_marks;
  std::vector<unsigned char> large_marks;
  unsigned char* marks = small_marks.data();
  if (property_count > small_marks.size()) {
    large_marks.resize(property_count);
    marks = large_marks.data();
  }
  std::fill(marks, marks + property_count, kUnnamed);

  std::vector<std::string> unknown;  // names a non-strict model may hold, in written order
  for (auto& [name, included] : entries) {
    if (const PropertyDefinition* property = find_property(model, name)) {
      unsigned char& mark = marks[static_cast<std::size_t>(property - model.properties.data())];
      if (mark == kUnnamed) mark = included ? 1 : 0;
      // Excluding a hidden property reveals nothing; selecting one is refused.
      if (!included) continue;
      if (const char* why = prohibited_as(model, name, scope.options))
        return prohibited_error(key_path.member(name), name, why);
      continue;
    }
    if (is_strict(model))
      return bind_error(
          key_path.member(name),
          fmt::format("Property \"{}\" is not defined for {} model", name, model.name));
    if (included && std::find(unknown.begin(), unknown.end(), name) == unknown.end())
      unknown.push_back(take(name));  // the entry is not read again
  }

  std::vector<std::string>& out = result.emplace();
  out.reserve(property_count + unknown.size());
  for (std::size_t i = 0; i < property_count; ++i) {
    const bool selected = any_included ? marks[i] == 1 : marks[i] == kUnnamed;
    if (selected) out.push_back(model.properties[i].name);
  }
  for (std::string& name : unknown) out.push_back(std::move(name));
  return {};
}

template Status bind_fields(const FieldsSpec&, const BindScope&,
                            std::optional<std::vector<std::string>>&);
template Status bind_fields(FieldsSpec&, const BindScope&, std::optional<std::vector<std::string>>&);

}  // namespace lb::filter::detail
