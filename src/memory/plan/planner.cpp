// The memory planner's rules (see planner.hpp for the order it tries them in).
#include "memory/plan/planner.hpp"

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <limits>

namespace lb::memory {
namespace {

using filter::BoundCondition;
using filter::BoundWhere;
using filter::Operator;
using WhereKind = filter::WhereNode::Kind;
using TypeKind = PropertyType::Kind;

void flatten_and(const BoundWhere& where, std::vector<const BoundWhere*>& out) {
  if (where.kind == WhereKind::And) {
    for (const BoundWhere& child : where.children) flatten_and(child, out);
  } else {
    out.push_back(&where);
  }
}

// A condition on a top-level defined property: the only kind an index can answer.
const BoundCondition* simple(const BoundWhere* where) {
  if (where->kind != WhereKind::Condition) return nullptr;
  const BoundCondition& c = where->condition;
  if (c.path.segments.size() != 1 || !c.path.property || c.path.through_array) return nullptr;
  return &c;
}

// Index order equals filter order only for scalar types, where a row holds one value
// of the property's kind (an array would make eq mean "contains").
bool equality_indexable(TypeKind kind) {
  return kind == TypeKind::String || kind == TypeKind::Number || kind == TypeKind::Boolean ||
         kind == TypeKind::Date;
}
bool range_indexable(TypeKind kind) {
  return kind == TypeKind::String || kind == TypeKind::Number || kind == TypeKind::Date;
}

bool index_keys_scalar(const Table& table, const SecondaryIndex& index, std::size_t count) {
  for (std::size_t i = 0; i < count && i < index.slots().size(); ++i) {
    if (!equality_indexable(table.schema().slot_property(index.slots()[i]).type.kind)) return false;
  }
  return true;
}

const BoundCondition* find_near(const BoundWhere& where) {
  if (where.kind == WhereKind::Condition) {
    return where.condition.op == Operator::Near ? &where.condition : nullptr;
  }
  for (const BoundWhere& child : where.children) {
    if (const BoundCondition* near = find_near(child)) return near;
  }
  return nullptr;
}

// The values in Value order without repeats. Sorted as pointers (a Value is 40
// bytes with a variant to move) with integers, the usual ids, compared directly.
std::vector<Value> sorted_distinct(const std::vector<Value>& values, bool drop_null) {
  boost::container::small_vector<const Value*, 16> order;
  for (const Value& value : values) {
    if (!(drop_null && value.is_null())) order.push_back(&value);
  }
  auto less = [](const Value* a, const Value* b) {
    if (a->is_integer() && b->is_integer()) return a->as_integer() < b->as_integer();
    return (*a <=> *b) < 0;
  };
  std::sort(order.begin(), order.end(), less);
  std::vector<Value> out;
  out.reserve(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i == 0 || less(order[i - 1], order[i])) out.push_back(*order[i]);
  }
  return out;
}

// Probes just below and just above every value of a comparable kind, so a range open
// on one side still stays within its kind: NaN is the lowest number, "" the lowest
// string, the lowest Date the lowest date, and each kind's ceiling is the next kind's
// floor.
Value kind_floor(const Value& sample) {
  if (sample.is_number()) return Value(std::numeric_limits<double>::quiet_NaN());
  if (sample.is_string()) return Value("");
  return Value(Date{std::numeric_limits<std::int64_t>::min()});
}
Value kind_ceiling(const Value& sample) {
  if (sample.is_number()) return Value("");
  if (sample.is_string()) return Value(Date{std::numeric_limits<std::int64_t>::min()});
  double low = -std::numeric_limits<double>::infinity();
  return Value(GeoPoint{low, low});
}

// The access path's operands in the row encoding, as the executor probes with them.
void encode_operands(AccessPath& access) {
  if (access.kind == AccessKind::IndexRange) {
    const Value& sample = access.lower ? access.lower->value : access.upper->value;
    access.encoded = EncodedValues({access.lower ? access.lower->value : kind_floor(sample),
                                    access.upper ? access.upper->value : kind_ceiling(sample)});
    if (access.lower && access.upper) {
      auto c = access.lower->value <=> access.upper->value;
      access.empty_range = c > 0 || (c == 0 && !(access.lower->inclusive && access.upper->inclusive));
    }
  } else if (!access.values.empty()) {
    access.encoded = EncodedValues(access.values);
  }
}

// The access-path choice, and the conjuncts it makes redundant.
struct Choice {
  AccessPath access;
  std::vector<const BoundWhere*> consumed;
};

std::optional<Choice> id_access(const Table& table, const std::vector<const BoundWhere*>& conjuncts) {
  const std::string& id = table.schema().id_name();
  for (Operator op : {Operator::Eq, Operator::Inq}) {
    for (const BoundWhere* conjunct : conjuncts) {
      const BoundCondition* c = simple(conjunct);
      if (!c || c->op != op || c->path.segments[0] != id) continue;
      if (table.schema().id_property().type.kind == TypeKind::Array) continue;
      Choice choice;
      choice.consumed.push_back(conjunct);
      if (op == Operator::Eq) {
        if (c->values.empty() || c->values[0].is_null()) continue;  // no row has a null id
        choice.access.kind = AccessKind::IdLookup;
        choice.access.values = {c->values[0]};
      } else {
        choice.access.kind = AccessKind::IdMultiLookup;
        choice.access.values = sorted_distinct(c->values, true);
      }
      return choice;
    }
  }
  return std::nullopt;
}

std::optional<Choice> equality_access(const Table& table, const std::vector<const BoundWhere*>& conjuncts) {
  std::optional<Choice> best;
  bool best_full_unique = false;
  bool best_full = false;
  for (const auto& index : table.indexes()) {
    // Most indexes match nothing: check the first key before building a choice.
    bool leads = std::any_of(conjuncts.begin(), conjuncts.end(), [&](const BoundWhere* conjunct) {
      const BoundCondition* c = simple(conjunct);
      return c && c->op == Operator::Eq && c->path.segments[0] == index->keys()[0];
    });
    if (!leads) continue;
    Choice choice;
    choice.access.kind = AccessKind::IndexEquality;
    choice.access.index = index.get();
    for (std::size_t k = 0; k < index->keys().size(); ++k) {
      if (!equality_indexable(table.schema().slot_property(index->slots()[k]).type.kind)) break;
      const BoundWhere* match = nullptr;
      for (const BoundWhere* conjunct : conjuncts) {
        const BoundCondition* c = simple(conjunct);
        if (c && c->op == Operator::Eq && c->path.segments[0] == index->keys()[k] && !c->values.empty()) {
          match = conjunct;
          break;
        }
      }
      if (!match) break;
      choice.consumed.push_back(match);
      choice.access.values.push_back(match->condition.values[0]);
    }
    if (choice.consumed.empty()) continue;
    // Prefer a unique index matched in full (one row at most), then more matched keys,
    // then an index matched in full (its entries come in id order, so no sort).
    bool full = choice.consumed.size() == index->keys().size();
    bool full_unique = index->unique() && full;
    bool better = !best || full_unique > best_full_unique ||
                  (full_unique == best_full_unique &&
                   (choice.consumed.size() > best->consumed.size() ||
                    (choice.consumed.size() == best->consumed.size() && full && !best_full)));
    if (better) {
      best = std::move(choice);
      best_full_unique = full_unique;
      best_full = full;
    }
  }
  return best;
}

std::optional<Choice> multi_lookup_access(const Table& table, const std::vector<const BoundWhere*>& conjuncts) {
  for (const auto& index : table.indexes()) {
    if (!index_keys_scalar(table, *index, 1)) continue;
    for (const BoundWhere* conjunct : conjuncts) {
      const BoundCondition* c = simple(conjunct);
      if (!c || c->op != Operator::Inq || c->path.segments[0] != index->keys()[0]) continue;
      Choice choice;
      choice.access.kind = AccessKind::IndexMultiLookup;
      choice.access.index = index.get();
      choice.access.values = sorted_distinct(c->values, false);
      choice.consumed.push_back(conjunct);
      return choice;
    }
  }
  return std::nullopt;
}

std::optional<Choice> nearest_access(const Table& table, const std::vector<const BoundWhere*>& conjuncts) {
  for (const BoundWhere* conjunct : conjuncts) {
    const BoundCondition* c = simple(conjunct);
    if (!c || c->op != Operator::Near) continue;
    for (const auto& geo : table.geo_indexes()) {
      if (geo->property() != c->path.segments[0]) continue;
      Choice choice;
      choice.access.kind = AccessKind::Nearest;
      choice.access.geo = geo.get();
      choice.access.near = c;
      choice.consumed.push_back(conjunct);
      return choice;
    }
  }
  return std::nullopt;
}

// Ranges on one index's first key; `preferred` (the order's key) is tried first so
// that the range also yields the requested order.
std::optional<Choice> range_access(const Table& table, const std::vector<const BoundWhere*>& conjuncts,
                                   const std::string* preferred) {
  // Indexes on the preferred key (the order's) first, then the rest; an index no
  // comparison names is skipped before a choice is built.
  auto compares = [&](const SecondaryIndex& index) {
    return std::any_of(conjuncts.begin(), conjuncts.end(), [&](const BoundWhere* conjunct) {
      const BoundCondition* c = simple(conjunct);
      return c && c->path.segments[0] == index.keys()[0] &&
             (c->op == Operator::Gt || c->op == Operator::Gte || c->op == Operator::Lt ||
              c->op == Operator::Lte || c->op == Operator::Between);
    });
  };
  boost::container::small_vector<const SecondaryIndex*, 8> candidates;
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& index : table.indexes()) {
      const bool is_preferred = preferred && index->keys()[0] == *preferred;
      if (is_preferred == (pass == 0) && compares(*index)) candidates.push_back(index.get());
    }
  }
  for (const SecondaryIndex* index : candidates) {
    if (!range_indexable(table.schema().slot_property(index->slots()[0]).type.kind)) continue;
    Choice choice;
    choice.access.kind = AccessKind::IndexRange;
    choice.access.index = index;
    for (const BoundWhere* conjunct : conjuncts) {
      const BoundCondition* c = simple(conjunct);
      if (!c || c->path.segments[0] != index->keys()[0] || c->values.empty()) continue;
      bool used = false;
      auto& lower = choice.access.lower;
      auto& upper = choice.access.upper;
      switch (c->op) {
        case Operator::Gt:
        case Operator::Gte:
          if (!lower) lower = RangeEnd{c->values[0], c->op == Operator::Gte}, used = true;
          break;
        case Operator::Lt:
        case Operator::Lte:
          if (!upper) upper = RangeEnd{c->values[0], c->op == Operator::Lte}, used = true;
          break;
        case Operator::Between:
          if (!lower && !upper && c->values.size() == 2) {
            lower = RangeEnd{c->values[0], true};
            upper = RangeEnd{c->values[1], true};
            used = true;
          }
          break;
        default:
          break;
      }
      if (used) choice.consumed.push_back(conjunct);
    }
    if (!choice.consumed.empty()) return choice;
  }
  return std::nullopt;
}

// The order's keys as plain top-level properties all in one direction, or nullopt.
std::optional<bool> uniform_direction(const std::vector<filter::BoundOrder>& order) {
  if (order.empty()) return std::nullopt;
  for (const filter::BoundOrder& key : order) {
    if (key.path.segments.size() != 1 || !key.path.property || key.descending != order[0].descending) {
      return std::nullopt;
    }
  }
  return order[0].descending;
}

// Whether the index's leading keys are exactly the order's keys.
bool index_matches_order(const Table& table, const SecondaryIndex& index,
                         const std::vector<filter::BoundOrder>& order) {
  if (order.size() > index.keys().size() || !index_keys_scalar(table, index, order.size())) return false;
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (order[i].path.segments[0] != index.keys()[i]) return false;
  }
  return true;
}

// No order, or an order on the id alone: nullopt otherwise, else whether descending.
std::optional<bool> id_order_direction(const Table& table, const std::vector<filter::BoundOrder>& order) {
  if (order.empty()) return false;
  if (order.size() == 1 && order[0].path.segments.size() == 1 &&
      order[0].path.segments[0] == table.schema().id_name()) {
    return order[0].descending;
  }
  return std::nullopt;
}

Plan plan(const Table& table, const BoundWhere* where, const filter::Bound* filter) {
  Plan plan;
  plan.table = &table;
  std::vector<const BoundWhere*> conjuncts;
  if (where) flatten_and(*where, conjuncts);
  static const std::vector<filter::BoundOrder> kNoOrder;
  const auto& order = filter ? filter->order : kNoOrder;
  if (filter) {
    plan.order = &filter->order;
    if (filter->limit_per_key && (filter->skip > 0 || (filter->limit && *filter->limit > 0))) {
      plan.page_key = &*filter->limit_per_key;
      plan.key_skip = filter->skip;
      plan.key_limit = filter->limit;
    } else {
      plan.skip = filter->skip;
      plan.limit = filter->limit;
    }
    if (filter->fields) plan.fields = &*filter->fields;
    for (const BoundWhere* conjunct : conjuncts) {
      if (const BoundCondition* c = simple(conjunct); c && c->op == Operator::Near) {
        plan.near = c;
        break;
      }
    }
    if (!plan.near && where) plan.near = find_near(*where);
  }

  std::optional<bool> id_direction = id_order_direction(table, order);
  std::optional<bool> direction = uniform_direction(order);
  const std::string* order_key =
      direction && !id_direction ? &order[0].path.segments[0] : nullptr;

  std::optional<Choice> choice;
  if (!conjuncts.empty()) {
    choice = id_access(table, conjuncts);
    if (!choice) choice = equality_access(table, conjuncts);
    if (!choice) choice = multi_lookup_access(table, conjuncts);
    if (!choice && filter) choice = nearest_access(table, conjuncts);
    if (!choice) choice = range_access(table, conjuncts, order_key);
  }
  bool index_ordered = false;
  if (choice && choice->access.kind == AccessKind::IndexRange && filter && !plan.near && direction &&
      !id_direction && index_matches_order(table, *choice->access.index, order)) {
    choice->access.descending = *direction;
    index_ordered = true;
  }
  if (!choice && filter && !plan.near && plan.limit && direction && !id_direction) {
    for (const auto& index : table.indexes()) {
      if (!index_matches_order(table, *index, order)) continue;
      choice = Choice{};
      choice->access.kind = AccessKind::IndexOrderedScan;
      choice->access.index = index.get();
      choice->access.descending = *direction;
      index_ordered = true;
      break;
    }
  }
  if (!choice) {
    choice = Choice{};
    choice->access.descending = filter && !plan.near && id_direction && *id_direction;
  }
  plan.access = std::move(choice->access);
  encode_operands(plan.access);
  for (const BoundWhere* conjunct : conjuncts) {
    if (std::find(choice->consumed.begin(), choice->consumed.end(), conjunct) == choice->consumed.end()) {
      plan.residual.push_back(conjunct);
    }
  }

  if (!filter) {
    plan.sort = SortKind::None;
  } else if (plan.near) {
    plan.sort = SortKind::Distance;
  } else if (index_ordered) {
    plan.sort = SortKind::IndexOrder;
  } else {
    const AccessPath& access = plan.access;
    bool id_ordered = false;
    if (id_direction) {
      bool descending = *id_direction;
      id_ordered = access.kind == AccessKind::IdLookup ||
                   (access.kind == AccessKind::FullScan && access.descending == descending) ||
                   (!descending && access.kind == AccessKind::IdMultiLookup) ||
                   (!descending && access.kind == AccessKind::IndexEquality &&
                    access.values.size() == access.index->keys().size());
    }
    if (id_ordered) plan.sort = SortKind::IdOrder;
    else plan.sort = plan.limit ? SortKind::TopK : SortKind::FullSort;
  }
  return plan;
}

}  // namespace

Plan plan_find(const Table& table, const filter::Bound& filter) {
  return plan(table, filter.where ? &*filter.where : nullptr, &filter);
}

Plan plan_where(const Table& table, const BoundWhere* where) { return plan(table, where, nullptr); }

}  // namespace lb::memory
