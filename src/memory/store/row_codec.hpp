// EncodedRow: one stored row in one allocation, and the codec between it and the
// lb::Object rows that cross the Connector interface. Layout:
//   [u32 body size][slot 0][slot 1]...[slot n-1][extras]
// Slots follow the Schema (id first); a property the row lacks is one Absent byte;
// `extras` is an encoded Object of undefined properties in the order written, or
// Absent. Compared with an lb::Object (72 bytes per entry before its key), a row costs
// its values plus a tag byte each.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lb/value.hpp"
#include "memory/store/schema.hpp"
#include "memory/store/value_view.hpp"

namespace lb::memory {

class EncodedRow {
 public:
  EncodedRow() = default;
  explicit EncodedRow(std::string_view body);

  [[nodiscard]] const std::uint8_t* body() const { return bytes_.get() + kHeader; }
  [[nodiscard]] std::size_t body_size() const;
  // Bytes of the allocation itself (the allocator's bookkeeping is not counted).
  [[nodiscard]] std::size_t allocated_bytes() const { return bytes_ ? body_size() + kHeader : 0; }

  // Slot `slot` found by skipping the ones before it: every value's length is known
  // from its first bytes, so skipping never decodes.
  [[nodiscard]] ValueView slot(std::size_t slot) const;
  [[nodiscard]] ValueView id() const { return ValueView(body()); }
  [[nodiscard]] ValueView extras(const Schema& schema) const { return slot(schema.slot_count()); }
  // A top-level property by name: a slot, or a member of the extras.
  [[nodiscard]] ValueView field(const Schema& schema, std::string_view name) const;

 private:
  static constexpr std::size_t kHeader = 4;
  std::unique_ptr<std::uint8_t[]> bytes_;
};

[[nodiscard]] EncodedRow encode_row(const Schema& schema, const Object& row);

// The row as an Object: defined properties in definition order, then extras as
// written, absent ones left out. With `fields`, only those names (in that order).
[[nodiscard]] Object decode_row(const EncodedRow& row, const Schema& schema,
                                const std::vector<std::string>* fields = nullptr);

}  // namespace lb::memory
