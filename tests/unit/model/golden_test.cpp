// Runs the model definition golden files: each case is one definition (a JSON object)
// or a batch (a JSON array, defined with define_all); the output is the last model of
// the input printed by to_string() (or to_value() in to_value.txt), or the error.
#include <gtest/gtest.h>

#include <cctype>

#include "lb/json.hpp"
#include "lb/registry.hpp"
#include "support/golden.hpp"

namespace lb {
namespace {

// "models/<name in lower case>.json", so error messages read as they would at boot.
std::string source_for(const Value& definition) {
  const Value* name = definition.find("name");
  std::string file = name && name->is_string() ? name->as_string() : "unnamed";
  for (char& c : file) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return "models/" + file + ".json";
}

std::string describe(const Error& error) {
  return "error " + std::to_string(error.status()) + " " + error_code_name(error.code()) + ": " +
         error.message();
}

std::string run_case(const std::string& input, bool as_json) {
  auto parsed = parse_json(input);
  if (!parsed) return "bad case input: " + parsed.error().message();
  std::vector<std::pair<Value, std::string>> batch;
  if (const Array* many = parsed->if_array()) {
    for (const Value& definition : *many) batch.emplace_back(definition, source_for(definition));
  } else {
    batch.emplace_back(*parsed, source_for(*parsed));
  }
  Registry registry;
  auto defined = registry.define_all(batch);
  if (!defined) return describe(defined.error());
  const Value* last_name = batch.back().first.find("name");
  const ModelDefinition* last = registry.find(last_name->as_string());
  if (!last) return "the last definition was not defined";
  return as_json ? to_pretty_json(last->to_value()) : last->to_string();
}

class ModelGolden : public ::testing::TestWithParam<const char*> {};

TEST_P(ModelGolden, Matches) {
  const std::string file = GetParam();
  const bool as_json = file == "to_value.txt";
  int cases = testing::run_golden_file("golden/model/" + file, [as_json](const std::string& input) {
    return run_case(input, as_json);
  });
  EXPECT_GT(cases, 0);
}

INSTANTIATE_TEST_SUITE_P(Files, ModelGolden,
                         ::testing::Values("properties.txt", "ids.txt", "settings.txt",
                                           "relations.txt", "indexes.txt", "inheritance.txt",
                                           "errors.txt", "to_value.txt"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           std::string name = info.param;
                           return name.substr(0, name.find('.'));
                         });

}  // namespace
}  // namespace lb
