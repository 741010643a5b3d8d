// Row encoding and decoding (see row_codec.hpp for the layout). Decoding is on the
// path of every result row, so it builds each entry in place: one allocation for the
// Object's entries, none for short strings.
#include "memory/store/row_codec.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace lb::memory {

ValueView Row::field(const Schema& schema, std::string_view name) const {
  if (auto slot_index = schema.slot_of(name)) return slot(*slot_index);
  return extras(schema).member(name);
}


SlotValues::SlotValues(const Schema& schema, const Object& row) : slots_(inline_.data()) {
  if (schema.slot_count() > kInline) {
    heap_.assign(schema.slot_count(), nullptr);
    slots_ = heap_.data();
  }
  // Rows usually come in definition order: the property after the last one found is
  // tried before a search.
  const RowLayout& layout = *schema.layout();
  std::size_t next = 0;
  for (const auto& [key, value] : row) {
    std::optional<std::size_t> slot;
    if (next < layout.definition_order.size() && same_bytes(layout.slot_names[layout.definition_order[next]], key)) {
      slot = layout.definition_order[next++];
    } else if ((slot = layout.slot_of(key))) {
      // Carry on from this property (the id, say, may come last but be defined first).
      next = static_cast<std::size_t>(
                 std::find(layout.definition_order.begin(), layout.definition_order.end(), *slot) -
                 layout.definition_order.begin()) +
             1;
    }
    if (slot) {
      slots_[*slot] = &value;
    } else {
      ++extra_count_;
    }
  }
}

void encode_slots_into(const Schema& schema, const SlotValues& slots, const Object& row, std::string& out) {
  encode_values_into(schema, slots.data(), slots.extra_count(), row, out);
}

void encode_values_into(const Schema& schema, const Value* const* slot_values, std::size_t extra_count,
                        const Object& row, std::string& out) {
  struct Slots {
    const Value* const* values;
    std::size_t extras;
    const Value* at(std::size_t slot) const { return values[slot]; }
    std::size_t extra_count() const { return extras; }
  } slots{slot_values, extra_count};
  // A row of scalars (the usual kind) is written in one go into room made for its
  // largest possible encoding, then trimmed.
  std::size_t bound = 1;  // the extras' Absent
  bool scalars = slots.extra_count() == 0;
  for (std::size_t slot = 0; scalars && slot < schema.slot_count(); ++slot) {
    const Value* value = slots.at(slot);
    const std::size_t size = value ? scalar_size_bound(*value) : 1;
    scalars = size != 0;
    bound += size;
  }
  if (scalars) {
    const std::size_t start = out.size();
    out.resize(start + bound);
    char* p = out.data() + start;
    for (std::size_t slot = 0; slot < schema.slot_count(); ++slot) {
      if (const Value* value = slots.at(slot)) {
        p = encode_scalar(*value, p);
      } else {
        *p++ = static_cast<char>(Tag::Absent);
      }
    }
    *p++ = static_cast<char>(Tag::Absent);
    out.resize(static_cast<std::size_t>(p - out.data()));
    return;
  }
  for (std::size_t slot = 0; slot < schema.slot_count(); ++slot) {
    if (const Value* value = slots.at(slot)) {
      encode_value(*value, out);
    } else {
      encode_absent(out);
    }
  }
  if (slots.extra_count() == 0) {
    encode_absent(out);
  } else {
    Object extras;
    extras.reserve(slots.extra_count());
    for (const auto& [key, value] : row) {
      if (!schema.slot_of(key)) extras.push_back(key, value);
    }
    encode_value(Value(std::move(extras)), out);
  }
}

void encode_row_into(const Schema& schema, const Object& row, std::string& out) {
  const SlotValues slots(schema, row);
  encode_slots_into(schema, slots, row, out);
}

EncodedRow encode_row(const Schema& schema, const Object& row) {
  std::string body;
  body.reserve(64);
  encode_row_into(schema, row, body);
  return EncodedRow(std::move(body));
}

void append_decoded(Object& out, const std::string& key, ValueView value) {
  switch (value.tag()) {
    case Tag::Absent:
    case Tag::Null:
      out.push_back(key, nullptr);
      return;
    case Tag::False:
      out.push_back(key, false);
      return;
    case Tag::True:
      out.push_back(key, true);
      return;
    case Tag::Integer:
      out.push_back(key, static_cast<long long>(value.as_integer()));
      return;
    case Tag::Number:
      out.push_back(key, value.as_double());
      return;
    case Tag::String:
      out.push_back(key, value.as_string());
      return;
    case Tag::Date:
      out.push_back(key, value.as_date());
      return;
    case Tag::GeoPoint:
      out.push_back(key, value.as_geo_point());
      return;
    default:
      out.push_back(key, value.to_value());
      return;
  }
}

ValueView Row::field(const RowLayout& layout, std::string_view name) const {
  if (auto slot_index = layout.slot_of(name)) return slot(*slot_index);
  return slot(layout.slot_count()).member(name);
}

Object decode_row(Row row, const RowLayout& schema, const std::vector<std::string>* fields) {
  if (!fields && schema.identity_order) {
    // The usual layout (the id defined first): one pass, decoding as it goes.
    Object out;
    out.reserve(schema.slot_count());
    const std::uint8_t* p = row.body();
    for (std::size_t slot = 0; slot < schema.slot_count(); ++slot) {
      ValueView value(p);
      p = value.end();
      if (!value.is_absent()) append_decoded(out, schema.slot_names[slot], value);
    }
    ValueView extras(p);
    if (!extras.is_absent()) {
      out.reserve(out.size() + extras.container_size());
      extras.for_each_member([&](std::string_view key, ValueView value) {
        out.push_back(std::string(key), value.to_value());
        return true;
      });
    }
    return out;
  }
  // Where each slot starts (raw pointers: left uninitialised, unlike views).
  constexpr std::size_t kInline = 33;
  const std::uint8_t* inline_starts[kInline];
  std::vector<const std::uint8_t*> heap_starts;
  const std::size_t count = schema.slot_count() + 1;
  const std::uint8_t** starts = inline_starts;
  if (count > kInline) {
    heap_starts.resize(count);
    starts = heap_starts.data();
  }
  const std::uint8_t* p = row.body();
  std::size_t present = 0;
  for (std::size_t i = 0; i < count; ++i) {
    starts[i] = p;
    ValueView value(p);
    present += value.is_absent() ? 0 : 1;
    p = value.end();
  }
  auto slots = [&](std::size_t i) { return ValueView(starts[i]); };
  const ValueView extras = slots(count - 1);
  Object out;
  if (fields) {
    out.reserve(fields->size());
    for (const std::string& name : *fields) {
      auto slot = schema.slot_of(name);
      ValueView value = slot ? slots(*slot) : extras.member(name);
      if (!value.is_absent()) append_decoded(out, name, value);
    }
    return out;
  }
  const std::size_t extra_count = extras.container_size();
  out.reserve(present - (extras.is_absent() ? 0 : 1) + extra_count);
  for (std::size_t slot : schema.definition_order) {
    ValueView value = slots(slot);
    if (!value.is_absent()) append_decoded(out, schema.slot_names[slot], value);
  }
  if (extra_count) {
    extras.for_each_member([&](std::string_view key, ValueView value) {
      out.push_back(std::string(key), value.to_value());
      return true;
    });
  }
  return out;
}

}  // namespace lb::memory
