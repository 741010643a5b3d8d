// The where clause: and/or/nor, implicit and of keys, properties with a plain value
// (eq) or an object of operators and their modifiers. Shape only: operand types are
// the bind stage's business, except where the shape itself is wrong (between needs two
// values, inq an array, like a string).
#include <algorithm>
#include <array>
#include <fmt/format.h>

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

std::optional<Operator> operator_from_name(std::string_view name) {
  for (const auto& spelling : kOperators)
    if (spelling.name == name) return spelling.op;
  return std::nullopt;
}

bool is_pattern_operator(Operator op) {
  return op == Operator::Like || op == Operator::Nlike || op == Operator::Ilike ||
         op == Operator::Nilike || op == Operator::Regexp;
}

// Modifiers sit beside an operator and qualify it; each belongs to some operators.
bool is_modifier(std::string_view key) {
  return key == "options" || key == "maxDistance" || key == "minDistance" || key == "unit";
}
bool modifier_applies(std::string_view key, Operator op) {
  if (key == "options") return is_pattern_operator(op);
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

bool is_logical(std::string_view key) { return key == "and" || key == "or" || key == "nor"; }

// `$`-prefixed keys are MongoDB operators; LoopBack refuses them unless a data source
// allows extended operators, which lb does not have.
Error dollar_operator_error(std::string_view path, std::string_view key) {
  Error error = parse_error(path, fmt::format("operator {} is not allowed in a query", quoted(key)));
  return std::move(error).with_loopback_code("OPERATOR_NOT_ALLOWED_IN_QUERY");
}

// Every string in an operand is bounded, and no object inside it may hide a `$` key.
// Walks with an explicit stack: a Value handed in by a caller may be arbitrarily deep.
Status check_operand_contents(const Value& operand, const std::string& path, const Limits& limits) {
  std::vector<const Value*> stack{&operand};
  while (!stack.empty()) {
    const Value* v = stack.back();
    stack.pop_back();
    if (const std::string* s = v->if_string()) {
      if (s->size() > limits.max_string_bytes)
        return parse_error(path, fmt::format("a string of {} bytes exceeds the limit of {} bytes",
                                             s->size(), limits.max_string_bytes));
    } else if (const Array* array = v->if_array()) {
      for (const Value& item : *array) stack.push_back(&item);
    } else if (const Object* object = v->if_object()) {
      for (const auto& [key, value] : *object) {
        if (!key.empty() && key[0] == '$') return dollar_operator_error(path, key);
        stack.push_back(&value);
      }
    }
  }
  return {};
}

// Checks one operator's operand and returns it as the Condition keeps it (array-like
// objects become arrays).
Result<Value> check_operand(Operator op, std::string_view op_name, const Value& operand,
                            const std::string& path, const Limits& limits) {
  switch (op) {
    case Operator::Between: {
      auto array = as_array_like(operand);
      if (!array)
        return parse_error(path, fmt::format("\"between\" expects an array of 2 values, got {}",
                                             kind_word(operand)));
      if (array->size() != 2)
        return parse_error(path, fmt::format("\"between\" expects an array of 2 values, got {} {}",
                                             array->size(), array->size() == 1 ? "value" : "values"));
      return Value(copy_items(*array));
    }
    case Operator::Inq:
    case Operator::Nin: {
      auto array = as_array_like(operand);
      if (!array)
        return parse_error(path, fmt::format("\"{}\" expects an array, got {}", op_name, kind_word(operand)));
      if (array->size() > limits.max_inq_size)
        return parse_error(path, fmt::format("\"{}\" has {} values, more than the limit of {}", op_name,
                                             array->size(), limits.max_inq_size));
      return Value(copy_items(*array));
    }
    case Operator::Like:
    case Operator::Nlike:
    case Operator::Ilike:
    case Operator::Nilike:
      if (!operand.is_string())
        return parse_error(path, fmt::format("\"{}\" expects a string, got {}", op_name, kind_word(operand)));
      return operand;
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
      return operand;
    }
    case Operator::Exists:
      if (operand.is_array() || operand.is_object())
        return parse_error(path, fmt::format("\"exists\" expects true or false, got {}", kind_word(operand)));
      return operand;
    case Operator::Near:
      if (operand.is_null()) return parse_error(path, "\"near\" expects a point, got null");
      return operand;
    default:
      return operand;
  }
}

Status check_modifier(std::string_view key, const Value& value, const std::string& path) {
  bool ok = key == "options" || key == "unit" ? value.is_string() : (value.is_number() || value.is_string());
  if (ok) return {};
  const char* expected = key == "options" || key == "unit" ? "a string" : "a number";
  return parse_error(path, fmt::format("{} expects {}, got {}", quoted(key), expected, kind_word(value)));
}

Status count_condition(ParseState& state, const std::string& path) {
  if (++state.conditions > state.limits.max_conditions)
    return parse_error(path, fmt::format("the filter has more than {} conditions", state.limits.max_conditions));
  return {};
}

// `"price": <value>`: appends the condition(s) it stands for to `out`.
Status parse_property(std::string_view key, const Value& value, const std::string& path, ParseState& state,
                      std::vector<WhereNode>& out) {
  auto property = parse_property_path(key);
  if (!property)
    return parse_error(path, key.empty() ? "empty property name" : "invalid property path: empty segment");

  const Object* object = value.if_object();
  if (!object) {
    if (auto status = check_operand_contents(value, path, state.limits); !status) return status;
    if (auto status = count_condition(state, path); !status) return status;
    WhereNode node{WhereNode::Kind::Condition, {}, Condition{std::move(*property), Operator::Eq, value, {}}};
    out.push_back(std::move(node));
    return {};
  }
  if (object->empty()) return parse_error(path, "expected a value or an object of operators, got {}");

  bool has_operator = std::any_of(object->begin(), object->end(),
                                  [](const auto& entry) { return operator_from_name(entry.first).has_value(); });
  std::vector<std::pair<Operator, const Object::Entry*>> operators;
  Object modifiers;
  for (const auto& entry : *object) {
    const std::string& name = entry.first;
    if (!name.empty() && name[0] == '$') return dollar_operator_error(path, name);
    if (auto op = operator_from_name(name)) {
      operators.emplace_back(*op, &entry);
    } else if (is_modifier(name)) {
      if (auto status = check_modifier(name, entry.second, path); !status) return status;
      modifiers.push_back(name, entry.second);
    } else if (has_operator || looks_like_operator(name)) {
      return parse_error(path, fmt::format("unknown operator {}", quoted(name)));
    } else {
      // No operator at all and nothing like one: most likely a nested property written
      // as an object.
      return parse_error(path, fmt::format("unknown operator {} (to match a nested property, write {})",
                                           quoted(name), quoted(std::string(key) + "." + name)));
    }
  }
  if (operators.empty())
    return parse_error(path, fmt::format("{} without an operator", quoted(modifiers.begin()->first)));
  for (const auto& modifier : modifiers) {
    const std::string& name = modifier.first;
    bool used = std::any_of(operators.begin(), operators.end(),
                            [&](const auto& entry) { return modifier_applies(name, entry.first); });
    if (!used)
      return parse_error(path, fmt::format("{} applies only to {}", quoted(name), modifier_owners(name)));
  }

  for (const auto& [op, entry] : operators) {
    // Contents first: check_operand copies the operand.
    if (auto status = check_operand_contents(entry->second, path, state.limits); !status) return status;
    auto operand = check_operand(op, entry->first, entry->second, path, state.limits);
    if (!operand) return std::move(operand).error();
    if (auto status = count_condition(state, path); !status) return status;
    Condition condition{*property, op, std::move(*operand), {}};
    for (const auto& [name, modifier] : modifiers)
      if (modifier_applies(name, op)) condition.modifiers.push_back(name, modifier);
    out.push_back(WhereNode{WhereNode::Kind::Condition, {}, std::move(condition)});
  }
  return {};
}

}  // namespace

Result<WhereNode> parse_where_object(const Value& v, const std::string& path, std::size_t depth,
                                     ParseState& state) {
  const Object* object = v.if_object();
  if (!object) return parse_error(path, fmt::format("expected an object, got {}", kind_word(v)));
  if (depth > state.limits.max_where_depth)
    return parse_error(path, fmt::format("and/or/nor nested deeper than {} levels", state.limits.max_where_depth));

  std::vector<WhereNode> children;
  for (const auto& [key, value] : *object) {
    std::string key_path = member_path(path, key);
    if (!key.empty() && key[0] == '$') return dollar_operator_error(key_path, key);
    if (is_logical(key)) {
      auto clauses = as_array_like(value);
      if (!clauses)
        return parse_error(key_path, fmt::format("expected an array of where clauses, got {}", kind_word(value)));
      WhereNode node;
      node.kind = key == "and" ? WhereNode::Kind::And : key == "or" ? WhereNode::Kind::Or : WhereNode::Kind::Nor;
      node.children.reserve(clauses->size());
      for (std::size_t i = 0; i < clauses->size(); ++i) {
        auto child = parse_where_object(*(*clauses)[i], index_path(key_path, i), depth + 1, state);
        if (!child) return std::move(child).error();
        node.children.push_back(std::move(*child));
      }
      children.push_back(std::move(node));
      continue;
    }
    if (auto status = parse_property(key, value, key_path, state, children); !status) return status.error();
  }
  if (children.size() == 1) return std::move(children.front());
  WhereNode node;
  node.kind = WhereNode::Kind::And;
  node.children = std::move(children);
  return node;
}

}  // namespace lb::filter
