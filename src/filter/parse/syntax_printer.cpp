// The printed form of filter::Syntax: an indented text tree, two spaces a level, one
// line per node, operands as compact JSON. Golden files pin it, so keep it stable:
//
//   where
//     and
//       gt price 10
//       like name "p%" options="i"
//   order
//     price desc
//   limit 5
#include <fmt/format.h>

#include "lb/filter/syntax.hpp"
#include "lb/json.hpp"

namespace lb::filter {
namespace {

void indent(std::string& out, int level) { out.append(static_cast<std::size_t>(level) * 2, ' '); }

void print_where(const WhereNode& node, int level, std::string& out) {
  indent(out, level);
  switch (node.kind) {
    case WhereNode::Kind::And: out += "and"; break;
    case WhereNode::Kind::Or: out += "or"; break;
    case WhereNode::Kind::Nor: out += "nor"; break;
    case WhereNode::Kind::Condition: {
      const Condition& c = node.condition;
      out += fmt::format("{} {} {}", operator_name(c.op), path_to_string(c.path), to_json(c.operand));
      for (const auto& [name, value] : c.modifiers) out += fmt::format(" {}={}", name, to_json(value));
      out += '\n';
      return;
    }
  }
  if (node.children.empty()) out += " (empty)";
  out += '\n';
  for (const auto& child : node.children) print_where(child, level + 1, out);
}

void print_syntax(const Syntax& syntax, int level, std::string& out) {
  if (syntax.where) {
    indent(out, level);
    out += "where\n";
    print_where(*syntax.where, level + 1, out);
  }
  if (!syntax.order.empty()) {
    indent(out, level);
    out += "order\n";
    for (const auto& key : syntax.order) {
      indent(out, level + 1);
      out += fmt::format("{} {}\n", path_to_string(key.path), key.descending ? "desc" : "asc");
    }
  }
  if (syntax.fields) {
    indent(out, level);
    out += syntax.fields->entries.empty() ? "fields (all)\n" : "fields\n";
    for (const auto& [name, included] : syntax.fields->entries) {
      indent(out, level + 1);
      out += fmt::format("{}{}\n", included ? "+" : "-", name);
    }
  }
  auto print_count = [&](const char* name, const std::optional<Value>& value) {
    if (!value) return;
    indent(out, level);
    out += fmt::format("{} {}\n", name, to_json(*value));
  };
  print_count("limit", syntax.limit);
  print_count("skip", syntax.skip);
  print_count("offset", syntax.offset);
  if (!syntax.include.empty()) {
    indent(out, level);
    out += "include\n";
    for (const auto& spec : syntax.include) {
      indent(out, level + 1);
      out += spec.relation;
      out += '\n';
      if (spec.scope) print_syntax(*spec.scope, level + 2, out);
    }
  }
}

}  // namespace

std::string to_string(const WhereNode& where) {
  std::string out;
  print_where(where, 0, out);
  if (!out.empty()) out.pop_back();
  return out;
}

std::string Syntax::to_string() const {
  std::string out;
  print_syntax(*this, 0, out);
  if (out.empty()) return "(empty filter)";
  out.pop_back();
  return out;
}

}  // namespace lb::filter
