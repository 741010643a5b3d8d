// Loads the bind tests' model set and runs golden cases through parse and bind.
#include "bind_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <utility>
#include <vector>

#include "lb/filter/parse.hpp"
#include "support/golden.hpp"

namespace lb::testing {
namespace {

// Small enough that a one-line case can cross each one.
filter::Limits tight_limits() {
  filter::Limits limits;
  limits.max_where_depth = 2;
  limits.max_include_depth = 2;
  limits.max_inq_size = 3;
  limits.max_string_bytes = 8;
  limits.max_conditions = 4;
  return limits;
}

Registry load_registry() {
  Registry registry;
  const std::filesystem::path dir = test_data_path("golden/filter/bind/models");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());  // directory order is not stable
  for (const auto& file : files) {
    auto defined = registry.define_file(file);
    if (!defined) {
      std::cerr << "cannot load " << file << ": " << defined.error().message() << "\n";
      std::abort();
    }
  }
  return registry;
}

}  // namespace

const Registry& bind_test_registry() {
  static const Registry registry = load_registry();
  return registry;
}

namespace {

std::string run_case(const std::string& input, bool moved) {
  std::istringstream words(input);
  std::string model_name;
  words >> model_name;
  filter::BindOptions options;
  bool where_only = false;
  std::string word;
  std::streampos json_start = words.tellg();
  while (words >> word && word.starts_with("+")) {
    if (word == "+where")
      where_only = true;
    else if (word == "+allow-hidden")
      options.prohibit_hidden_properties = false;
    else if (word == "+protected")
      options.prohibit_protected_properties = true;
    else if (word == "+tight")
      options.limits = tight_limits();
    else
      return "unknown test option " + word;
    json_start = words.tellg();
  }
  const std::string json = input.substr(static_cast<std::size_t>(json_start));

  const Registry& registry = bind_test_registry();
  const ModelDefinition* model = registry.find(model_name);
  if (!model) return "unknown test model " + model_name;
  if (where_only) {
    auto where = filter::parse_where(json);
    if (!where) return "parse error: " + where.error().to_json();
    auto bound = moved ? filter::bind_where(std::move(*where), *model, registry, options)
                       : filter::bind_where(*where, *model, registry, options);
    return bound ? filter::to_string(*bound) : bound.error().to_json();
  }
  auto syntax = filter::parse_filter(json);
  if (!syntax) return "parse error: " + syntax.error().to_json();
  auto bound = moved ? filter::bind(std::move(*syntax), *model, registry, options)
                     : filter::bind(*syntax, *model, registry, options);
  return bound ? bound->to_string() : bound.error().to_json();
}

}  // namespace

std::string run_bind_case(const std::string& input) { return run_case(input, false); }

std::string run_bind_case_moved(const std::string& input) { return run_case(input, true); }

const ModelDefinition& model(std::string_view name) {
  const ModelDefinition* found = bind_test_registry().find(name);
  EXPECT_NE(found, nullptr) << name;
  return *found;
}

filter::WhereNode condition(filter::PropertyPath path, filter::Operator op, Value operand, Object modifiers) {
  filter::WhereNode node;
  node.kind = filter::WhereNode::Kind::Condition;
  node.condition = filter::Condition{std::move(path), op, std::move(operand), std::move(modifiers)};
  return node;
}

}  // namespace lb::testing
