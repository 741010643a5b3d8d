// One condition: its path resolved, its operand checked against the operator and
// coerced to the property's type. Messages reuse LoopBack's text where LoopBack has a
// check ("The price property has invalid clause ..."), prefixed with the key path.
#include <fmt/format.h>

#include <cmath>
#include <string>

#include "filter/bind/binder.hpp"
#include "filter/bind/coerce.hpp"
#include "filter/bind/regexp_pattern.hpp"

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

Error invalid_clause(const KeyPath& key_path, const Condition& condition,
                     std::string_view reason) {
  return bind_error(key_path,
                    fmt::format("The {} property has invalid clause {}: {}",
                                path_to_string(condition.path), clause_json(condition), reason));
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
// at, not copied, and an array (the usual form) is used as it is.
class ListOperand {
 public:
  // False when the operand is neither form.
  bool read(const Value& operand) {
    if ((array_ = operand.if_array())) return true;
    const Object* members = operand.if_object();
    if (!members || members->empty()) return false;
    from_object_.reserve(members->size());
    for (std::size_t i = 0; i < members->size(); ++i) {
      const Value* item = members->find(std::to_string(i));
      if (!item) return false;
      from_object_.push_back(item);
    }
    return true;
  }
  [[nodiscard]] std::size_t size() const { return array_ ? array_->size() : from_object_.size(); }
  [[nodiscard]] const Value& operator[](std::size_t i) const {
    return array_ ? (*array_)[i] : *from_object_[i];
  }

 private:
  const Array* array_ = nullptr;
  std::vector<const Value*> from_object_;
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
Status coerce_scalar(const Value& operand, const PropertyType& type, const BindScope& scope,
                     const KeyPath& key_path, Value& out) {
  const PropertyType& scalar = scalar_type(type);
  if (operand.is_null() || (operand.is_array() && scalar.kind != Kind::Any))
    return bind_error(
        key_path, fmt::format("expected {}, got {}", type_phrase(scalar), describe_value(operand)));
  return coerce_value(operand, scalar, scope, key_path, out);
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

Status bind_like(const Condition& condition, BoundCondition& out, const KeyPath& key_path) {
  if (!is_text_type(*out.path.type))
    return not_applicable(key_path, condition.op, *out.path.type);
  if (!condition.operand.is_string())
    return invalid_clause(key_path, condition, "Expected a string or RegExp");
  out.values.push_back(condition.operand);
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

Status bind_operands(const Condition& condition, BoundCondition& out, const BindScope& scope,
                     const KeyPath& key_path) {
  const PropertyType& type = *out.path.type;
  const Value& operand = condition.operand;
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
      ListOperand items;
      if (!items.read(operand))
        return invalid_clause(key_path, condition,
                              "Value is not an array or object with sequential numeric indices");
      if (condition.op == Operator::Between && items.size() != 2)
        return invalid_clause(
            key_path, condition,
            fmt::format("Expected precisely 2 values, received {}", items.size()));
      out.values.resize(items.size());
      for (std::size_t i = 0; i < items.size(); ++i) {
        const Value& item = items[i];
        // inq/nin may list null (LoopBack leaves it uncoerced); between needs both ends.
        if (item.is_null() && condition.op != Operator::Between) continue;
        if (auto status = coerce_scalar(item, type, scope, key_path.index(i), out.values[i]);
            !status)
          return status;
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

Status bind_condition(const Condition& condition, const BindScope& scope,
                      const KeyPath& key_path, BoundCondition& out) {
  const KeyPath condition_path = key_path.property(condition.path);
  const std::size_t max_string = scope.options.limits.max_string_bytes;
  if (auto status = check_strings(condition.operand, max_string, condition_path); !status)
    return status;
  for (const auto& [key, value] : condition.modifiers)
    if (auto status = check_strings(value, max_string, condition_path.member(key)); !status)
      return status;

  out.op = condition.op;
  if (auto status = resolve_path(condition.path, scope, condition_path, out.path); !status)
    return status;
  return bind_operands(condition, out, scope, condition_path);
}

}  // namespace lb::filter::detail
