// Plan::explain: the printed form of a plan (see plan.hpp), one step per line.
#include "memory/plan/plan.hpp"

#include <fmt/format.h>

#include "lb/date.hpp"

namespace lb::memory {
namespace {

using filter::Operator;

std::string value_text(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Date:
      return format_iso8601(value.as_date());
    case Value::Kind::GeoPoint:
      return fmt::format("({}, {})", Value(value.as_geo_point().lat).to_json(),
                         Value(value.as_geo_point().lng).to_json());
    case Value::Kind::Array: {
      std::string out = "[";
      for (const Value& element : value.as_array()) {
        if (out.size() > 1) out += ", ";
        out += value_text(element);
      }
      return out + "]";
    }
    default:
      return value.to_json();
  }
}

std::string list_text(const std::vector<Value>& values) {
  std::string out = "[";
  for (const Value& value : values) {
    if (out.size() > 1) out += ", ";
    out += value_text(value);
  }
  return out + "]";
}

std::string near_text(const filter::BoundCondition& near) {
  std::string out = fmt::format("{} {}", near.path.to_string(), value_text(Value(near.near.origin)));
  const char* unit = filter::distance_unit_name(near.near.unit);
  if (near.near.min_distance) out += fmt::format(" min {} {}", Value(*near.near.min_distance).to_json(), unit);
  if (near.near.max_distance) out += fmt::format(" max {} {}", Value(*near.near.max_distance).to_json(), unit);
  return out;
}

std::string condition_text(const filter::BoundCondition& condition) {
  const std::string path = condition.path.to_string();
  switch (condition.op) {
    case Operator::Near:
      return "near " + near_text(condition);
    case Operator::Inq:
    case Operator::Nin:
    case Operator::Between:
      return fmt::format("{} {} {}", filter::operator_name(condition.op), path, list_text(condition.values));
    default: {
      std::string out = fmt::format("{} {}", filter::operator_name(condition.op), path);
      if (!condition.values.empty()) out += " " + value_text(condition.values[0]);
      if (condition.op == Operator::Regexp && condition.case_insensitive) out += " (case-insensitive)";
      return out;
    }
  }
}

std::string where_text(const filter::BoundWhere& where) {
  using Kind = filter::WhereNode::Kind;
  if (where.kind == Kind::Condition) return condition_text(where.condition);
  std::string out = where.kind == Kind::And ? "and(" : where.kind == Kind::Or ? "or(" : "nor(";
  for (std::size_t i = 0; i < where.children.size(); ++i) {
    if (i) out += ", ";
    out += where_text(where.children[i]);
  }
  return out + ")";
}

std::string index_note(const SecondaryIndex& index) {
  return fmt::format(" (index {}{})", index.name(), index.unique() ? ", unique" : "");
}

std::string access_text(const Plan& plan) {
  const AccessPath& access = plan.access;
  const std::string& model = plan.table->schema().model_name();
  const std::string& id = plan.table->schema().id_name();
  switch (access.kind) {
    case AccessKind::FullScan:
      return fmt::format("full scan {}{}", model, access.descending ? " (id descending)" : "");
    case AccessKind::IdLookup:
      return fmt::format("id lookup {}.{} = {}", model, id, value_text(access.values[0]));
    case AccessKind::IdMultiLookup:
      return fmt::format("id multi-lookup {}.{} in {}", model, id, list_text(access.values));
    case AccessKind::IndexEquality: {
      std::string out = "index equality ";
      for (std::size_t i = 0; i < access.values.size(); ++i) {
        if (i) out += " and ";
        out += fmt::format("{}.{} = {}", model, access.index->keys()[i], value_text(access.values[i]));
      }
      return out + index_note(*access.index);
    }
    case AccessKind::IndexMultiLookup:
      return fmt::format("index multi-lookup {}.{} in {}{}", model, access.index->keys()[0],
                         list_text(access.values), index_note(*access.index));
    case AccessKind::IndexRange: {
      std::string out = fmt::format("index range {}.{}", model, access.index->keys()[0]);
      if (access.lower) out += fmt::format(" {} {}", access.lower->inclusive ? ">=" : ">", value_text(access.lower->value));
      if (access.lower && access.upper) out += " and";
      if (access.upper) out += fmt::format(" {} {}", access.upper->inclusive ? "<=" : "<", value_text(access.upper->value));
      if (access.descending) out += " descending";
      return out + index_note(*access.index);
    }
    case AccessKind::IndexOrderedScan: {
      std::string keys;
      for (const std::string& key : access.index->keys()) keys += (keys.empty() ? "" : ", ") + key;
      return fmt::format("index ordered scan {}.{}{}{}", model, keys, access.descending ? " DESC" : " ASC",
                         index_note(*access.index));
    }
    case AccessKind::Nearest:
      return fmt::format("nearest {}.{} (r-tree)", model, near_text(*access.near));
  }
  return "";
}

std::string order_text(const Plan& plan) {
  std::string out;
  if (plan.order) {
    for (const filter::BoundOrder& key : *plan.order) {
      out += fmt::format("{}{}, ", key.path.to_string(), key.descending ? " DESC" : "");
    }
  }
  return out + plan.table->schema().id_name();
}

std::string sort_text(const Plan& plan) {
  switch (plan.sort) {
    case SortKind::IdOrder:
      return plan.access.descending ? "id order DESC" : "id order";
    case SortKind::IndexOrder:
      return "index order, ties by " + plan.table->schema().id_name();
    case SortKind::TopK:
      return fmt::format("top-k {} by {}", plan.skip + *plan.limit, order_text(plan));
    case SortKind::FullSort:
      return "full sort by " + order_text(plan);
    case SortKind::Distance:
      return fmt::format("nearest first by {}, then {}", plan.near->path.to_string(), order_text(plan));
    case SortKind::None:
      return "none";
  }
  return "";
}

}  // namespace

std::string residual_to_string(const std::vector<const filter::BoundWhere*>& conjuncts) {
  if (conjuncts.empty()) return "none";
  std::string out = "and(";
  for (std::size_t i = 0; i < conjuncts.size(); ++i) {
    if (i) out += ", ";
    out += where_text(*conjuncts[i]);
  }
  return out + ")";
}

std::string Plan::explain() const {
  std::string out = "access: " + access_text(*this);
  out += "\nresidual: " + residual_to_string(residual);
  out += "\nsort: " + sort_text(*this);
  if (skip > 0 || limit) {
    out += "\npage:";
    if (skip > 0) out += fmt::format(" skip {}", skip);
    if (limit) out += fmt::format("{} limit {}", skip > 0 ? "," : "", *limit);
  }
  if (page_key) {
    out += "\npage per " + *page_key + ":";
    if (key_skip > 0) out += fmt::format(" skip {}", key_skip);
    if (key_limit && *key_limit > 0) out += fmt::format("{} limit {}", key_skip > 0 ? "," : "", *key_limit);
  }
  if (fields) {
    out += "\nfields: ";
    for (std::size_t i = 0; i < fields->size(); ++i) out += (i ? ", " : "") + (*fields)[i];
  }
  return out;
}

}  // namespace lb::memory
