// The printed form of a filter::Bound, pinned by golden files: one clause or condition
// per line, two spaces of indent per level, every operand with its coerced value and
// the property type it was coerced to, so that a reader sees what bind decided.
#include <fmt/format.h>

#include <string>

#include "lb/date.hpp"
#include "lb/filter/bound.hpp"

namespace lb::filter {
namespace {

void append_value(std::string& out, const Value& value) {
  switch (value.kind()) {
    case Value::Kind::Date:
      out += format_iso8601(value.as_date());  // unquoted: a Date, not a string
      return;
    case Value::Kind::GeoPoint:
      out += fmt::format("{{lat: {}, lng: {}}}", Value(value.as_geo_point().lat).to_json(),
                         Value(value.as_geo_point().lng).to_json());
      return;
    case Value::Kind::Buffer:
      out += "<Buffer";
      for (std::uint8_t byte : value.as_buffer().bytes) out += fmt::format(" {:02x}", byte);
      out += '>';
      return;
    case Value::Kind::Array: {
      out += '[';
      bool first = true;
      for (const Value& item : value.as_array()) {
        if (!first) out += ", ";
        first = false;
        append_value(out, item);
      }
      out += ']';
      return;
    }
    case Value::Kind::Object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : value.as_object()) {
        if (!first) out += ", ";
        first = false;
        out += Value(key).to_json();
        out += ": ";
        append_value(out, member);
      }
      out += '}';
      return;
    }
    default:
      out += value.to_json();
      return;
  }
}

void indent(std::string& out, int depth) { out.append(static_cast<std::size_t>(depth) * 2, ' '); }

// "(Number)", "(String, through array)", "(Any, not defined)".
std::string path_note(const BoundPath& path) {
  std::string note = "(" + (path.type ? path.type->to_string() : PropertyType{}.to_string());
  if (path.through_array) note += ", through array";
  if (!path.property) note += ", not defined";
  return note + ")";
}

void append_condition(std::string& out, const BoundCondition& c) {
  out += operator_name(c.op);
  out += ' ';
  out += c.path.to_string();
  switch (c.op) {
    case Operator::Between:
    case Operator::Inq:
    case Operator::Nin:
      out += ' ';
      append_value(out, Value(Array(c.values.begin(), c.values.end())));
      break;
    case Operator::Near:
      out += ' ';
      append_value(out, Value(c.near.origin));
      if (c.near.max_distance) out += " maxDistance " + Value(*c.near.max_distance).to_json();
      if (c.near.min_distance) out += " minDistance " + Value(*c.near.min_distance).to_json();
      out += ' ';
      out += distance_unit_name(c.near.unit);
      break;
    default:
      for (const Value& value : c.values) {
        out += ' ';
        append_value(out, value);
      }
      break;
  }
  if (c.case_insensitive) out += " case-insensitive";
  out += ' ';
  out += path_note(c.path);
}

const char* kind_name(WhereNode::Kind kind) {
  switch (kind) {
    case WhereNode::Kind::And:
      return "and";
    case WhereNode::Kind::Or:
      return "or";
    case WhereNode::Kind::Nor:
      return "nor";
    case WhereNode::Kind::Condition:
      return "condition";
  }
  return "?";
}

void append_where(std::string& out, const BoundWhere& where, int depth) {
  indent(out, depth);
  if (where.kind == WhereNode::Kind::Condition && where.related) {
    out += fmt::format("related {} -> {}\n", where.related->relation->name, where.related->target->name);
    append_where(out, where.related->where, depth + 1);
    return;
  }
  if (where.kind == WhereNode::Kind::Condition) {
    append_condition(out, where.condition);
    out += '\n';
    return;
  }
  out += kind_name(where.kind);
  if (where.children.empty()) out += " (empty)";
  out += '\n';
  for (const BoundWhere& child : where.children) append_where(out, child, depth + 1);
}

// The clauses of a filter, without the model line (an include prints its target on
// its own line instead).
void append_clauses(std::string& out, const Bound& bound, int depth) {
  if (bound.where) {
    indent(out, depth);
    out += "where\n";
    append_where(out, *bound.where, depth + 1);
  }
  if (!bound.order.empty()) {
    indent(out, depth);
    out += "order\n";
    for (const BoundOrder& key : bound.order) {
      indent(out, depth + 1);
      out += fmt::format("{} {} {}\n", key.path.to_string(), key.descending ? "DESC" : "ASC",
                         path_note(key.path));
    }
  }
  if (bound.fields) {
    indent(out, depth);
    out += "fields";
    if (bound.fields->empty()) out += " (none)";
    bool first = true;
    for (const std::string& name : *bound.fields) {
      out += first ? " " : ", ";
      first = false;
      out += name;
    }
    out += '\n';
  }
  if (bound.limit) {
    indent(out, depth);
    out += fmt::format("limit {}\n", *bound.limit);
  }
  if (bound.skip != 0) {
    indent(out, depth);
    out += fmt::format("skip {}\n", bound.skip);
  }
  if (bound.limit_per_key) {
    indent(out, depth);
    out += fmt::format("limit and skip per {}\n", *bound.limit_per_key);
  }
  if (!bound.include.empty()) {
    indent(out, depth);
    out += "include\n";
    for (const BoundInclude& include : bound.include) {
      indent(out, depth + 1);
      out += fmt::format("{}: {} -> {}\n", include.relation->name,
                         relation_type_name(include.relation->type),
                         include.target ? include.target->name : "(polymorphic)");
      if (include.scope) append_clauses(out, *include.scope, depth + 2);
      if (include.unbound_scope && !include.scope) {  // polymorphic: only the written form
        indent(out, depth + 2);
        out += "unbound scope\n";
        const std::string text = include.unbound_scope->to_string();
        std::size_t start = 0;
        while (start < text.size()) {
          std::size_t end = text.find('\n', start);
          if (end == std::string::npos) end = text.size();
          indent(out, depth + 3);
          out.append(text, start, end - start);
          out += '\n';
          start = end + 1;
        }
      }
    }
  }
}

}  // namespace

const char* distance_unit_name(DistanceUnit unit) {
  switch (unit) {
    case DistanceUnit::Miles:
      return "miles";
    case DistanceUnit::Kilometers:
      return "kilometers";
    case DistanceUnit::Meters:
      return "meters";
    case DistanceUnit::Feet:
      return "feet";
    case DistanceUnit::Radians:
      return "radians";
    case DistanceUnit::Degrees:
      return "degrees";
  }
  return "miles";
}

std::string to_string(const BoundWhere& where) {
  std::string out;
  append_where(out, where, 0);
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string Bound::to_string() const {
  std::string out = fmt::format("model {}\n", model ? model->name : "(none)");
  append_clauses(out, *this, 0);
  out.pop_back();  // the last newline
  return out;
}

}  // namespace lb::filter
