// LoopBack's query-string forms ("filter[where][price][gt]=10&filter[order]=price%20DESC",
// "filter={...json...}") to a Value, then to a filter. Nesting and merging follow the
// `qs` module that LoopBack's REST layer uses: repeated keys collect into an array,
// "[]" appends, bracket indices below 20 make arrays (sparse ones close up), larger
// indices are object keys. Where qs silently truncates (too many parameters, too deep
// a key), lb refuses with a 400 instead.
#include <fmt/format.h>

#include <string>
#include <unordered_map>

#include "filter/parse/filter_parser.hpp"
#include "filter/parse/query_key.hpp"
#include "lb/filter/parse.hpp"
#include "lb/json.hpp"

namespace lb::filter {
namespace {

// qs's arrayLimit: a bracket index at or above it makes an object key, so that
// "a[999999]=x" cannot allocate a huge array.
constexpr std::size_t kArrayIndexLimit = 20;

// The tree qs builds before it closes up sparse arrays. An Array's children carry
// their index (ascending, possibly with gaps); an Object's their key.
struct Node {
  enum class Kind { String, Array, Object };
  Kind kind = Kind::String;
  std::string text;
  std::string key;
  std::size_t index = 0;
  std::vector<Node> children;
};

Node string_node(std::string text) {
  Node node;
  node.text = std::move(text);
  return node;
}

void append(Node& array, Node item) {
  item.index = array.children.empty() ? 0 : array.children.back().index + 1;
  array.children.push_back(std::move(item));
}

Node array_of(Node first) {
  Node array;
  array.kind = Node::Kind::Array;
  append(array, std::move(first));
  return array;
}

std::optional<std::size_t> array_index(std::string_view segment) {
  if (segment.empty() || segment.size() > 2 || (segment.size() > 1 && segment[0] == '0')) return std::nullopt;
  std::size_t index = 0;
  for (char c : segment) {
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + static_cast<std::size_t>(c - '0');
  }
  if (index >= kArrayIndexLimit) return std::nullopt;
  return index;
}

void array_to_object(Node& node) {
  node.kind = Node::Kind::Object;
  for (auto& child : node.children) child.key = std::to_string(child.index);
}

void merge(Node& target, Node source);

void merge_member(Node& object, Node member) {
  for (auto& child : object.children) {
    if (child.key == member.key) {
      merge(child, std::move(member));
      return;
    }
  }
  object.children.push_back(std::move(member));
}

// Turns `node` into an array whose first item is the old node, keeping the node's
// place (its key or index) in its parent.
void wrap_in_array(Node& node) {
  std::string key = std::move(node.key);
  std::size_t index = node.index;
  node = array_of(std::move(node));
  node.key = std::move(key);
  node.index = index;
}

// qs's merge, restricted to what query strings produce (strings, arrays, objects).
void merge(Node& target, Node source) {
  using Kind = Node::Kind;
  if (source.kind == Kind::String) {
    if (target.kind != Kind::Array) wrap_in_array(target);
    append(target, std::move(source));
    return;
  }
  if (target.kind == Kind::String) {
    wrap_in_array(target);
    if (source.kind == Kind::Array) {
      for (auto& child : source.children) append(target, std::move(child));
    } else {
      append(target, std::move(source));
    }
    return;
  }
  if (target.kind == Kind::Array && source.kind == Kind::Array) {
    for (auto& child : source.children) {
      auto it = target.children.begin();
      while (it != target.children.end() && it->index < child.index) ++it;
      if (it == target.children.end() || it->index != child.index) {
        target.children.insert(it, std::move(child));
      } else if (it->kind != Kind::String && child.kind != Kind::String) {
        merge(*it, std::move(child));
      } else {
        append(target, std::move(child));
      }
    }
    return;
  }
  if (target.kind == Kind::Array) array_to_object(target);
  if (source.kind == Kind::Array) array_to_object(source);
  for (auto& child : source.children) merge_member(target, std::move(child));
}

Value to_value(Node&& node) {
  switch (node.kind) {
    case Node::Kind::String: return Value(std::move(node.text));
    case Node::Kind::Array: {
      Array array;
      array.reserve(node.children.size());
      for (auto& child : node.children) array.push_back(to_value(std::move(child)));
      return array;
    }
    case Node::Kind::Object: break;
  }
  Object object;
  object.reserve(node.children.size());
  for (auto& child : node.children) {
    std::string key = std::move(child.key);
    object.push_back(std::move(key), to_value(std::move(child)));
  }
  return object;
}

// name=value. Like qs, a "]=" marks the split when present, so that a bracketed key
// may hold '=' ("a[b=c]=d"); no '=' means an empty value.
std::pair<std::string_view, std::string_view> split_pair(std::string_view part) {
  std::size_t pos = part.find("]=");
  pos = pos == std::string_view::npos ? part.find('=') : pos + 1;
  if (pos == std::string_view::npos) return {part, {}};
  return {part.substr(0, pos), part.substr(pos + 1)};
}

// The nested value one parameter stands for, e.g. {"filter": {"where": {"a": "1"}}}.
Result<Node> parameter_node(const std::string& decoded_key, std::vector<std::string>& values,
                            const Limits& limits) {
  QueryKey key = parse_query_key(decoded_key);
  if (key.root.empty() && !key.segments.empty()) {
    // "[a]=1" is {"a": "1"} for qs: the first segment becomes the root.
    key.root = std::move(key.segments.front());
    key.segments.erase(key.segments.begin());
  }
  if (key.root.empty()) {
    key.root = std::move(key.rest);
    key.rest.clear();
  }
  // Like qs, a leftover that opens a bracket ("a[b") is one more literal key, and
  // text after the last bracket ("a[b]c") is dropped.
  if (!key.rest.empty() && key.rest.front() == '[') key.segments.push_back(std::move(key.rest));
  if (key.segments.size() > limits.max_query_key_depth)
    return invalid_input(fmt::format("query parameter {}: more than {} levels of brackets",
                                     quoted(decoded_key.substr(0, 64)), limits.max_query_key_depth));

  Node leaf;
  if (values.size() == 1) {
    leaf = string_node(std::move(values.front()));
  } else {
    leaf.kind = Node::Kind::Array;
    for (auto& value : values) append(leaf, string_node(std::move(value)));
  }
  for (auto segment = key.segments.rbegin(); segment != key.segments.rend(); ++segment) {
    Node parent;
    if (segment->empty()) {
      if (leaf.kind != Node::Kind::Array) leaf = array_of(std::move(leaf));
      continue;
    }
    if (auto index = array_index(*segment)) {
      parent.kind = Node::Kind::Array;
      leaf.index = *index;
    } else {
      parent.kind = Node::Kind::Object;
      leaf.key = std::move(*segment);
    }
    parent.children.push_back(std::move(leaf));
    leaf = std::move(parent);
  }
  Node root;
  root.kind = Node::Kind::Object;
  leaf.key = std::move(key.root);
  root.children.push_back(std::move(leaf));
  return root;
}

// `filter={...}` and `where={...}` carry JSON text.
Status parse_json_parameter(Object& parameters, std::string_view name, const Limits& limits) {
  Value* value = parameters.find(name);
  if (!value || !value->is_string()) return {};
  const std::string& text = value->as_string();
  std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos || text[start] != '{') return {};
  JsonLimits json;
  json.max_bytes = limits.max_text_bytes;
  json.max_depth = 2 * limits.max_where_depth + 4 * limits.max_include_depth + 16;
  auto parsed = parse_json(text, json);
  if (!parsed) return parse_error(name, parsed.error().message());
  *value = std::move(*parsed);
  return {};
}

}  // namespace

Result<Value> parse_query_string(std::string_view query, const Limits& limits) {
  if (query.size() > limits.max_text_bytes)
    return invalid_input(fmt::format("query string of {} bytes exceeds the limit of {} bytes", query.size(),
                                     limits.max_text_bytes));
  if (!query.empty() && query.front() == '?') query.remove_prefix(1);

  // Repeated keys collect their values first, in the order written (as qs does).
  std::vector<std::pair<std::string, std::vector<std::string>>> parameters;
  std::unordered_map<std::string, std::size_t> position;
  std::size_t count = 0;
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (part.empty()) continue;
    if (++count > limits.max_query_parameters)
      return invalid_input(fmt::format("query string has more than {} parameters", limits.max_query_parameters));
    auto [raw_key, raw_value] = split_pair(part);
    std::string key = decode_query_component(raw_key);
    if (key.empty()) continue;
    std::string value = decode_query_component(raw_value);
    auto [it, inserted] = position.emplace(key, parameters.size());
    if (inserted) parameters.emplace_back(std::move(key), std::vector<std::string>{});
    parameters[it->second].second.push_back(std::move(value));
  }

  Node result;
  result.kind = Node::Kind::Object;
  for (auto& [key, values] : parameters) {
    auto node = parameter_node(key, values, limits);
    if (!node) return std::move(node).error();
    merge(result, std::move(*node));
  }
  Value value = to_value(std::move(result));
  for (std::string_view name : {"filter", "where"})
    if (auto status = parse_json_parameter(value.as_object(), name, limits); !status) return status.error();
  return value;
}

Result<Syntax> parse_filter_query(std::string_view query, const Limits& limits) {
  auto parameters = parse_query_string(query, limits);
  if (!parameters) return std::move(parameters).error();
  const Value* filter = parameters->find("filter");
  if (!filter) return Syntax{};
  // "filter=" is no filter, as LoopBack tests the value for truth.
  if (const std::string* text = filter->if_string()) {
    if (text->empty()) return Syntax{};
    return parse_error("filter", "expected JSON text or bracketed parameters such as filter[where][a]=1");
  }
  return parse_filter(*filter, limits);
}

Result<WhereNode> parse_where_query(std::string_view query, const Limits& limits) {
  auto parameters = parse_query_string(query, limits);
  if (!parameters) return std::move(parameters).error();
  const Value* where = parameters->find("where");
  if (!where) return WhereNode{};
  if (const std::string* text = where->if_string()) {
    if (text->empty()) return WhereNode{};
    return parse_error("where", "expected JSON text or bracketed parameters such as where[a]=1");
  }
  return parse_where(*where, limits);
}

}  // namespace lb::filter
