// Encoding and decoding of single values in the row format (see value_view.hpp).
#include "memory/store/value_view.hpp"

#include <cstring>

namespace lb::memory {
namespace {

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

std::size_t scalar_size_bound(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Null:
    case Value::Kind::Bool:
      return 1;
    case Value::Kind::Integer:
    case Value::Kind::Date:
      return 11;  // tag and a ten-byte varint at most
    case Value::Kind::Number:
      return 9;
    case Value::Kind::String:
      return 11 + value.as_string().size();
    case Value::Kind::GeoPoint:
      return 17;
    default:
      return 0;
  }
}

char* encode_scalar(const Value& value, char* out) {
  switch (value.kind()) {
    case Value::Kind::Null:
      *out++ = static_cast<char>(Tag::Null);
      return out;
    case Value::Kind::Bool:
      *out++ = static_cast<char>(value.as_bool() ? Tag::True : Tag::False);
      return out;
    case Value::Kind::Integer:
      *out++ = static_cast<char>(Tag::Integer);
      return put_varint_at(zigzag(value.as_integer()), out);
    case Value::Kind::Number:
      *out++ = static_cast<char>(Tag::Number);
      return put_double_at(value.as_double(), out);
    case Value::Kind::String: {
      const std::string& text = value.as_string();
      *out++ = static_cast<char>(Tag::String);
      out = put_varint_at(text.size(), out);
      std::memcpy(out, text.data(), text.size());
      return out + text.size();
    }
    case Value::Kind::Date:
      *out++ = static_cast<char>(Tag::Date);
      return put_varint_at(zigzag(value.as_date().ms_since_epoch), out);
    case Value::Kind::GeoPoint:
      *out++ = static_cast<char>(Tag::GeoPoint);
      out = put_double_at(value.as_geo_point().lat, out);
      return put_double_at(value.as_geo_point().lng, out);
    default:
      return out;  // not a scalar: scalar_size_bound() said 0
  }
}

void encode_value(const Value& value, std::string& out) {
  if (const std::size_t bound = scalar_size_bound(value)) {
    const std::size_t start = out.size();
    out.resize(start + bound);
    char* end = encode_scalar(value, out.data() + start);
    out.resize(static_cast<std::size_t>(end - out.data()));
    return;
  }
  switch (value.kind()) {
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
    default:
      return;  // scalars: above
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
