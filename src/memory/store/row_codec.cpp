// Row encoding and decoding (see row_codec.hpp for the layout).
#include "memory/store/row_codec.hpp"

#include <cstring>

namespace lb::memory {

EncodedRow::EncodedRow(std::string_view body) : bytes_(new std::uint8_t[body.size() + kHeader]) {
  auto size = static_cast<std::uint32_t>(body.size());
  std::memcpy(bytes_.get(), &size, kHeader);
  std::memcpy(bytes_.get() + kHeader, body.data(), body.size());
}

std::size_t EncodedRow::body_size() const {
  std::uint32_t size = 0;
  std::memcpy(&size, bytes_.get(), kHeader);
  return size;
}

ValueView EncodedRow::slot(std::size_t slot) const {
  const std::uint8_t* p = body();
  for (std::size_t i = 0; i < slot; ++i) p = ValueView(p).end();
  return ValueView(p);
}

ValueView EncodedRow::field(const Schema& schema, std::string_view name) const {
  if (auto slot_index = schema.slot_of(name)) return slot(*slot_index);
  return extras(schema).member(name);
}

EncodedRow encode_row(const Schema& schema, const Object& row) {
  std::string body;
  body.reserve(64);
  std::vector<const Value*> slots(schema.slot_count(), nullptr);
  std::size_t extra_count = 0;
  for (const auto& [key, value] : row) {
    if (auto slot = schema.slot_of(key)) {
      slots[*slot] = &value;
    } else {
      ++extra_count;
    }
  }
  for (const Value* value : slots) {
    if (value) {
      encode_value(*value, body);
    } else {
      encode_absent(body);
    }
  }
  if (extra_count == 0) {
    encode_absent(body);
  } else {
    Object extras;
    extras.reserve(extra_count);
    for (const auto& [key, value] : row) {
      if (!schema.slot_of(key)) extras.push_back(key, value);
    }
    encode_value(Value(std::move(extras)), body);
  }
  return EncodedRow(body);
}

Object decode_row(const EncodedRow& row, const Schema& schema, const std::vector<std::string>* fields) {
  std::vector<ValueView> slots(schema.slot_count() + 1);
  const std::uint8_t* p = row.body();
  for (ValueView& slot : slots) {
    slot = ValueView(p);
    p = slot.end();
  }
  const ValueView extras = slots.back();
  Object out;
  if (fields) {
    out.reserve(fields->size());
    for (const std::string& name : *fields) {
      auto slot = schema.slot_of(name);
      ValueView value = slot ? slots[*slot] : extras.member(name);
      if (!value.is_absent()) out.push_back(name, value.to_value());
    }
    return out;
  }
  out.reserve(schema.slot_count() + extras.container_size());
  for (std::size_t slot : schema.definition_order()) {
    if (!slots[slot].is_absent()) out.push_back(schema.slot_property(slot).name, slots[slot].to_value());
  }
  extras.for_each_member([&](std::string_view key, ValueView value) {
    out.push_back(std::string(key), value.to_value());
    return true;
  });
  return out;
}

}  // namespace lb::memory
