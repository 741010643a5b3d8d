// Schema: how a model's properties map to the slots of an encoded row. The id comes
// first, so the id index reads it without skipping other fields; the other defined
// properties follow in definition order; properties a non-strict model does not
// define go into one trailing object (the "extras").
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lb/model_definition.hpp"
#include "lb/result.hpp"
#include "memory/store/row_layout.hpp"

namespace lb::memory {

class Schema {
 public:
  // 400 for a composite id (LoopBack's memory connector has none either) or a model
  // with no id property at all.
  [[nodiscard]] static Result<Schema> build(const ModelDefinition& model);

  [[nodiscard]] const ModelDefinition& model() const { return *model_; }
  [[nodiscard]] const std::string& model_name() const { return model_->name; }
  [[nodiscard]] const PropertyDefinition& id_property() const { return *slots_[0]; }
  [[nodiscard]] const std::string& id_name() const { return slots_[0]->name; }

  [[nodiscard]] std::size_t slot_count() const { return slots_.size(); }
  // The slot names, shared with results that outlive the table.
  [[nodiscard]] const std::shared_ptr<const RowLayout>& layout() const { return layout_; }
  [[nodiscard]] const PropertyDefinition& slot_property(std::size_t slot) const { return *slots_[slot]; }
  // The slot of a defined property, nullopt for one the model does not define.
  [[nodiscard]] std::optional<std::size_t> slot_of(std::string_view property) const {
    return layout_->slot_of(property);
  }
  // Slots in definition order (the order results are written in).
  [[nodiscard]] const std::vector<std::size_t>& definition_order() const { return layout_->definition_order; }
  // Whether slot order is definition order (the id is the first property defined).
  [[nodiscard]] bool slots_in_definition_order() const { return layout_->identity_order; }

 private:
  const ModelDefinition* model_ = nullptr;
  std::vector<const PropertyDefinition*> slots_;
  std::shared_ptr<const RowLayout> layout_;
};

}  // namespace lb::memory
