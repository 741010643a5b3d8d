// The compact tagged encoding rows are stored in, and ValueView, a read-only cursor
// over one encoded value. Predicates and sort keys read fields through views, so a
// row is never decoded to an lb::Object just to be tested.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "lb/value.hpp"

namespace lb::memory {

// One byte before every value. Absent appears only in a row's property slots (a
// property the row does not have); everything else mirrors lb::Value's kinds.
enum class Tag : std::uint8_t {
  Absent = 0,
  Null,
  False,
  True,
  Integer,   // zigzag varint: small ids and counts take one to three bytes
  Number,    // 8-byte IEEE double
  String,    // varint length, bytes
  Date,      // zigzag varint of milliseconds since the epoch
  GeoPoint,  // two 8-byte doubles, lat then lng
  Buffer,    // varint length, bytes
  Array,     // varint body length, varint count, elements
  Object,    // varint body length, varint count, (varint key length, key, value)*
};

// Appends the encoding of `value` to `out`.
void encode_value(const Value& value, std::string& out);
void encode_absent(std::string& out);
// For writers that encode a whole row at once: the most bytes a scalar (null, bool,
// number, string, date, GeoPoint) encodes to, 0 for a buffer or container; and the
// scalar's encoding written at `out`, returning the end.
[[nodiscard]] std::size_t scalar_size_bound(const Value& value);
char* encode_scalar(const Value& value, char* out);
// encode_scalar for a writer with `limit - out` bytes of room: null when the value is
// no scalar (`need` 0) or needs more room than that (`need`: the room it needs).
// Inline: a batch insert calls it for every value of every row.
inline char* encode_scalar_within(const Value& value, char* out, const char* limit, std::size_t& need);
void put_varint(std::uint64_t v, std::string& out);

// A view of one encoded value. The bytes belong to a stored row (or an encoded
// operand) and must outlive the view; a default view is Absent.
class ValueView {
 public:
  ValueView() = default;
  explicit ValueView(const std::uint8_t* at) : at_(at) {}

  [[nodiscard]] Tag tag() const { return at_ ? static_cast<Tag>(*at_) : Tag::Absent; }
  [[nodiscard]] bool is_absent() const { return tag() == Tag::Absent; }
  // Absent or null: "no value" for eq null, exists and sorting.
  [[nodiscard]] bool is_nullish() const { return tag() == Tag::Absent || tag() == Tag::Null; }
  [[nodiscard]] bool is_number() const { return tag() == Tag::Integer || tag() == Tag::Number; }
  [[nodiscard]] bool is_array() const { return tag() == Tag::Array; }
  [[nodiscard]] bool is_object() const { return tag() == Tag::Object; }

  [[nodiscard]] bool as_bool() const { return tag() == Tag::True; }
  [[nodiscard]] std::int64_t as_integer() const;
  [[nodiscard]] double as_double() const;  // Integer or Number
  [[nodiscard]] std::string_view as_string() const;  // String or Buffer bytes
  [[nodiscard]] Date as_date() const;
  [[nodiscard]] GeoPoint as_geo_point() const;
  // (These and end() are inline: every slot walk and comparison goes through them.)

  // Array elements / object entries, in order. Returns false from `fn` to stop.
  template <typename Fn>
  void for_each_element(Fn&& fn) const;
  template <typename Fn>
  void for_each_member(Fn&& fn) const;  // fn(std::string_view key, ValueView value)
  [[nodiscard]] std::size_t container_size() const;
  // The member `key` of an Object (Absent when missing or not an object).
  [[nodiscard]] ValueView member(std::string_view key) const;

  // The first byte after this value: lets a reader skip a value without decoding it.
  [[nodiscard]] const std::uint8_t* end() const;
  [[nodiscard]] const std::uint8_t* data() const { return at_; }

  // Decodes to an lb::Value (Absent decodes to null).
  [[nodiscard]] Value to_value() const;

 private:
  // The first element/entry and how many there are.
  [[nodiscard]] const std::uint8_t* container_begin(std::size_t& count) const;
  const std::uint8_t* at_ = nullptr;
};

inline std::uint64_t get_varint(const std::uint8_t*& p) {
  if (*p < 0x80) return *p++;  // one byte: small ids, lengths and counts
  std::uint64_t v = 0;
  int shift = 0;
  while (*p & 0x80) {
    v |= static_cast<std::uint64_t>(*p & 0x7f) << shift;
    shift += 7;
    ++p;
  }
  v |= static_cast<std::uint64_t>(*p) << shift;
  ++p;
  return v;
}

inline std::int64_t unzigzag(std::uint64_t v) {
  return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

inline std::int64_t ValueView::as_integer() const {
  const std::uint8_t* p = at_ + 1;
  return unzigzag(get_varint(p));
}

inline double ValueView::as_double() const {
  if (tag() == Tag::Integer) return static_cast<double>(as_integer());
  double d = 0;
  std::memcpy(&d, at_ + 1, sizeof d);
  return d;
}

inline std::string_view ValueView::as_string() const {
  const std::uint8_t* p = at_ + 1;
  std::size_t length = get_varint(p);
  return {reinterpret_cast<const char*>(p), length};
}

inline Date ValueView::as_date() const {
  const std::uint8_t* p = at_ + 1;
  return Date{unzigzag(get_varint(p))};
}

inline GeoPoint ValueView::as_geo_point() const {
  GeoPoint g;
  std::memcpy(&g.lat, at_ + 1, sizeof g.lat);
  std::memcpy(&g.lng, at_ + 9, sizeof g.lng);
  return g;
}

inline const std::uint8_t* ValueView::end() const {
  // Every slot walk skips values through here: the fixed sizes come from a table, the
  // rest from a varint (integers and dates) or a length prefix (strings, buffers,
  // containers). A view being skipped is never the default (null) one.
  static constexpr std::int8_t kVarint = -1, kLength = -2;
  static constexpr std::int8_t kSize[] = {
      0,        // Absent
      0,        // Null
      0,        // False
      0,        // True
      kVarint,  // Integer
      8,        // Number
      kLength,  // String
      kVarint,  // Date
      16,       // GeoPoint
      kLength,  // Buffer
      kLength,  // Array
      kLength,  // Object
  };
  const std::uint8_t* p = at_ + 1;
  const std::int8_t size = kSize[*at_];
  if (size >= 0) return p + size;
  if (size == kVarint) {
    while (*p & 0x80) ++p;
    return p + 1;
  }
  const std::size_t length = get_varint(p);
  return p + length;
}

template <typename Fn>
void ValueView::for_each_element(Fn&& fn) const {
  if (tag() != Tag::Array) return;
  std::size_t count = 0;
  const std::uint8_t* p = container_begin(count);
  for (std::size_t i = 0; i < count; ++i) {
    ValueView element(p);
    if (!fn(element)) return;
    p = element.end();
  }
}

template <typename Fn>
void ValueView::for_each_member(Fn&& fn) const {
  if (tag() != Tag::Object) return;
  std::size_t count = 0;
  const std::uint8_t* p = container_begin(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t key_length = get_varint(p);
    std::string_view key(reinterpret_cast<const char*>(p), key_length);
    ValueView value(p + key_length);
    if (!fn(key, value)) return;
    p = value.end();
  }
}

inline std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}

inline char* put_varint_at(std::uint64_t v, char* out) {
  while (v >= 0x80) {
    *out++ = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  *out++ = static_cast<char>(v);
  return out;
}

inline char* put_double_at(double d, char* out) {
  std::memcpy(out, &d, sizeof d);
  return out + sizeof d;
}

// The first and the last sizeof(Word) bytes of n (overlapping when n < 2 words): all
// of them for sizeof(Word) <= n <= 2 * sizeof(Word).
template <typename Word>
inline void copy_ends(const char* from, std::size_t n, char* to) {
  Word a = 0, b = 0;
  std::memcpy(&a, from, sizeof(Word));
  std::memcpy(&b, from + n - sizeof(Word), sizeof(Word));
  std::memcpy(to, &a, sizeof(Word));
  std::memcpy(to + n - sizeof(Word), &b, sizeof(Word));
}

// memcpy for the short strings rows are mostly made of: a word or two, overlapping,
// with no call.
inline void copy_short(const char* from, std::size_t n, char* to) {
  if (n > 16) {
    std::memcpy(to, from, n);
  } else if (n >= 8) {
    copy_ends<std::uint64_t>(from, n, to);
  } else if (n >= 4) {
    copy_ends<std::uint32_t>(from, n, to);
  } else {
    for (std::size_t i = 0; i < n; ++i) to[i] = from[i];
  }
}

inline char* encode_scalar_within(const Value& value, char* out, const char* limit, std::size_t& need) {
  const auto room = static_cast<std::size_t>(limit - out);
  switch (value.kind()) {
    case Value::Kind::String: {
      const std::string& text = *value.if_string();
      need = 11 + text.size();  // tag, a varint length, the bytes
      if (room < need) return nullptr;
      *out++ = static_cast<char>(Tag::String);
      out = put_varint_at(text.size(), out);
      copy_short(text.data(), text.size(), out);
      return out + text.size();
    }
    case Value::Kind::Number:
      need = 9;
      if (room < need) return nullptr;
      *out++ = static_cast<char>(Tag::Number);
      return put_double_at(value.as_double(), out);
    case Value::Kind::Integer:
    case Value::Kind::Date: {
      // An integer, or a date's milliseconds: the tag, then a zigzag varint.
      need = 11;
      if (room < need) return nullptr;
      const bool date = value.kind() == Value::Kind::Date;
      *out++ = static_cast<char>(date ? Tag::Date : Tag::Integer);
      return put_varint_at(zigzag(date ? value.as_date().ms_since_epoch : value.as_integer()), out);
    }
    case Value::Kind::GeoPoint: {
      need = 17;
      if (room < need) return nullptr;
      const GeoPoint g = value.as_geo_point();
      *out++ = static_cast<char>(Tag::GeoPoint);
      out = put_double_at(g.lat, out);
      return put_double_at(g.lng, out);
    }
    case Value::Kind::Null:
    case Value::Kind::Bool:
      need = 1;
      if (room < need) return nullptr;
      *out++ = static_cast<char>(value.is_null() ? Tag::Null : value.as_bool() ? Tag::True : Tag::False);
      return out;
    default:
      need = 0;
      return nullptr;
  }
}

}  // namespace lb::memory
