// filter::Bound: a filter checked against a model definition. Every path names a real
// property, every operand has the property's type, every limit holds. Planners (the
// memory engine, SQL lowering) take only this type, so nothing unchecked reaches them.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lb/filter/syntax.hpp"
#include "lb/model_definition.hpp"
#include "lb/value.hpp"

namespace lb::filter {

// A resolved property path. `property` is the model property the path starts at
// (nullptr for a property a non-strict model does not define); `type` is the type at
// the end of the path (Any below an untyped object or an undefined property), never
// null once bound. Both point into the model definitions (or at static types), so
// they live as long as the registry does, like Bound::model.
// `through_array` is set when a segment before the last steps into an array
// ("lines.sku" on [Line]): the path then names a value in any element.
struct BoundPath {
  PropertyPath segments;
  const PropertyDefinition* property = nullptr;
  const PropertyType* type = nullptr;
  bool through_array = false;
  [[nodiscard]] std::string to_string() const { return path_to_string(segments); }
};

enum class DistanceUnit { Miles, Kilometers, Meters, Feet, Radians, Degrees };
[[nodiscard]] const char* distance_unit_name(DistanceUnit unit);

struct NearSpec {
  GeoPoint origin;
  std::optional<double> max_distance;  // in `unit`
  std::optional<double> min_distance;  // in `unit`
  DistanceUnit unit = DistanceUnit::Miles;  // LoopBack's default
};

// One checked condition. Operands by operator, coerced to the property's type (to its
// element type for an array property: a single value there means "contains"):
//   eq neq: values[0], may be null; for an array property, a list compares whole
//   gt gte lt lte: values[0], never null
//   between: values[0], values[1]          inq nin: values (possibly empty; null allowed)
//   like nlike ilike nilike: values[0], the SQL LIKE pattern (string); like/nlike with
//           options "i" arrive as ilike/nilike; case_insensitive is set for those two
//   regexp: values[0], an RE2 pattern already checked to compile (JavaScript's named
//           groups and \uXXXX rewritten, "(?m)" leading for the m flag); the i flag or
//           options "i" sets case_insensitive; g is dropped
//   exists: values[0], a bool            near: near (GeoPoint properties only)
struct BoundCondition {
  BoundPath path;
  Operator op = Operator::Eq;
  std::vector<Value> values;
  bool case_insensitive = false;
  NearSpec near;
};

// What a connector derives from one Bound filter (the memory engine's plan, lowered
// SQL), kept beside it so that a filter run again, such as one from a Model's cache
// of compiled filters or a PreparedFilter, is not planned again. Only the connector
// that stored the state gets it back (`owner` identifies it). A copied or moved Bound
// starts without any, since the copy may then be changed; a Bound must not be changed
// in place after a connector has run it. Thread-safe.
class DerivedState {
 public:
  DerivedState() = default;
  DerivedState(const DerivedState&) noexcept {}
  DerivedState(DerivedState&&) noexcept {}
  DerivedState& operator=(const DerivedState&) noexcept {
    clear();
    return *this;
  }
  DerivedState& operator=(DerivedState&&) noexcept {
    clear();
    return *this;
  }
  ~DerivedState() = default;

  [[nodiscard]] std::shared_ptr<const void> get(const void* owner) const {
    std::shared_ptr<const Entry> entry = entry_.load(std::memory_order_acquire);
    return entry && entry->owner == owner ? entry->state : nullptr;
  }
  void set(const void* owner, std::shared_ptr<const void> state) const {
    const void* address = state.get();
    entry_.store(std::make_shared<const Entry>(Entry{owner, std::move(state)}), std::memory_order_release);
    current_.store(address, std::memory_order_release);
  }
  void clear() noexcept {
    current_.store(nullptr, std::memory_order_release);
    entry_.store(nullptr, std::memory_order_release);
  }
  // The address of the state last set (null after clear()), without taking a
  // reference: a caller that still holds a state it got from get() checks with one
  // plain load that it is still this clause's, with no reference counting. (Only the
  // holder's own state can compare equal: it is alive, so no other has its address.)
  [[nodiscard]] const void* current() const noexcept { return current_.load(std::memory_order_acquire); }

 private:
  struct Entry {
    const void* owner;
    std::shared_ptr<const void> state;
  };
  mutable std::atomic<std::shared_ptr<const Entry>> entry_;
  mutable std::atomic<const void*> current_{nullptr};
};

struct BoundRelatedWhere;

struct BoundWhere {
  WhereNode::Kind kind = WhereNode::Kind::And;
  std::vector<BoundWhere> children;
  BoundCondition condition;
  // Set on a Condition node that tests related rows instead of a property: a where on
  // a relation path ({"reviews.stars": {"gte": 4}} keeps the parents with at least one
  // review matching). src/dao turns it into a key condition before the connector sees
  // it, unless the connector tests relation conditions itself
  // (ConnectorCapabilities::related_where: SQL's EXISTS) and the relation allows it.
  std::shared_ptr<const BoundRelatedWhere> related;
  // Connector-private, as Bound::derived: what a connector derived from this clause
  // when it was given as a whole where (count's, for the memory engine's plan); no
  // part of the clause's meaning.
  DerivedState derived;
};

// How the rows of a relation condition's target join the rows it filters, with
// LoopBack's default keys filled in (lb::Relation's key_from, key_to, through,
// key_through): for connectors that test the condition in their own query.
struct RelatedJoin {
  std::string key_from;  // on the model the condition is bound against
  std::string key_to;    // on the target, or on `through` for a through relation
  const ModelDefinition* through = nullptr;
  std::string key_through;  // on `through`: equals the target's `target_id`
  std::string target_id;    // the target's (single) id property
};

// The related rows a relation condition asks for: `where` is bound against `target`.
// Conditions on one relation in the same `and` share one node, so one related row
// must match all of them.
struct BoundRelatedWhere {
  const RelationDefinition* relation = nullptr;
  const ModelDefinition* target = nullptr;
  BoundWhere where;
  // Set at bind time when the relation can be joined (not referencesMany, not
  // polymorphic, a single target id); nullopt otherwise.
  std::optional<RelatedJoin> join;
  // Set by src/dao on the nodes it passes to a connector (see BoundWhere::related):
  // `where` then also holds the target's default scope, and `through_scope` is the
  // through model's default scope (an empty `and` when none, or without a through).
  bool scoped = false;
  BoundWhere through_scope;
};

struct BoundOrder {
  BoundPath path;
  bool descending = false;
};

struct Bound;

struct BoundInclude {
  const RelationDefinition* relation = nullptr;
  // The target model; nullptr for a polymorphic belongsTo, whose target depends on the row.
  const ModelDefinition* target = nullptr;
  // The scope bound against the target (which checks it); nullptr when none was given
  // or the target is polymorphic.
  std::shared_ptr<const Bound> scope;
  // The scope as written; nullptr when none was given. Include runs this one, merged
  // with the relation's own scope and the target's default scope.
  std::shared_ptr<const Syntax> unbound_scope;
};

struct Bound {
  const ModelDefinition* model = nullptr;
  std::optional<BoundWhere> where;
  std::vector<BoundOrder> order;
  // The properties to return, in definition order (then names a non-strict model does
  // not define, as written); nullopt means all.
  std::optional<std::vector<std::string>> fields;
  std::optional<std::int64_t> limit;  // nullopt: none (a written 0 means none, as in LoopBack)
  std::int64_t skip = 0;  // skip and offset are synonyms; skip wins when both are set
  // When set, limit and skip apply to each run of rows sharing this property's value
  // (an include's per-parent paging: "the first 3 posts of each author"), not to the
  // whole result; the rows still come in `order`. Set by src/dao only for connectors
  // with ConnectorCapabilities::limit_per_key, never by a client's filter.
  std::optional<std::string> limit_per_key;
  std::vector<BoundInclude> include;
  // Connector-private (see DerivedState); no part of the filter's meaning.
  DerivedState derived;

  // A stable, indented text form pinned by golden files.
  [[nodiscard]] std::string to_string() const;
};

[[nodiscard]] std::string to_string(const BoundWhere& where);

}  // namespace lb::filter
