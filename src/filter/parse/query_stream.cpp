// stream_query_member(): the parameters of the usual query string onto the tape in the
// order they come, with a stack of the containers still open, for the queries whose
// tree (query_string.cpp) would be emitted in that same order; the tree takes the rest.
#include "filter/parse/query_stream.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "filter/parse/query_key.hpp"

namespace lb::filter {
namespace {

// Byte classes of the text as written: what ends a segment of a key ('[' ']'), the key
// ('=' '&') or the plain reading of it ('%' '+', which ask for decoding); what ends a
// value or asks for decoding; and what a key must not hold for the next key to be read
// as written beside it.
constexpr unsigned char kEndsSegment = 1, kEndsValue = 2, kNotPlainInKey = 4;
constexpr auto kClasses = [] {
  std::array<unsigned char, 256> classes{};
  for (unsigned char c : {'[', ']', '=', '&', '%', '+'}) classes[c] |= kEndsSegment;
  for (unsigned char c : {'&', '%', '+'}) classes[c] |= kEndsValue;
  for (unsigned char c : {'=', '&', '%', '+'}) classes[c] |= kNotPlainInKey;
  return classes;
}();
inline bool is(char c, unsigned char byte_class) { return (kClasses[static_cast<unsigned char>(c)] & byte_class) != 0; }

// The first byte of text[i, n) that ends a value or asks for decoding, or n: sixteen
// bytes at a time while they may be read (values run from a byte to a date or more).
std::size_t value_stop(const char* text, std::size_t i, std::size_t n) {
#if defined(__SSE2__)
  const __m128i amp = _mm_set1_epi8('&'), percent = _mm_set1_epi8('%'), plus = _mm_set1_epi8('+');
  for (; i + 16 <= n; i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + i));
    const __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(block, amp),
                                      _mm_or_si128(_mm_cmpeq_epi8(block, percent), _mm_cmpeq_epi8(block, plus)));
    if (const int mask = _mm_movemask_epi8(hits))
      return i + static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(mask)));
  }
#endif
  while (i < n && !is(text[i], kEndsValue)) ++i;
  return i;
}

// The stream takes a query when its member's keys come in the order of a depth-first
// walk of the tree they make: each key shares its leading segments with the one before
// and leaves a container only once done with it, no key repeats, no node changes kind,
// and the indices of an array ascend. Then the tree would emit its nodes in the order
// the parameters name them, so each parameter's segments go straight onto the tape.
// The member's keys must have the plain shape (a root, then only complete, non-empty
// "[...]" segments). Parameters with another root are allowed only when they cannot
// change the result or raise an error: no brackets, and neither "filter" nor "where",
// whose JSON text the tree reads. Anything else, and every error, is the tree's.
//
// A parameter is read as written when it can be: its key then holds no byte that
// decoding or qs's split would treat apart, and neither do the bytes it shares with
// the previous key, so the text is its own decoding. Others are split and decoded
// first (keys whose brackets are escaped, "filter%5Bwhere%5D%5Ba%5D=1", are common).
class QueryStream {
 public:
  QueryStream(std::string_view query, const Limits& limits, std::string_view name, JsonTape& tape)
      : query_(query),
        limits_(limits),
        name_(name),
        out_(tape),
        max_segments_(std::min<std::size_t>(limits.max_query_key_depth, kMaxDepth - 1)) {}

  Streamed run();
  [[nodiscard]] const TapeValue* root() const { return out_.root(); }

 private:
  static constexpr std::size_t kMaxDepth = 32;
  // What a parameter's reading returns instead of the position of its end.
  static constexpr std::size_t kDecode = SIZE_MAX, kNotPlain = SIZE_MAX - 1;

  // A container still open on the tape; level l is the one the key's segment l names
  // (level 0 the member itself). A member of an object follows its key's token. (Trivial,
  // so that the array costs nothing to set up.)
  struct Level {
    std::uint32_t at;     // its token
    std::uint32_t end;    // the key bytes that name it, with the closing ']'
    std::uint32_t count;  // its items or members so far
    bool object;
    // An object's key_bit()s of its keys so far; an array's last index plus one.
    std::uint64_t seen;
  };
  // Where the stream is: how many containers are open, and the member's last key. The
  // readers keep it in a local copy, which the compiler can hold in registers across
  // their writes to the tape.
  struct Cursor {
    std::size_t depth = 0;
    std::string_view previous;
    bool previous_not_plain = false;
  };

  std::size_t read_as_written(std::size_t start, Cursor& cursor);
  std::size_t read_decoded(std::size_t start, Cursor& cursor);
  // The deepest open level that the key's first `common` bytes name (the ends of the
  // levels ascend).
  [[nodiscard]] std::size_t shared_level(const Cursor& at, std::size_t common) const {
    std::size_t level = at.depth - 1;
    while (level > 0 && levels_[level].end > common) --level;
    return level;
  }
  // The containers below `level` are complete: each one's size onto its token, and its
  // member's end onto its parent's key.
  void close_below(std::size_t level, Cursor& at) {
    while (at.depth > level + 1) {
      const Level& done = levels_[--at.depth];
      out_.close(done.at, done.count);
      if (levels_[at.depth - 1].object) out_.end_member(done.at - 1);
    }
  }
  bool place(std::string_view segment, std::size_t end, std::uint32_t& key_token, bool opens, Cursor& at);
  void finish(std::uint32_t key_token, std::string_view value, const Cursor& at) {
    // The last segment holds the string.
    out_.string(value);
    if (levels_[at.depth - 1].object) out_.end_member(key_token);
  }
  // The decoding of a component, of one that holds '%' or '+'.
  std::string_view decode(std::string_view raw) {
    return query_component_needs_decoding(raw) ? decode_escaped(raw) : raw;
  }
  std::string_view decode_escaped(std::string_view raw);

  std::string_view query_;
  const Limits& limits_;
  std::string_view name_;
  TapeWriter out_;
  const std::size_t max_segments_;
  std::array<Level, kMaxDepth> levels_;
  // The decoded texts, in the tape's scratch space.
  char* decoded_ = nullptr;
  std::size_t decoded_size_ = 0;
};

Streamed QueryStream::run() {
  if (query_.size() > limits_.max_text_bytes) return Streamed::NotPlain;  // (the tree's error)
  if (!query_.empty() && query_.front() == '?') query_.remove_prefix(1);
  Cursor cursor;
  std::size_t parameters = 0;
  for (std::size_t i = 0; i < query_.size(); ++i) {
    if (query_[i] == '&') continue;  // an empty part
    if (++parameters > limits_.max_query_parameters) return Streamed::NotPlain;  // (the tree's error)
    std::size_t end = read_as_written(i, cursor);
    if (end == kDecode) end = read_decoded(i, cursor);
    if (end == kNotPlain) return Streamed::NotPlain;
    i = end;  // the '&' after it, or the query's end
  }
  if (cursor.depth == 0) return Streamed::Absent;
  close_below(0, cursor);
  out_.close(levels_[0].at, levels_[0].count);
  return Streamed::Written;
}

// The parameter at `start` when its text is its own decoding and it is the member's:
// its end, kDecode when it is not such a parameter (the tape then is as it was, but
// for containers closed that its decoding may find closed), or kNotPlain.
std::size_t QueryStream::read_as_written(std::size_t start, Cursor& cursor) {
  Cursor at = cursor;
  const char* const text = query_.data() + start;
  const std::size_t size = query_.size() - start;  // (the parameter ends within)
  const std::size_t root = name_.size();
  std::size_t level = 0;
  std::size_t pos = root;
  if (at.depth != 0) {
    if (at.previous_not_plain) return kDecode;
    // The bytes shared with the previous key of the member: past the '[' after the
    // root, the root is the member's too. The levels they name are the same containers;
    // the ones below are complete.
    const std::size_t common = common_prefix({text, std::min(size, at.previous.size())}, at.previous);
    if (common <= root) return kDecode;
    level = shared_level(at, common);
    if (level > 0) pos = levels_[level].end;
    close_below(level, at);
    cursor = at;
  } else if (size <= root || text[root] != '[' || !same_text({text, root}, name_)) {
    return kDecode;
  }
  if (pos == size || text[pos] != '[') return kDecode;

  // Each segment goes onto the tape as it is read. A byte that asks for the decoded
  // reading undoes them: the tokens written, and what the first did to the container
  // it went into.
  const std::size_t undo_tokens = out_.size();
  const Level undo_level = at.depth != 0 ? levels_[at.depth - 1] : Level{};
  const auto undo = [&] {
    out_.truncate(undo_tokens);
    if (cursor.depth != 0) levels_[cursor.depth - 1] = undo_level;
    return kDecode;
  };
  std::uint32_t key_token = 0;
  std::size_t budget = max_segments_ - level;  // (max_segments_ > level: levels are segments)
  bool opens = at.depth == 0;
  for (;;) {
    const std::size_t begin = pos + 1;
    std::size_t shut = begin;
    while (shut < size && !is(text[shut], kEndsSegment)) ++shut;
    if (shut == size || text[shut] != ']' || shut == begin) return undo();
    if (budget-- == 0) return kNotPlain;
    if (!place({text + begin, shut - begin}, pos, key_token, opens, at)) return kNotPlain;
    opens = true;
    pos = shut + 1;
    if (pos == size || text[pos] != '[') break;
  }
  const std::string_view key(text, pos);
  std::string_view value;
  if (pos != size && text[pos] != '&') {
    if (text[pos] != '=') return undo();  // "a[b]c=1"
    const std::size_t value_begin = pos + 1;
    pos = value_stop(text, value_begin, size);
    if (pos != size && text[pos] != '&') {
      do pos = value_stop(text, pos + 1, size);  // (past each escape to the '&')
      while (pos != size && text[pos] != '&');
      value = decode_escaped({text + value_begin, pos - value_begin});
    } else {
      value = {text + value_begin, pos - value_begin};
    }
  }
  finish(key_token, value, at);
  at.previous = key;
  cursor = at;
  return start + pos;
}

// Any parameter, split and decoded as qs does it: its end, or kNotPlain.
std::size_t QueryStream::read_decoded(std::size_t start, Cursor& cursor) {
  // Like qs, a "]=" marks the split when present, so that a bracketed key may hold '='
  // ("a[b=c]=d"); else the first '='; no '=' means an empty value.
  const std::size_t end = std::min(query_.find('&', start), query_.size());
  const std::string_view part = query_.substr(start, end - start);
  std::size_t split = part.find("]=");
  split = split == std::string_view::npos ? part.find('=') : split + 1;
  const std::string_view key = decode(part.substr(0, split));
  if (key.empty()) return end;
  const std::string_view value = split == std::string_view::npos ? std::string_view() : decode(part.substr(split + 1));

  const std::size_t root = name_.size();
  if (key.size() <= root || key[root] != '[' || !same_text(key.substr(0, root), name_)) {
    // Not the member's: fine when it has no brackets and is not read as JSON text.
    const bool inert = key.find('[') == std::string_view::npos && !same_text(key, "filter") && !same_text(key, "where");
    return inert ? end : kNotPlain;
  }
  Cursor at = cursor;
  std::size_t level = 0;
  std::size_t pos = root;
  if (at.depth != 0) {
    level = shared_level(at, common_prefix(key, at.previous));
    if (level > 0) pos = levels_[level].end;
    close_below(level, at);
  }
  // (No segment after the shared ones: the key stops at a container still open.)
  if (pos == key.size()) return kNotPlain;
  std::uint32_t key_token = 0;
  std::size_t segments = level;
  bool opens = at.depth == 0;
  while (pos < key.size()) {
    if (key[pos] != '[') return kNotPlain;
    const std::size_t begin = pos + 1;
    std::size_t shut = begin;
    while (shut < key.size() && key[shut] != ']' && key[shut] != '[') ++shut;
    if (shut == key.size() || key[shut] != ']' || shut == begin) return kNotPlain;
    if (++segments > max_segments_) return kNotPlain;
    if (!place(key.substr(begin, shut - begin), pos, key_token, opens, at)) return kNotPlain;
    opens = true;
    pos = shut + 1;
  }
  finish(key_token, value, at);
  at.previous = key;
  at.previous_not_plain = false;
  for (char c : key) at.previous_not_plain |= is(c, kNotPlainInKey);
  cursor = at;
  return end;
}

// One segment of the key at hand onto the tape, `end` the key bytes before it: into
// the innermost open container, or into a new one that it opens (which the segment
// before names, its key token `key_token`); false when that is not the tree's order
// (nothing written then matters).
[[gnu::always_inline]] inline bool QueryStream::place(std::string_view segment, std::size_t end,
                                                       std::uint32_t& key_token, bool opens, Cursor& at) {
  const std::optional<std::size_t> index = array_index(segment);
  if (opens) {
    // A new container: its first member or item, nothing to check.
    const std::uint32_t container = out_.open(!index);
    if (index) {
      levels_[at.depth++] = Level{container, static_cast<std::uint32_t>(end), 1, false, *index + 1};
    } else {
      key_token = out_.key(segment);
      levels_[at.depth++] = Level{container, static_cast<std::uint32_t>(end), 1, true, key_bit(segment)};
    }
    return true;
  }
  Level& container = levels_[at.depth - 1];
  if (container.object) {
    if (index) return false;  // an array turned object
    // A repeated key, or a return to a member already closed.
    const std::uint64_t bit = key_bit(segment);
    if ((container.seen & bit) != 0 && out_.has_key(container.at, container.count, segment)) return false;
    container.seen |= bit;
    key_token = out_.key(segment);
  } else {
    if (!index || *index < container.seen) return false;  // an array turned object, or a return
    container.seen = *index + 1;
  }
  ++container.count;
  return true;
}

std::string_view QueryStream::decode_escaped(std::string_view raw) {
  // Room for every component at once (decoding never lengthens a text).
  if (!decoded_) decoded_ = out_.scratch(query_.size());
  char* const begin = decoded_ + decoded_size_;
  const auto size = static_cast<std::size_t>(decode_query_component_to(raw, begin) - begin);
  decoded_size_ += size;
  return {begin, size};
}

}  // namespace

Streamed stream_query_member(std::string_view query, const Limits& limits, std::string_view name, JsonTape& tape,
                             const TapeValue*& root) {
  QueryStream stream(query, limits, name, tape);
  const Streamed streamed = stream.run();
  root = stream.root();
  return streamed;
}

}  // namespace lb::filter
