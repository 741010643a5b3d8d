// Predicate evaluation: the semantics of every filter operator on the memory engine.
// Positive operators hold when any value the path reaches meets them (an array value
// meets a scalar test when one of its elements does: "contains"); neq, nin, nlike and
// nilike are the negations of eq, inq, like and ilike, so they also match rows where
// the property is null or missing, and `exists: false` is the negation of `exists: true`.
#include "memory/exec/predicate.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string_view>
#include <optional>

#include "memory/exec/geo_distance.hpp"
#include "memory/exec/like_matcher.hpp"
#include "memory/store/view_compare.hpp"
#include "value/exact_integer.hpp"

namespace lb::memory {

using filter::BoundWhere;
using filter::Operator;
using Kind = filter::WhereNode::Kind;

constexpr std::size_t kNoSlot = static_cast<std::size_t>(-1);

struct Predicate::Node {
  Kind kind = Kind::And;
  std::vector<Node> children;

  // Kind::Condition only.
  std::optional<FieldPath> path;
  std::size_t direct_slot = kNoSlot;  // the slot of a one-segment path to a defined property
  Operator op = Operator::Eq;  // the positive form (Neq is held as Eq with negate)
  bool negate = false;
  std::string operand_bytes;               // encoded operands, back to back
  std::vector<std::size_t> operand_starts; // where each begins in operand_bytes
  // inq with many scalar operands: an open-addressing table of (hash, operand index +
  // 1) at least twice the operands' number, probed linearly from a row value's hash
  // (include and relation filters send lists of hundreds of keys: a probe or two
  // instead of a binary search). Empty otherwise; index 0 marks a free entry.
  // An integer operand also keeps its value, which an integer row value (ids and
  // foreign keys, the usual case) is compared with directly.
  struct HashedOperand {
    std::uint64_t hash = 0;
    std::uint32_t index = 0;
    bool is_integer = false;
    std::int64_t integer = 0;
  };
  std::vector<HashedOperand> hashed_operands;
  // inq whose operands are all integers within a range a few times their number (the
  // keys include sends): one bit per integer of the range, and no encoded operands or
  // hash table at all. Only numbers equal integers, so a row value is in the list
  // exactly when it is a number equal to an integer whose bit is set.
  struct IntegerBits {
    std::int64_t min = 0;
    std::uint64_t width = 0;
    std::vector<std::uint64_t> words;

    [[nodiscard]] bool contains(ValueView v) const {
      std::int64_t x;
      if (v.tag() == Tag::Integer) {
        x = v.as_integer();
      } else if (v.tag() != Tag::Number || !exact_integer(v.as_double(), x)) {
        return false;
      }
      const std::uint64_t at = static_cast<std::uint64_t>(x) - static_cast<std::uint64_t>(min);
      return at < width && ((words[at >> 6] >> (at & 63)) & 1) != 0;
    }
  };
  std::optional<IntegerBits> integer_bits;
  std::unique_ptr<LikeMatcher> like;
  std::unique_ptr<RE2> regexp;
  filter::NearSpec near;
  bool exists = true;

  [[nodiscard]] ValueView operand(std::size_t i) const {
    return ValueView(reinterpret_cast<const std::uint8_t*>(operand_bytes.data()) + operand_starts[i]);
  }
};

namespace {

bool is_nan(ValueView v) { return v.tag() == Tag::Number && std::isnan(v.as_double()); }

// Equality as eq means it: null matches null or missing; a list operand compares a
// whole array; a scalar operand against an array means "contains".
bool equals(ValueView value, ValueView operand) {
  if (operand.is_nullish()) return value.is_nullish();
  if (operand.is_array() || !value.is_array()) return !value.is_nullish() && compare_views(value, operand) == 0;
  bool found = false;
  value.for_each_element([&](ValueView element) {
    found = !element.is_nullish() && compare_views(element, operand) == 0;
    return !found;
  });
  return found;
}

// Applies a scalar test to a value, or to each element of an array value.
template <typename Test>
bool scalar_or_any_element(ValueView value, Test&& test) {
  if (!value.is_array()) return test(value);
  bool found = false;
  value.for_each_element([&](ValueView element) {
    found = test(element);
    return !found;
  });
  return found;
}

// Where a probe for hash `h` starts in a table of mask + 1 entries: the hash mixed
// first (std::hash of an integer is the integer, and keys are often consecutive).
std::size_t table_start(std::uint64_t h, std::size_t mask) {
  return static_cast<std::size_t>((h * 0x9e3779b97f4a7c15ULL) >> 32) & mask;
}

// A hash of a scalar that equal scalars share: 1 and 1.0 (and -0.0 and 0) hash
// alike, as they compare equal; strings, dates and the rest by their content.
std::uint64_t scalar_hash(ValueView v) {
  switch (v.tag()) {
    case Tag::Integer: return std::hash<std::int64_t>{}(v.as_integer());
    case Tag::Number: {
      const double d = v.as_double();
      if (std::isnan(d)) return 0x9e3779b97f4a7c15ULL;
      if (std::int64_t integer; exact_integer(d, integer)) return std::hash<std::int64_t>{}(integer);
      return std::hash<double>{}(d);
    }
    case Tag::String: return std::hash<std::string_view>{}(v.as_string());
    case Tag::Date: return std::hash<std::int64_t>{}(v.as_date().ms_since_epoch) ^ 0x5bd1e995ULL;
    default: {
      const auto* begin = reinterpret_cast<const char*>(v.data());
      return std::hash<std::string_view>{}(std::string_view(begin, static_cast<std::size_t>(reinterpret_cast<const char*>(v.end()) - begin)));
    }
  }
}

// gt/gte/lt/lte: only numbers with numbers, strings with strings, dates with dates.
bool comparable(ValueView value, ValueView operand) {
  ComparableKind kind = comparable_kind(value);
  return kind != ComparableKind::None && kind == comparable_kind(operand) && !is_nan(value) && !is_nan(operand);
}

// Whether the scalar `v` is one of a hashed inq's operands.
bool hashed_contains(const Predicate::Node& node, ValueView v) {
  const std::size_t mask = node.hashed_operands.size() - 1;
  if (v.tag() == Tag::Integer) {
    const std::int64_t x = v.as_integer();
    const std::uint64_t h = std::hash<std::int64_t>{}(x);  // scalar_hash of an integer
    for (std::size_t at = table_start(h, mask);; at = (at + 1) & mask) {
      const Predicate::Node::HashedOperand& entry = node.hashed_operands[at];
      if (entry.index == 0) return false;
      if (entry.hash != h) continue;
      if (entry.is_integer ? entry.integer == x : compare_views(node.operand(entry.index - 1), v) == 0) return true;
    }
  }
  if (v.is_nullish()) return false;
  const std::uint64_t h = scalar_hash(v);
  for (std::size_t at = table_start(h, mask);; at = (at + 1) & mask) {
    const Predicate::Node::HashedOperand& entry = node.hashed_operands[at];
    if (entry.index == 0) return false;
    if (entry.hash == h && compare_views(node.operand(entry.index - 1), v) == 0) return true;
  }
}

bool test_value(const Predicate::Node& node, ValueView value) {
  switch (node.op) {
    case Operator::Eq:
      return equals(value, node.operand(0));
    case Operator::Inq:
      if (node.integer_bits) {
        return scalar_or_any_element(value, [&](ValueView v) { return node.integer_bits->contains(v); });
      }
      if (!node.hashed_operands.empty()) {
        return scalar_or_any_element(value, [&](ValueView v) { return hashed_contains(node, v); });
      }
      for (std::size_t i = 0; i < node.operand_starts.size(); ++i) {
        if (equals(value, node.operand(i))) return true;
      }
      return false;
    case Operator::Gt:
    case Operator::Gte:
    case Operator::Lt:
    case Operator::Lte:
      return scalar_or_any_element(value, [&](ValueView v) {
        ValueView operand = node.operand(0);
        if (!comparable(v, operand)) return false;
        int c = compare_views(v, operand);
        switch (node.op) {
          case Operator::Gt: return c > 0;
          case Operator::Gte: return c >= 0;
          case Operator::Lt: return c < 0;
          default: return c <= 0;
        }
      });
    case Operator::Between:
      return scalar_or_any_element(value, [&](ValueView v) {
        ValueView low = node.operand(0), high = node.operand(1);
        return comparable(v, low) && comparable(v, high) && compare_views(v, low) >= 0 &&
               compare_views(v, high) <= 0;
      });
    case Operator::Like:
    case Operator::Ilike:
      return scalar_or_any_element(value, [&](ValueView v) {
        return v.tag() == Tag::String && node.like->matches(v.as_string());
      });
    case Operator::Regexp:
      return scalar_or_any_element(value, [&](ValueView v) {
        if (v.tag() != Tag::String) return false;
        std::string_view text = v.as_string();
        return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *node.regexp);
      });
    case Operator::Exists:
      return !value.is_nullish();
    case Operator::Near:
      return scalar_or_any_element(value, [&](ValueView v) {
        if (v.tag() != Tag::GeoPoint) return false;
        double d = geo_distance(node.near.origin, v.as_geo_point(), node.near.unit);
        // LoopBack applies a bound only when it is above zero.
        if (node.near.min_distance && *node.near.min_distance > 0 && d < *node.near.min_distance) return false;
        if (node.near.max_distance && *node.near.max_distance > 0 && d > *node.near.max_distance) return false;
        return true;
      });
    default:
      return false;
  }
}

bool evaluate(const Predicate::Node& node, Row row) {
  switch (node.kind) {
    case Kind::And:
      for (const auto& child : node.children) {
        if (!evaluate(child, row)) return false;
      }
      return true;
    case Kind::Or:
      for (const auto& child : node.children) {
        if (evaluate(child, row)) return true;
      }
      return false;
    case Kind::Nor:
      for (const auto& child : node.children) {
        if (evaluate(child, row)) return false;
      }
      return true;
    case Kind::Condition: {
      // A top-level property's value is tested in place (the usual case); paths into
      // objects and arrays walk.
      if (node.direct_slot != kNoSlot) {
        ValueView value = row.slot(node.direct_slot);
        if (node.like && value.tag() == Tag::String) return node.like->matches(value.as_string()) != node.negate;
        return test_value(node, value) != node.negate;
      }
      bool any = node.path->any(row, [&](ValueView value) { return test_value(node, value); });
      return any != node.negate;
    }
  }
  return false;
}

// The bits of an inq list when every operand is an integer and they are dense
// (a range no wider than 8 bits per operand plus a few words); nullopt otherwise.
std::optional<Predicate::Node::IntegerBits> integer_bits_of(const std::vector<Value>& operands) {
  std::int64_t low = INT64_MAX, high = INT64_MIN;
  for (const Value& operand : operands) {
    const std::int64_t* x = operand.if_integer();
    if (!x) return std::nullopt;
    low = std::min(low, *x);
    high = std::max(high, *x);
  }
  const std::uint64_t span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
  if (span >= 8 * static_cast<std::uint64_t>(operands.size()) + 256) return std::nullopt;
  Predicate::Node::IntegerBits bits;
  bits.min = low;
  bits.width = span + 1;
  bits.words.assign(static_cast<std::size_t>((bits.width + 63) / 64), 0);
  for (const Value& operand : operands) {
    const std::uint64_t at = static_cast<std::uint64_t>(*operand.if_integer()) - static_cast<std::uint64_t>(low);
    bits.words[at >> 6] |= std::uint64_t{1} << (at & 63);
  }
  return bits;
}

Result<Predicate::Node> compile_condition(const Schema& schema, const filter::BoundCondition& condition) {
  Predicate::Node node;
  node.kind = Kind::Condition;
  node.path.emplace(schema, condition.path);
  if (condition.path.segments.size() == 1 && node.path->slot()) node.direct_slot = *node.path->slot();
  node.op = condition.op;
  switch (condition.op) {
    case Operator::Neq: node.op = Operator::Eq; node.negate = true; break;
    case Operator::Nin: node.op = Operator::Inq; node.negate = true; break;
    case Operator::Nlike: node.op = Operator::Like; node.negate = true; break;
    case Operator::Nilike: node.op = Operator::Ilike; node.negate = true; break;
    default: break;
  }
  constexpr std::size_t kHashedInqFrom = 8;
  if (node.op == Operator::Inq && condition.values.size() >= kHashedInqFrom) {
    if (auto bits = integer_bits_of(condition.values)) {
      node.integer_bits = std::move(bits);
      return node;
    }
  }
  // Room for every scalar operand at once (include sends hundreds of keys).
  std::size_t room = 0;
  for (const Value& operand : condition.values) room += scalar_size_bound(operand);
  node.operand_bytes.reserve(room);
  node.operand_starts.reserve(condition.values.size());
  for (const Value& operand : condition.values) {
    node.operand_starts.push_back(node.operand_bytes.size());
    encode_value(operand, node.operand_bytes);
  }
  // Past a handful of scalar operands, inq looks a value up by its hash instead of
  // trying each operand (scalar_hash agrees with compare_views() == 0).
  if (node.op == Operator::Inq && condition.values.size() >= kHashedInqFrom &&
      std::none_of(condition.values.begin(), condition.values.end(),
                   [](const Value& v) { return v.is_null() || v.is_array() || v.is_object(); })) {
    std::size_t size = 16;
    while (size < 2 * node.operand_starts.size()) size *= 2;
    node.hashed_operands.assign(size, {});
    const std::size_t mask = size - 1;
    for (std::size_t i = 0; i < node.operand_starts.size(); ++i) {
      const ValueView operand = node.operand(i);
      const std::uint64_t h = scalar_hash(operand);
      std::size_t at = table_start(h, mask);
      while (node.hashed_operands[at].index != 0) at = (at + 1) & mask;
      const bool is_integer = operand.tag() == Tag::Integer;
      node.hashed_operands[at] = {h, static_cast<std::uint32_t>(i + 1), is_integer,
                                  is_integer ? operand.as_integer() : 0};
    }
  }
  switch (node.op) {
    case Operator::Like:
    case Operator::Ilike: {
      const std::string* pattern = condition.values.empty() ? nullptr : condition.values[0].if_string();
      node.like = std::make_unique<LikeMatcher>(pattern ? *pattern : std::string(),
                                                node.op == Operator::Ilike || condition.case_insensitive);
      break;
    }
    case Operator::Regexp: {
      RE2::Options options;
      options.set_log_errors(false);
      options.set_case_sensitive(!condition.case_insensitive);
      const std::string* pattern = condition.values.empty() ? nullptr : condition.values[0].if_string();
      node.regexp = std::make_unique<RE2>(pattern ? *pattern : std::string(), options);
      if (!node.regexp->ok()) {
        return invalid_input("filter.where." + condition.path.to_string() +
                             ": invalid regexp: " + node.regexp->error());
      }
      break;
    }
    case Operator::Exists:
      // `exists: false` is the negation of `exists: true`.
      if (!condition.values.empty() && condition.values[0].is_bool() && !condition.values[0].as_bool()) {
        node.negate = true;
      }
      break;
    case Operator::Near:
      node.near = condition.near;
      break;
    default:
      break;
  }
  return node;
}

Result<Predicate::Node> compile_node(const Schema& schema, const BoundWhere& where) {
  if (where.kind == Kind::Condition) return compile_condition(schema, where.condition);
  Predicate::Node node;
  node.kind = where.kind;
  for (const BoundWhere& child : where.children) {
    auto compiled = compile_node(schema, child);
    if (!compiled) return std::move(compiled).error();
    node.children.push_back(std::move(*compiled));
  }
  return node;
}

}  // namespace

Predicate::Predicate(Predicate&&) noexcept = default;
Predicate& Predicate::operator=(Predicate&&) noexcept = default;
Predicate::~Predicate() = default;

Result<Predicate> Predicate::compile(const Schema& schema, const std::vector<const BoundWhere*>& conjuncts) {
  Predicate predicate;
  if (conjuncts.empty()) return predicate;  // matches every row without a call
  predicate.root_ = std::make_unique<Node>();
  for (const BoundWhere* conjunct : conjuncts) {
    auto compiled = compile_node(schema, *conjunct);
    if (!compiled) return std::move(compiled).error();
    predicate.root_->children.push_back(std::move(*compiled));
  }
  // One conjunct is tested without the `and` around it.
  if (predicate.root_->children.size() == 1) {
    auto only = std::make_unique<Node>(std::move(predicate.root_->children.front()));
    predicate.root_ = std::move(only);
  }
  return predicate;
}

bool Predicate::matches(Row row) const {
  if (!root_) return true;
  const Node& node = *root_;
  // A lone LIKE on a top-level string (the usual full-scan filter), or a lone inq of
  // many keys on a top-level scalar (include's and relation filters' queries), is
  // tested here, without entering the general evaluator.
  if (node.kind == Kind::Condition && node.direct_slot != kNoSlot) {
    if (node.like) {
      ValueView value = row.slot(node.direct_slot);
      if (value.tag() == Tag::String) return node.like->matches(value.as_string()) != node.negate;
    } else if (node.integer_bits) {
      ValueView value = row.slot(node.direct_slot);
      if (!value.is_array()) return node.integer_bits->contains(value) != node.negate;
    } else if (!node.hashed_operands.empty()) {
      ValueView value = row.slot(node.direct_slot);
      if (!value.is_array()) return hashed_contains(node, value) != node.negate;
    }
  }
  return evaluate(node, row);
}

bool Predicate::always_true() const { return !root_ || (root_->kind == Kind::And && root_->children.empty()); }

}  // namespace lb::memory
