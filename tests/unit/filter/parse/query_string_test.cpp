// The query-string parser against the implementation it replaced: a tree of owning
// nodes built per parameter and merged with qs's rules (kept here, verbatim in its
// logic, as the reference), on generated query strings; and the hand-written fast
// paths for keys and percent-decoding against their X3 grammars.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "filter/parse/filter_parser.hpp"
#include "filter/parse/query_key.hpp"
#include "lb/filter/parse.hpp"
#include "lb/json.hpp"

namespace lb::filter {
namespace reference {

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
                                     filter::quoted(decoded_key.substr(0, 64)), limits.max_query_key_depth));

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


Result<Value> parse_query_string(std::string_view query, const Limits& limits) {
  if (query.size() > limits.max_text_bytes)
    return invalid_input(fmt::format("query string of {} bytes exceeds the limit of {} bytes", query.size(),
                                     limits.max_text_bytes));
  if (!query.empty() && query.front() == '?') query.remove_prefix(1);
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
  auto parameters = reference::parse_query_string(query, limits);
  if (!parameters) return std::move(parameters).error();
  const Value* filter = parameters->find("filter");
  if (!filter) return Syntax{};
  if (const std::string* text = filter->if_string()) {
    if (text->empty()) return Syntax{};
    return parse_error("filter", "expected JSON text or bracketed parameters such as filter[where][a]=1");
  }
  return parse_filter(*filter, limits);
}

Result<WhereNode> parse_where_query(std::string_view query, const Limits& limits) {
  auto parameters = reference::parse_query_string(query, limits);
  if (!parameters) return std::move(parameters).error();
  const Value* where = parameters->find("where");
  if (!where) return WhereNode{};
  if (const std::string* text = where->if_string()) {
    if (text->empty()) return WhereNode{};
    return parse_error("where", "expected JSON text or bracketed parameters such as where[a]=1");
  }
  return parse_where(*where, limits);
}

}  // namespace reference

namespace {

std::string describe(const Result<Value>& r) { return r ? "value " + r->to_json() : "error " + r.error().to_json(); }
std::string describe(const Result<Syntax>& r) { return r ? r->to_string() : "error " + r.error().to_json(); }
std::string describe(const Result<WhereNode>& r) { return r ? to_string(*r) : "error " + r.error().to_json(); }

void expect_same(const std::string& query, const Limits& limits = {}) {
  EXPECT_EQ(describe(parse_query_string(query, limits)), describe(reference::parse_query_string(query, limits)))
      << "query: " << query;
  EXPECT_EQ(describe(parse_filter_query(query, limits)), describe(reference::parse_filter_query(query, limits)))
      << "query: " << query;
  EXPECT_EQ(describe(parse_where_query(query, limits)), describe(reference::parse_where_query(query, limits)))
      << "query: " << query;
}

template <std::size_t N>
std::string pick(std::mt19937& rng, const char* const (&pieces)[N]) {
  return pieces[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng)];
}

// Query strings made of the pieces that exercise qs's rules: shared and conflicting
// keys, indices below and above 20, "[]", odd brackets, escapes, '=' inside keys.
std::string random_query(std::mt19937& rng) {
  static const char* const kRoots[] = {"a", "b", "filter", "where", "", "a", "filter", "%61", "a+b", "[a]", "["};
  static const char* const kSegments[] = {"[a]", "[b]", "[0]", "[1]", "[2]", "[19]", "[20]", "[01]", "[]", "[]",
                                          "[x=y]", "[", "]", "x", "%5B", "%5D", "[%5D]", "[+]", "[where]",
                                          "[and]", "[gt]", "[0]", "[1]", "[c]"};
  static const char* const kValues[] = {"1", "x", "", "+", "%41", "%zz", "%C3%28", "%E2%82%AC", "a%2",
                                        "{\"a\":1}", "{bad", "price%20DESC", "=", "]=", "x]=y"};
  std::uniform_int_distribution<int> count(0, 8), depth(0, 4), coin(0, 9);
  std::string query = coin(rng) == 0 ? "?" : "";
  const int parameters = count(rng);
  std::vector<std::string> keys;
  for (int p = 0; p < parameters; ++p) {
    if (p > 0) query += coin(rng) == 0 ? "&&" : "&";
    std::string key;
    if (!keys.empty() && coin(rng) < 4) {
      // Reuse (or extend) an earlier key: repeated keys and shared prefixes.
      key = keys[std::uniform_int_distribution<std::size_t>(0, keys.size() - 1)(rng)];
      if (coin(rng) < 5) key += pick(rng, kSegments);
    } else {
      key = pick(rng, kRoots);
      for (int d = depth(rng); d > 0; --d) key += pick(rng, kSegments);
    }
    keys.push_back(key);
    query += key;
    if (coin(rng) != 0) query += "=" + pick(rng, kValues);
  }
  return query;
}

TEST(QueryStringReference, GeneratedQueriesAgree) {
  std::mt19937 rng(20240601);
  for (int i = 0; i < 20000; ++i) expect_same(random_query(rng));
}

TEST(QueryStringReference, GeneratedQueriesAgreeUnderTightLimits) {
  std::mt19937 rng(7);
  Limits limits;
  limits.max_query_key_depth = 2;
  limits.max_query_parameters = 4;
  for (int i = 0; i < 5000; ++i) expect_same(random_query(rng), limits);
}

TEST(QueryStringReference, HandPickedCases) {
  for (const char* query : {
           "a=1&a=2&a=3", "a[]=1&a[]=2&a[0]=3", "a[0]=x&a[0]=y", "a[0]=x&b=1&a[0]=y", "a=1&a[b]=2", "a[b]=2&a=1",
           "a[1]=x&a[0]=y&a[]=z", "a[1]=x&a[b]=y&a[3]=z", "a[b]=y&a[1]=x", "a[20]=x&a[0]=y", "a[0][b]=1&a[0][c]=2",
           "a[0]=1&a[0][b]=2", "a[0][b]=2&a[0]=1", "a[][]=1", "a[][0]=1&a[0][]=2", "a[]=1&a=2&a[]=3",
           "a=1&a=2&a[x]=3", "a[x]=3&a=1&a=2", "a[0]=1&a[0]=2&a[1]=3", "a=x&a[0]=y&a[0]=z", "[a]=1&[]=2&[]x=3",
           "a[b=c]=d", "a[b]=c=d", "a=b]=c", "a[b]c=1", "a[b=1", "a%5Bb%5D=1", "a+b=c+d", "a%2=1", "%=x",
           "filter[where][a]=1&filter[where][a][gt]=2", "filter[order][3]=a&filter[order][]=b",
           "filter[include][]=a&filter[include][x]=b", "filter={\"limit\":1}&filter[skip]=2",
           "filter[skip]=2&filter={\"limit\":1}", "where={\"a\":1}&where={\"b\":2}", "filter=x&where={bad",
           "filter[where][and][0][a]=1&filter[where][and][0][b]=2&filter[where][and][1][c]=3", "", "&", "&&=&",
           "?", "=", "==", "a", "a=", "a&a", "a[]&a[]"}) {
    expect_same(query);
  }
}

// Consecutive keys sharing their first segments, where the parser resumes its walk
// at the node the previous key reached: across a leaf string, an array turned object,
// a node wrapped in an array, "[]", and indices of both kinds.
TEST(QueryStringReference, SharedPrefixesAgree) {
  for (const char* query : {
           "a[b][c]=1&a[b][d]=2&a[b][c][e]=3", "a[0][0]=1&a[0][1]=2&a[0][0][x]=3", "a[0][b]=1&a[0][1]=2",
           "a[0][0]=1&a[0][x]=2&a[0][1]=3", "a[b][0]=1&a[b][0][c]=2&a[b][0][d]=3", "a[][b]=1&a[][c]=2",
           "a[0]=1&a[0][b]=2&a[0][c]=3", "a[b][c][d]=1&a[b]=2&a[b][c][e]=3", "a[b][c]=1&a[b][c]=2&a[b][c][d]=3",
           "a[20][b]=1&a[20][c]=2&a[0][b]=3", "a[b][1]=1&a[b][0]=2&a[b][0][c]=3", "a[b]=1&a[b]=2&a[b][c]=3",
           "a[x][0][y]=1&a[x][0][z]=2&a[x][1][y]=3&a[x][b]=4&a[x][1][w]=5",
           "filter[where][and][0][price][between][0]=10&filter[where][and][0][price][between][1]=250&"
           "filter[where][and][1][or][0][category][inq][0]=books&filter[where][and][1][or][1][name][like]=x"}) {
    expect_same(query);
  }
  // Each key the previous one cut short at a random segment and extended again.
  static const char* const kSegments[] = {"[a]", "[b]", "[0]", "[1]", "[20]", "[]", "[c]", "[0]"};
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> count(1, 8), extra(0, 3), coin(0, 9);
  for (int i = 0; i < 5000; ++i) {
    std::vector<std::string> segments;
    std::string query;
    for (int p = count(rng); p > 0; --p) {
      segments.resize(std::uniform_int_distribution<std::size_t>(0, segments.size())(rng));
      for (int e = extra(rng); e > 0; --e) segments.push_back(pick(rng, kSegments));
      std::string key = "a";
      for (const std::string& segment : segments) key += segment;
      if (!query.empty()) query += '&';
      query += key + "=" + (coin(rng) == 0 ? "" : std::to_string(p));
      if (coin(rng) == 0) query += "&" + key + "=r";  // a repeated key: an array leaf
    }
    expect_same(query);
  }
}

// Queries of the common shape, which the parser builds in one pass without grouping
// keys: plain bracketed keys, each written once, sharing prefixes in any order;
// now and then a repeated key or one that changes a node's kind, which sends the
// parser back to the grouping build from any point of the query.
TEST(QueryStringReference, PlainDistinctKeysAgree) {
  static const char* const kRoots[] = {"filter", "where", "a"};
  // Keys and indices alternate by level (mostly: a stray one changes a kind).
  static const char* const kNames[] = {"[where]", "[and]", "[a]", "[b]", "[20]", "[05]"};
  static const char* const kIndices[] = {"[0]", "[1]", "[2]", "[19]"};
  static const char* const kValues[] = {"1", "x", "", "%41", "%zz", "a+b", "{\"a\":1}"};
  std::mt19937 rng(4242);
  std::uniform_int_distribution<int> count(1, 12), depth(0, 5), coin(0, 19);
  for (int i = 0; i < 20000; ++i) {
    std::vector<std::string> keys;
    for (int p = count(rng); p > 0; --p) {
      std::string key;
      if (!keys.empty() && coin(rng) < 10) {
        // Shares a prefix with an earlier key.
        key = keys[std::uniform_int_distribution<std::size_t>(0, keys.size() - 1)(rng)];
        key.resize(std::min(key.size(), key.rfind('[') == std::string::npos ? key.size() : key.rfind('[')));
      } else {
        key = pick(rng, kRoots);
      }
      for (int d = depth(rng) + 1; d > 0; --d) {
        const bool index = (std::count(key.begin(), key.end(), '[') % 2 == 1) != (coin(rng) == 0);
        key += index ? pick(rng, kIndices) : pick(rng, kNames);
      }
      const bool repeat = coin(rng) == 0;
      if (!repeat && std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
      keys.push_back(key);
    }
    std::shuffle(keys.begin(), keys.end(), rng);
    std::string query;
    for (const std::string& key : keys) {
      if (!query.empty()) query += '&';
      query += key + "=" + pick(rng, kValues);
    }
    expect_same(query);
  }
}

// The same keys in sorted order, which writes every container's keys together (the
// depth-first order that parse_filter_query streams straight onto the tape without a
// tree), with escapes in keys and values, unrelated parameters between them, and now
// and then a repeated key, a kind change or a descending index that makes the parser
// fall back to the tree from any point of the query.
TEST(QueryStringReference, DepthFirstKeysAgree) {
  static const char* const kRoots[] = {"filter", "filter", "filter", "where", "where", "a"};
  static const char* const kNames[] = {"[where]", "[and]", "[a]", "[b]", "[20]", "[05]", "[or]", "[%61]"};
  static const char* const kIndices[] = {"[0]", "[1]", "[2]", "[3]", "[9]", "[19]"};
  static const char* const kValues[] = {"1", "x", "", "%41", "%zz", "a+b", "price%20DESC", "{\"a\":1}"};
  static const char* const kOthers[] = {"access_token=t", "x=1", "filter", "where=", "a]=1", "b[c]=2", "=3", "&"};
  std::mt19937 rng(777);
  std::uniform_int_distribution<int> count(1, 14), depth(0, 5), coin(0, 19);
  for (int i = 0; i < 20000; ++i) {
    const std::string root = pick(rng, kRoots);
    std::vector<std::string> keys;
    for (int p = count(rng); p > 0; --p) {
      std::string key;
      if (!keys.empty() && coin(rng) < 12) {
        key = keys[std::uniform_int_distribution<std::size_t>(0, keys.size() - 1)(rng)];
        key.resize(key.rfind('[') == std::string::npos ? key.size() : key.rfind('['));
      } else {
        key = root;
      }
      for (int d = depth(rng) + 1; d > 0; --d) {
        const bool index = (std::count(key.begin(), key.end(), '[') % 2 == 1) != (coin(rng) == 0);
        key += index ? pick(rng, kIndices) : pick(rng, kNames);
      }
      if (coin(rng) != 0 && std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
      keys.push_back(key);
    }
    std::sort(keys.begin(), keys.end());
    std::string query;
    for (const std::string& key : keys) {
      if (!query.empty()) query += '&';
      if (coin(rng) == 0) query += pick(rng, kOthers) + std::string("&");
      query += key + "=" + pick(rng, kValues);
    }
    expect_same(query);
  }
  // The benchmark's query, and cut-down forms of it.
  const std::string benchmark =
      "filter[where][and][0][price][between][0]=10&filter[where][and][0][price][between][1]=250&"
      "filter[where][and][1][or][0][category][inq][0]=books&filter[where][and][1][or][0][category][inq][1]=games&"
      "filter[where][and][1][or][1][name][like]=pro%25&filter[where][and][2][added][gte]=2024-01-01T00:00:00.000Z&"
      "filter[order][0]=price%20DESC&filter[order][1]=name%20ASC&filter[fields][0]=id&filter[fields][1]=name&"
      "filter[fields][2]=price&filter[limit]=20&filter[skip]=40&filter[include][relation]=reviews&"
      "filter[include][scope][where][stars][gte]=4&filter[include][scope][limit]=3";
  for (std::size_t cut = 0; cut <= benchmark.size(); cut += 7) expect_same(benchmark.substr(0, cut));
  expect_same("?" + benchmark);
  expect_same("access_token=x&" + benchmark + "&x=1");
  expect_same(benchmark + "&filter[limit]=5");      // a repeated key after the stream
  expect_same(benchmark + "&filter[where][a]=1");   // a return to a closed container
  expect_same(benchmark + "&where={\"a\":1}");     // JSON the tree reads
  Limits tight;
  tight.max_query_key_depth = 6;
  expect_same(benchmark, tight);  // eight levels: the tree's error
}

// Depth-first keys as clients encode them: brackets percent-encoded (as qs.stringify
// does by default) in some keys and not in others, escapes and '+' inside names, and
// names that decode to bytes the raw text splits on ('&', '=', '%', '+'). The stream
// reads such keys decoded, and the keys after them against their decoded text. The
// keys make where clauses (of a filter or alone), which take any property name, so
// that a wrong tree shows as a different Syntax rather than as the same early error.
TEST(QueryStringReference, EncodedKeysAgree) {
  static const char* const kRoots[] = {"where", "filter[where]"};
  static const char* const kNames[] = {"[a]", "[b]", "[%61]", "[a+b]", "[a%20b]", "[a%26b]", "[a&b]", "[a%3Db]",
                                       "[a=b]", "[a%25b]", "[a%2Bb]", "[a%2541]", "[a%41]", "[long_property_name]"};
  static const char* const kOperators[] = {"", "", "[gt]", "[lt]", "[neq]", "[inq][0]", "[inq][1]", "[between][0]",
                                           "[between][1]"};
  static const char* const kValues[] = {"1", "", "%41", "a+b", "price%20DESC", "x%26y", "%E2%82%AC"};
  std::mt19937 rng(31337);
  std::uniform_int_distribution<int> count(1, 10), coin(0, 9);
  const auto encode_brackets = [&](const std::string& key) {
    std::string out;
    for (char c : key) {
      if (c == '[') {
        out += coin(rng) < 5 ? "%5B" : "%5b";
      } else if (c == ']') {
        out += coin(rng) < 5 ? "%5D" : "%5d";
      } else {
        out += c;
      }
    }
    return out;
  };
  for (int i = 0; i < 20000; ++i) {
    const std::string root = pick(rng, kRoots);
    std::vector<std::string> keys;
    for (int p = count(rng); p > 0; --p) {
      std::string key = root;
      if (coin(rng) < 3) key += std::string("[and][") + std::to_string(coin(rng) % 3) + "]";
      key += pick(rng, kNames);
      key += pick(rng, kOperators);
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
    std::sort(keys.begin(), keys.end());
    std::string query;
    for (const std::string& key : keys) {
      if (!query.empty()) query += '&';
      query += (coin(rng) < 3 ? encode_brackets(key) : key) + "=" + pick(rng, kValues);
    }
    expect_same(query);
  }
  expect_same("filter%5Bwhere%5D%5Ba%5D=1&filter[where][b]=2&filter%5Bwhere%5D%5Bc%5D=3&filter[limit]=4");
  // A decoded key holding a byte that the next key's raw text splits or decodes on: the
  // bytes the two share are no common prefix of their decodings.
  for (const char* root : {"where", "filter[where]"}) {
    for (const char* pair : {"[a%26b][gt]=1&$[a&b][lt]=2", "[a%3Db][gt]=1&$[a=b][lt]", "[a%2Bb][gt]=1&$[a+b][lt]=2",
                             "[a%2541][gt]=1&$[a%41][lt]=2", "[a%2Bb][gt]=1&$[a%2Bb][lt]=2"}) {
      std::string query = root + std::string(pair);
      query.replace(query.find('$'), 1, root);
      expect_same(query);
    }
  }
}

// Many parameters and deep keys: past the parser's scratch arena and hash table sizes.
TEST(QueryStringReference, LargeQueriesAgree) {
  std::string query;
  for (int i = 0; i < 1000; ++i) fmt::format_to(std::back_inserter(query), "{}p{}[x][{}]={}", i ? "&" : "", i % 37, i % 23, i);
  expect_same(query);
  std::string deep = "a";
  for (int i = 0; i < 80; ++i) deep += i % 2 ? "[0]" : "[k]";
  expect_same(deep + "=1&" + deep + "=2&" + deep + "[x]=3");
  expect_same(deep + "[x]=1");  // 81 levels: one past the limit
}

// The hand-written key split against the grammar, over every short key of brackets,
// '=', a letter and a digit.
TEST(QueryKeySplit, AgreesWithGrammar) {
  const std::string alphabet = "[]a0=";
  QueryKeyView view;
  std::vector<std::string> keys = {""};
  for (int length = 1; length <= 7; ++length) {
    std::vector<std::string> longer;
    for (const auto& key : keys)
      if (key.size() == static_cast<std::size_t>(length - 1))
        for (char c : alphabet) longer.push_back(key + c);
    keys.insert(keys.end(), longer.begin(), longer.end());
  }
  for (const auto& key : keys) {
    QueryKey expected = parse_query_key(key);
    split_query_key(key, view);
    ASSERT_EQ(view.root, expected.root) << key;
    ASSERT_EQ(std::vector<std::string>(view.segments.begin(), view.segments.end()), expected.segments) << key;
    ASSERT_EQ(view.rest, expected.rest) << key;
    // Views into the key itself.
    if (!view.root.empty()) {
      EXPECT_EQ(view.root.data(), key.data()) << key;
    }
  }
}

TEST(QueryKeySplit, OddKeysTakeTheGrammarPath) {
  QueryKeyView view;
  split_query_key("a[b]c[d]", view);
  EXPECT_EQ(view.root, "a");
  ASSERT_EQ(view.segments.size(), 1u);
  EXPECT_EQ(view.segments[0], "b");
  EXPECT_EQ(view.rest, "c[d]");
  split_query_key("[a][]", view);  // segments are cleared between calls
  EXPECT_EQ(view.root, "");
  ASSERT_EQ(view.segments.size(), 2u);
  EXPECT_EQ(view.segments[0], "a");
  EXPECT_EQ(view.segments[1], "");
  EXPECT_EQ(view.rest, "");
}

// The hand-written decoder against the grammar, over every short text of escapes,
// hex digits, '+', and bytes that make invalid UTF-8.
TEST(QueryDecodeFastPath, AgreesWithGrammar) {
  const std::string alphabet = "%+aC3E2F8g\x80";
  std::vector<std::string> texts = {""};
  for (int length = 1; length <= 5; ++length) {
    std::vector<std::string> longer;
    for (const auto& text : texts)
      if (text.size() == static_cast<std::size_t>(length - 1))
        for (char c : alphabet) longer.push_back(text + c);
    texts.insert(texts.end(), longer.begin(), longer.end());
  }
  for (const char* text : {"%E2%82%AC", "%ED%A0%80", "%F4%90%80%80", "%C3%A6r%C3%B8", "%7B%22a%22%3A1%7D"})
    texts.emplace_back(text);
  for (const auto& text : texts) {
    const std::string expected = decode_query_component(text);
    std::string plain = "prefix";
    append_decoded_query_component(text, plain);
    ASSERT_EQ(plain, "prefix" + expected) << text;
    std::pmr::string pmr = "p";
    append_decoded_query_component(text, pmr);
    ASSERT_EQ(std::string_view(pmr), "p" + expected) << text;
  }
}

}  // namespace
}  // namespace lb::filter
