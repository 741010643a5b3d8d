// Encoding and decoding of single values in the row format (see value_view.hpp).
#include "memory/store/value_view.hpp"

#include <cstring>

namespace lb::memory {
namespace {

std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}

void put_double(double d, std::string& out) {
  char bytes[sizeof d];
  std::memcpy(bytes, &d, sizeof d);
  out.append(bytes, sizeof d);
}

void put_tag(Tag tag, std::string& out) { out.push_back(static_cast<char>(tag)); }

// Containers carry their body length so that a reader can skip them in O(1).
template <typename Fn>
void put_container(Tag tag, std::size_t count, std::string& out, Fn&& body_writer) {
  std::string body;
  put_varint(count, body);
  body_writer(body);
  put_tag(tag, out);
  put_varint(body.size(), out);
  out += body;
}

}  // namespace

void put_varint(std::uint64_t v, std::string& out) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void encode_absent(std::string& out) { put_tag(Tag::Absent, out); }

void encode_value(const Value& value, std::string& out) {
  switch (value.kind()) {
    case Value::Kind::Null:
      put_tag(Tag::Null, out);
      return;
    case Value::Kind::Bool:
      put_tag(value.as_bool() ? Tag::True : Tag::False, out);
      return;
    case Value::Kind::Integer:
      put_tag(Tag::Integer, out);
      put_varint(zigzag(value.as_integer()), out);
      return;
    case Value::Kind::Number:
      put_tag(Tag::Number, out);
      put_double(value.as_double(), out);
      return;
    case Value::Kind::String:
      put_tag(Tag::String, out);
      put_varint(value.as_string().size(), out);
      out += value.as_string();
      return;
    case Value::Kind::Date:
      put_tag(Tag::Date, out);
      put_varint(zigzag(value.as_date().ms_since_epoch), out);
      return;
    case Value::Kind::GeoPoint:
      put_tag(Tag::GeoPoint, out);
      put_double(value.as_geo_point().lat, out);
      put_double(value.as_geo_point().lng, out);
      return;
    case Value::Kind::Buffer: {
      const auto& bytes = value.as_buffer().bytes;
      put_tag(Tag::Buffer, out);
      put_varint(bytes.size(), out);
      out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      return;
    }
    case Value::Kind::Array:
      put_container(Tag::Array, value.as_array().size(), out, [&](std::string& body) {
        for (const Value& element : value.as_array()) encode_value(element, body);
      });
      return;
    case Value::Kind::Object:
      put_container(Tag::Object, value.as_object().size(), out, [&](std::string& body) {
        for (const auto& [key, member] : value.as_object()) {
          put_varint(key.size(), body);
          body += key;
          encode_value(member, body);
        }
      });
      return;
  }
}

const std::uint8_t* ValueView::container_begin(std::size_t& count) const {
  const std::uint8_t* p = at_ + 1;
  (void)get_varint(p);  // body length
  count = get_varint(p);
  return p;
}

std::size_t ValueView::container_size() const {
  if (tag() != Tag::Array && tag() != Tag::Object) return 0;
  std::size_t count = 0;
  (void)container_begin(count);
  return count;
}

ValueView ValueView::member(std::string_view key) const {
  ValueView found;
  for_each_member([&](std::string_view k, ValueView v) {
    if (k != key) return true;
    found = v;
    return false;
  });
  return found;
}

Value ValueView::to_value() const {
  switch (tag()) {
    case Tag::Absent:
    case Tag::Null:
      return Value();
    case Tag::False:
      return Value(false);
    case Tag::True:
      return Value(true);
    case Tag::Integer:
      return Value(static_cast<long long>(as_integer()));
    case Tag::Number:
      return Value(as_double());
    case Tag::String:
      return Value(std::string(as_string()));
    case Tag::Date:
      return Value(as_date());
    case Tag::GeoPoint:
      return Value(as_geo_point());
    case Tag::Buffer: {
      std::string_view bytes = as_string();
      return Value(Buffer{std::vector<std::uint8_t>(bytes.begin(), bytes.end())});
    }
    case Tag::Array: {
      Array array;
      array.reserve(container_size());
      for_each_element([&](ValueView element) {
        array.push_back(element.to_value());
        return true;
      });
      return Value(std::move(array));
    }
    case Tag::Object: {
      Object object;
      object.reserve(container_size());
      for_each_member([&](std::string_view key, ValueView member) {
        object.push_back(std::string(key), member.to_value());
        return true;
      });
      return Value(std::move(object));
    }
  }
  return Value();
}

}  // namespace lb::memory
