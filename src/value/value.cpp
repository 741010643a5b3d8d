// lb::Value and lb::Object: construction, access and member lookup.
#include "lb/value.hpp"

#include <cassert>
#include <vector>

#include "lb/json.hpp"

namespace lb {

Object::Object(std::initializer_list<Entry> entries) {
  entries_.reserve(entries.size());
  for (const auto& e : entries) insert_or_assign(e.first, e.second);
}

const Value* Object::find(std::string_view key) const {
  for (const auto& e : entries_)
    if (e.first == key) return &e.second;
  return nullptr;
}

Value* Object::find(std::string_view key) {
  for (auto& e : entries_)
    if (e.first == key) return &e.second;
  return nullptr;
}

Value& Object::operator[](std::string_view key) {
  if (Value* v = find(key)) return *v;
  entries_.emplace_back(std::string(key), Value());
  return entries_.back().second;
}

void Object::insert_or_assign(std::string key, Value value) {
  if (Value* v = find(key)) {
    *v = std::move(value);
    return;
  }
  entries_.emplace_back(std::move(key), std::move(value));
}

bool Object::erase(std::string_view key) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->first == key) {
      entries_.erase(it);
      return true;
    }
  }
  return false;
}

bool operator==(const Object& a, const Object& b) { return a.entries_ == b.entries_; }

namespace {

// How many container destructors are running on this thread, one inside another.
thread_local int destruction_depth = 0;
// Below this depth, nested containers are destroyed by plain recursion (cheap, no
// allocation); beyond it, iteratively, so the stack stays bounded.
constexpr int kMaxRecursiveDestruction = 64;

bool is_nonempty_container(const Value& v) {
  if (const Array* a = v.if_array()) return !a->empty();
  if (const Object* o = v.if_object()) return !o->empty();
  return false;
}

// Moves v's non-empty container children onto `pending` and empties v.
void detach_children(Value& v, std::vector<Value>& pending) {
  if (v.is_array()) {
    for (Value& child : v.as_array())
      if (is_nonempty_container(child)) pending.push_back(std::move(child));
    v.as_array().clear();
  } else if (v.is_object()) {
    for (auto& entry : v.as_object())
      if (is_nonempty_container(entry.second)) pending.push_back(std::move(entry.second));
    v.as_object() = Object();
  }
}

}  // namespace

void Value::destroy_container() {
  if (destruction_depth < kMaxRecursiveDestruction) {
    // Destroy the children here, inside the counted region; the variant then frees an
    // empty container.
    ++destruction_depth;
    if (Array* a = std::get_if<Array>(&data_)) a->clear();
    else std::get<Object>(data_) = Object();
    --destruction_depth;
    return;
  }
  std::vector<Value> pending;
  detach_children(*this, pending);
  while (!pending.empty()) {
    Value next = std::move(pending.back());
    pending.pop_back();
    detach_children(next, pending);
  }
}

bool Value::as_bool() const {
  assert(is_bool() && "Value::as_bool on another kind");
  return std::get<bool>(data_);
}

std::int64_t Value::as_integer() const {
  assert(is_integer() && "Value::as_integer on another kind");
  return std::get<std::int64_t>(data_);
}

double Value::as_double() const {
  assert(is_number() && "Value::as_double on a non-number");
  if (is_integer()) return static_cast<double>(std::get<std::int64_t>(data_));
  return std::get<double>(data_);
}

const std::string& Value::as_string() const {
  assert(is_string() && "Value::as_string on another kind");
  return std::get<std::string>(data_);
}

Date Value::as_date() const {
  assert(is_date() && "Value::as_date on another kind");
  return std::get<Date>(data_);
}

GeoPoint Value::as_geo_point() const {
  assert(is_geo_point() && "Value::as_geo_point on another kind");
  return std::get<GeoPoint>(data_);
}

const Buffer& Value::as_buffer() const {
  assert(is_buffer() && "Value::as_buffer on another kind");
  return std::get<Buffer>(data_);
}

const Array& Value::as_array() const {
  assert(is_array() && "Value::as_array on another kind");
  return std::get<Array>(data_);
}

Array& Value::as_array() {
  assert(is_array() && "Value::as_array on another kind");
  return std::get<Array>(data_);
}

const Object& Value::as_object() const {
  assert(is_object() && "Value::as_object on another kind");
  return std::get<Object>(data_);
}

Object& Value::as_object() {
  assert(is_object() && "Value::as_object on another kind");
  return std::get<Object>(data_);
}

const Value* Value::find(std::string_view key) const {
  const Object* o = if_object();
  return o ? o->find(key) : nullptr;
}

std::string Value::to_json() const { return lb::to_json(*this); }

const char* Value::kind_name(Kind kind) {
  switch (kind) {
    case Kind::Null: return "null";
    case Kind::Bool: return "boolean";
    case Kind::Integer: return "integer";
    case Kind::Number: return "number";
    case Kind::String: return "string";
    case Kind::Date: return "date";
    case Kind::GeoPoint: return "geopoint";
    case Kind::Buffer: return "buffer";
    case Kind::Array: return "array";
    case Kind::Object: return "object";
  }
  return "unknown";
}

}  // namespace lb
