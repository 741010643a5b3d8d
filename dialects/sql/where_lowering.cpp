// Where lowering: the memory connector's predicate semantics (src/memory/exec/
// predicate.cpp) in SQL.
//
// - Positive operators hold when any value the path reaches meets them, and an array
//   value meets a scalar test when one of its elements does ("contains").
// - neq, nin, nlike, nilike and `exists: false` are the negations of eq, inq, like,
//   ilike and `exists: true`, so they hold where the property is null or missing. SQL's
//   NOT is not a negation when a column is NULL, so negations are pushed down to the
//   conditions and each negated condition says explicitly what NULL means
//   (`col IS NULL OR NOT (...)`, `NOT COALESCE(..., FALSE)`).
// - Comparisons (gt, lt, between) hold only between values of one comparable kind:
//   numbers, strings (code point order), dates. Booleans and buffers never compare.
// - Paths into JSON-stored properties walk the way the memory connector's FieldPath
//   does: into objects by key and through arrays into every object element.
// - A relation condition (BoundWhere::related, its default scopes added by src/dao) is
//   an EXISTS subquery on the target's table under a fresh alias, correlated by the
//   relation's keys; a through relation nests one on the through table around one on
//   the target. EXISTS is never NULL, so its negation is a plain NOT. The condition's
//   own columns are written unqualified: the innermost FROM item, the target, is the
//   only table that scope adds, so they name its columns even for a self-relation.
#include "sql/where_lowering.hpp"

#include <fmt/format.h>

#include <functional>

#include "lb/date.hpp"
#include "sql/dialect.hpp"
#include "sql/like_pattern.hpp"
#include "sql/path_access.hpp"

namespace lb::sql {
namespace {

using filter::BoundCondition;
using filter::BoundWhere;
using filter::Operator;
using WhereKind = filter::WhereNode::Kind;
using TypeKind = PropertyType::Kind;

constexpr const char* kTrue = "TRUE";
constexpr const char* kFalse = "FALSE";

std::string joined(const std::vector<std::string>& parts, const char* separator, const char* when_empty) {
  if (parts.empty()) return when_empty;
  if (parts.size() == 1) return parts.front();
  return "(" + fmt::format("{}", fmt::join(parts, separator)) + ")";
}

// Whether `text` is one parenthesised group, "(...)" (quoted names and strings skipped).
bool parenthesised(std::string_view text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')') return false;
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote) {
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: same effect
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0 && i + 1 < text.size()) {
      return false;
    }
  }
  return true;
}

std::string negation(const std::string& test) {
  if (test == kTrue) return kFalse;
  if (test == kFalse) return kTrue;
  return parenthesised(test) ? "NOT " + test : "NOT (" + test + ")";
}

// The positive operator a condition tests, and whether the condition is its negation.
struct Positive {
  Operator op;
  bool negate;
};

Positive positive(const BoundCondition& condition) {
  switch (condition.op) {
    case Operator::Neq: return {Operator::Eq, true};
    case Operator::Nin: return {Operator::Inq, true};
    case Operator::Nlike: return {Operator::Like, true};
    case Operator::Nilike: return {Operator::Ilike, true};
    case Operator::Exists: {
      const bool present = condition.values.empty() || !condition.values[0].is_bool() || condition.values[0].as_bool();
      return {Operator::Exists, !present};
    }
    default: return {condition.op, false};
  }
}

const char* comparison(Operator op) {
  switch (op) {
    case Operator::Gt: return ">";
    case Operator::Gte: return ">=";
    case Operator::Lt: return "<";
    default: return "<=";
  }
}

bool orderable(Storage storage) {
  return storage == Storage::Text || storage == Storage::Number || storage == Storage::Date;
}

ParamType list_type(Storage storage) {
  switch (storage) {
    case Storage::Text: return ParamType::Text;
    case Storage::Number: return ParamType::Real;
    case Storage::Boolean: return ParamType::Boolean;
    case Storage::Date: return ParamType::Timestamp;
    case Storage::Blob: return ParamType::Blob;
    default: return ParamType::Json;
  }
}

// An operand as a JSON-stored value is compared with it: its JSON kind and its value in
// that form. Dates are stored in JSON as ISO-8601 text, which orders as the instants do
// for years 0 to 9999; GeoPoints, buffers, arrays and objects compare whole (Object).
struct JsonOperand {
  JsonKind kind;
  Value value;
};

JsonOperand json_operand(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Null: return {JsonKind::Null, value};
    case Value::Kind::Bool: return {JsonKind::Boolean, value};
    case Value::Kind::Integer:
    case Value::Kind::Number: return {JsonKind::Number, value};
    case Value::Kind::String: return {JsonKind::String, value};
    case Value::Kind::Date: return {JsonKind::String, Value(format_iso8601(value.as_date()))};
    default: return {JsonKind::Object, value};
  }
}

Storage storage_of(JsonKind kind) {
  switch (kind) {
    case JsonKind::Boolean: return Storage::Boolean;
    case JsonKind::Number: return Storage::Number;
    default: return Storage::Text;
  }
}

// Whether a value of declared type `type` is always of JSON kind `kind` (or null), so
// that reading it as that kind needs no guard.
bool declared_as(const PropertyType& type, JsonKind kind) {
  switch (kind) {
    case JsonKind::String: return type.kind == TypeKind::String || type.kind == TypeKind::Date;
    case JsonKind::Number: return type.kind == TypeKind::Number;
    case JsonKind::Boolean: return type.kind == TypeKind::Boolean;
    default: return false;
  }
}

bool is_scalar_type(const PropertyType& type) {
  switch (type.kind) {
    case TypeKind::String:
    case TypeKind::Number:
    case TypeKind::Boolean:
    case TypeKind::Date:
    case TypeKind::Buffer:
    case TypeKind::GeoPoint: return true;
    default: return false;
  }
}

const PropertyType& any_type() {
  static const PropertyType kAny;
  return kAny;
}

// A test of one JSON place, `guarded` when the place's kind is not known to be the
// kind the test reads.
using PlaceTest = std::function<std::string(const JsonPlace& place, bool guarded)>;
// The positive test at the end of a JSON walk.
using Leaf = std::function<Result<std::string>(const JsonPlace& place)>;

// The parts of a point: where it is, and its coordinates.
struct PointParts {
  std::string present;
  std::string lat;
  std::string lng;
};

class Lowering {
 public:
  // `alias`: the name this table has in the statement ("" for the statement's own
  // table, named by its table name), for subqueries that refer to its columns.
  Lowering(const TableMapping& table, SqlBuilder& sql, std::string alias = {})
      : table_(table), dialect_(table.dialect()), sql_(sql), alias_(std::move(alias)) {}

  Result<std::string> node(const BoundWhere& where, bool negated) {
    // Under a negation, and/or swap (De Morgan) and nor becomes or.
    const char* all = " AND ";
    const char* any = " OR ";
    bool child_negated = negated;
    const char* separator = all;
    const char* empty = kTrue;
    switch (where.kind) {
      case WhereKind::Condition:
        if (where.related) return related(*where.related, negated);
        return condition(where.condition, negated);
      case WhereKind::And:
        separator = negated ? any : all;
        empty = negated ? kFalse : kTrue;
        break;
      case WhereKind::Or:
        separator = negated ? all : any;
        empty = negated ? kTrue : kFalse;
        break;
      case WhereKind::Nor:
        child_negated = !negated;
        separator = negated ? any : all;
        empty = negated ? kFalse : kTrue;
        break;
    }
    std::vector<std::string> parts;
    parts.reserve(where.children.size());
    for (const BoundWhere& child : where.children) {
      auto part = node(child, child_negated);
      if (!part) return std::move(part).error();
      parts.push_back(std::move(*part));
    }
    return joined(parts, separator, empty);
  }

  Result<PointParts> point_parts(const BoundCondition& near) {
    auto access = resolve_access(near.path, table_);
    if (!access) return std::move(access).error();
    if (!access->json) {
      if (access->storage != Storage::Point) {
        return invalid_input(fmt::format("{}: near needs a GeoPoint", near.path.to_string()));
      }
      const std::string& point = access->expression;
      return PointParts{point + " IS NOT NULL", dialect_.point_lat(point), dialect_.point_lng(point)};
    }
    JsonPlace place = access->root;
    for (const JsonStep& step : access->steps) {
      if (step.shape != StepShape::Object) {
        return invalid_input(fmt::format("{}: near on a path through an array or an untyped value is not "
                                         "supported by SQL connectors",
                                         near.path.to_string()));
      }
      auto member = dialect_.json_member(place, step.key, sql_);
      if (!member) return std::move(member).error();
      place = std::move(*member);
    }
    auto lat = dialect_.json_member(place, "lat", sql_);
    if (!lat) return std::move(lat).error();
    auto lng = dialect_.json_member(place, "lng", sql_);
    if (!lng) return std::move(lng).error();
    return PointParts{dialect_.json_is(place, JsonKind::Object, sql_),
                      dialect_.json_value(*lat, JsonKind::Number, false, sql_),
                      dialect_.json_value(*lng, JsonKind::Number, false, sql_)};
  }

 private:
  // ---- Relation conditions ---------------------------------------------------

  // This table's column of `property`, qualified for a subquery.
  Result<std::string> outer_column(const std::string& property) const {
    const ColumnMapping* column = table_.column(property);
    if (!column) {
      return invalid_input(fmt::format("the key \"{}\" of {} is not a column", property, table_.model().name));
    }
    return alias_.empty() ? table_.stored_column(column->quoted) : alias_ + "." + column->quoted;
  }

  // EXISTS (SELECT 1 FROM <inner> AS <alias> WHERE <alias>.<key> = <outer> AND ...),
  // the further conditions written by `more` with a lowering of `inner` under the alias.
  using InnerConditions = std::function<Result<std::vector<std::string>>(Lowering& inner)>;
  Result<std::string> exists_in(const TableMapping& inner, const std::string& key, const std::string& outer,
                                const InnerConditions& more) {
    const ColumnMapping* column = inner.column(key);
    if (!column) return invalid_input(fmt::format("the key \"{}\" of {} is not a column", key, inner.model().name));
    std::string alias = sql_.alias();
    Lowering lowering(inner, sql_, alias);
    std::vector<std::string> tests{alias + "." + column->quoted + " = " + outer};
    auto conditions = more(lowering);
    if (!conditions) return std::move(conditions).error();
    for (std::string& test : *conditions)
      if (test != kTrue) tests.push_back(std::move(test));
    return fmt::format("EXISTS (SELECT 1 FROM {} AS {} WHERE {})", inner.qualified(), alias,
                       fmt::join(tests, " AND "));
  }

  // The where of a relation condition, lowered against its target.
  static Result<std::vector<std::string>> related_where(Lowering& target, const BoundWhere& where) {
    auto test = target.node(where, false);
    if (!test) return std::move(test).error();
    return std::vector<std::string>{std::move(*test)};
  }

  Result<std::string> related(const filter::BoundRelatedWhere& rows, bool negated) {
    const std::string name = rows.relation ? rows.relation->name : std::string("?");
    if (!rows.join || !rows.scoped || !rows.target) {
      return invalid_input(fmt::format("{}: a condition on the relation \"{}\" cannot be lowered to SQL", name, name));
    }
    const filter::RelatedJoin& join = *rows.join;
    auto target = TableMapping::from_model(*rows.target, dialect_);
    if (!target) return std::move(target).error();
    auto outer = outer_column(join.key_from);
    if (!outer) return std::move(outer).error();
    Result<std::string> test = std::string();
    if (!join.through) {
      test = exists_in(*target, join.key_to, *outer,
                       [&](Lowering& inner) { return related_where(inner, rows.where); });
    } else {
      auto through = TableMapping::from_model(*join.through, dialect_);
      if (!through) return std::move(through).error();
      test = exists_in(*through, join.key_to, *outer, [&](Lowering& link) -> Result<std::vector<std::string>> {
        std::vector<std::string> tests;
        auto scope = link.node(rows.through_scope, false);
        if (!scope) return std::move(scope).error();
        tests.push_back(std::move(*scope));
        auto link_key = link.outer_column(join.key_through);
        if (!link_key) return std::move(link_key).error();
        auto linked = link.exists_in(*target, join.target_id, *link_key,
                                     [&](Lowering& inner) { return related_where(inner, rows.where); });
        if (!linked) return std::move(linked).error();
        tests.push_back(std::move(*linked));
        return tests;
      });
    }
    if (!test) return std::move(test).error();
    return negated ? "NOT " + *test : std::move(*test);
  }

  Result<std::string> condition(const BoundCondition& condition, bool negated) {
    auto [op, negate] = positive(condition);
    negate = negate != negated;
    if (op == Operator::Near) return near(condition, negate);
    auto access = resolve_access(condition.path, table_);
    if (!access) return std::move(access).error();
    if (!access->json) return native(*access, condition, op, negate);
    return json(*access, condition, op, negate);
  }

  // LoopBack applies a distance bound only when it is above zero.
  Result<std::string> near(const BoundCondition& condition, bool negate) {
    auto parts = point_parts(condition);
    if (!parts) return std::move(parts).error();
    std::vector<std::string> tests{parts->present};
    const filter::NearSpec& spec = condition.near;
    const bool min = spec.min_distance && *spec.min_distance > 0;
    const bool max = spec.max_distance && *spec.max_distance > 0;
    if (min || max) {
      std::string distance = dialect_.distance(parts->lat, parts->lng, spec, sql_);
      if (min) tests.push_back(distance + " >= " + sql_.bind({Value(*spec.min_distance), ParamType::Real}));
      if (max) tests.push_back(distance + " <= " + sql_.bind({Value(*spec.max_distance), ParamType::Real}));
    }
    std::string test = joined(tests, " AND ", kTrue);
    return negate ? negation(test) : test;
  }

  // ---- Native columns --------------------------------------------------------

  // A column of text compares in code point order; one declared as another type
  // (uuid, an enum) in its own.
  std::string ordered(const PathAccess& access) const {
    const bool text = access.storage == Storage::Text && (!access.column || access.column->text_order);
    return text ? dialect_.code_point_order(access.expression) : access.expression;
  }

  // The column as text for like and regexp: a column declared as another type is cast.
  static std::string as_text(const PathAccess& access) {
    if (!access.column || access.column->text_order) return access.expression;
    return "CAST(" + access.expression + " AS text)";
  }

  SqlParam encode(const PathAccess& access, const Value& value) const {
    return access.column ? dialect_.encode_for(value, *access.column) : dialect_.encode(value, access.storage);
  }

  std::string bind(const PathAccess& access, const Value& value) { return sql_.bind(encode(access, value)); }

  Result<std::string> native(const PathAccess& access, const BoundCondition& condition, Operator op, bool negate) {
    const std::string& column = access.expression;
    const Storage storage = access.storage;
    // Whether the test is already TRUE or FALSE for a NULL column (else it is NULL).
    bool two_valued = false;
    std::string test;
    switch (op) {
      case Operator::Eq: {
        const Value& value = condition.values.at(0);
        if (value.is_null()) {
          test = column + " IS NULL";
          two_valued = true;
        } else if (storage == Storage::Point) {
          if (!value.is_geo_point()) return invalid_input(fmt::format("{}: expected a GeoPoint", condition.path.to_string()));
          test = dialect_.point_equals(column, value.as_geo_point(), sql_);
        } else {
          std::string placeholder = bind(access, value);
          if (negate) return fmt::format("({} IS NULL OR {} <> {})", column, column, placeholder);
          test = column + " = " + placeholder;
        }
        break;
      }
      case Operator::Gt:
      case Operator::Gte:
      case Operator::Lt:
      case Operator::Lte:
        if (!orderable(storage)) {
          test = kFalse;
          two_valued = true;
          break;
        }
        test = fmt::format("{} {} {}", ordered(access), comparison(op), bind(access, condition.values.at(0)));
        break;
      case Operator::Between:
        if (!orderable(storage)) {
          test = kFalse;
          two_valued = true;
          break;
        }
        test = fmt::format("{} BETWEEN {} AND {}", ordered(access), bind(access, condition.values.at(0)),
                           bind(access, condition.values.at(1)));
        break;
      case Operator::Inq: {
        std::vector<std::string> parts;
        std::vector<SqlParam> list;
        bool has_null = false;
        for (const Value& value : condition.values) {
          if (value.is_null()) {
            has_null = true;
          } else if (storage == Storage::Point) {
            if (value.is_geo_point()) parts.push_back(dialect_.point_equals(column, value.as_geo_point(), sql_));
          } else {
            list.push_back(encode(access, value));
          }
        }
        if (!list.empty()) parts.insert(parts.begin(), dialect_.in_list(column, std::move(list), list_type(storage), sql_));
        if (has_null) parts.push_back(column + " IS NULL");
        two_valued = has_null || parts.empty();
        test = joined(parts, " OR ", kFalse);
        break;
      }
      case Operator::Like:
      case Operator::Ilike:
        if (storage != Storage::Text) {
          test = kFalse;
          two_valued = true;
          break;
        }
        test = dialect_.like(as_text(access), LikePattern(pattern_of(condition)),
                             op == Operator::Ilike || condition.case_insensitive, sql_);
        break;
      case Operator::Regexp:
        if (storage != Storage::Text) {
          test = kFalse;
          two_valued = true;
          break;
        }
        test = dialect_.regexp(as_text(access), pattern_of(condition), condition.case_insensitive, sql_);
        break;
      case Operator::Exists:
        test = column + " IS NOT NULL";
        two_valued = true;
        break;
      default:
        return invalid_input(fmt::format("{}: operator \"{}\" cannot be lowered to SQL", condition.path.to_string(),
                                         filter::operator_name(op)));
    }
    if (!negate) return test;
    if (two_valued) return negation(test);
    return fmt::format("({} IS NULL OR {})", column, negation(test));
  }

  static const std::string& pattern_of(const BoundCondition& condition) {
    static const std::string kEmpty;
    const std::string* pattern = condition.values.empty() ? nullptr : condition.values[0].if_string();
    return pattern ? *pattern : kEmpty;
  }

  // ---- JSON-stored values ----------------------------------------------------

  // `test` on the value at `place` and, when it is or may be an array, on each of its
  // elements: the memory connector's "scalar or any element".
  std::string any_value(const JsonPlace& place, const PropertyType& type, JsonKind kind, const PlaceTest& test) {
    if (type.kind == TypeKind::Array) {
      const PropertyType& element = type.element ? *type.element : any_type();
      JsonPlace each;
      std::string from = dialect_.json_elements(place, sql_.alias(), true, each, sql_);
      return fmt::format("EXISTS (SELECT 1 FROM {} WHERE {})", from, test(each, !declared_as(element, kind)));
    }
    if (is_scalar_type(type)) return test(place, !declared_as(type, kind));
    std::string itself = test(place, true);
    JsonPlace each;
    std::string from = dialect_.json_elements(place, sql_.alias(), false, each, sql_);
    return fmt::format("({} OR EXISTS (SELECT 1 FROM {} WHERE {}))", itself, from, test(each, true));
  }

  // A comparison of the place's value, read as `kind`, with `placeholder`.
  PlaceTest compare(JsonKind kind, std::string comparator, std::string placeholder) {
    return [this, kind, comparator = std::move(comparator), placeholder = std::move(placeholder)](
               const JsonPlace& place, bool guarded) {
      std::string value = dialect_.json_value(place, kind, guarded, sql_);
      if (kind == JsonKind::String && comparator != "=") value = dialect_.code_point_order(value);
      return value + " " + comparator + " " + placeholder;
    };
  }

  Result<std::string> json(const PathAccess& access, const BoundCondition& condition, Operator op, bool negate) {
    const PropertyType& type = *access.leaf;
    bool absent_matches = false;  // the test holds for a missing value (eq null, inq with null)
    Leaf leaf;
    switch (op) {
      case Operator::Eq: {
        JsonOperand operand = json_operand(condition.values.at(0));
        if (operand.kind == JsonKind::Null) {
          absent_matches = true;
          leaf = [this](const JsonPlace& place) -> Result<std::string> { return dialect_.json_nullish(place, sql_); };
        } else if (operand.kind == JsonKind::Object) {
          leaf = [this, value = operand.value](const JsonPlace& place) -> Result<std::string> {
            return dialect_.json_equals(place, value, sql_);
          };
        } else {
          std::string placeholder = sql_.bind_value(operand.value, storage_of(operand.kind));
          leaf = [this, &type, kind = operand.kind, test = compare(operand.kind, "=", placeholder)](
                     const JsonPlace& place) -> Result<std::string> { return any_value(place, type, kind, test); };
        }
        break;
      }
      case Operator::Gt:
      case Operator::Gte:
      case Operator::Lt:
      case Operator::Lte:
      case Operator::Between: {
        JsonOperand low = json_operand(condition.values.at(0));
        if (low.kind != JsonKind::String && low.kind != JsonKind::Number) return std::string(negate ? kTrue : kFalse);
        PlaceTest test;
        std::string first = sql_.bind_value(low.value, storage_of(low.kind));
        if (op == Operator::Between) {
          JsonOperand high = json_operand(condition.values.at(1));
          if (high.kind != low.kind) return std::string(negate ? kTrue : kFalse);
          test = compare(low.kind, "BETWEEN", first + " AND " + sql_.bind_value(high.value, storage_of(high.kind)));
        } else {
          test = compare(low.kind, comparison(op), first);
        }
        leaf = [this, &type, kind = low.kind, test](const JsonPlace& place) -> Result<std::string> {
          return any_value(place, type, kind, test);
        };
        break;
      }
      case Operator::Inq: {
        bool has_null = false;
        std::vector<SqlParam> strings, numbers, booleans;
        std::vector<Value> wholes;
        for (const Value& value : condition.values) {
          JsonOperand operand = json_operand(value);
          switch (operand.kind) {
            case JsonKind::Null: has_null = true; break;
            case JsonKind::String: strings.push_back(dialect_.encode(operand.value, Storage::Text)); break;
            case JsonKind::Number: numbers.push_back(dialect_.encode(operand.value, Storage::Number)); break;
            case JsonKind::Boolean: booleans.push_back(dialect_.encode(operand.value, Storage::Boolean)); break;
            default: wholes.push_back(operand.value); break;
          }
        }
        absent_matches = has_null;
        leaf = [this, &type, has_null, strings, numbers, booleans, wholes](const JsonPlace& place) -> Result<std::string> {
          std::vector<std::string> parts;
          if (has_null) parts.push_back(dialect_.json_nullish(place, sql_));
          auto in_group = [&](JsonKind kind, const std::vector<SqlParam>& list, ParamType list_type) {
            if (list.empty()) return;
            parts.push_back(any_value(place, type, kind, [this, kind, &list, list_type](const JsonPlace& p, bool guarded) {
              return dialect_.in_list(dialect_.json_value(p, kind, guarded, sql_), list, list_type, sql_);
            }));
          };
          in_group(JsonKind::String, strings, ParamType::Text);
          in_group(JsonKind::Number, numbers, ParamType::Real);
          in_group(JsonKind::Boolean, booleans, ParamType::Boolean);
          for (const Value& whole : wholes) parts.push_back(dialect_.json_equals(place, whole, sql_));
          return joined(parts, " OR ", kFalse);
        };
        if (!has_null && strings.empty() && numbers.empty() && booleans.empty() && wholes.empty()) {
          return std::string(negate ? kTrue : kFalse);
        }
        break;
      }
      case Operator::Like:
      case Operator::Ilike:
      case Operator::Regexp: {
        const std::string pattern = pattern_of(condition);
        const bool insensitive = op == Operator::Ilike || condition.case_insensitive;
        leaf = [this, &type, op, pattern, insensitive](const JsonPlace& place) -> Result<std::string> {
          return any_value(place, type, JsonKind::String, [&](const JsonPlace& p, bool guarded) {
            std::string text = dialect_.json_value(p, JsonKind::String, guarded, sql_);
            if (op == Operator::Regexp) return dialect_.regexp(text, pattern, insensitive, sql_);
            return dialect_.like(text, LikePattern(pattern), insensitive, sql_);
          });
        };
        break;
      }
      case Operator::Exists:
        leaf = [this](const JsonPlace& place) -> Result<std::string> {
          return negation(dialect_.json_nullish(place, sql_));
        };
        break;
      default:
        return invalid_input(fmt::format("{}: operator \"{}\" cannot be lowered to SQL", condition.path.to_string(),
                                         filter::operator_name(op)));
    }
    auto test = reach(access.root, access, 0, leaf, absent_matches);
    if (!test) return std::move(test).error();
    if (!negate) return std::move(*test);
    return "NOT COALESCE(" + *test + ", FALSE)";
  }

  // The leaf test on every value the walk from `place` through steps[i..] reaches.
  Result<std::string> reach(const JsonPlace& place, const PathAccess& access, std::size_t i, const Leaf& leaf,
                            bool absent_matches) {
    if (i == access.steps.size()) return leaf(place);
    const JsonStep& step = access.steps[i];
    auto via_object = [&]() -> Result<std::string> {
      auto member = dialect_.json_member(place, step.key, sql_);
      if (!member) return std::move(member).error();
      return reach(*member, access, i + 1, leaf, absent_matches);
    };
    // Into each element that is an object (others are skipped, as in memory).
    auto via_array = [&]() -> Result<std::string> {
      JsonPlace each;
      std::string from = dialect_.json_elements(place, sql_.alias(), step.shape == StepShape::Array, each, sql_);
      auto member = dialect_.json_member(each, step.key, sql_);
      if (!member) return std::move(member).error();
      auto inner = reach(*member, access, i + 1, leaf, absent_matches);
      if (!inner) return std::move(inner).error();
      return fmt::format("EXISTS (SELECT 1 FROM {} WHERE {} AND {})", from,
                         dialect_.json_is(each, JsonKind::Object, sql_), *inner);
    };
    switch (step.shape) {
      case StepShape::Object:
        return via_object();
      case StepShape::Array: {
        auto elements = via_array();
        if (!elements || !absent_matches) return elements;
        // No array at all: the path reaches nothing, which a missing-value test accepts.
        return fmt::format("({} OR {})", dialect_.json_nullish(place, sql_), *elements);
      }
      case StepShape::Unknown: {
        auto object = via_object();
        if (!object) return object;
        auto elements = via_array();
        if (!elements) return elements;
        if (!absent_matches) return fmt::format("({} OR {})", *object, *elements);
        // A member of anything but an array (an object, a scalar, nothing) is read
        // directly; absent unless an object holds it.
        return fmt::format("((NOT {} AND {}) OR {})", dialect_.json_is(place, JsonKind::Array, sql_), *object,
                           *elements);
      }
    }
    return leaf(place);
  }

  const TableMapping& table_;
  const Dialect& dialect_;
  SqlBuilder& sql_;
  std::string alias_;
};

}  // namespace

Result<std::optional<std::string>> lower_condition(const BoundWhere& where, const TableMapping& table,
                                                   SqlBuilder& sql) {
  if (where.kind == WhereKind::And && where.children.empty()) return std::optional<std::string>();
  Lowering lowering(table, sql);
  auto text = lowering.node(where, false);
  if (!text) return std::move(text).error();
  return std::optional<std::string>(std::move(*text));
}

const BoundCondition* find_near(const BoundWhere& where) {
  if (where.kind == WhereKind::Condition) return where.condition.op == Operator::Near ? &where.condition : nullptr;
  for (const BoundWhere& child : where.children) {
    if (const BoundCondition* near = find_near(child)) return near;
  }
  return nullptr;
}

Result<std::string> near_distance(const BoundCondition& near, const TableMapping& table, SqlBuilder& sql) {
  Lowering lowering(table, sql);
  auto parts = lowering.point_parts(near);
  if (!parts) return std::move(parts).error();
  return table.dialect().distance(parts->lat, parts->lng, near.near, sql);
}

}  // namespace lb::sql
