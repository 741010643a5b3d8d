// Internals of the parse stage shared by its files: the state of one parse (limits and
// the condition budget), the walked tree's ownership, messages, and the parser of each
// filter part.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "filter/parse/json_tape.hpp"
#include "filter/parse/lazy_key_path.hpp"
#include "filter/parse/take.hpp"
#include "lb/error.hpp"
#include "lb/filter/limits.hpp"
#include "lb/filter/syntax.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb::filter {

// One parse_filter/parse_where call. The condition count spans the whole filter,
// include scopes too, so that a filter cannot multiply its work through scopes.
struct ParseState {
  const Limits& limits;
  std::size_t conditions = 0;
};

// A 400 whose message is "<path>: <what>".
[[nodiscard]] Error parse_error(std::string_view path, std::string_view what);
[[nodiscard]] inline Error parse_error(const LazyKeyPath& path, std::string_view what) {
  return parse_error(path.str(), what);
}
// Whether `key` is the literal: for the walk's many compares against short keys and
// operator names, written out so that it compiles to a length test and a few byte
// compares instead of a call to memcmp.
template <std::size_t N>
[[nodiscard]] constexpr bool is_key(std::string_view key, const char (&literal)[N]) {
  if (key.size() != N - 1) return false;
  for (std::size_t i = 0; i + 1 < N; ++i)
    if (key[i] != literal[i]) return false;
  return true;
}

// "string", "number", "object", ... for "expected X, got Y" messages.
[[nodiscard]] const char* kind_word(const Value& v);
// `"text"` quoted as JSON, for messages.
[[nodiscard]] std::string quoted(std::string_view text);

// The walker is one template over the tree it reads: `const Value` for a Value the
// caller lends (operands are copied into the Syntax), `Value` for one the parse owns
// (operands are moved out, which saves a copy of every string and array), and
// `const TapeValue` for JSON text read onto a tape (json_tape.hpp: operands are built
// from it, nothing else is). All instantiations live in the parse stage's .cpp files.
// A walk may leave an owned tree gutted, so nothing may read a part after taking it.
//
// What the walker asks of a tree, the same for the three: is_null(), is_string(), ...,
// if_string() (a pointer or an optional to test and dereference), as_string(),
// to_json(), kind_word(v); object_of(v) and array_of(v) (a pointer or an optional view,
// iterated in order: members as [key, value] pairs, bound with `auto&&`); find(key) on
// an object; take(part) for what the Syntax keeps, copy_of(part) for what it copies.
template <class V>
concept ValueTree = std::is_same_v<V, const Value> || std::is_same_v<V, Value>;
template <class V>
concept WalkedValue = ValueTree<V> || std::is_same_v<V, const TapeValue>;

template <class V>
struct WalkedParts {
  using Object = std::conditional_t<std::is_const_v<V>, const lb::Object, lb::Object>;
  using Array = std::conditional_t<std::is_const_v<V>, const lb::Array, lb::Array>;
};
template <>
struct WalkedParts<const TapeValue> {
  using Object = const TapeObject;
  using Array = const TapeArray;
};
template <class V>
using ObjectOf = typename WalkedParts<V>::Object;
template <class V>
using ArrayOf = typename WalkedParts<V>::Array;

template <ValueTree V>
[[nodiscard]] ObjectOf<V>* object_of(V& v) {
  return v.if_object();
}
template <ValueTree V>
[[nodiscard]] ArrayOf<V>* array_of(V& v) {
  return v.is_array() ? &v.as_array() : nullptr;
}

// take() (filter/parse/take.hpp) copies from borrowed trees and moves from owned ones;
// a tape's parts have their own overloads, in json_tape.hpp, and take_into(), which
// builds a scalar where it will live.
template <ValueTree V>
void take_into(Value& out, V& part) {
  out = take(part);
}
template <ValueTree V>
void take_into(std::optional<Value>& out, V& part) {
  out = take(part);
}

// A part copied, from whichever tree (a modifier goes to every condition it applies to).
[[nodiscard]] inline const Value& copy_of(const Value& part) { return part; }
[[nodiscard]] inline Value copy_of(const TapeValue& part) { return part.to_value(); }

// LoopBack accepts an object with keys "0".."n-1" where it expects an array (qs turns
// bracket indices of 20 and more into object keys). ArrayLike reads either form, in
// index order; an array is read in place (no list of pointers is built for the common
// case).
template <WalkedValue V>
class ArrayLike {
 public:
  // What array_of() gives: a pointer to an Array, or a tape array view.
  using Handle = decltype(array_of(std::declval<V&>()));
  using ItemIterator = decltype(std::declval<ArrayOf<V>&>().begin());

  class Iterator {
   public:
    Iterator(ItemIterator item, V* const* slot) : item_(item), slot_(slot) {}
    V& operator*() const { return slot_ ? **slot_ : *item_; }
    Iterator& operator++() {
      if (slot_)
        ++slot_;
      else
        ++item_;
      return *this;
    }
    bool operator==(const Iterator& other) const { return item_ == other.item_ && slot_ == other.slot_; }

   private:
    ItemIterator item_;
    V* const* slot_;  // the object form's
  };

  explicit ArrayLike(Handle array) : array_(std::move(array)) {}
  explicit ArrayLike(std::vector<V*> slots) : slots_(std::move(slots)) {}

  [[nodiscard]] std::size_t size() const { return array_ ? array_->size() : slots_.size(); }
  [[nodiscard]] Iterator begin() const {
    return array_ ? Iterator(array_->begin(), nullptr) : Iterator(ItemIterator(), slots_.data());
  }
  [[nodiscard]] Iterator end() const {
    return array_ ? Iterator(array_->end(), nullptr) : Iterator(ItemIterator(), slots_.data() + slots_.size());
  }
  // The items as an Array: copied when borrowed, moved when owned (a whole array in
  // one move), built from a tape.
  [[nodiscard]] Array take_all() const;

 private:
  Handle array_{};
  std::vector<V*> slots_;  // the object form, in index order
};

// The items in order, or nullopt when `v` is neither an array nor such an object.
template <WalkedValue V>
[[nodiscard]] std::optional<ArrayLike<V>> as_array_like(V& v);

// The parts of a filter. `level` is how deep in include scopes the filter sits (0 for
// the top); `depth` how deep in and/or/nor a where clause sits (1 for the top). Each
// writes into `out`, which it may leave half-filled on error.
template <WalkedValue V>
[[nodiscard]] Status parse_filter_object(V& v, const LazyKeyPath& path, std::size_t level, ParseState& state,
                                         Syntax& out);
template <WalkedValue V>
[[nodiscard]] Status parse_where_object(V& v, const LazyKeyPath& path, std::size_t depth, ParseState& state,
                                        WhereNode& out);
template <WalkedValue V>
[[nodiscard]] Status parse_order_value(V& v, const LazyKeyPath& path, std::vector<OrderKey>& out);
template <WalkedValue V>
[[nodiscard]] Status parse_fields_value(V& v, const LazyKeyPath& path, const Limits& limits, FieldsSpec& out);
template <WalkedValue V>
[[nodiscard]] Status parse_include_value(V& v, const LazyKeyPath& path, std::size_t level, ParseState& state,
                                         std::vector<IncludeSpec>& out);

// The walk over a Value the parse owns, which the text entry points took before they
// read onto a tape: still the way for texts too long for a tape, and for tests that
// check the three walks agree.
[[nodiscard]] Result<Syntax> parse_filter_owned(Value filter, const Limits& limits);
[[nodiscard]] Result<WhereNode> parse_where_owned(Value where, const Limits& limits);

}  // namespace lb::filter
