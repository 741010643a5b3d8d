// Row: a stored row, a view of its encoded bytes in the table's RowHeap; EncodedRow:
// the same bytes owned (a row being written); and the codec between them and the
// lb::Object rows that cross the Connector interface. Layout: [slot 0][slot 1]...
// [slot n-1][extras]. Slots follow the Schema (id first); a property the row lacks is
// one Absent byte; `extras` is an encoded Object of undefined properties in the order
// written, or Absent. Every value's length is known from its first bytes, so the row
// needs no header. Compared with an lb::Object (72 bytes per entry before its key), a
// row costs its values plus a tag byte each.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lb/value.hpp"
#include "memory/store/schema.hpp"
#include "memory/store/value_view.hpp"

namespace lb::memory {

// A stored row: one pointer, compared and hashed by address (a row's identity). A
// default Row is "no row".
class Row {
 public:
  Row() = default;
  explicit Row(const std::uint8_t* body) : body_(body) {}

  [[nodiscard]] const std::uint8_t* body() const { return body_; }
  explicit operator bool() const { return body_ != nullptr; }
  friend bool operator==(Row a, Row b) { return a.body_ == b.body_; }

  // Slot `slot` found by skipping the ones before it: skipping never decodes.
  [[nodiscard]] ValueView slot(std::size_t slot) const {
    const std::uint8_t* p = body_;
    for (std::size_t i = 0; i < slot; ++i) p = ValueView(p).end();
    return ValueView(p);
  }
  [[nodiscard]] ValueView id() const { return ValueView(body_); }
  [[nodiscard]] ValueView extras(const Schema& schema) const { return slot(schema.slot_count()); }
  // A top-level property by name: a slot, or a member of the extras.
  [[nodiscard]] ValueView field(const Schema& schema, std::string_view name) const;
  [[nodiscard]] ValueView field(const RowLayout& layout, std::string_view name) const;
  // The encoded size (a walk over the slots).
  [[nodiscard]] std::size_t size(const Schema& schema) const {
    return static_cast<std::size_t>(extras(schema).end() - body_);
  }

 private:
  const std::uint8_t* body_ = nullptr;
};

// A row's bytes owned: what encode_row produces before the table stores it.
class EncodedRow {
 public:
  EncodedRow() = default;
  explicit EncodedRow(std::string body) : bytes_(std::move(body)) {}

  [[nodiscard]] Row row() const { return Row(reinterpret_cast<const std::uint8_t*>(bytes_.data())); }
  operator Row() const { return row(); }  // NOLINT: a view of what it owns
  [[nodiscard]] std::string_view bytes() const { return bytes_; }
  [[nodiscard]] ValueView slot(std::size_t slot) const { return row().slot(slot); }
  [[nodiscard]] ValueView id() const { return row().id(); }
  [[nodiscard]] ValueView field(const Schema& schema, std::string_view name) const {
    return row().field(schema, name);
  }

 private:
  std::string bytes_;
};

// A row's values by slot (null for a property it lacks) and how many of its keys the
// schema does not define: the first half of encoding, for writers that look at (or
// supply) the id before the row is encoded.
class SlotValues {
 public:
  SlotValues(const Schema& schema, const Object& row);
  SlotValues(const SlotValues&) = delete;
  SlotValues& operator=(const SlotValues&) = delete;

  [[nodiscard]] const Value* at(std::size_t slot) const { return slots_[slot]; }
  void set(std::size_t slot, const Value* value) { slots_[slot] = value; }
  [[nodiscard]] std::size_t extra_count() const { return extra_count_; }
  [[nodiscard]] const Value* const* data() const { return slots_; }

 private:
  static constexpr std::size_t kInline = 32;
  std::array<const Value*, kInline> inline_{};
  std::vector<const Value*> heap_;
  const Value** slots_;
  std::size_t extra_count_ = 0;
};

// Appends the encoding of `row` to `out`.
void encode_row_into(const Schema& schema, const Object& row, std::string& out);
// The same from a row mapped to slots (`slots` may have been changed since, such as
// an id filled in); `row` supplies the undefined properties.
void encode_slots_into(const Schema& schema, const SlotValues& slots, const Object& row, std::string& out);
// The same from the slots' values (`slots[slot]`, null for a property the row lacks)
// and how many of `row`'s keys are not slots.
void encode_values_into(const Schema& schema, const Value* const* slots, std::size_t extra_count, const Object& row,
                        std::string& out);
[[nodiscard]] EncodedRow encode_row(const Schema& schema, const Object& row);

// The row as an Object: defined properties in definition order, then extras as
// written, absent ones left out. With `fields`, only those names (in that order).
[[nodiscard]] Object decode_row(Row row, const RowLayout& layout, const std::vector<std::string>* fields = nullptr);
[[nodiscard]] inline Object decode_row(Row row, const Schema& schema, const std::vector<std::string>* fields = nullptr) {
  return decode_row(row, *schema.layout(), fields);
}

// Appends `value` under `key` without an intermediate Value for scalars.
void append_decoded(Object& out, const std::string& key, ValueView value);

}  // namespace lb::memory
