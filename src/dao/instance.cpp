// Instance: the prototype methods, each one Model operation on this record's id,
// refreshing the copy from what the connector stored.
#include "lb/instance.hpp"

#include "lb/json.hpp"
#include "lb/model.hpp"

namespace lb {
namespace {

const Value& null_value() {
  static const Value kNull;
  return kNull;
}

}  // namespace

Instance::Instance(Model& model, Object data, bool persisted)
    : model_(&model), data_(std::move(data)), persisted_(persisted) {}

const Value& Instance::get(std::string_view property) const {
  const Value* value = data_.find(property);
  return value ? *value : null_value();
}

void Instance::set(std::string_view property, Value value) {
  data_.insert_or_assign(std::string(property), std::move(value));
}

const Value& Instance::id() const { return get(model_->id_name()); }

Status Instance::save() {
  if (!persisted_) {
    auto row = model_->prepare_create(Value(data_), true);
    if (!row) return row.error();
    auto created = model_->create_prepared(std::move(row).value());
    if (!created) return created.error();
    *this = std::move(created).value();
    return {};
  }
  return replace_attributes(Value(data_));
}

Status Instance::patch_attributes(const Value& data) {
  auto updated = model_->patch_by_id(id(), data);
  if (!updated) return updated.error();
  *this = std::move(updated).value();
  return {};
}

Status Instance::update_attribute(std::string_view property, Value value) {
  Object data;
  data.push_back(std::string(property), std::move(value));
  return patch_attributes(Value(std::move(data)));
}

Status Instance::replace_attributes(const Value& data) {
  auto replaced = model_->replace_by_id(id(), data);
  if (!replaced) return replaced.error();
  *this = std::move(replaced).value();
  return {};
}

Status Instance::destroy() {
  auto deleted = model_->delete_by_id(id());
  if (!deleted) return deleted.error();
  persisted_ = false;
  return {};
}

Status Instance::reload() {
  auto found = model_->find_by_id(id());
  if (!found) return found.error();
  if (!*found) {
    return Error(ErrorCode::NotFound, "No instance with id " + lb::to_json(id()) + " found for " +
                                          model_->name());
  }
  *this = std::move(**found);
  return {};
}

Value Instance::to_value() const {
  const ModelDefinition& definition = model_->definition();
  Object json;
  json.reserve(data_.size());
  for (const PropertyDefinition& property : definition.properties) {
    if (definition.is_hidden(property.name)) continue;
    if (const Value* value = data_.find(property.name)) json.push_back(property.name, *value);
  }
  for (const auto& [key, value] : data_) {
    if (definition.property(key) != nullptr || definition.is_hidden(key)) continue;
    json.push_back(key, value);
  }
  return Value(std::move(json));
}

std::string Instance::to_json() const { return lb::to_json(to_value()); }

}  // namespace lb
