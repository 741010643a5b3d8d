// JsonTape: JSON text read into a flat array of tokens instead of a Value tree, for the
// parse stage's text entry points. The walker reads the tape in place and builds Values
// only for the operands the Syntax keeps; the tape's memory is the thread's, reused.
// The query-string parser writes onto the same tape (TapeWriter).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "filter/parse/replace_value.hpp"
#include "lb/json.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb::filter {

class TapeArray;
class TapeObject;

// One token of the tape, and the view of the value that starts there: a scalar is one
// token; an array is its token followed by its items; an object its token followed by
// key tokens, each followed by its value. Offsets are relative, so a value needs no
// pointer to the tape. Mimics the parts of lb::Value the walker reads.
class TapeValue {
 public:
  enum class Kind : std::uint8_t { Null, Bool, Integer, Number, String, Array, Object, Key };

  [[nodiscard]] Kind kind() const { return kind_; }
  [[nodiscard]] bool is_null() const { return kind_ == Kind::Null; }
  [[nodiscard]] bool is_bool() const { return kind_ == Kind::Bool; }
  [[nodiscard]] bool is_integer() const { return kind_ == Kind::Integer; }
  [[nodiscard]] bool is_number() const { return kind_ == Kind::Integer || kind_ == Kind::Number; }
  [[nodiscard]] bool is_string() const { return kind_ == Kind::String; }
  [[nodiscard]] bool is_array() const { return kind_ == Kind::Array; }
  [[nodiscard]] bool is_object() const { return kind_ == Kind::Object; }

  [[nodiscard]] bool as_bool() const { return bool_; }
  [[nodiscard]] std::int64_t as_integer() const { return integer_; }
  [[nodiscard]] double as_double() const { return number_; }
  // A string's text, or a key's.
  [[nodiscard]] std::string_view as_string() const { return {chars_, length_}; }
  // Like Value::if_string(): the text when this is a string.
  [[nodiscard]] std::optional<std::string_view> if_string() const {
    if (kind_ != Kind::String) return std::nullopt;
    return as_string();
  }

  // The Value this stands for, as lb::parse_json would have built it.
  [[nodiscard]] Value to_value() const;
  [[nodiscard]] std::string to_json() const { return to_value().to_json(); }

 private:
  friend class TapeArray;
  friend class TapeObject;
  friend class TapeBuilder;
  friend class TapeWriter;

  // The token just past this value (and its contents).
  [[nodiscard]] const TapeValue* next() const { return this + span_; }

  // Makes a recycled token a fresh one of `kind` (the writers' common first step).
  void reset(Kind kind) {
    length_ = 0;
    span_ = 1;
    next_ = 0;
    kind_ = kind;
    in_arena_ = false;
  }

  union {
    const char* chars_;     // String, Key (once the read is done)
    std::size_t offset_;    // String, Key while reading: the text's place in the arena
    std::int64_t integer_;  // Integer
    double number_;         // Number
    bool bool_;             // Bool
  };
  std::uint32_t length_ = 0;  // String, Key: bytes; Array: items; Object: members (a repeated key once)
  std::uint32_t span_ = 1;    // tokens this value covers; for a Key, the offset to its value
  std::uint32_t next_ = 0;    // Key: the offset to the next member's key, or to the object's end
  Kind kind_ = Kind::Null;
  bool in_arena_ = false;     // String, Key while reading: offset_ is set, not chars_
};

// An array on the tape: its items in order.
class TapeArray {
 public:
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = TapeValue;
    using difference_type = std::ptrdiff_t;
    using pointer = const TapeValue*;
    using reference = const TapeValue&;

    Iterator() = default;
    explicit Iterator(const TapeValue* item) : item_(item) {}
    const TapeValue& operator*() const { return *item_; }
    Iterator& operator++() {
      item_ = item_->next();
      return *this;
    }
    bool operator==(const Iterator&) const = default;

   private:
    const TapeValue* item_ = nullptr;
  };

  explicit TapeArray(const TapeValue& node) : node_(&node) {}
  [[nodiscard]] std::size_t size() const { return node_->length_; }
  [[nodiscard]] bool empty() const { return node_->length_ == 0; }
  [[nodiscard]] Iterator begin() const { return Iterator(node_ + 1); }
  [[nodiscard]] Iterator end() const { return Iterator(node_->next()); }
  [[nodiscard]] Array to_array() const;

 private:
  const TapeValue* node_;
};

// An object on the tape: its members in order, a repeated key once, at its first
// position with its last value (as JSON.parse and lb::parse_json have it).
class TapeObject {
 public:
  using Member = std::pair<std::string_view, const TapeValue&>;
  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Member;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Member;

    Iterator() = default;
    explicit Iterator(const TapeValue* key) : key_(key) {}
    Member operator*() const { return {key_->as_string(), *(key_ + key_->span_)}; }
    Iterator& operator++() {
      key_ += key_->next_;
      return *this;
    }
    bool operator==(const Iterator&) const = default;

   private:
    const TapeValue* key_ = nullptr;
  };

  explicit TapeObject(const TapeValue& node) : node_(&node) {}
  [[nodiscard]] std::size_t size() const { return node_->length_; }
  [[nodiscard]] bool empty() const { return node_->length_ == 0; }
  [[nodiscard]] Iterator begin() const { return Iterator(node_ + 1); }
  [[nodiscard]] Iterator end() const { return Iterator(node_->next()); }
  // nullptr when the key is absent.
  [[nodiscard]] const TapeValue* find(std::string_view key) const;

 private:
  const TapeValue* node_;
};

// A bit for a key, from its size and its end bytes: the writers keep a word of them per
// object, and look for a repeated key only when a key's bit is already set.
[[nodiscard]] inline std::uint64_t key_bit(std::string_view key) {
  const std::size_t size = key.size();
  const unsigned mix =
      size == 0 ? 0u : static_cast<unsigned char>(key[0]) * 3u + static_cast<unsigned char>(key[size - 1]);
  return std::uint64_t{1} << ((size * 7u + mix) & 63u);
}

// The parts of a tape value, in the shape the walker asks for them (see filter_parser.hpp).
[[nodiscard]] inline std::optional<TapeObject> object_of(const TapeValue& v) {
  if (!v.is_object()) return std::nullopt;
  return TapeObject(v);
}
[[nodiscard]] inline std::optional<TapeArray> array_of(const TapeValue& v) {
  if (!v.is_array()) return std::nullopt;
  return TapeArray(v);
}
// A tape has nothing to move from: whatever the walker takes is built here.
[[nodiscard]] inline Value take(const TapeValue& v) { return v.to_value(); }
[[nodiscard]] inline Array take(const TapeArray& a) { return a.to_array(); }

// out = take(v), for a scalar without a temporary Value (a string's text is copied
// before `out` is touched).
inline void take_into(Value& out, const TapeValue& v) {
  switch (v.kind()) {
    case TapeValue::Kind::Null: replace_value(out, nullptr); return;
    case TapeValue::Kind::Bool: replace_value(out, v.as_bool()); return;
    case TapeValue::Kind::Integer: replace_value(out, static_cast<long long>(v.as_integer())); return;
    case TapeValue::Kind::Number: replace_value(out, v.as_double()); return;
    case TapeValue::Kind::String: replace_value(out, std::string(v.as_string())); return;
    default: replace_value(out, v.to_value()); return;
  }
}
inline void take_into(std::optional<Value>& out, const TapeValue& v) {
  switch (v.kind()) {
    case TapeValue::Kind::Bool: out.emplace(v.as_bool()); return;
    case TapeValue::Kind::Integer: out.emplace(static_cast<long long>(v.as_integer())); return;
    case TapeValue::Kind::Number: out.emplace(v.as_double()); return;
    case TapeValue::Kind::String: out.emplace(v.as_string()); return;
    default: out = v.to_value(); return;
  }
}
[[nodiscard]] const char* kind_word(const TapeValue& v);

// The memory of a tape, kept by each thread for its next read.
struct TapeBuffers {
  // An array or object being read: its token, and its last key so far (0 for none).
  struct Open {
    std::uint32_t container;
    std::uint32_t last_key;
  };
  std::vector<TapeValue> tokens;  // sized to the largest tape read so far
  std::string arena;              // the strings and keys that are not verbatim in the text
  // TapeWriter::scratch()'s: grown, never cleared (its bytes are written before read).
  std::unique_ptr<char[]> scratch;
  std::size_t scratch_size = 0;
  std::vector<Open> open;
  bool in_use = false;
};

// The calling thread's tape, borrowed for one read and walk (a nested read on the same
// thread, which the parse stage never does, gets buffers of its own). The root stays
// valid until the JsonTape is destroyed or reads again.
class JsonTape {
 public:
  JsonTape();
  ~JsonTape();
  JsonTape(const JsonTape&) = delete;
  JsonTape& operator=(const JsonTape&) = delete;

  // Texts longer than this do not fit the tape's 32-bit offsets (read() refuses them).
  static constexpr std::size_t kMaxBytes = 0xFFFFFFF0u;

  // The same limits, and for bad JSON the same error, as lb::parse_json. Plain JSON is
  // read by a fast reader of its own; the rest, errors included, by Boost.JSON's parser.
  [[nodiscard]] Result<const TapeValue*> read(std::string_view text, const JsonLimits& limits);
  // Boost.JSON's parser alone (for tests: both readers must build the same tape).
  [[nodiscard]] Result<const TapeValue*> read_with_sax(std::string_view text, const JsonLimits& limits);

 private:
  friend class TapeWriter;

  static Status check_size(std::string_view text, const JsonLimits& limits);

  TapeBuffers* buffers_;
  std::optional<TapeBuffers> own_;
};

// Tokens onto a JsonTape: the one place that pushes them. The JSON readers build on it
// (json_tape.cpp), and so does the query-string parser, which knows each container's
// size and members as it writes them. Strings and keys are views: their text must
// outlive the walk. Objects must not repeat a key. The tape's earlier contents are
// replaced.
class TapeWriter {
 public:
  explicit TapeWriter(JsonTape& tape, std::size_t expected_tokens = 0) : TapeWriter(*tape.buffers_) {
    if (capacity_ < expected_tokens) reserve(expected_tokens);
  }

  // An array or object opened: returns its place, for close().
  std::uint32_t open(bool object) {
    const auto at = static_cast<std::uint32_t>(used_);
    push(object ? TapeValue::Kind::Object : TapeValue::Kind::Array);
    return at;
  }
  // Its end, after its `count` items or members.
  void close(std::uint32_t at, std::uint32_t count) {
    TapeValue& token = data_[at];
    token.span_ = static_cast<std::uint32_t>(used_ - at);
    token.length_ = count;
  }
  // A member's key, then its value; end_member() once the value is written.
  std::uint32_t key(std::string_view text) {
    const auto at = static_cast<std::uint32_t>(used_);
    push_text(TapeValue::Kind::Key, text);
    return at;
  }
  void end_member(std::uint32_t key) { data_[key].next_ = static_cast<std::uint32_t>(used_ - key); }
  void string(std::string_view text) { push_text(TapeValue::Kind::String, text); }

  // Room for `bytes` of text that the tape's strings may point into (strings not in the
  // input as written, such as decoded ones), until the next call.
  [[nodiscard]] char* scratch(std::size_t bytes) {
    if (buffers_.scratch_size < bytes) {
      buffers_.scratch = std::make_unique_for_overwrite<char[]>(bytes);
      buffers_.scratch_size = bytes;
    }
    return buffers_.scratch.get();
  }

  // The first value written.
  [[nodiscard]] const TapeValue* root() const { return data_; }
  // Whether the object opened at `at` has the key among its first `members` members,
  // which must be complete (end_member() called for each).
  [[nodiscard]] bool has_key(std::uint32_t at, std::uint32_t members, std::string_view key) const {
    const TapeValue* k = data_ + at + 1;
    for (std::uint32_t i = 0; i < members; ++i, k += k->next_)
      if (k->as_string() == key) return true;
    return false;
  }
  // The tokens written so far, and a return to an earlier count (what came after it is
  // dropped; a container open before it must be closed again).
  [[nodiscard]] std::size_t size() const { return used_; }
  void truncate(std::size_t tokens) { used_ = tokens; }

 protected:
  explicit TapeWriter(TapeBuffers& buffers)
      : buffers_(buffers), data_(buffers.tokens.data()), capacity_(buffers.tokens.size()) {}

  // Inlined into every write; grow() stays out of line so that the common path needs
  // no registers saved.
  [[gnu::always_inline]] TapeValue& push(TapeValue::Kind kind) {
    if (used_ == capacity_) [[unlikely]]
      grow();
    TapeValue& token = data_[used_++];
    token.reset(kind);
    return token;
  }
  void push_text(TapeValue::Kind kind, std::string_view text) {
    TapeValue& token = push(kind);
    token.chars_ = text.data();
    token.length_ = static_cast<std::uint32_t>(text.size());
  }

  TapeBuffers& buffers_;
  TapeValue* data_;  // buffers_.tokens's, kept apart so that writes through it need not reload it
  std::size_t capacity_;
  std::size_t used_ = 0;

 private:
  [[gnu::noinline]] void grow() { reserve(std::max<std::size_t>(64, 2 * buffers_.tokens.size())); }
  // (The vector's size is the tape's capacity: tokens past used_ are garbage.)
  void reserve(std::size_t tokens) {
    buffers_.tokens.resize(tokens);
    data_ = buffers_.tokens.data();
    capacity_ = buffers_.tokens.size();
  }
};

}  // namespace lb::filter
