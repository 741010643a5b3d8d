// filter::Syntax back to LoopBack's JSON filter object, for the observers of the
// "access" hook, which see (and may change) the query as LoopBack's ctx.query. The
// result parses back to an equal Syntax.
#include "lb/filter/syntax.hpp"

namespace lb::filter {
namespace {

Value condition_value(const Condition& condition) {
  if (condition.op == Operator::Eq && condition.modifiers.empty()) return condition.operand;
  Object test;
  test.push_back(operator_name(condition.op), condition.operand);
  for (const auto& [key, value] : condition.modifiers) test.push_back(key, value);
  return Value(std::move(test));
}

}  // namespace

Value to_value(const WhereNode& where) {
  Object out;
  switch (where.kind) {
    case WhereNode::Kind::Condition:
      out.push_back(path_to_string(where.condition.path), condition_value(where.condition));
      break;
    case WhereNode::Kind::And:
      // LoopBack shows the wheres it combines as {"and": [...]}; one child is itself.
      if (where.children.size() == 1) return to_value(where.children.front());
      if (where.children.empty()) break;
      [[fallthrough]];
    case WhereNode::Kind::Or:
    case WhereNode::Kind::Nor: {
      Array children;
      children.reserve(where.children.size());
      for (const WhereNode& child : where.children) children.push_back(to_value(child));
      const char* name = where.kind == WhereNode::Kind::And ? "and" : where.kind == WhereNode::Kind::Or ? "or" : "nor";
      out.push_back(name, Value(std::move(children)));
      break;
    }
  }
  return Value(std::move(out));
}

Value to_value(const Syntax& syntax) {
  Object out;
  if (syntax.where) out.push_back("where", to_value(*syntax.where));
  if (syntax.fields) {
    Object fields;
    for (const auto& [name, shown] : syntax.fields->entries) fields.push_back(name, Value(shown));
    out.push_back("fields", Value(std::move(fields)));
  }
  if (!syntax.order.empty()) {
    Array order;
    for (const OrderKey& key : syntax.order)
      order.push_back(Value(path_to_string(key.path) + (key.descending ? " DESC" : " ASC")));
    out.push_back("order", Value(std::move(order)));
  }
  if (syntax.limit) out.push_back("limit", *syntax.limit);
  if (syntax.skip) out.push_back("skip", *syntax.skip);
  if (syntax.offset) out.push_back("offset", *syntax.offset);
  if (!syntax.include.empty()) {
    Array include;
    for (const IncludeSpec& spec : syntax.include) {
      if (!spec.scope) {
        include.push_back(Value(spec.relation));
        continue;
      }
      Object entry;
      entry.push_back("relation", Value(spec.relation));
      entry.push_back("scope", to_value(*spec.scope));
      include.push_back(Value(std::move(entry)));
    }
    out.push_back("include", Value(std::move(include)));
  }
  return Value(std::move(out));
}

}  // namespace lb::filter
