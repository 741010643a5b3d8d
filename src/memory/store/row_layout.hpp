// RowLayout: the names behind an encoded row's slots, apart from the model definition
// so that results copied out of a table (RecordBatch) can decode themselves after the
// table and its model are gone. The Schema builds one and shares it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "value/same_bytes.hpp"

namespace lb::memory {

struct RowLayout {
  std::vector<std::string> slot_names;     // slot order: the id first
  std::vector<std::size_t> definition_order;  // slots in definition order
  bool identity_order = false;             // slot order is definition order

  [[nodiscard]] std::size_t slot_count() const { return slot_names.size(); }
  // Linear: models have few properties and the comparison is a word or two.
  [[nodiscard]] std::optional<std::size_t> slot_of(std::string_view property) const {
    for (std::size_t slot = 0; slot < slot_names.size(); ++slot) {
      if (same_bytes(slot_names[slot], property)) return slot;
    }
    return std::nullopt;
  }
};

}  // namespace lb::memory
