// The where clause: and/or/nor, implicit and of keys, properties with a plain value
// (eq) or an object of operators and their modifiers. Shape only: operand types are
// the bind stage's business, except where the shape itself is wrong (between needs two
// values, inq an array, like a string).
#include <algorithm>
#include <array>
#include <cstdint>
#include <fmt/format.h>

#include "filter/parse/blank.hpp"
#include "filter/parse/filter_parser.hpp"
#include "filter/parse/property_path.hpp"
#include "filter/parse/regexp_literal.hpp"

namespace lb::filter {
namespace {

struct OperatorSpelling {
  std::string_view name;
  Operator op;
};

constexpr std::array<OperatorSpelling, 17> kOperators{{
    {"eq", Operator::Eq},         {"neq", Operator::Neq},       {"gt", Operator::Gt},
    {"gte", Operator::Gte},       {"lt", Operator::Lt},         {"lte", Operator::Lte},
    {"between", Operator::Between}, {"inq", Operator::Inq},     {"in", Operator::Inq},
    {"nin", Operator::Nin},       {"like", Operator::Like},     {"nlike", Operator::Nlike},
    {"ilike", Operator::Ilike},   {"nilike", Operator::Nilike}, {"regexp", Operator::Regexp},
    {"exists", Operator::Exists}, {"near", Operator::Near},
}};

// The operator names by a perfect hash of their size and end bytes (the static_assert
// checks that no two share a slot), so that the key of every operator object costs one
// table probe and one comparison, without a switch's hard-to-predict jump.
constexpr std::size_t operator_slot(std::string_view name) {
  return (2 * name.size() + 2 * static_cast<unsigned char>(name.front()) +
          7 * static_cast<unsigned char>(name.back())) & 31;
}
constexpr auto kOperatorSlots = [] {
  std::array<const OperatorSpelling*, 32> slots{};
  for (const OperatorSpelling& spelling : kOperators) slots[operator_slot(spelling.name)] = &spelling;
  return slots;
}();
static_assert(static_cast<std::size_t>(std::count_if(kOperatorSlots.begin(), kOperatorSlots.end(),
                                                     [](auto* s) { return s != nullptr; })) ==
                  kOperators.size(),
              "two operator names share a slot: change operator_slot()");

// The operator `name` spells, or nullptr. (A pointer rather than an optional<Operator>,
// which GCC assembles on the stack from two stores and reloads whole: a stall.)
const OperatorSpelling* operator_from_name(std::string_view name) {
  if (name.empty()) return nullptr;
  const OperatorSpelling* spelling = kOperatorSlots[operator_slot(name)];
  if (!spelling || spelling->name.size() != name.size()) return nullptr;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (spelling->name[i] != name[i]) return nullptr;
  return spelling;
}

bool is_pattern_operator(Operator op) {
  return op == Operator::Like || op == Operator::Nlike || op == Operator::Ilike ||
         op == Operator::Nilike || op == Operator::Regexp;
}

// Modifiers sit beside an operator and qualify it; each belongs to some operators.
bool is_modifier(std::string_view key) {
  return is_key(key, "options") || is_key(key, "maxDistance") || is_key(key, "minDistance") || is_key(key, "unit");
}
bool modifier_applies(std::string_view key, Operator op) {
  if (is_key(key, "options")) return is_pattern_operator(op);
  return op == Operator::Near;
}
const char* modifier_owners(std::string_view key) {
  return key == "options" ? "like, nlike, ilike, nilike or regexp" : "near";
}

// Edit distance, capped: enough to tell a misspelt operator ("gtx") from a nested
// property name ("city").
std::size_t edit_distance(std::string_view a, std::string_view b) {
  if (a.size() > 16 || b.size() > 16) return 16;
  std::array<std::size_t, 17> row{};
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool looks_like_operator(std::string_view key) {
  // Short names are near every short operator, so they get less slack.
  std::size_t slack = key.size() <= 4 ? 1 : 2;
  return std::any_of(kOperators.begin(), kOperators.end(),
                     [&](const auto& spelling) { return edit_distance(key, spelling.name) <= slack; });
}

bool is_logical(std::string_view key) { return is_key(key, "and") || is_key(key, "or") || is_key(key, "nor"); }

// `$`-prefixed keys are MongoDB operators; LoopBack refuses them unless a data source
// allows extended operators, which lb does not have.
Error dollar_operator_error(const LazyKeyPath& path, std::string_view key) {
  Error error = parse_error(path, fmt::format("operator {} is not allowed in a query", quoted(key)));
  return std::move(error).with_loopback_code("OPERATOR_NOT_ALLOWED_IN_QUERY");
}

Status string_too_long(const LazyKeyPath& path, std::size_t size, const Limits& limits) {
  return parse_error(path, fmt::format("a string of {} bytes exceeds the limit of {} bytes", size,
                                       limits.max_string_bytes));
}

// Every string in an operand is bounded, and no object inside it may hide a `$` key.
// Deep operands walk with an explicit stack (a Value handed in by a caller may be
// arbitrarily deep), last item first; scalars and flat arrays, nearly every operand,
// are checked in place, and report the problem that walk would have found first (the
// last string over the limit).
template <class V>
Status check_operand_contents(const V& operand, const LazyKeyPath& path, const Limits& limits) {
  if (auto s = operand.if_string()) {
    if (s->size() > limits.max_string_bytes) return string_too_long(path, s->size(), limits);
    return {};
  }
  if (auto array = array_of(operand)) {
    bool flat = true;
    std::size_t too_long = 0;
    for (const V& item : *array) {
      if (auto s = item.if_string()) {
        if (s->size() > limits.max_string_bytes) too_long = s->size();
      } else if (item.is_array() || item.is_object()) {
        flat = false;
        break;
      }
    }
    if (flat) return too_long ? string_too_long(path, too_long, limits) : Status{};
  } else if (!operand.is_object()) {
    return {};
  }
  std::vector<const V*> stack{&operand};
  while (!stack.empty()) {
    const V* v = stack.back();
    stack.pop_back();
    if (auto s = v->if_string()) {
      if (s->size() > limits.max_string_bytes) return string_too_long(path, s->size(), limits);
    } else if (auto array = array_of(*v)) {
      for (const V& item : *array) stack.push_back(&item);
    } else if (auto object = object_of(*v)) {
      for (auto&& [key, value] : *object) {
        if (!key.empty() && key[0] == '$') return dollar_operator_error(path, key);
        stack.push_back(&value);
      }
    }
  }
  return {};
}

// Checks one operator's operand and stores it in `out` as the Condition keeps it
// (array-like objects become arrays), taken from the tree.
template <WalkedValue V>
Status check_operand(Operator op, std::string_view op_name, V& operand, const LazyKeyPath& path,
                     const Limits& limits, Value& out) {
  switch (op) {
    case Operator::Between: {
      auto array = as_array_like(operand);
      if (!array)
        return parse_error(path, fmt::format("\"between\" expects an array of 2 values, got {}",
                                             kind_word(operand)));
      if (array->size() != 2)
        return parse_error(path, fmt::format("\"between\" expects an array of 2 values, got {} {}",
                                             array->size(), array->size() == 1 ? "value" : "values"));
      replace_value(out, array->take_all());
      return {};
    }
    case Operator::Inq:
    case Operator::Nin: {
      auto array = as_array_like(operand);
      if (!array)
        return parse_error(path, fmt::format("\"{}\" expects an array, got {}", op_name, kind_word(operand)));
      if (array->size() > limits.max_inq_size)
        return parse_error(path, fmt::format("\"{}\" has {} values, more than the limit of {}", op_name,
                                             array->size(), limits.max_inq_size));
      replace_value(out, array->take_all());
      return {};
    }
    case Operator::Like:
    case Operator::Nlike:
    case Operator::Ilike:
    case Operator::Nilike:
      if (!operand.is_string())
        return parse_error(path, fmt::format("\"{}\" expects a string, got {}", op_name, kind_word(operand)));
      break;
    case Operator::Regexp: {
      if (!operand.is_string())
        return parse_error(path, fmt::format("\"regexp\" expects a string or a /pattern/flags literal, got {}",
                                             kind_word(operand)));
      if (auto literal = parse_regexp_literal(operand.as_string())) {
        std::string bad;
        for (char flag : literal->flags)
          if (!is_loopback_regexp_flag(flag)) bad += flag;
        if (!bad.empty())
          return parse_error(path, fmt::format("invalid regexp flags {} (expected i, g or m)", quoted(bad)));
      }
      break;
    }
    case Operator::Exists:
      if (operand.is_array() || operand.is_object())
        return parse_error(path, fmt::format("\"exists\" expects true or false, got {}", kind_word(operand)));
      break;
    case Operator::Near:
      if (operand.is_null()) return parse_error(path, "\"near\" expects a point, got null");
      break;
    default:
      break;
  }
  take_into(out, operand);
  return {};
}

template <class V>
Status check_modifier(std::string_view key, const V& value, const LazyKeyPath& path) {
  bool ok = key == "options" || key == "unit" ? value.is_string() : (value.is_number() || value.is_string());
  if (ok) return {};
  const char* expected = key == "options" || key == "unit" ? "a string" : "a number";
  return parse_error(path, fmt::format("{} expects {}, got {}", quoted(key), expected, kind_word(value)));
}

Status count_condition(ParseState& state, const LazyKeyPath& path) {
  if (++state.conditions > state.limits.max_conditions)
    return parse_error(path, fmt::format("the filter has more than {} conditions", state.limits.max_conditions));
  return {};
}

// The operators seen in one operator object, as a set.
using OperatorSet = std::uint32_t;
constexpr OperatorSet operator_bit(Operator op) { return OperatorSet{1} << static_cast<unsigned>(op); }
constexpr OperatorSet kPatternOperators = operator_bit(Operator::Like) | operator_bit(Operator::Nlike) |
                                          operator_bit(Operator::Ilike) | operator_bit(Operator::Nilike) |
                                          operator_bit(Operator::Regexp);

bool modifier_used(std::string_view key, OperatorSet operators) {
  return (operators & (is_key(key, "options") ? kPatternOperators : operator_bit(Operator::Near))) != 0;
}

// The conditions of one where object, written into `out`: a single condition is the
// node itself and several become an And. The first is built in place and moved into
// the And's children only when a second comes, so the common one-condition object
// allocates no child list.
class Conjunction {
 public:
  Conjunction(WhereNode& out, std::size_t size_hint) : out_(out), size_hint_(size_hint) {}

  // A fresh node to fill in.
  WhereNode& add() {
    if (count_++ == 0) return out_;
    if (count_ == 2) {
      WhereNode first = std::move(out_);
      out_ = WhereNode{};
      out_.kind = WhereNode::Kind::And;
      out_.children.reserve(std::max<std::size_t>(size_hint_, 2));
      out_.children.push_back(std::move(first));
    }
    return out_.children.emplace_back(blank<WhereNode>());
  }

 private:
  WhereNode& out_;
  std::size_t size_hint_;
  std::size_t count_ = 0;
};

WhereNode& add_condition(Conjunction& out, Operator op) {
  WhereNode& node = out.add();
  node.kind = WhereNode::Kind::Condition;
  node.condition.op = op;
  return node;
}

// `"price": <value>`: adds the condition(s) it stands for to `out`. The operator object
// is read twice: once to check every key (so that an error names the first bad key as
// written), once to build the conditions.
template <WalkedValue V>
Status parse_property(std::string_view key, V& value, const LazyKeyPath& path, ParseState& state,
                      Conjunction& out) {
  // Checked first; each condition builds the path where it keeps it.
  if (!is_property_path(key))
    return parse_error(path, key.empty() ? "empty property name" : "invalid property path: empty segment");

  auto object = object_of(value);
  if (!object) {
    if (auto status = check_operand_contents(value, path, state.limits); !status) return status;
    if (auto status = count_condition(state, path); !status) return status;
    WhereNode& node = add_condition(out, Operator::Eq);
    build_property_path(key, node.condition.path);
    take_into(node.condition.operand, value);
    return {};
  }
  if (object->empty()) return parse_error(path, "expected a value or an object of operators, got {}");

  // One operator's condition: its operand checked and taken, counted against the limit.
  // The returned node stays valid until the next condition is added to `out`.
  auto add_operator = [&](Operator op, std::string_view name, auto& operand) -> Result<WhereNode*> {
    if (auto status = check_operand_contents(operand, path, state.limits); !status) return status.error();
    WhereNode& node = add_condition(out, op);
    if (auto status = check_operand(op, name, operand, path, state.limits, node.condition.operand); !status)
      return status.error();
    if (auto status = count_condition(state, path); !status) return status.error();
    build_property_path(key, node.condition.path);
    return &node;
  };

  // The usual operator object, one operator and nothing else, in one step: the same
  // checks in the same order as the general way below.
  if (object->size() == 1) {
    auto&& [name, operand] = *object->begin();
    if (const OperatorSpelling* const op = operator_from_name(name)) {
      if (auto added = add_operator(op->op, name, operand); !added) return added.error();
      return {};
    }
  }

  OperatorSet operators = 0;
  std::size_t operator_count = 0;
  std::optional<std::string_view> first_modifier;
  // The operators of the first keys, remembered for the second pass.
  constexpr std::size_t kRemembered = 8;
  std::array<const OperatorSpelling*, kRemembered> remembered{};
  std::size_t position = 0;
  for (const auto& [name, operand] : *object) {
    if (!name.empty() && name[0] == '$') return dollar_operator_error(path, name);
    const OperatorSpelling* op = operator_from_name(name);
    if (position < kRemembered) remembered[position] = op;
    ++position;
    if (op) {
      operators |= operator_bit(op->op);
      ++operator_count;
    } else if (is_modifier(name)) {
      if (auto status = check_modifier(name, operand, path); !status) return status;
      if (!first_modifier) first_modifier = name;
    } else if (std::any_of(object->begin(), object->end(),
                           [](const auto& entry) { return operator_from_name(entry.first) != nullptr; }) ||
               looks_like_operator(name)) {
      return parse_error(path, fmt::format("unknown operator {}", quoted(name)));
    } else {
      // No operator at all and nothing like one: most likely a nested property written
      // as an object.
      return parse_error(path, fmt::format("unknown operator {} (to match a nested property, write {})",
                                           quoted(name), quoted(std::string(key) + "." + std::string(name))));
    }
  }
  if (operator_count == 0) return parse_error(path, fmt::format("{} without an operator", quoted(*first_modifier)));
  if (first_modifier) {
    for (const auto& [name, modifier] : *object) {
      if (is_modifier(name) && !modifier_used(name, operators))
        return parse_error(path, fmt::format("{} applies only to {}", quoted(name), modifier_owners(name)));
    }
  }

  position = 0;
  for (auto&& [name, operand] : *object) {
    const OperatorSpelling* const op = position < kRemembered ? remembered[position] : operator_from_name(name);
    ++position;
    if (!op) continue;
    auto added = add_operator(op->op, name, operand);
    if (!added) return added.error();
    if (first_modifier) {
      for (const auto& [modifier_name, modifier] : *object)
        if (is_modifier(modifier_name) && modifier_applies(modifier_name, op->op))
          (*added)->condition.modifiers.push_back(modifier_name, copy_of(modifier));
    }
  }
  return {};
}

}  // namespace

template <WalkedValue V>
Status parse_where_object(V& v, const LazyKeyPath& path, std::size_t depth, ParseState& state, WhereNode& out) {
  auto object = object_of(v);
  if (!object) return parse_error(path, fmt::format("expected an object, got {}", kind_word(v)));
  if (depth > state.limits.max_where_depth)
    return parse_error(path, fmt::format("and/or/nor nested deeper than {} levels", state.limits.max_where_depth));

  Conjunction conjunction(out, object->size());
  for (auto&& [key, value] : *object) {
    LazyKeyPath key_path = path.key(key);
    if (!key.empty() && key[0] == '$') return dollar_operator_error(key_path, key);
    if (is_logical(key)) {
      auto clauses = as_array_like(value);
      if (!clauses)
        return parse_error(key_path, fmt::format("expected an array of where clauses, got {}", kind_word(value)));
      WhereNode& node = conjunction.add();
      node.kind = is_key(key, "and") ? WhereNode::Kind::And
                  : is_key(key, "or") ? WhereNode::Kind::Or
                                      : WhereNode::Kind::Nor;
      node.children.reserve(clauses->size());
      std::size_t i = 0;
      for (auto& clause : *clauses) {
        if (auto status = parse_where_object(clause, key_path.index(i++), depth + 1, state,
                                             node.children.emplace_back(blank<WhereNode>()));
            !status)
          return status;
      }
      continue;
    }
    if (auto status = parse_property(key, value, key_path, state, conjunction); !status) return status;
  }
  return {};
}

template Status parse_where_object(const Value&, const LazyKeyPath&, std::size_t, ParseState&, WhereNode&);
template Status parse_where_object(Value&, const LazyKeyPath&, std::size_t, ParseState&, WhereNode&);
template Status parse_where_object(const TapeValue&, const LazyKeyPath&, std::size_t, ParseState&, WhereNode&);

}  // namespace lb::filter
