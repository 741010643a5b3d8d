// LoopBack's query-string forms ("filter[where][price][gt]=10&filter[order]=price%20DESC",
// "filter={...json...}") to a Value, or onto the JSON tape for the filter walk. Nesting
// and merging follow the `qs` module that LoopBack's REST layer uses: repeated keys
// collect into an array, "[]" appends, bracket indices below 20 make arrays (sparse ones
// close up), larger indices are object keys. Where qs silently truncates (too many
// parameters, too deep a key), lb refuses with a 400 instead.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory_resource>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "filter/parse/blank.hpp"
#include "filter/parse/filter_parser.hpp"
#include "filter/parse/query_key.hpp"
#include "filter/parse/query_stream.hpp"
#include "lb/filter/parse.hpp"
#include "lb/json.hpp"

namespace lb::filter {
namespace {

constexpr std::uint32_t kNone = UINT32_MAX;

// The bytes the splitting loop stops at: '&', '=', and the escapes '%' and '+'.
constexpr auto kSpecial = [] {
  std::array<bool, 256> special{};
  for (unsigned char c : {'&', '=', '%', '+'}) special[c] = true;
  return special;
}();

// The first of `query`'s bytes from `i` on that kSpecial marks, or query.size(); a
// block of bytes at a time while none is special (most of a query is names and values).
std::size_t next_special(std::string_view query, std::size_t i) {
#if defined(__SSE2__)
  const __m128i amp = _mm_set1_epi8('&'), equals = _mm_set1_epi8('='), percent = _mm_set1_epi8('%'),
                plus = _mm_set1_epi8('+');
  for (; i + 16 <= query.size(); i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(query.data() + i));
    const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, amp), _mm_cmpeq_epi8(block, equals)),
                                      _mm_or_si128(_mm_cmpeq_epi8(block, percent), _mm_cmpeq_epi8(block, plus)));
    if (int mask = _mm_movemask_epi8(hits))
      return i + static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(mask)));
  }
#else
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  // Whether some byte of `word` is `c` (exact: the classic test for a zero byte).
  const auto has = [](std::uint64_t word, unsigned char c) {
    std::uint64_t x = word ^ (kOnes * c);
    return (x - kOnes) & ~x & kHighs;
  };
  for (; i + 8 <= query.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, query.data() + i, 8);
    if (has(word, '&') | has(word, '=') | has(word, '%') | has(word, '+')) break;
  }
#endif
  while (i < query.size() && !kSpecial[static_cast<unsigned char>(query[i])]) ++i;
  return i;
}

// For grouping repeated keys: eight bytes at a time, multiply and fold.
std::size_t key_hash(std::string_view key) {
  constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;
  std::uint64_t h = key.size() * kMultiplier;
  std::size_t i = 0;
  for (; i + 8 <= key.size(); i += 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, key.data() + i, 8);
    h = (h ^ chunk) * kMultiplier;
    h ^= h >> 29;
  }
  std::uint64_t tail = 0;
  if (key.size() >= 8) {
    std::memcpy(&tail, key.data() + key.size() - 8, 8);  // the last eight bytes, overlapping
  } else {
    for (; i < key.size(); ++i) tail = (tail << 8) | static_cast<unsigned char>(key[i]);
  }
  h = (h ^ tail) * kMultiplier;
  return static_cast<std::size_t>(h ^ (h >> 32));
}

// An index as the object key qs makes of it ("7").
class IndexKey {
 public:
  explicit IndexKey(std::size_t index) : size_(static_cast<std::size_t>(std::to_chars(text_, text_ + sizeof text_, index).ptr - text_)) {}
  [[nodiscard]] std::string_view view() const { return {text_, size_}; }

 private:
  char text_[24];
  std::size_t size_;
};

// The tree qs builds, grown in place: each parameter walks down from the root, finding
// or creating the nodes its key names, and applies qs's merge rules where it meets a
// node of another kind. Texts are views into the query or into `decoded_` (one buffer
// for every component that decoding changes), so a parameter costs no allocation
// until the Value is built.
//
// The rules are those of qs's merge restricted to what query strings produce (strings,
// arrays, objects), applied to the nested value one parameter stands for, e.g.
// {"filter": {"where": {"a": "1"}}} for filter[where][a]=1:
// - a string merged into a non-array wraps it in an array and appends;
// - anything merged into a string wraps the string in an array and appends (an
//   array's items one by one, re-indexed);
// - arrays merge by index: a new index is inserted in order (sparse arrays close up
//   when the Value is built); a taken one merges when neither side is a string and
//   appends otherwise;
// - otherwise arrays turn into objects keyed by their indices, and objects merge by key.
class QueryTree {
 public:
  // Scratch space comes from `memory` (the entry points give an arena on the stack).
  explicit QueryTree(std::pmr::memory_resource* memory)
      : memory_(memory),
        decoded_(memory),
        nodes_(memory),
        steps_(memory),
        previous_steps_(memory),
        path_(memory),
        leaf_(memory) {
    key_.segments = std::pmr::vector<std::string_view>(memory);
  }

  Status build(std::string_view query, const Limits& limits);

  // The root's member `name` (a node), or kNone.
  [[nodiscard]] std::uint32_t member(std::string_view name) const;
  // `filter={...}` and `where={...}` carry JSON text: read it into the member's place.
  Status parse_json_member(std::string_view name, const Limits& limits);
  // Whether the node is a string that no JSON replaced, and its text.
  [[nodiscard]] const std::string_view* plain_string(std::uint32_t node) const;
  [[nodiscard]] Value to_value(std::uint32_t node);
  [[nodiscard]] Value to_value() { return to_value(0); }
  // Whether the node is a member whose JSON text was read (to_value() gives it).
  [[nodiscard]] bool is_json(std::uint32_t node) const { return node == json_node_[0] || node == json_node_[1]; }
  // A node below the root (no JSON in it) onto a tape, as to_value() would have built
  // it; its strings are views into the query and this tree, which must outlive the walk.
  void emit(std::uint32_t node, TapeWriter& out);
  // An upper bound on the tokens emit() writes.
  [[nodiscard]] std::size_t max_tokens() const { return 2 * nodes_.size(); }


 private:
  enum class Kind : std::uint8_t { String, Array, Object };
  struct Node {
    Kind kind = Kind::String;
    bool index_key = false;  // in an object: the key is `index` written out (an array turned object)
    std::string_view text;   // a String's text
    std::string_view key;    // the key in an object (unless index_key)
    std::size_t index = 0;   // the index in an array
    std::uint32_t first = kNone, last = kNone, next = kNone;  // children, in order
    std::uint32_t count = 0;
  };
  // One name=value pair; `next` chains the pairs of the same key.
  struct Pair {
    std::string_view key, value;
    std::uint32_t next = kNone;
  };
  struct Group {
    std::string_view key;
    std::size_t hash;
    std::uint32_t first, last;
  };
  // One level of a parameter's nested value: a member of an object or an item of an
  // array. Below the last step is the leaf: the parameter's string, or the array of
  // its strings when the key repeats.
  struct Step {
    bool is_index;
    std::size_t index;
    std::string_view key;
    // Keys are short: compared inline rather than by a call to memcmp.
    bool operator==(const Step& other) const {
      return is_index == other.is_index && index == other.index && same_text(key, other.key);
    }
  };
  // What is merged at some level: the nested value from step `level` down, or one of
  // the leaf's strings (`single`).
  struct Source {
    std::size_t level;
    const std::string_view* single = nullptr;
  };

  // The decoding of `raw`, which holds '%' or '+' when `escaped` (inline for the
  // common text that needs none).
  std::string_view decode(std::string_view raw, bool escaped) { return escaped ? decode_escaped(raw) : raw; }
  std::string_view decode_escaped(std::string_view raw);
  // Splits the query into its parameters and calls each(key, value) for those with a
  // key, in order, until it returns false; a 400 past the parameter limit.
  template <class Each>
  Status each_parameter(std::string_view query, const Limits& limits, Each&& each);
  [[nodiscard]] std::size_t next_bracket(std::string_view key, std::size_t i) const;
  bool add_simple(std::string_view key, std::string_view value, const Limits& limits);
  Status build_general(std::string_view query, const Limits& limits);
  Status add_parameter(std::string_view decoded_key, const Limits& limits);

  // Level 0 is the root's key; steps_ holds them leaf first.
  [[nodiscard]] const Step& step(std::size_t level) const { return steps_[steps_.size() - 1 - level]; }
  [[nodiscard]] Kind kind_of(const Source& s) const {
    if (s.single) return Kind::String;
    if (s.level < steps_.size()) return step(s.level).is_index ? Kind::Array : Kind::Object;
    return leaf_.size() == 1 ? Kind::String : Kind::Array;
  }
  std::uint32_t new_node(Kind kind, std::string_view text = {}) {
    Node& node = nodes_.emplace_back();
    node.kind = kind;
    node.text = text;
    return static_cast<std::uint32_t>(nodes_.size() - 1);
  }
  void link(std::uint32_t parent, std::uint32_t child) {
    Node& p = nodes_[parent];
    if (p.last == kNone) {
      p.first = child;
    } else {
      nodes_[p.last].next = child;
    }
    p.last = child;
    ++p.count;
  }
  void append(std::uint32_t array, std::uint32_t item) {
    const Node& a = nodes_[array];
    nodes_[item].index = a.last == kNone ? 0 : nodes_[a.last].index + 1;
    link(array, item);
  }
  [[nodiscard]] bool key_is(const Node& child, std::string_view key) const {
    return child.index_key ? IndexKey(child.index).view() == key : same_text(child.key, key);
  }

  [[nodiscard]] Value string_value(std::uint32_t node);
  [[nodiscard]] std::string_view index_key_text(std::size_t index);
  void fill(Value& value, std::uint32_t node);

  std::uint32_t materialize(const Source& source);
  void wrap_in_array(std::uint32_t node);
  void array_to_object(std::uint32_t node);
  void merge(std::uint32_t target, const Source& source);
  // merge() into an existing child that its parent holds at the step's key or index,
  // the parent left as it was: the walk's path so far is one that the next parameter
  // may resume from (see add_parameter).
  void descend(std::uint32_t child, const Source& source) {
    if (recording_) path_.push_back(child);
    merge(child, source);
  }
  // The nodes materialize() made for `source` at the step's key or index of their new
  // parent: each holds only the next, at the next step's key or index, so the next
  // parameter may resume at them too (the leaf excepted: a string there would be
  // appended beside, not merged into).
  void placed(std::uint32_t top, const Source& source) {
    if (!recording_ || source.single) return;
    for (std::size_t level = source.level; level < steps_.size(); ++level, top = nodes_[top].first)
      path_.push_back(top);
  }
  void merge_item(std::uint32_t array, std::size_t index, const Source& item);
  void merge_member(std::uint32_t object, std::string_view key, const Source& member);
  void merge_index_member(std::uint32_t object, std::size_t index, const Source& member);

  std::string_view query_;
  std::pmr::memory_resource* memory_;
  std::pmr::string decoded_;
  std::pmr::vector<Node> nodes_;
  std::pmr::vector<Step> steps_;
  // The previous parameter's steps (leaf first, as steps_), and the nodes its walk went
  // through from the root while no level changed kind (descend(), placed()): path_[l]
  // is the node at level l, path_[0] the root. recording_ while that holds.
  std::pmr::vector<Step> previous_steps_;
  std::pmr::vector<std::uint32_t> path_;
  bool recording_ = false;
  std::pmr::vector<std::string_view> leaf_;
  QueryKeyView key_;
  // add_simple()'s tokens of the key at hand (the root's key, then one per segment),
  // and its record of the previous key's walk: simple_path_[l].node is the container
  // that token l + 1 was looked up in, reached through tokens 0..l, which the key's
  // first simple_path_[l].end bytes name with the delimiter that closes token l.
  // Deeper keys take the general build.
  static constexpr std::size_t kSimpleDepth = 32;
  // (Trivial, so that the arrays cost nothing to set up.)
  struct Token {
    std::size_t begin, size;  // the segment (or root) text in the key
    bool is_index;
    std::size_t index;
    std::size_t end;
  };
  static Token segment_token(std::string_view key, std::size_t begin, std::size_t end);
  struct Level {
    std::size_t end;
    std::uint32_t node;
  };
  std::array<Token, kSimpleDepth> tokens_;
  std::string_view simple_key_;
  std::array<Level, kSimpleDepth> simple_path_;
  std::size_t simple_levels_ = 0;
  std::uint32_t json_node_[2] = {kNone, kNone};
  std::optional<Value> json_[2];
};

std::string_view QueryTree::decode_escaped(std::string_view raw) {
  // Room for every component at once: decoding never lengthens a text, so views into
  // `decoded_` stay valid.
  if (decoded_.capacity() < query_.size()) decoded_.reserve(query_.size());
  [[maybe_unused]] const char* data = decoded_.data();
  std::size_t start = decoded_.size();
  append_decoded_query_component(raw, decoded_);
  assert(decoded_.data() == data);
  return std::string_view(decoded_).substr(start);
}

template <class Each>
Status QueryTree::each_parameter(std::string_view query, const Limits& limits, Each&& each) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < query.size(); ++i) {
    // One pass over the part finds its end, its split and whether either side needs
    // decoding. Like qs, a "]=" marks the split when present, so that a bracketed key
    // may hold '=' ("a[b=c]=d"); else the first '='; no '=' means an empty value.
    const std::size_t start = i;
    std::size_t equals = std::string_view::npos, split = std::string_view::npos;
    std::size_t first_escape = std::string_view::npos, last_escape = 0;
    for (;; ++i) {
      i = next_special(query, i);
      if (i == query.size()) break;
      const char c = query[i];
      if (c == '&') break;
      if (c == '=') {
        if (equals == std::string_view::npos) equals = i;
        if (split == std::string_view::npos && i > start && query[i - 1] == ']') split = i;
      } else {
        if (first_escape == std::string_view::npos) first_escape = i;
        last_escape = i;
      }
    }
    if (i == start) continue;
    if (++count > limits.max_query_parameters)
      return invalid_input(fmt::format("query string has more than {} parameters", limits.max_query_parameters));
    if (split == std::string_view::npos) split = equals;
    std::string_view key, value;
    if (split == std::string_view::npos) {
      key = decode(query.substr(start, i - start), first_escape != std::string_view::npos);
    } else {
      key = decode(query.substr(start, split - start), first_escape < split);
      value = decode(query.substr(split + 1, i - split - 1),
                     first_escape != std::string_view::npos && last_escape > split);
    }
    if (key.empty()) continue;
    if (!each(key, value)) return {};
  }
  return {};
}

// Most queries name each key once, in the plain shape, and never change a node's kind:
// then each parameter only descends into containers of the kind its next step needs
// and ends at a new string, which add_simple() does in one pass over the key. A key
// that repeats is one of the cases it leaves (its second walk ends at the string its
// first made), so when it finishes the query had no repeated keys and the tree is the
// one the grouping build makes. Otherwise the tree is built again by that build.
Status QueryTree::build(std::string_view query, const Limits& limits) {
  if (query.size() > limits.max_text_bytes)
    return invalid_input(fmt::format("query string of {} bytes exceeds the limit of {} bytes", query.size(),
                                     limits.max_text_bytes));
  if (!query.empty() && query.front() == '?') query.remove_prefix(1);
  query_ = query;

  nodes_.reserve(1 + query.size() / 8);
  new_node(Kind::Object);
  bool simple = true;
  auto status = each_parameter(query, limits, [&](std::string_view key, std::string_view value) {
    return simple = add_simple(key, value, limits);
  });
  if (!status || simple) return status;
  nodes_.clear();
  decoded_.clear();
  return build_general(query, limits);
}

// The first '[' or ']' of `key` from `i` on, or key.size(); sixteen bytes at a time
// where they may be read (keys are short: usually one load).
std::size_t QueryTree::next_bracket(std::string_view key, std::size_t i) const {
#if defined(__SSE2__)
  // Only a key that is a view into the query: reading on to the query's end is safe.
  const char* query_end = query_.data() + query_.size();
  if (key.data() >= query_.data() && key.data() < query_end) {
    const __m128i open = _mm_set1_epi8('['), close = _mm_set1_epi8(']');
    for (; key.data() + i + 16 <= query_end && i < key.size(); i += 16) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(key.data() + i));
      auto mask = static_cast<unsigned>(
          _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(block, open), _mm_cmpeq_epi8(block, close))));
      if (mask) return std::min(i + static_cast<std::size_t>(std::countr_zero(mask)), key.size());
    }
  }
#endif
  while (i < key.size() && key[i] != '[' && key[i] != ']') ++i;
  return std::min(i, key.size());
}

// The token of the segment key[begin, end).
QueryTree::Token QueryTree::segment_token(std::string_view key, std::size_t begin, std::size_t end) {
  if (auto index = array_index(key.substr(begin, end - begin))) return Token{0, 0, true, *index, end + 1};
  return Token{begin, end - begin, false, 0, end + 1};
}

// One parameter into the tree when its key has the plain shape ("a[b][0]", no "[]")
// and its walk stays simple (see build()); false, the tree untouched, when not.
bool QueryTree::add_simple(std::string_view key, std::string_view value, const Limits& limits) {
  // The tokens that the previous key's bytes name with their closing delimiter name
  // the same nodes again: resume below the last of them.
  const std::size_t common = common_prefix(key, simple_key_);
  std::size_t level = 0;
  while (level < simple_levels_ && simple_path_[level].end <= common) ++level;

  // The tokens from there, each closed by its delimiter.
  std::size_t count = 0;
  std::size_t pos = 0;
  if (level == 0) {
    const std::size_t bracket = std::min(key.find('['), key.size());
    if (bracket == 0) return false;  // "[a]=1": the first segment is the root (the general build)
    tokens_[count++] = Token{0, bracket, false, 0, bracket + 1};
    pos = bracket;
  } else {
    // (The root's token ends with the '[' that opens the first segment.)
    pos = simple_path_[level - 1].end - (level == 1 ? 1 : 0);
  }
  while (pos < key.size()) {
    if (key[pos] != '[' || level + count == kSimpleDepth) return false;
    const std::size_t shut = next_bracket(key, pos + 1);
    if (shut == key.size() || key[shut] != ']' || shut == pos + 1) return false;
    tokens_[count++] = segment_token(key, pos + 1, shut);
    pos = shut + 1;
  }
  // (The root's token is no segment.)
  if (count == 0 || level + count - 1 > limits.max_query_key_depth) return false;

  std::uint32_t node = level == 0 ? 0 : simple_path_[level - 1].node;
  for (std::size_t t = 0; t < count; ++t) {
    const Token& token = tokens_[t];
    const Node& container = nodes_[node];
    std::uint32_t before = kNone, at = container.first;
    bool found;
    if (container.kind == Kind::Object && !token.is_index) {
      const std::string_view text = key.substr(token.begin, token.size);
      while (at != kNone && !same_text(nodes_[at].key, text)) at = nodes_[at].next;
      found = at != kNone;
    } else if (container.kind == Kind::Array && token.is_index) {
      // Items are in ascending index order; a new one goes after `before`.
      while (at != kNone && nodes_[at].index < token.index) {
        before = at;
        at = nodes_[at].next;
      }
      found = at != kNone && nodes_[at].index == token.index;
    } else {
      return false;  // a kind changes
    }
    if (found) {
      if (t + 1 == count) return false;  // a string beside or into what is there
      simple_path_[level + t] = {token.end, at};
      node = at;
      continue;
    }
    // A new branch from here: the nodes of the remaining tokens, each the only child of
    // the one above, the string at the bottom.
    std::uint32_t parent = node;
    for (std::size_t u = t; u < count; ++u) {
      const Token& here = tokens_[u];
      const bool bottom = u + 1 == count;
      const std::uint32_t child =
          bottom ? new_node(Kind::String, value) : new_node(tokens_[u + 1].is_index ? Kind::Array : Kind::Object);
      Node& c = nodes_[child];
      if (here.is_index) {
        c.index = here.index;
      } else {
        c.key = key.substr(here.begin, here.size);
      }
      if (u == t && nodes_[parent].kind == Kind::Array) {
        // In index order: before the first item with a larger index.
        Node& p = nodes_[parent];
        const std::uint32_t after = before == kNone ? p.first : nodes_[before].next;
        c.next = after;
        if (before == kNone) {
          p.first = child;
        } else {
          nodes_[before].next = child;
        }
        if (after == kNone) p.last = child;
        ++p.count;
      } else {
        link(parent, child);
      }
      if (!bottom) simple_path_[level + u] = {here.end, child};
      parent = child;
    }
    simple_levels_ = level + count - 1;
    simple_key_ = key;
    return true;
  }
  return false;  // (unreachable: the last token either returns or makes a branch)
}

// The grouping build: every case qs knows.
Status QueryTree::build_general(std::string_view query, const Limits& limits) {
  // Repeated keys collect their values first, in the order written (as qs does): the
  // pairs of one key merge as one parameter, at the place of its first occurrence.
  std::pmr::vector<Pair> pairs(memory_);
  std::pmr::vector<Group> groups(memory_);
  pairs.reserve(32);
  groups.reserve(32);
  // Open addressing: group numbers by key hash, at most half full.
  std::pmr::vector<std::uint32_t> table(64, kNone, memory_);
  auto status = each_parameter(query, limits, [&](std::string_view key, std::string_view value) {
    auto number = static_cast<std::uint32_t>(pairs.size());
    pairs.push_back(Pair{key, value});
    const std::size_t hash = key_hash(key);
    std::size_t mask = table.size() - 1;
    std::size_t slot = hash & mask;
    while (table[slot] != kNone && groups[table[slot]].key != key) slot = (slot + 1) & mask;
    if (table[slot] != kNone) {
      Group& group = groups[table[slot]];
      pairs[group.last].next = number;
      group.last = number;
      return true;
    }
    groups.push_back(Group{key, hash, number, number});
    if (2 * groups.size() <= table.size()) {
      table[slot] = static_cast<std::uint32_t>(groups.size() - 1);
      return true;
    }
    table.assign(2 * table.size(), kNone);
    mask = table.size() - 1;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      slot = groups[g].hash & mask;
      while (table[slot] != kNone) slot = (slot + 1) & mask;
      table[slot] = static_cast<std::uint32_t>(g);
    }
    return true;
  });
  if (!status) return status;

  // Room for typical keys; deeper ones grow these.
  nodes_.reserve(1 + 4 * pairs.size());
  steps_.reserve(16);
  previous_steps_.reserve(16);
  path_.reserve(16);
  key_.segments.reserve(16);
  leaf_.reserve(4);
  new_node(Kind::Object);
  path_.assign(1, 0);
  for (const Group& group : groups) {
    leaf_.clear();
    for (std::uint32_t p = group.first; p != kNone; p = pairs[p].next) leaf_.push_back(pairs[p].value);
    if (auto status = add_parameter(group.key, limits); !status) return status;
  }
  return {};
}

// One parameter (a key with its values) into the tree: its key to steps, then one
// merge from the root.
Status QueryTree::add_parameter(std::string_view decoded_key, const Limits& limits) {
  split_query_key(decoded_key, key_);
  auto& segments = key_.segments;
  std::string_view root = key_.root;
  std::string_view rest = key_.rest;
  std::size_t first = 0;
  if (root.empty() && !segments.empty()) {
    // "[a]=1" is {"a": "1"} for qs: the first segment becomes the root.
    root = segments.front();
    first = 1;
  }
  if (root.empty()) {
    root = rest;
    rest = {};
  }
  // Like qs, a leftover that opens a bracket ("a[b") is one more literal key, and
  // text after the last bracket ("a[b]c") is dropped.
  if (!rest.empty() && rest.front() == '[') segments.push_back(rest);
  if (segments.size() - first > limits.max_query_key_depth)
    return invalid_input(fmt::format("query parameter {}: more than {} levels of brackets",
                                     quoted(decoded_key.substr(0, 64)), limits.max_query_key_depth));

  // The steps from the leaf up (as step() reads them): "[]" makes an array of what
  // is below it unless that is one already (then it adds no level).
  steps_.clear();
  bool below_is_array = leaf_.size() > 1;
  for (std::size_t i = segments.size(); i-- > first;) {
    std::string_view segment = segments[i];
    if (segment.empty()) {
      if (!below_is_array) steps_.push_back(Step{true, 0, {}});
      below_is_array = true;
    } else if (auto index = array_index(segment)) {
      steps_.push_back(Step{true, *index, {}});
      below_is_array = true;
    } else {
      steps_.push_back(Step{false, 0, segment});
      below_is_array = false;
    }
  }
  steps_.push_back(Step{false, 0, root});

  // Keys in a row often share their first steps ("filter[where][and][0][price]..."). The
  // walk from the root through steps that equal the previous parameter's, over nodes
  // that parameter went through or made without changing a kind, reaches the same
  // node again: every
  // level finds its node of the same kind as before (kinds only change at and below
  // the node a walk stops descending at; a key or index finds the same child), and
  // each of these steps is followed by another step, so its child is merged into
  // (never appended beside, which a string leaf would do). So the walk resumes there.
  const std::size_t shared_limit = std::min({path_.size() - 1, steps_.size() - 1, previous_steps_.size()});
  std::size_t level = 0;
  while (level < shared_limit && step(level) == previous_steps_[previous_steps_.size() - 1 - level]) ++level;
  path_.resize(level + 1);
  recording_ = true;
  merge(path_[level], Source{level});
  std::swap(previous_steps_, steps_);
  return {};
}

// The nested value `source` stands for, as new nodes; returns its top.
std::uint32_t QueryTree::materialize(const Source& source) {
  if (source.single) return new_node(Kind::String, *source.single);
  std::uint32_t node;
  if (leaf_.size() == 1) {
    node = new_node(Kind::String, leaf_.front());
  } else {
    node = new_node(Kind::Array);
    for (std::string_view value : leaf_) append(node, new_node(Kind::String, value));
  }
  for (std::size_t level = steps_.size(); level-- > source.level;) {
    const Step& at = step(level);
    std::uint32_t parent = new_node(at.is_index ? Kind::Array : Kind::Object);
    if (at.is_index) {
      nodes_[node].index = at.index;
    } else {
      nodes_[node].key = at.key;
    }
    link(parent, node);
    node = parent;
  }
  return node;
}

// Turns `node` into an array whose first item is the old node, keeping the node's
// place (its key or index) in its parent.
void QueryTree::wrap_in_array(std::uint32_t node) {
  Node item = nodes_[node];
  item.index = 0;
  item.index_key = false;
  item.key = {};
  item.next = kNone;
  auto moved = static_cast<std::uint32_t>(nodes_.size());
  nodes_.push_back(item);
  Node& n = nodes_[node];
  n.kind = Kind::Array;
  n.text = {};
  n.first = n.last = moved;
  n.count = 1;
}

void QueryTree::array_to_object(std::uint32_t node) {
  nodes_[node].kind = Kind::Object;
  for (std::uint32_t c = nodes_[node].first; c != kNone; c = nodes_[c].next) nodes_[c].index_key = true;
}

void QueryTree::merge(std::uint32_t target, const Source& source) {
  const Kind kind = kind_of(source);
  const bool at_leaf = !source.single && source.level == steps_.size();
  if (kind == Kind::String) {
    if (nodes_[target].kind != Kind::Array) wrap_in_array(target);
    append(target, materialize(source));
    return;
  }
  if (nodes_[target].kind == Kind::String) {
    wrap_in_array(target);
    if (kind == Kind::Object) {
      append(target, materialize(source));
    } else if (at_leaf) {
      for (std::string_view value : leaf_) append(target, new_node(Kind::String, value));
    } else {
      append(target, materialize(Source{source.level + 1}));
    }
    return;
  }
  if (nodes_[target].kind == Kind::Array && kind == Kind::Array) {
    if (at_leaf) {
      recording_ = false;
      for (std::size_t i = 0; i < leaf_.size(); ++i) merge_item(target, i, Source{source.level, &leaf_[i]});
    } else {
      merge_item(target, step(source.level).index, Source{source.level + 1});
    }
    return;
  }
  if (nodes_[target].kind == Kind::Array) {
    recording_ = false;
    array_to_object(target);
  }
  if (kind == Kind::Object) {
    merge_member(target, step(source.level).key, Source{source.level + 1});
  } else if (at_leaf) {
    recording_ = false;
    for (std::size_t i = 0; i < leaf_.size(); ++i) merge_index_member(target, i, Source{source.level, &leaf_[i]});
  } else {
    merge_index_member(target, step(source.level).index, Source{source.level + 1});
  }
}

// `item` at `index` of an array whose items are in ascending index order.
void QueryTree::merge_item(std::uint32_t array, std::size_t index, const Source& item) {
  std::uint32_t before = kNone, at = nodes_[array].first;
  while (at != kNone && nodes_[at].index < index) {
    before = at;
    at = nodes_[at].next;
  }
  if (at == kNone || nodes_[at].index != index) {
    std::uint32_t node = materialize(item);
    Node& n = nodes_[node];
    n.index = index;
    n.next = at;
    if (before == kNone) {
      nodes_[array].first = node;
    } else {
      nodes_[before].next = node;
    }
    if (at == kNone) nodes_[array].last = node;
    ++nodes_[array].count;
    placed(node, item);
  } else if (nodes_[at].kind != Kind::String && kind_of(item) != Kind::String) {
    descend(at, item);
  } else {
    append(array, materialize(item));
  }
}

void QueryTree::merge_member(std::uint32_t object, std::string_view key, const Source& member) {
  for (std::uint32_t c = nodes_[object].first; c != kNone; c = nodes_[c].next) {
    if (key_is(nodes_[c], key)) {
      descend(c, member);
      return;
    }
  }
  std::uint32_t node = materialize(member);
  nodes_[node].key = key;
  link(object, node);
  placed(node, member);
}

// A member keyed by an array index (an array merged into an object).
void QueryTree::merge_index_member(std::uint32_t object, std::size_t index, const Source& member) {
  const IndexKey key(index);
  for (std::uint32_t c = nodes_[object].first; c != kNone; c = nodes_[c].next) {
    if (key_is(nodes_[c], key.view())) {
      descend(c, member);
      return;
    }
  }
  std::uint32_t node = materialize(member);
  nodes_[node].index = index;
  nodes_[node].index_key = true;
  link(object, node);
  placed(node, member);
}

std::uint32_t QueryTree::member(std::string_view name) const {
  for (std::uint32_t c = nodes_[0].first; c != kNone; c = nodes_[c].next)
    if (key_is(nodes_[c], name)) return c;
  return kNone;
}

Status QueryTree::parse_json_member(std::string_view name, const Limits& limits) {
  std::uint32_t node = member(name);
  if (node == kNone || nodes_[node].kind != Kind::String) return {};
  std::string_view text = nodes_[node].text;
  std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos || text[start] != '{') return {};
  JsonLimits json;
  json.max_bytes = limits.max_text_bytes;
  json.max_depth = 2 * limits.max_where_depth + 4 * limits.max_include_depth + 16;
  auto parsed = parse_json(text, json);
  if (!parsed) return parse_error(name, parsed.error().message());
  std::size_t slot = json_node_[0] == kNone ? 0 : 1;
  json_node_[slot] = node;
  json_[slot] = std::move(*parsed);
  return {};
}

const std::string_view* QueryTree::plain_string(std::uint32_t node) const {
  const Node& n = nodes_[node];
  if (n.kind != Kind::String || node == json_node_[0] || node == json_node_[1]) return nullptr;
  return &n.text;
}

Value QueryTree::to_value(std::uint32_t node) {
  const Node& n = nodes_[node];
  if (n.kind == Kind::String) return string_value(node);
  Value value = n.kind == Kind::Array ? Value(Array()) : Value(Object());
  fill(value, node);
  return value;
}

Value QueryTree::string_value(std::uint32_t node) {
  for (std::size_t slot = 0; slot < 2; ++slot)
    if (json_node_[slot] == node) return std::move(*json_[slot]);
  return Value(nodes_[node].text);
}

// The children of a container node into `value`, already of the node's kind. Each
// child is built in its place (no Value is moved).
void QueryTree::fill(Value& value, std::uint32_t node) {
  const Node& n = nodes_[node];
  if (n.kind == Kind::Array) {
    Array& array = value.as_array();
    array.reserve(n.count);
    for (std::uint32_t c = n.first; c != kNone; c = nodes_[c].next) {
      const Node& child = nodes_[c];
      if (child.kind == Kind::String) {
        array.emplace_back(child.text);  // (only the root's members carry JSON)
      } else {
        fill(child.kind == Kind::Array ? array.emplace_back(Array()) : array.emplace_back(Object()), c);
      }
    }
    return;
  }
  Object& object = value.as_object();
  object.reserve(n.count);
  for (std::uint32_t c = n.first; c != kNone; c = nodes_[c].next) {
    const Node& child = nodes_[c];
    const IndexKey index_key(child.index);
    const std::string_view key = child.index_key ? index_key.view() : child.key;
    if (child.kind != Kind::String) {
      object.push_back(key, child.kind == Kind::Array ? Value(Array()) : Value(Object()));
      fill((object.end() - 1)->second, c);
    } else if (node == 0) {
      object.push_back(key, string_value(c));
    } else {
      object.push_back(key, child.text);
    }
  }
}

// An index as an object key ("7"), in memory that lasts as long as the tree.
std::string_view QueryTree::index_key_text(std::size_t index) {
  static constexpr char kDigits[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  if (index < 10) return {kDigits + 2 * index + 1, 1};
  if (index < 100) return {kDigits + 2 * index, 2};
  const IndexKey key(index);
  auto* text = static_cast<char*>(memory_->allocate(key.view().size(), 1));
  std::memcpy(text, key.view().data(), key.view().size());
  return {text, key.view().size()};
}

void QueryTree::emit(std::uint32_t node, TapeWriter& out) {
  const Node& n = nodes_[node];
  if (n.kind == Kind::String) {
    out.string(n.text);
    return;
  }
  const std::uint32_t at = out.open(n.kind == Kind::Object);
  if (n.kind == Kind::Array) {
    for (std::uint32_t c = n.first; c != kNone; c = nodes_[c].next) emit(c, out);
  } else {
    for (std::uint32_t c = n.first; c != kNone; c = nodes_[c].next) {
      const Node& child = nodes_[c];
      const std::uint32_t key = out.key(child.index_key ? index_key_text(child.index) : child.key);
      emit(c, out);
      out.end_member(key);
    }
  }
  out.close(at, n.count);
}

// The scratch space of one parse: on the stack, enough for a query of a few dozen
// parameters; larger ones spill to the heap.
class QueryArena : public std::pmr::monotonic_buffer_resource {
 public:
  QueryArena() : std::pmr::monotonic_buffer_resource(buffer_, sizeof buffer_) {}

 private:
  alignas(std::max_align_t) std::byte buffer_[12 * 1024];
};

// The tree of a query string, with its `filter` and `where` JSON read.
Status build_tree(QueryTree& tree, std::string_view query, const Limits& limits) {
  if (auto status = tree.build(query, limits); !status) return status;
  for (std::string_view name : {"filter", "where"})
    if (auto status = tree.parse_json_member(name, limits); !status) return status;
  return {};
}

}  // namespace

Result<Value> parse_query_string(std::string_view query, const Limits& limits) {
  QueryArena arena;
  QueryTree tree(&arena);
  if (auto status = build_tree(tree, query, limits); !status) return status.error();
  return tree.to_value();
}

namespace {

// Only the `member` ("filter" or "where") is walked: written onto the thread's tape when
// it is bracketed parameters (strings stay views into the query), straight from the
// query when stream_query_member() takes it and from the tree otherwise; built as a
// Value when it is JSON text (already read while building the tree). `parse_object` is
// the walker entry for the member (filter or where) and `first_level` its starting depth.
template <class Out, class ParseObject>
Result<Out> parse_query_member(std::string_view query, const Limits& limits, const char* member,
                               std::size_t first_level, ParseObject parse_object) {
  ParseState state{limits};
  // Built inside the Result that every path returns (so it is not moved).
  Result<Out> result(blank<Out>());
  const LazyKeyPath path(member);
  const auto walk = [&](auto& root) {
    if (auto status = parse_object(root, path, first_level, state, *result); !status) result = status.error();
  };
  if (query.size() <= JsonTape::kMaxBytes) {
    JsonTape tape;
    const TapeValue* root = nullptr;
    switch (stream_query_member(query, limits, member, tape, root)) {
      case Streamed::Absent:
        return result;
      case Streamed::Written:
        walk(*root);
        return result;
      case Streamed::NotPlain:
        break;
    }
  }
  QueryArena arena;
  QueryTree tree(&arena);
  if (auto status = build_tree(tree, query, limits); !status) {
    result = status.error();
    return result;
  }
  std::uint32_t node = tree.member(member);
  if (node == kNone) return result;
  // "filter=" is no filter, as LoopBack tests the value for truth.
  if (const std::string_view* text = tree.plain_string(node)) {
    if (!text->empty())
      result = parse_error(member, fmt::format("expected JSON text or bracketed parameters such as {}[a]=1",
                                               member == std::string_view("filter") ? "filter[where]" : member));
    return result;
  }
  if (tree.is_json(node) || query.size() > JsonTape::kMaxBytes) {
    Value value = tree.to_value(node);
    if (!value.is_null()) walk(value);
    return result;
  }
  JsonTape tape;
  TapeWriter writer(tape, tree.max_tokens());
  tree.emit(node, writer);
  walk(*writer.root());
  return result;
}

}  // namespace

Result<Syntax> parse_filter_query(std::string_view query, const Limits& limits) {
  return parse_query_member<Syntax>(query, limits, "filter", 0, [](auto& value, auto&... rest) {
    return parse_filter_object(value, rest...);
  });
}

Result<WhereNode> parse_where_query(std::string_view query, const Limits& limits) {
  return parse_query_member<WhereNode>(query, limits, "where", 1, [](auto& value, auto&... rest) {
    return parse_where_object(value, rest...);
  });
}

}  // namespace lb::filter
