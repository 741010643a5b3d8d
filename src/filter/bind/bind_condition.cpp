// One condition: its path resolved, its operand checked against the operator and
// coerced to the property's type. Messages reuse LoopBack's text where LoopBack has a
// check ("The price property has invalid clause ..."), prefixed with the key path.
#include <fmt/format.h>

#include <cmath>
#include <string>
#include <type_traits>
#include <utility>

#include "filter/bind/binder.hpp"
#include "filter/bind/coerce.hpp"
#include "filter/bind/regexp_pattern.hpp"
#include "filter/parse/replace_value.hpp"

namespace lb::filter::detail {
namespace {

using Kind = PropertyType::Kind;

// The clause as LoopBack prints it in messages: {"between":[1]}.
std::string clause_json(const Condition& condition) {
  Object clause;
  clause.push_back(operator_name(condition.op), condition.operand);
  for (const auto& [key, value] : condition.modifiers) clause.push_back(key, value);
  return describe_value(Value(std::move(clause)));
}

// `out` holds the condition's path (taken from `condition` before any check).
Error invalid_clause(const KeyPath& key_path, const Condition& condition,
                     const BoundCondition& out, std::string_view reason) {
  return bind_error(key_path, fmt::format("The {} property has invalid clause {}: {}",
                                          path_to_string(out.path.segments),
                                          clause_json(condition), reason));
}

// Refuses any string longer than the limit, anywhere in `value`.
Status check_strings(const Value& value, std::size_t max_bytes, const KeyPath& key_path) {
  if (const std::string* s = value.if_string()) {
    if (s->size() > max_bytes)
      return bind_error(
          key_path, fmt::format("a string operand of {} bytes exceeds the limit of {}", s->size(),
                                max_bytes));
  } else if (const Array* items = value.if_array()) {
    for (const Value& item : *items)
      if (auto status = check_strings(item, max_bytes, key_path); !status) return status;
  } else if (const Object* members = value.if_object()) {
    for (const auto& [key, member] : *members)
      if (auto status = check_strings(member, max_bytes, key_path); !status) return status;
  }
  return {};
}

// LoopBack's coerceArray: an array, or an object with keys "0", "1", ... (the shape a
// query string such as `inq[0]=a&inq[1]=b` can leave behind). The items are pointed
// at, not copied, and an array (the usual form) is used as it is. `V` is Value or
// const Value, as the operand is taken or lent.
template <Walked<Value> V>
class ListOperand {
 public:
  // False when the operand is neither form.
  bool read(V& operand) {
    if (operand.is_array()) {
      array_ = &operand.as_array();
      return true;
    }
    auto* members = operand.if_object();
    if (!members || members->empty()) return false;
    from_object_.reserve(members->size());
    for (std::size_t i = 0; i < members->size(); ++i) {
      V* item = members->find(std::to_string(i));
      if (!item) return false;
      from_object_.push_back(item);
    }
    return true;
  }
  [[nodiscard]] std::size_t size() const { return array_ ? array_->size() : from_object_.size(); }
  [[nodiscard]] V& operator[](std::size_t i) const {
    return array_ ? (*array_)[i] : *from_object_[i];
  }

 private:
  PartOf<V, Array>* array_ = nullptr;
  std::vector<V*> from_object_;
};

bool is_text_type(const PropertyType& type) {
  const Kind kind = scalar_type(type).kind;
  return kind == Kind::String || kind == Kind::Any;
}

bool is_ordered_type(const PropertyType& type) {
  const Kind kind = scalar_type(type).kind;
  return kind != Kind::GeoPoint && kind != Kind::Object && kind != Kind::Model;
}

Error not_applicable(const KeyPath& key_path, Operator op, const PropertyType& type) {
  return bind_error(key_path, fmt::format("operator \"{}\" does not apply to a {} property",
                                          operator_name(op), type.to_string()));
}

// One element of a list operand or a comparison operand: never null (LoopBack compares
// nothing with null), never a list against a scalar property.
template <Walked<Value> V>
Status coerce_scalar(V& operand, const PropertyType& type, const BindScope& scope,
                     const KeyPath& key_path, Value& out) {
  const PropertyType& scalar = scalar_type(type);
  if (operand.is_null() || (operand.is_array() && scalar.kind != Kind::Any))
    return bind_error(
        key_path, fmt::format("expected {}, got {}", type_phrase(scalar), describe_value(operand)));
  return coerce_value(operand, scalar, scope, key_path, out);
}

// Whether coerce_scalar() would leave `item` as it is (and accept it): then a list item
// coerced in place needs nothing done.
bool is_coerced(const Value& item, const PropertyType& type) {
  switch (scalar_type(type).kind) {
    case Kind::Number: return item.is_integer() || (item.is_double() && std::isfinite(item.as_double()));
    case Kind::String: return item.is_string();
    case Kind::Boolean: return item.is_bool();
    case Kind::Date: return item.is_date();
    default: return false;
  }
}

// The list item that coerce_scalar() would turn into an integer the most common way
// (digits, as query strings give them, for a Number property), converted where it
// stands; false when it is not such an item.
bool digits_to_integer(Value& item, const PropertyType& type) {
  std::int64_t number = 0;
  if (scalar_type(type).kind != Kind::Number || !item.is_string() || !parse_digits(item.as_string(), number))
    return false;
  replace_value(item, static_cast<long long>(number));
  return true;
}

Result<double> distance(const Value& value, const KeyPath& key_path) {
  std::optional<double> d;
  if (value.is_number()) d = value.as_double();
  if (value.is_string())
    if (auto number = parse_number_text(value.as_string())) d = number->as_double();
  if (!d || !std::isfinite(*d) || *d < 0)
    return bind_error(
        key_path, fmt::format("expected a non-negative distance, got {}", describe_value(value)));
  return *d;
}

Status bind_near(const Condition& condition, BoundCondition& out, const KeyPath& key_path) {
  const PropertyType& type = *out.path.type;
  if (scalar_type(type).kind != Kind::GeoPoint || type.kind == Kind::Array)
    return not_applicable(key_path, Operator::Near, type);
  auto origin = coerce_geo_point(condition.operand, key_path);
  if (!origin) return std::move(origin).error();
  out.near.origin = *origin;
  for (const auto& [key, value] : condition.modifiers) {
    const KeyPath modifier_path = key_path.member(key);
    if (key == "maxDistance" || key == "minDistance") {
      if (value.is_null()) continue;
      auto d = distance(value, modifier_path);
      if (!d) return std::move(d).error();
      (key == "maxDistance" ? out.near.max_distance : out.near.min_distance) = *d;
    } else if (key == "unit") {
      if (value.is_null()) continue;
      bool known = false;
      for (DistanceUnit unit : {DistanceUnit::Miles, DistanceUnit::Kilometers, DistanceUnit::Meters,
                                DistanceUnit::Feet, DistanceUnit::Radians, DistanceUnit::Degrees}) {
        if (value.is_string() && value.as_string() == distance_unit_name(unit)) {
          out.near.unit = unit;
          known = true;
        }
      }
      if (!known)
        return bind_error(modifier_path,
                          fmt::format("unknown unit {}; expected miles, kilometers, meters, feet, "
                                      "radians or degrees",
                                      describe_value(value)));
    }
  }
  return {};
}

template <Walked<Condition> C>
Status bind_like(C& condition, BoundCondition& out, const KeyPath& key_path) {
  if (!is_text_type(*out.path.type))
    return not_applicable(key_path, condition.op, *out.path.type);
  if (!condition.operand.is_string())
    return invalid_clause(key_path, condition, out, "Expected a string or RegExp");
  // Taken here: what follows reads only the modifiers.
  out.values.push_back(take(condition.operand));
  // options "i" (which MongoDB honours) makes like/nlike their case-insensitive twins,
  // so planners see one spelling per meaning.
  if (const Value* options = condition.modifiers.find("options"); options && !options->is_null()) {
    if (!options->is_string())
      return bind_error(
          key_path.member("options"),
          fmt::format("expected a string of flags, got {}", describe_value(*options)));
    if (options->as_string().find('i') != std::string::npos) {
      if (out.op == Operator::Like) out.op = Operator::Ilike;
      if (out.op == Operator::Nlike) out.op = Operator::Nilike;
    }
  }
  out.case_insensitive = out.op == Operator::Ilike || out.op == Operator::Nilike;
  return {};
}

template <Walked<Condition> C>
Status bind_operands(C& condition, BoundCondition& out, const BindScope& scope,
                     const KeyPath& key_path) {
  const PropertyType& type = *out.path.type;
  PartOf<C, Value>& operand = condition.operand;
  switch (condition.op) {
    case Operator::Eq:
    case Operator::Neq: {
      if (operand.is_array() && type.kind != Kind::Array && type.kind != Kind::Any)
        return bind_error(key_path, fmt::format("expected {}, got the list {}; use inq to match "
                                                "any of several values",
                                                type_phrase(type), describe_value(operand)));
      out.values.reserve(1);
      return coerce_value(operand, type, scope, key_path, out.values.emplace_back());
    }
    case Operator::Gt:
    case Operator::Gte:
    case Operator::Lt:
    case Operator::Lte: {
      if (!is_ordered_type(type)) return not_applicable(key_path, condition.op, type);
      out.values.reserve(1);
      return coerce_scalar(operand, type, scope, key_path, out.values.emplace_back());
    }
    case Operator::Between:
    case Operator::Inq:
    case Operator::Nin: {
      if (condition.op == Operator::Between && !is_ordered_type(type))
        return not_applicable(key_path, condition.op, type);
      const std::size_t max_items = scope.options.limits.max_inq_size;
      const std::size_t written = operand.is_array()    ? operand.as_array().size()
                                  : operand.is_object() ? operand.as_object().size()
                                                        : 0;
      if (written > max_items)
        return bind_error(key_path, fmt::format("{} values exceed the limit of {} per {} list",
                                                written, max_items, operator_name(condition.op)));
      ListOperand<PartOf<C, Value>> items;
      if (!items.read(operand))
        return invalid_clause(key_path, condition, out,
                              "Value is not an array or object with sequential numeric indices");
      if (condition.op == Operator::Between && items.size() != 2)
        return invalid_clause(
            key_path, condition, out,
            fmt::format("Expected precisely 2 values, received {}", items.size()));
      const std::size_t count = items.size();
      // A list array given up becomes the bound list whole (one allocation fewer), its
      // items then coerced where they stand; otherwise the list is built item by item.
      bool in_place = false;
      if constexpr (!std::is_const_v<C>) {
        if (operand.is_array()) {
          out.values = std::move(operand.as_array());
          in_place = true;
        }
      }
      if (!in_place) out.values.resize(count);
      // Items are taken one by one; an error names only the item at fault, not yet taken.
      for (std::size_t i = 0; i < count; ++i) {
        auto& item = in_place ? out.values[i] : items[i];
        // inq/nin may list null (LoopBack leaves it uncoerced); between needs both ends.
        if (item.is_null() && condition.op != Operator::Between) continue;
        if constexpr (!std::is_const_v<C>) {
          if (in_place && (is_coerced(item, type) || digits_to_integer(item, type))) continue;
        }
        // In place, the item is coerced aside first: onto itself it would alias.
        Value coerced;
        Value& slot = in_place ? coerced : out.values[i];
        if (auto status = coerce_scalar(item, type, scope, key_path.index(i), slot); !status)
          return status;
        if (in_place) out.values[i] = std::move(coerced);
      }
      return {};
    }
    case Operator::Like:
    case Operator::Nlike:
    case Operator::Ilike:
    case Operator::Nilike:
      return bind_like(condition, out, key_path);
    case Operator::Regexp: {
      if (!is_text_type(type)) return not_applicable(key_path, condition.op, type);
      auto pattern = bind_regexp(operand, condition.modifiers.find("options"), key_path);
      if (!pattern) return std::move(pattern).error();
      out.values.emplace_back(std::move(pattern->pattern));
      out.case_insensitive = pattern->case_insensitive;
      return {};
    }
    case Operator::Exists: {
      auto present = coerce_boolean(operand, key_path);
      if (!present) return std::move(present).error();
      out.values.emplace_back(*present);
      return {};
    }
    case Operator::Near:
      return bind_near(condition, out, key_path);
  }
  return bind_error(key_path, "unknown operator");
}

}  // namespace

template <Walked<Condition> C>
Status bind_condition(C& condition, const BindScope& scope, const KeyPath& key_path,
                      BoundCondition& out) {
  // The path is taken first, and messages read it from `out` from then on.
  out.path.segments = take(condition.path);
  const KeyPath condition_path = key_path.property(out.path.segments);
  const std::size_t max_string = scope.options.limits.max_string_bytes;
  if (auto status = check_strings(condition.operand, max_string, condition_path); !status)
    return status;
  for (const auto& [key, value] : condition.modifiers)
    if (auto status = check_strings(value, max_string, condition_path.member(key)); !status)
      return status;

  out.op = condition.op;
  if (auto status = resolve_path(scope, condition_path, out.path); !status) return status;
  return bind_operands(condition, out, scope, condition_path);
}

template Status bind_condition(const Condition&, const BindScope&, const KeyPath&,
                               BoundCondition&);
template Status bind_condition(Condition&, const BindScope&, const KeyPath&, BoundCondition&);

}  // namespace lb::filter::detail
