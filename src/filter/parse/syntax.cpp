// filter::Syntax helpers: operator names, property paths, include equality, and the
// message and array-like helpers the parse stage's files share.
#include "lb/filter/syntax.hpp"

#include <fmt/format.h>

#include "filter/parse/filter_parser.hpp"
#include "lb/json.hpp"

namespace lb::filter {

const char* operator_name(Operator op) {
  switch (op) {
    case Operator::Eq: return "eq";
    case Operator::Neq: return "neq";
    case Operator::Gt: return "gt";
    case Operator::Gte: return "gte";
    case Operator::Lt: return "lt";
    case Operator::Lte: return "lte";
    case Operator::Between: return "between";
    case Operator::Inq: return "inq";
    case Operator::Nin: return "nin";
    case Operator::Like: return "like";
    case Operator::Nlike: return "nlike";
    case Operator::Ilike: return "ilike";
    case Operator::Nilike: return "nilike";
    case Operator::Regexp: return "regexp";
    case Operator::Exists: return "exists";
    case Operator::Near: return "near";
  }
  return "?";
}

std::string path_to_string(const PropertyPath& path) {
  std::string out;
  for (const auto& segment : path) {
    if (!out.empty()) out += '.';
    out += segment;
  }
  return out;
}

bool operator==(const IncludeSpec& a, const IncludeSpec& b) {
  if (a.relation != b.relation) return false;
  if (!a.scope || !b.scope) return a.scope == b.scope;
  return *a.scope == *b.scope;
}

Error parse_error(std::string_view path, std::string_view what) {
  return invalid_input(fmt::format("{}: {}", path, what));
}

const char* kind_word(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null: return "null";
    case Value::Kind::Bool: return "boolean";
    case Value::Kind::Integer:
    case Value::Kind::Number: return "number";
    case Value::Kind::String: return "string";
    case Value::Kind::Date: return "date";
    case Value::Kind::GeoPoint: return "geo point";
    case Value::Kind::Buffer: return "buffer";
    case Value::Kind::Array: return "array";
    case Value::Kind::Object: return "object";
  }
  return "value";
}

std::string quoted(std::string_view text) { return to_json(Value(text)); }

template <WalkedValue V>
std::optional<ArrayLike<V>> as_array_like(V& v) {
  if (auto array = array_of(v)) return ArrayLike<V>(std::move(array));
  auto object = object_of(v);
  if (!object || object->empty()) return std::nullopt;
  // Keys must be exactly "0".."n-1", in any order (JavaScript enumerates integer keys
  // in numeric order whatever the insertion order).
  std::vector<V*> slots(object->size(), nullptr);
  for (auto&& [key, value] : *object) {
    if (key.empty() || key.size() > 9 || (key.size() > 1 && key[0] == '0')) return std::nullopt;
    std::size_t index = 0;
    for (char c : key) {
      if (c < '0' || c > '9') return std::nullopt;
      index = index * 10 + static_cast<std::size_t>(c - '0');
    }
    if (index >= slots.size() || slots[index]) return std::nullopt;
    slots[index] = &value;
  }
  return ArrayLike<V>(std::move(slots));
}

template <WalkedValue V>
Array ArrayLike<V>::take_all() const {
  if (array_) return take(*array_);
  Array out;
  out.reserve(slots_.size());
  for (V* item : slots_) out.push_back(take(*item));
  return out;
}

template class ArrayLike<const Value>;
template class ArrayLike<Value>;
template class ArrayLike<const TapeValue>;
template std::optional<ArrayLike<const Value>> as_array_like(const Value& v);
template std::optional<ArrayLike<Value>> as_array_like(Value& v);
template std::optional<ArrayLike<const TapeValue>> as_array_like(const TapeValue& v);

}  // namespace lb::filter
