// Small pieces Model's query and write operations share: LoopBack's messages about
// ids, and the where clause that selects one id.
#pragma once

#include <fmt/format.h>

#include <string>

#include "lb/error.hpp"
#include "lb/filter/syntax.hpp"
#include "lb/json.hpp"
#include "lb/value.hpp"

namespace lb::dao {

// How an id prints in LoopBack's messages: numbers and strings bare.
inline std::string id_text(const Value& id) { return id.is_string() ? id.as_string() : to_json(id); }

// Whether two ids name the same record as LoopBack's relation and embedded-list
// methods compare them: by their printed forms, so 1 finds "1".
inline bool same_id(const Value& a, const Value& b) { return a == b || (!a.is_null() && id_text(a) == id_text(b)); }

inline Error model_not_found(const Value& id) {
  return Error(ErrorCode::NotFound, "Could not update attributes. Object with id " + id_text(id) + " does not exist!");
}

inline Error data_not_object(const char* operation) {
  return invalid_input(fmt::format("{}: data must be an object", operation));
}

inline filter::WhereNode id_condition(const std::string& id_name, const Value& id) {
  filter::WhereNode node;
  node.kind = filter::WhereNode::Kind::Condition;
  node.condition.path = {id_name};
  node.condition.op = filter::Operator::Eq;
  node.condition.operand = id;
  return node;
}

// {"<id>": id}: the where LoopBack's hooks show for one record.
inline Value id_where(const std::string& id_name, const Value& id) {
  Object where;
  where.push_back(id_name, id);
  return Value(std::move(where));
}

}  // namespace lb::dao
