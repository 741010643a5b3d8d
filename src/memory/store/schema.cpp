// Schema::build: slot assignment for a model (see schema.hpp).
#include "memory/store/schema.hpp"

#include <fmt/format.h>

namespace lb::memory {

Result<Schema> Schema::build(const ModelDefinition& model) {
  auto ids = model.id_properties();
  if (ids.empty()) {
    return Error(ErrorCode::InvalidDefinition,
                 fmt::format("{}: the memory connector needs an id property", model.name));
  }
  if (ids.size() > 1) {
    return Error(ErrorCode::InvalidDefinition,
                 fmt::format("{}: composite ids are not supported by the memory connector",
                             model.name));
  }
  Schema schema;
  schema.model_ = &model;
  schema.slots_.push_back(ids[0]);
  for (const PropertyDefinition& property : model.properties) {
    if (&property != ids[0]) schema.slots_.push_back(&property);
  }
  auto layout = std::make_shared<RowLayout>();
  for (const PropertyDefinition* property : schema.slots_) layout->slot_names.push_back(property->name);
  for (const PropertyDefinition& property : model.properties) {
    layout->definition_order.push_back(*layout->slot_of(property.name));
  }
  layout->identity_order = true;
  for (std::size_t i = 0; i < layout->definition_order.size(); ++i) {
    if (layout->definition_order[i] != i) layout->identity_order = false;
  }
  schema.layout_ = std::move(layout);
  return schema;
}

}  // namespace lb::memory
