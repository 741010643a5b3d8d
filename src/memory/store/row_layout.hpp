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

namespace lb::memory {

// Property names are short: compared in a word or two rather than through memcmp.
inline bool same_name(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  if (n > 16) return std::memcmp(a.data(), b.data(), n) == 0;
  auto word = [](const char* p, std::size_t size) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, size);
    return w;
  };
  if (n >= 8) {
    // The first and the last eight bytes (overlapping for fewer than sixteen).
    return word(a.data(), 8) == word(b.data(), 8) && word(a.data() + n - 8, 8) == word(b.data() + n - 8, 8);
  }
  if (n >= 4) {
    return word(a.data(), 4) == word(b.data(), 4) && word(a.data() + n - 4, 4) == word(b.data() + n - 4, 4);
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

struct RowLayout {
  std::vector<std::string> slot_names;     // slot order: the id first
  std::vector<std::size_t> definition_order;  // slots in definition order
  bool identity_order = false;             // slot order is definition order

  [[nodiscard]] std::size_t slot_count() const { return slot_names.size(); }
  // Linear: models have few properties and the comparison is a word or two.
  [[nodiscard]] std::optional<std::size_t> slot_of(std::string_view property) const {
    for (std::size_t slot = 0; slot < slot_names.size(); ++slot) {
      if (same_name(slot_names[slot], property)) return slot;
    }
    return std::nullopt;
  }
};

}  // namespace lb::memory
