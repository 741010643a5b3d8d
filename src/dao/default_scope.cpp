// Scope merging on parsed trees, so a scope written in JSON and a caller's filter in
// any input form combine the same way before binding.
#include "dao/default_scope.hpp"

#include <string>
#include <utility>

#include "lb/filter/parse.hpp"

namespace lb::dao {
namespace {

bool matches_everything(const filter::WhereNode& node) {
  return node.kind == filter::WhereNode::Kind::And && node.children.empty();
}

}  // namespace

Result<filter::Syntax> parse_scope(const Value& scope, const char* label) {
  if (scope.is_null()) return filter::Syntax{};
  auto parsed = filter::parse_filter(scope);
  if (!parsed) {
    return Error(ErrorCode::InvalidDefinition,
                 std::string(label) + ": " + parsed.error().message());
  }
  return std::move(parsed).value();
}

std::optional<filter::WhereNode> and_where(std::optional<filter::WhereNode> a,
                                           std::optional<filter::WhereNode> b) {
  if (a && matches_everything(*a)) a.reset();
  if (b && matches_everything(*b)) b.reset();
  if (!a) return b;
  if (!b) return a;
  filter::WhereNode both;
  both.kind = filter::WhereNode::Kind::And;
  both.children.push_back(std::move(*a));
  both.children.push_back(std::move(*b));
  return both;
}

filter::Syntax merge_scope(const filter::Syntax& scope, filter::Syntax filter) {
  filter.where = and_where(scope.where, std::move(filter.where));
  if (filter.order.empty()) filter.order = scope.order;
  if (!filter.fields) filter.fields = scope.fields;
  if (!filter.limit) filter.limit = scope.limit;
  if (!filter.skip && !filter.offset) {
    filter.skip = scope.skip;
    filter.offset = scope.offset;
  }
  if (!scope.include.empty()) {
    std::vector<filter::IncludeSpec> include = scope.include;
    for (auto& spec : filter.include) include.push_back(std::move(spec));
    filter.include = std::move(include);
  }
  return filter;
}

}  // namespace lb::dao
