// filter::Syntax: a LoopBack filter as written, parsed but not yet checked against a
// model. JSON text, a Value, the query-string forms and the C++ builder all produce
// this one tree; the bind stage turns it into a filter::Bound.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lb/value.hpp"

namespace lb::filter {

enum class Operator {
  Eq, Neq, Gt, Gte, Lt, Lte, Between, Inq, Nin,
  Like, Nlike, Ilike, Nilike, Regexp, Exists, Near,
};
// LoopBack's spelling: "eq", "neq", ..., "inq" ("in" parses to Inq).
[[nodiscard]] const char* operator_name(Operator op);

// A property path split on dots: "address.city" -> {"address", "city"}.
using PropertyPath = std::vector<std::string>;
[[nodiscard]] std::string path_to_string(const PropertyPath& path);

// One test on one property: `"price": {"gt": 10}`, or `"name": "x"` (implicit eq).
struct Condition {
  PropertyPath path;
  Operator op = Operator::Eq;
  Value operand;  // as written
  // Modifiers written beside the operator: "options" for like/regexp (e.g. "i"), and
  // "maxDistance", "minDistance", "unit" for near. An Object, empty when none.
  Object modifiers;
  friend bool operator==(const Condition&, const Condition&) = default;
};

// A where clause. Several keys in one JSON object, and several operators on one
// property, become an And of their conditions, in the order written.
struct WhereNode {
  enum class Kind { And, Or, Nor, Condition };
  Kind kind = Kind::And;
  std::vector<WhereNode> children;  // And/Or/Nor
  Condition condition;              // Condition
  friend bool operator==(const WhereNode&, const WhereNode&) = default;
};

struct OrderKey {
  PropertyPath path;
  bool descending = false;
  friend bool operator==(const OrderKey&, const OrderKey&) = default;
};

// `fields`: names with true (include) or false (exclude), in the order written. The
// array and string forms give all-true entries.
struct FieldsSpec {
  std::vector<std::pair<std::string, bool>> entries;
  friend bool operator==(const FieldsSpec&, const FieldsSpec&) = default;
};

struct Syntax;

// One relation to include. Every include form ("rel", ["a","b"], {"a":"b"},
// {"relation":"a","scope":{...}}) normalises to these: a nested include becomes the
// scope's include.
struct IncludeSpec {
  std::string relation;
  std::shared_ptr<const Syntax> scope;  // nullptr when none was given
  friend bool operator==(const IncludeSpec& a, const IncludeSpec& b);
};

struct Syntax {
  std::optional<WhereNode> where;
  std::vector<OrderKey> order;
  std::optional<FieldsSpec> fields;
  // As written (a query string gives strings); bind checks and converts them.
  std::optional<Value> limit;
  std::optional<Value> skip;
  std::optional<Value> offset;
  std::vector<IncludeSpec> include;

  // A stable, indented text form pinned by golden files.
  [[nodiscard]] std::string to_string() const;
  friend bool operator==(const Syntax&, const Syntax&) = default;
};

[[nodiscard]] std::string to_string(const WhereNode& where);

// LoopBack's JSON filter object for `syntax` ({"where": ..., "order": ["a ASC"]...}),
// as the "access" hook shows it; it parses back to an equal Syntax.
[[nodiscard]] Value to_value(const Syntax& syntax);
[[nodiscard]] Value to_value(const WhereNode& where);

}  // namespace lb::filter
