// JsonTape: JSON text onto the thread's tape, by a reader of plain JSON or else by
// Boost.JSON's SAX parser, with the limits and error messages of lb::parse_json
// (src/value/json_read.cpp); and tape values back to lb::Values for the operands the
// walker keeps.
#include "filter/parse/json_tape.hpp"

#include <charconv>
#include <boost/json/basic_parser_impl.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <functional>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "value/precise_double.hpp"
#include "value/sax_json.hpp"

namespace lb::filter {

namespace json = boost::json;

// Pushes a token per scalar, key, array and object; an array or object end fills in its
// token's size and span. Keys are linked as they come; an object end resolves repeated
// keys. TapeWriter's push is the one both readers use.
class TapeBuilder : public TapeWriter {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  TapeBuilder(TapeBuffers& buffers, std::string_view text)
      : TapeWriter(buffers), arena_(buffers.arena), open_(buffers.open), text_(text) {}

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) {
    // The arena has stopped growing: strings and keys kept there can point into it now.
    if (in_arena_ != 0) {
      const char* base = arena_.data();
      for (std::size_t i = 0; i < used_; ++i) {
        TapeValue& token = data_[i];
        if (token.in_arena_) {
          token.chars_ = base + token.offset_;
          token.in_arena_ = false;
        }
      }
    }
    return true;
  }
  bool on_array_begin(json::error_code&) {
    open_.push_back({static_cast<std::uint32_t>(used_), 0});
    push(TapeValue::Kind::Array);
    return true;
  }
  bool on_array_end(std::size_t n, json::error_code&) {
    TapeValue& array = close();
    array.length_ = static_cast<std::uint32_t>(n);
    return true;
  }
  bool on_object_begin(json::error_code&) {
    open_.push_back({static_cast<std::uint32_t>(used_), 0});
    push(TapeValue::Kind::Object);
    return true;
  }
  bool on_object_end(std::size_t n, json::error_code&) {
    const std::uint32_t last_key = open_.back().last_key;
    TapeValue& object = close();
    object.length_ = static_cast<std::uint32_t>(n);
    if (n != 0) {
      TapeValue& last = data_[last_key];
      last.next_ = static_cast<std::uint32_t>(object.next() - &last);
      if (n > 1 && has_repeats(object, n)) resolve_repeats(object);
    }
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    arena_.append(s.data(), s.size());
    return true;
  }
  bool on_string(json::string_view s, std::size_t n, json::error_code&) {
    push_read_text(TapeValue::Kind::String, s, n);
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    arena_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t n, json::error_code&) {
    TapeBuffers::Open& open = open_.back();
    if (open.last_key != 0) data_[open.last_key].next_ = static_cast<std::uint32_t>(used_ - open.last_key);
    open.last_key = static_cast<std::uint32_t>(used_);
    push_read_text(TapeValue::Kind::Key, s, n);
    return true;
  }
  // Boost.JSON 1.81 converts decimals imprecisely (off by an ulp at times), where
  // JavaScript's JSON.parse rounds correctly: the number's text is converted again.
  bool on_number_part(json::string_view part, json::error_code&) {
    number_text_.append(part.data(), part.size());
    return true;
  }
  bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
    number_text_.clear();
    push(TapeValue::Kind::Integer).integer_ = i;
    return true;
  }
  // As lb::parse_json: an integer beyond int64 becomes a double.
  bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
    number_text_.clear();
    if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      push(TapeValue::Kind::Integer).integer_ = static_cast<std::int64_t>(u);
    else
      push(TapeValue::Kind::Number).number_ = static_cast<double>(u);
    return true;
  }
  bool on_double(double d, json::string_view last, json::error_code&) {
    push(TapeValue::Kind::Number).number_ = detail::precise_double(d, std::string_view(last.data(), last.size()), number_text_);
    return true;
  }
  bool on_bool(bool b, json::error_code&) {
    push(TapeValue::Kind::Bool).bool_ = b;
    return true;
  }
  bool on_null(json::error_code&) {
    push(TapeValue::Kind::Null).integer_ = 0;
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

  // Reads the plain JSON that filters nearly always are straight onto the tape, in
  // about two thirds of the SAX parser's time (with its handler): ASCII strings without escapes, integers of up to
  // 18 digits, nesting well within the limit. Anything else (including every error)
  // makes it give up and return false, and the text goes to the SAX parser, which
  // accepts and refuses exactly what lb::parse_json does; so this reader only has to
  // agree with it on what it does accept.
  bool read_plain(std::size_t max_depth) {
    // Its own stack of open containers, and a cheap test for repeated keys: a bit per
    // key from its size and first and last bytes; only objects where two keys share a
    // bit get the full test.
    struct Open {
      std::uint32_t container;
      std::uint32_t last_key;
      std::uint32_t count;
      bool object;
      bool maybe_repeats;
      std::uint64_t key_bits;
    };
    constexpr std::size_t kMaxDepth = 64;
    Open stack[kMaxDepth];
    std::size_t depth = 0;

    const char* p = text_.data();
    const char* const end = p + text_.size();
    Open* open = nullptr;  // the innermost open container, stack[depth - 1]

    // One function with labels rather than helpers, so that the place in the text stays
    // in a register.
  value:
    p = skip_blanks(p, end);
    if (p == end) return false;
    switch (*p) {
      case '{':
      case '[': {
        // Deep texts are the SAX parser's: it knows exactly where its limit falls.
        if (depth + 2 > max_depth || depth == kMaxDepth) return false;
        const bool object = *p == '{';
        ++p;
        open = &stack[depth++];
        *open = Open{static_cast<std::uint32_t>(used_), 0, 0, object, false, 0};
        push(object ? TapeValue::Kind::Object : TapeValue::Kind::Array);
        p = skip_blanks(p, end);
        if (p != end && *p == (object ? '}' : ']')) {
          ++p;
          goto close;
        }
        if (object) goto key;
        goto value;
      }
      case '"': {
        const char* const start = ++p;
        if (!(p = scan_string(p, end))) return false;
        push_text(TapeValue::Kind::String, {start, static_cast<std::size_t>(p - start)});
        ++p;
        goto next;
      }
      case 't':
        if (end - p < 4 || std::memcmp(p, "true", 4) != 0) return false;
        p += 4;
        push(TapeValue::Kind::Bool).bool_ = true;
        goto next;
      case 'f':
        if (end - p < 5 || std::memcmp(p, "false", 5) != 0) return false;
        p += 5;
        push(TapeValue::Kind::Bool).bool_ = false;
        goto next;
      case 'n':
        if (end - p < 4 || std::memcmp(p, "null", 4) != 0) return false;
        p += 4;
        push(TapeValue::Kind::Null).integer_ = 0;
        goto next;
      default: {
        // An integer: no leading zeros, no "-0" (the SAX parser's business), at most
        // 18 digits so that it fits.
        const bool negative = *p == '-';
        if (negative) ++p;
        const char* const digits = p;
        std::uint64_t number = 0;  // (wraps harmlessly past 18 digits, which are refused)
        while (p != end && *p >= '0' && *p <= '9') number = number * 10 + static_cast<unsigned>(*p++ - '0');
        const auto count = p - digits;
        if (count == 0 || count > 18 || (*digits == '0' && (count > 1 || negative))) return false;
        if (p != end && (*p == '.' || *p == 'e' || *p == 'E')) return false;
        const auto magnitude = static_cast<std::int64_t>(number);
        push(TapeValue::Kind::Integer).integer_ = negative ? -magnitude : magnitude;
        goto next;
      }
    }

  next:
    // After a value: the end of the text, or a comma or the end of its container.
    p = skip_blanks(p, end);
    if (depth == 0) return p == end;
    if (p == end) return false;
    ++open->count;
    if (*p == ',') {
      ++p;
      if (open->object) goto key;
      goto value;
    }
    if (*p != (open->object ? '}' : ']')) return false;
    ++p;

  close: {
    TapeValue& token = data_[open->container];
    token.span_ = static_cast<std::uint32_t>(used_ - open->container);
    token.length_ = open->count;
    if (open->object && open->count != 0) {
      data_[open->last_key].next_ = static_cast<std::uint32_t>(used_ - open->last_key);
      if (open->maybe_repeats && has_repeats(token, open->count)) resolve_repeats(token);
    }
    --depth;
    open = depth != 0 ? &stack[depth - 1] : nullptr;
    goto next;
  }

  key: {
    // `"key":` onto the tape.
    p = skip_blanks(p, end);
    if (p == end || *p != '"') return false;
    const char* const start = ++p;
    if (!(p = scan_string(p, end))) return false;
    const auto size = static_cast<std::uint32_t>(p - start);
    const std::uint32_t at = key({start, size});
    if (open->last_key != 0) data_[open->last_key].next_ = at - open->last_key;
    open->last_key = at;
    const std::uint64_t bit = key_bit({start, size});
    open->maybe_repeats |= (open->key_bits & bit) != 0;
    open->key_bits |= bit;
    p = skip_blanks(p + 1, end);
    if (p == end || *p != ':') return false;
    ++p;
    goto value;
  }
  }

 private:
  std::string number_text_;  // a number's text received in parts (on_number_part)

  static const char* skip_blanks(const char* p, const char* end) {
    // Filters are usually sent without blanks: one test passes any byte above a space.
    if (p != end && static_cast<unsigned char>(*p) > ' ') [[likely]]
      return p;
    while (p != end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
    return p;
  }
  // The closing quote of a plain string starting at p, or nullptr.
  static const char* scan_string(const char* p, const char* end) {
    if constexpr (std::endian::native == std::endian::little) {
      // Eight bytes at a time: the lowest byte flagged is the first quote, backslash,
      // control character or non-ASCII byte (flags above it may be false).
      constexpr std::uint64_t kOnes = 0x0101010101010101u;
      constexpr std::uint64_t kHigh = 0x8080808080808080u;
      while (end - p >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        const std::uint64_t quote = w ^ (kOnes * '"');
        const std::uint64_t backslash = w ^ (kOnes * '\\');
        const std::uint64_t flags = (((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) |
                                     (w - kOnes * 0x20) | w) & kHigh;
        if (flags != 0) {
          p += std::countr_zero(flags) / 8;
          return *p == '"' ? p : nullptr;
        }
        p += 8;
      }
    }
    for (; p != end; ++p) {
      const auto c = static_cast<unsigned char>(*p);
      if (c == '"') return p;
      if (c == '\\' || c < 0x20 || c >= 0x80) return nullptr;
    }
    return nullptr;
  }
  // A string or key read in one piece straight from the text (no escapes) points into
  // the text, which outlives the walk; others are copied into the arena, whose place
  // is known only once it has stopped growing.
  void push_read_text(TapeValue::Kind kind, json::string_view last, std::size_t n) {
    const char* const begin = text_.data();
    if (last.size() == n && std::less_equal<const char*>()(begin, last.data()) &&
        std::less_equal<const char*>()(last.data() + n, begin + text_.size())) {
      push_text(kind, {last.data(), n});
      return;
    }
    arena_.append(last.data(), last.size());
    TapeValue& token = push(kind);
    token.offset_ = arena_.size() - n;
    token.length_ = static_cast<std::uint32_t>(n);
    token.in_arena_ = true;
    ++in_arena_;
  }
  // The array or object being closed, its span set.
  TapeValue& close() {
    const std::uint32_t start = open_.back().container;
    open_.pop_back();
    TapeValue& token = data_[start];
    token.span_ = static_cast<std::uint32_t>(used_ - start);
    return token;
  }

  std::string_view key_text(const TapeValue& key) const {
    return {key.in_arena_ ? arena_.data() + key.offset_ : key.chars_, key.length_};
  }

  bool has_repeats(TapeValue& object, std::size_t n) const {
    constexpr std::size_t kSmall = 16;
    if (n <= kSmall) {
      // Small objects: comparing the keys pairwise is cheaper than hashing them.
      std::string_view keys[kSmall];
      TapeValue* key = &object + 1;
      for (std::size_t i = 0; i < n; ++i, key += key->next_) {
        const std::string_view text = key_text(*key);
        for (std::size_t j = 0; j < i; ++j)
          if (keys[j].size() == text.size() && (text.empty() || keys[j][0] == text[0]) && keys[j] == text)
            return true;
        keys[i] = text;
      }
      return false;
    }
    std::unordered_set<std::string_view> seen;
    for (TapeValue* key = &object + 1; key != object.next(); key += key->next_)
      if (!seen.insert(key_text(*key)).second) return true;
    return false;
  }

  // The rare path: a repeated key keeps its first position and takes the last value
  // (its span points there); the later ones are unlinked.
  void resolve_repeats(TapeValue& object) {
    std::unordered_map<std::string_view, TapeValue*> first;
    TapeValue* previous = nullptr;
    std::size_t members = 0;
    TapeValue* const end = const_cast<TapeValue*>(object.next());
    for (TapeValue* key = &object + 1; key != end;) {
      TapeValue* const next = key + key->next_;
      auto [it, added] = first.try_emplace(key_text(*key), key);
      if (added) {
        ++members;
        if (previous) previous->next_ = static_cast<std::uint32_t>(key - previous);
        previous = key;
      } else {
        it->second->span_ = static_cast<std::uint32_t>(key + 1 - it->second);  // the last value wins
      }
      key = next;
    }
    previous->next_ = static_cast<std::uint32_t>(end - previous);
    object.length_ = static_cast<std::uint32_t>(members);
  }

  std::string& arena_;
  std::vector<TapeBuffers::Open>& open_;
  std::string_view text_;
  std::size_t in_arena_ = 0;  // strings and keys kept in the arena
};

namespace {

TapeBuffers& thread_buffers() {
  thread_local TapeBuffers buffers;
  return buffers;
}

Value scalar_value(const TapeValue& v) {
  switch (v.kind()) {
    case TapeValue::Kind::Bool: return Value(v.as_bool());
    case TapeValue::Kind::Integer: return Value(static_cast<long long>(v.as_integer()));
    case TapeValue::Kind::Number: return Value(v.as_double());
    case TapeValue::Kind::String: return Value(v.as_string());
    default: break;
  }
  return Value();
}

// The same, built in place at the end of `out`.
void append_scalar(Array& out, const TapeValue& v) {
  switch (v.kind()) {
    case TapeValue::Kind::Bool: out.emplace_back(v.as_bool()); return;
    case TapeValue::Kind::Integer: out.emplace_back(static_cast<long long>(v.as_integer())); return;
    case TapeValue::Kind::Number: out.emplace_back(v.as_double()); return;
    case TapeValue::Kind::String: out.emplace_back(v.as_string()); return;
    default: out.emplace_back(); return;
  }
}

// A container being rebuilt: its value and the next of its items or keys to add.
struct Frame {
  Value value;
  TapeArray::Iterator item;
  TapeArray::Iterator items_end;
  TapeObject::Iterator member;
  TapeObject::Iterator members_end;
  std::string_view key;  // an object's: the key of the member being rebuilt on top of it
};

}  // namespace

JsonTape::JsonTape() : buffers_(&thread_buffers()) {
  if (buffers_->in_use) buffers_ = &own_.emplace();
  buffers_->in_use = true;
}

JsonTape::~JsonTape() {
  TapeBuffers& b = *buffers_;
  b.in_use = false;
  // Do not let one huge document pin its memory for the thread's lifetime.
  if (b.tokens.capacity() > 4096) std::vector<TapeValue>().swap(b.tokens);
  if (b.arena.capacity() > 65536) std::string().swap(b.arena);
  if (b.scratch_size > 65536) {
    b.scratch.reset();
    b.scratch_size = 0;
  }
  if (b.open.capacity() > 4096) std::vector<TapeBuffers::Open>().swap(b.open);
}

// The same size check as lb::parse_json's, and the tape's own.
Status JsonTape::check_size(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes)
    return invalid_input(fmt::format("JSON text of {} bytes exceeds the limit of {} bytes", text.size(),
                                     limits.max_bytes));
  if (text.size() > kMaxBytes)
    return invalid_input(fmt::format("JSON text of {} bytes exceeds the limit of {} bytes", text.size(),
                                     kMaxBytes));
  return {};
}

Result<const TapeValue*> JsonTape::read(std::string_view text, const JsonLimits& limits) {
  if (auto status = check_size(text, limits); !status) return status.error();
  TapeBuffers& b = *buffers_;
  b.arena.clear();
  b.open.clear();
  {
    TapeBuilder plain(b, text);
    if (plain.read_plain(limits.max_depth)) return plain.root();
  }
  return read_with_sax(text, limits);
}

Result<const TapeValue*> JsonTape::read_with_sax(std::string_view text, const JsonLimits& limits) {
  if (auto status = check_size(text, limits); !status) return status.error();
  TapeBuffers& b = *buffers_;
  b.arena.clear();
  b.open.clear();
  json::parse_options options;
  options.max_depth = limits.max_depth;
  json::basic_parser<TapeBuilder> parser(options, b, text);
  if (auto status = detail::run_sax_parser(parser, text, limits); !status) return status.error();
  return parser.handler().root();
}

const TapeValue* TapeObject::find(std::string_view key) const {
  // Keys are short: compared inline rather than by a call to memcmp.
  for (auto&& [name, value] : *this) {
    if (name.size() != key.size()) continue;
    std::size_t i = 0;
    while (i < key.size() && name[i] == key[i]) ++i;
    if (i == key.size()) return &value;
  }
  return nullptr;
}

Array TapeArray::to_array() const {
  Array out;
  out.reserve(size());
  if (node_->span_ == node_->length_ + 1) {
    // Scalars only, nearly every operand: no stack needed.
    for (const TapeValue& item : *this) append_scalar(out, item);
    return out;
  }
  return std::move(node_->to_value().as_array());
}

// Containers are rebuilt with an explicit stack: an operand may be as deep as the JSON
// limits allow, which may be deeper than the thread's stack.
Value TapeValue::to_value() const {
  if (kind_ != Kind::Array && kind_ != Kind::Object) return scalar_value(*this);
  std::vector<Frame> stack;
  auto open = [&stack](const TapeValue& node) {
    Frame& frame = stack.emplace_back();
    if (node.is_array()) {
      TapeArray array(node);
      Array items;
      items.reserve(array.size());
      frame.value = Value(std::move(items));
      frame.item = array.begin();
      frame.items_end = array.end();
    } else {
      TapeObject object(node);
      Object members;
      members.reserve(object.size());
      frame.value = Value(std::move(members));
      frame.member = object.begin();
      frame.members_end = object.end();
    }
  };
  open(*this);
  for (;;) {
    Frame& top = stack.back();
    const TapeValue* item = nullptr;
    std::string_view key;
    if (top.value.is_array()) {
      if (top.item != top.items_end) {
        item = &*top.item;
        ++top.item;
      }
    } else if (top.member != top.members_end) {
      auto member = *top.member;
      key = member.first;
      item = &member.second;
      ++top.member;
    }
    if (!item) {
      // The container is complete: it becomes an item of the one below.
      Value done = std::move(top.value);
      stack.pop_back();
      if (stack.empty()) return done;
      Frame& below = stack.back();
      if (below.value.is_array()) {
        below.value.as_array().push_back(std::move(done));
      } else {
        below.value.as_object().push_back(std::string(below.key), std::move(done));
      }
      continue;
    }
    if (item->is_array() || item->is_object()) {
      top.key = key;
      open(*item);  // (top is invalid from here)
      continue;
    }
    Value scalar = scalar_value(*item);
    if (top.value.is_array())
      top.value.as_array().push_back(std::move(scalar));
    else
      top.value.as_object().push_back(std::string(key), std::move(scalar));
  }
}

const char* kind_word(const TapeValue& v) {
  switch (v.kind()) {
    case TapeValue::Kind::Null: return "null";
    case TapeValue::Kind::Bool: return "boolean";
    case TapeValue::Kind::Integer:
    case TapeValue::Kind::Number: return "number";
    case TapeValue::Kind::String: return "string";
    case TapeValue::Kind::Array: return "array";
    case TapeValue::Kind::Object: return "object";
    case TapeValue::Kind::Key: break;
  }
  return "value";
}

}  // namespace lb::filter
