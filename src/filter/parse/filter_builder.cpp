// lb::Filter and lb::Where: the builders write a filter's JSON form and hand it to
// parse_filter, so a built filter and the same filter as JSON text are one Syntax.
#include "lb/filter.hpp"

#include "filter/parse/regexp_literal.hpp"
#include "lb/filter/parse.hpp"

namespace lb {
namespace {

bool is_empty_object(const Value& v) {
  const Object* object = v.if_object();
  return object && object->empty();
}

// The terms of {"<op>": [...]} when `v` is exactly that, to keep chains flat.
const Array* logical_terms(const Value& v, std::string_view op) {
  const Object* object = v.if_object();
  if (!object || object->size() != 1 || object->begin()->first != op) return nullptr;
  return object->begin()->second.if_array();
}

Where combine(const Where& a, const Where& b, std::string_view op) {
  Array terms;
  for (const Where* side : {&a, &b}) {
    if (const Array* nested = logical_terms(side->to_value(), op)) {
      terms.insert(terms.end(), nested->begin(), nested->end());
    } else {
      terms.push_back(side->to_value());
    }
  }
  Object json;
  json.push_back(std::string(op), std::move(terms));
  return Where(std::move(json));
}

}  // namespace

Result<filter::WhereNode> Where::syntax(const filter::Limits& limits) const {
  return filter::parse_where(json_, limits);
}

Where operator&&(const Where& a, const Where& b) {
  // {} matches everything, so it adds nothing to an and.
  if (is_empty_object(a.to_value())) return b;
  if (is_empty_object(b.to_value())) return a;
  return combine(a, b, "and");
}

Where operator||(const Where& a, const Where& b) { return combine(a, b, "or"); }

Where nor(std::vector<Where> terms) {
  Array json_terms;
  json_terms.reserve(terms.size());
  for (auto& term : terms) json_terms.push_back(term.to_value());
  Object json;
  json.push_back("nor", std::move(json_terms));
  return Where(std::move(json));
}

Where WherePath::op(const char* name, Value operand) const {
  Object condition;
  condition.push_back(name, std::move(operand));
  Object json;
  json.push_back(path_, std::move(condition));
  return Where(std::move(json));
}

Where WherePath::eq(Value v) const { return op("eq", std::move(v)); }
Where WherePath::neq(Value v) const { return op("neq", std::move(v)); }
Where WherePath::gt(Value v) const { return op("gt", std::move(v)); }
Where WherePath::gte(Value v) const { return op("gte", std::move(v)); }
Where WherePath::lt(Value v) const { return op("lt", std::move(v)); }
Where WherePath::lte(Value v) const { return op("lte", std::move(v)); }
Where WherePath::between(Value low, Value high) const {
  return op("between", Array{std::move(low), std::move(high)});
}
Where WherePath::inq(Array values) const { return op("inq", std::move(values)); }
Where WherePath::nin(Array values) const { return op("nin", std::move(values)); }
Where WherePath::like(std::string pattern) const { return op("like", std::move(pattern)); }
Where WherePath::nlike(std::string pattern) const { return op("nlike", std::move(pattern)); }
Where WherePath::ilike(std::string pattern) const { return op("ilike", std::move(pattern)); }
Where WherePath::nilike(std::string pattern) const { return op("nilike", std::move(pattern)); }

Where WherePath::regexp(std::string pattern, std::string flags) const {
  if (flags.empty()) return op("regexp", std::move(pattern));
  // Flags travel inside a literal, the one form every LoopBack connector reads.
  if (auto literal = filter::parse_regexp_literal(pattern))
    return op("regexp", "/" + literal->pattern + "/" + literal->flags + flags);
  return op("regexp", "/" + pattern + "/" + flags);
}

Where WherePath::exists(bool present) const { return op("exists", present); }

Where WherePath::near(GeoPoint origin, std::optional<double> max_distance, std::string unit,
                      std::optional<double> min_distance) const {
  Object condition;
  condition.push_back("near", Object{{"lat", origin.lat}, {"lng", origin.lng}});
  if (max_distance) condition.push_back("maxDistance", *max_distance);
  if (min_distance) condition.push_back("minDistance", *min_distance);
  if (!unit.empty()) condition.push_back("unit", std::move(unit));
  Object json;
  json.push_back(path_, std::move(condition));
  return Where(std::move(json));
}

Filter& Filter::where(const Where& w) {
  Object& json = json_.as_object();
  if (Value* existing = json.find("where")) {
    *existing = (Where(*existing) && w).to_value();
  } else {
    json.push_back("where", w.to_value());
  }
  return *this;
}

Filter& Filter::order(std::string_view order) {
  Object& json = json_.as_object();
  Value* existing = json.find("order");
  if (!existing) {
    json.push_back("order", std::string(order));
  } else if (existing->is_array()) {
    existing->as_array().push_back(std::string(order));
  } else {
    *existing = Array{std::move(*existing), std::string(order)};
  }
  return *this;
}

namespace {

void add_fields(Value& json, std::vector<std::string> names, bool included) {
  Object& object = json.as_object();
  Value* fields = object.find("fields");
  if (!fields) {
    object.push_back("fields", Object{});
    fields = object.find("fields");
  }
  for (auto& name : names) fields->as_object().insert_or_assign(std::move(name), included);
}

}  // namespace

Filter& Filter::fields(std::vector<std::string> names) {
  add_fields(json_, std::move(names), true);
  return *this;
}

Filter& Filter::exclude_fields(std::vector<std::string> names) {
  add_fields(json_, std::move(names), false);
  return *this;
}

Filter& Filter::limit(std::int64_t n) {
  json_.as_object().insert_or_assign("limit", static_cast<long long>(n));
  return *this;
}

Filter& Filter::skip(std::int64_t n) {
  json_.as_object().insert_or_assign("skip", static_cast<long long>(n));
  return *this;
}

namespace {

void add_include(Value& json, Value item) {
  Object& object = json.as_object();
  Value* include = object.find("include");
  if (!include) {
    object.push_back("include", Array{});
    include = object.find("include");
  }
  include->as_array().push_back(std::move(item));
}

}  // namespace

Filter& Filter::include(std::string relation) {
  add_include(json_, std::move(relation));
  return *this;
}

Filter& Filter::include(std::string relation, const Filter& scope) {
  add_include(json_, Object{{"relation", std::move(relation)}, {"scope", scope.to_value()}});
  return *this;
}

Result<filter::Syntax> Filter::syntax(const filter::Limits& limits) const {
  return filter::parse_filter(json_, limits);
}

}  // namespace lb
