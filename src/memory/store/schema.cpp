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
  for (const PropertyDefinition& property : model.properties) {
    schema.definition_order_.push_back(*schema.slot_of(property.name));
  }
  schema.identity_order_ = true;
  for (std::size_t i = 0; i < schema.definition_order_.size(); ++i) {
    if (schema.definition_order_[i] != i) schema.identity_order_ = false;
  }
  return schema;
}

std::optional<std::size_t> Schema::slot_of(std::string_view property) const {
  // Linear: models have few properties and the comparison is a short string compare.
  for (std::size_t slot = 0; slot < slots_.size(); ++slot) {
    if (slots_[slot]->name == property) return slot;
  }
  return std::nullopt;
}

}  // namespace lb::memory
