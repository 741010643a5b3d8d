// lb::Value: the dynamic value every stage passes around (property values, filter
// operands, rows). It models what a LoopBack model property can hold, plus the two
// numeric kinds C++ callers need to keep apart (int64 and double).
#pragma once

#include <compare>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

namespace lb {

class Value;

// A point in time, UTC, with JavaScript's millisecond precision.
struct Date {
  std::int64_t ms_since_epoch = 0;
  friend bool operator==(const Date&, const Date&) = default;
  friend auto operator<=>(const Date&, const Date&) = default;
};

// LoopBack's GeoPoint: latitude and longitude in degrees.
struct GeoPoint {
  double lat = 0;
  double lng = 0;
  friend bool operator==(const GeoPoint&, const GeoPoint&) = default;
};

// Raw bytes (LoopBack's Buffer type).
struct Buffer {
  std::vector<std::uint8_t> bytes;
  friend bool operator==(const Buffer&, const Buffer&) = default;
};

using Array = std::vector<Value>;

// A JSON object that keeps insertion order, as JavaScript objects do for string keys.
// Lookups are linear: model rows and filters hold few keys, and a flat vector beats a
// hash map below a few dozen entries.
class Object {
 public:
  using Entry = std::pair<std::string, Value>;
  using iterator = std::vector<Entry>::iterator;
  using const_iterator = std::vector<Entry>::const_iterator;

  Object() = default;
  Object(std::initializer_list<Entry> entries);

  // nullptr when the key is absent.
  [[nodiscard]] const Value* find(std::string_view key) const;
  [[nodiscard]] Value* find(std::string_view key);
  [[nodiscard]] bool contains(std::string_view key) const { return find(key) != nullptr; }
  // Inserts null at the end when absent (like JavaScript assignment).
  Value& operator[](std::string_view key);
  // Replaces in place when present (keeping the position), appends otherwise.
  void insert_or_assign(std::string key, Value value);
  // Appends without checking for an existing key: for builders that know keys are new.
  // (A template so that keys and values are built in place, not moved twice.)
  template <typename Key, typename V>
  void push_back(Key&& key, V&& value);
  // Returns whether the key was present.
  bool erase(std::string_view key);

  // Defined after Value, which must be complete first.
  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] bool empty() const;
  void reserve(std::size_t n);
  iterator begin();
  iterator end();
  const_iterator begin() const;
  const_iterator end() const;

  friend bool operator==(const Object& a, const Object& b);

 private:
  std::vector<Entry> entries_;
};

// The value itself. Kinds, in the order of the total order below:
//
//   Null < Bool < Integer/Number < String < Date < GeoPoint < Buffer < Array < Object
//
// Equality and ordering:
// - Integer and Number are one numeric kind for comparison: 1 == 1.0, 1 < 1.5.
//   NaN equals NaN and sorts before every other number, so the order stays total.
// - false < true. Strings compare by UTF-8 bytes (code point order).
// - Dates by instant. GeoPoints by lat, then lng. Buffers bytewise.
// - Arrays lexicographically by element; Objects by their entries in insertion
//   order (key, then value), so {a:1,b:2} != {b:2,a:1}.
// - Values of different kinds order by kind, as listed above.
// This order is for sorting and indexing; LoopBack's filter operators (gt, lt, ...)
// compare only values of comparable kinds, and that rule lives in the filter stages.
class Value {
 public:
  enum class Kind { Null, Bool, Integer, Number, String, Date, GeoPoint, Buffer, Array, Object };

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : data_(b) {}
  Value(int i) : data_(static_cast<std::int64_t>(i)) {}
  Value(long i) : data_(static_cast<std::int64_t>(i)) {}
  Value(long long i) : data_(static_cast<std::int64_t>(i)) {}
  Value(unsigned i) : data_(static_cast<std::int64_t>(i)) {}
  Value(double d) : data_(d) {}
  Value(const char* s) : data_(std::string(s)) {}
  Value(std::string s) : data_(std::move(s)) {}
  Value(std::string_view s) : data_(std::string(s)) {}
  Value(Date d) : data_(d) {}
  Value(GeoPoint g) : data_(g) {}
  Value(Buffer b) : data_(std::move(b)) {}
  Value(Array a) : data_(std::move(a)) {}
  Value(Object o) : data_(std::move(o)) {}

  Value(const Value&) = default;
  Value(Value&&) noexcept = default;
  Value& operator=(const Value&) = default;
  Value& operator=(Value&&) noexcept = default;
  // Scalars die inline; containers go through destroy_container(), which bounds the
  // recursion so a deeply nested Value built in C++ cannot overflow the stack.
  ~Value() {
    if (is_array() || is_object()) destroy_container();
  }

  [[nodiscard]] Kind kind() const { return static_cast<Kind>(data_.index()); }
  [[nodiscard]] bool is_null() const { return kind() == Kind::Null; }
  [[nodiscard]] bool is_bool() const { return kind() == Kind::Bool; }
  [[nodiscard]] bool is_integer() const { return kind() == Kind::Integer; }
  [[nodiscard]] bool is_double() const { return kind() == Kind::Number; }
  // Integer or Number.
  [[nodiscard]] bool is_number() const { return is_integer() || is_double(); }
  [[nodiscard]] bool is_string() const { return kind() == Kind::String; }
  [[nodiscard]] bool is_date() const { return kind() == Kind::Date; }
  [[nodiscard]] bool is_geo_point() const { return kind() == Kind::GeoPoint; }
  [[nodiscard]] bool is_buffer() const { return kind() == Kind::Buffer; }
  [[nodiscard]] bool is_array() const { return kind() == Kind::Array; }
  [[nodiscard]] bool is_object() const { return kind() == Kind::Object; }

  // Accessors assert the kind (a programming error, never reachable from input).
  [[nodiscard]] bool as_bool() const;
  [[nodiscard]] std::int64_t as_integer() const;
  // Integer or Number, as a double.
  [[nodiscard]] double as_double() const;
  [[nodiscard]] const std::string& as_string() const;
  [[nodiscard]] Date as_date() const;
  [[nodiscard]] GeoPoint as_geo_point() const;
  [[nodiscard]] const Buffer& as_buffer() const;
  [[nodiscard]] const Array& as_array() const;
  [[nodiscard]] Array& as_array();
  [[nodiscard]] const Object& as_object() const;
  [[nodiscard]] Object& as_object();

  // Checked pointers: nullptr when the kind differs.
  [[nodiscard]] const std::int64_t* if_integer() const { return std::get_if<std::int64_t>(&data_); }
  [[nodiscard]] const double* if_double() const { return std::get_if<double>(&data_); }
  [[nodiscard]] const std::string* if_string() const { return std::get_if<std::string>(&data_); }
  [[nodiscard]] const Array* if_array() const { return std::get_if<Array>(&data_); }
  [[nodiscard]] const Object* if_object() const { return std::get_if<Object>(&data_); }
  [[nodiscard]] Object* if_object() { return std::get_if<Object>(&data_); }

  // Member lookup on an Object; nullptr for other kinds or absent keys.
  [[nodiscard]] const Value* find(std::string_view key) const;

  // Compact JSON text (see lb/json.hpp for the mapping of Date, GeoPoint and Buffer).
  [[nodiscard]] std::string to_json() const;

  // The name of a kind as used in error messages: "null", "boolean", "integer", ...
  [[nodiscard]] static const char* kind_name(Kind kind);

  friend bool operator==(const Value& a, const Value& b);
  friend std::strong_ordering operator<=>(const Value& a, const Value& b);

 private:
  void destroy_container();

  std::variant<std::monostate, bool, std::int64_t, double, std::string, Date, GeoPoint, Buffer,
               Array, Object>
      data_;
};

template <typename Key, typename V>
inline void Object::push_back(Key&& key, V&& value) {
  entries_.emplace_back(std::piecewise_construct, std::forward_as_tuple(std::forward<Key>(key)),
                        std::forward_as_tuple(std::forward<V>(value)));
}
inline std::size_t Object::size() const { return entries_.size(); }
inline bool Object::empty() const { return entries_.empty(); }
inline void Object::reserve(std::size_t n) { entries_.reserve(n); }
inline Object::iterator Object::begin() { return entries_.begin(); }
inline Object::iterator Object::end() { return entries_.end(); }
inline Object::const_iterator Object::begin() const { return entries_.begin(); }
inline Object::const_iterator Object::end() const { return entries_.end(); }

}  // namespace lb
