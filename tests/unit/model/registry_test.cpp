// Registry: defining, finding, batches, files, conflicts and reference checks.
#include "lb/registry.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "lb/json.hpp"

namespace lb {
namespace {

Value json(std::string_view text) { return parse_json(text).value(); }

TEST(Registry, StartsWithTheBuiltInBases) {
  Registry registry;
  EXPECT_EQ(registry.names(), (std::vector<std::string>{"Model", "PersistedModel"}));
  const ModelDefinition* model = registry.find("Model");
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->base, "");
  EXPECT_TRUE(model->properties.empty());
  ASSERT_NE(registry.find("PersistedModel"), nullptr);
  EXPECT_EQ(registry.find("PersistedModel")->base, "Model");
  EXPECT_EQ(registry.find("Nope"), nullptr);
}

TEST(Registry, DefineReturnsAStablePointer) {
  Registry registry;
  auto item = registry.define(json(R"({"name":"Item","properties":{"name":"string"}})"));
  ASSERT_TRUE(item) << item.error().message();
  for (int i = 0; i < 50; ++i)
    ASSERT_TRUE(registry.define(json(R"({"name":"M)" + std::to_string(i) + R"("})")));
  EXPECT_EQ(registry.find("Item"), *item);
  EXPECT_EQ((*item)->name, "Item");
  EXPECT_EQ(registry.names().size(), 53u);
}

TEST(Registry, RedefiningIsAConflict) {
  Registry registry;
  ASSERT_TRUE(registry.define_json(R"({"name":"Item"})", "models/item.json"));
  auto again = registry.define_json(R"({"name":"Item","properties":{"x":"string"}})",
                                    "models/item2.json");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::Conflict);
  EXPECT_EQ(again.error().status(), 409);
  EXPECT_EQ(again.error().message(), "models/item2.json: name: model \"Item\" is already defined");
  EXPECT_EQ(registry.find("Item")->property("x"), nullptr);
}

TEST(Registry, ErrorsWithoutASourceNameTheModel) {
  Registry registry;
  auto bad = registry.define(json(R"({"name":"Item","properties":{"price":{"type":7}}})"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::InvalidDefinition);
  EXPECT_EQ(bad.error().status(), 400);
  EXPECT_EQ(bad.error().message(),
            "Item: properties.price.type: expected a type name, an array or an object, got the "
            "number 7");
}

TEST(Registry, InvalidJsonNamesTheSource) {
  Registry registry;
  auto bad = registry.define_json(R"({"name": "Item",)", "models/item.json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::InvalidDefinition);
  EXPECT_EQ(bad.error().message().rfind("models/item.json: ", 0), 0u) << bad.error().message();
}

TEST(Registry, OwnBaseInDefine) {
  Registry registry;
  auto bad = registry.define(json(R"({"name":"Item","base":"Item"})"), "models/item.json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(), "models/item.json: base: a model cannot be its own base");
}

TEST(Registry, DefineFile) {
  auto dir = std::filesystem::temp_directory_path() / ("lb_model_registry_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto file = dir / "item.json";
  std::ofstream(file) << R"({"name":"Item","properties":{"price":{"type":"number","required":true}}})";
  Registry registry;
  auto item = registry.define_file(file);
  ASSERT_TRUE(item) << item.error().message();
  EXPECT_EQ((*item)->source, file.string());
  EXPECT_TRUE((*item)->property("price")->required);

  std::ofstream(dir / "bad.json") << R"({"name":"Bad","properties":{"price":{"type":"number","id":"x"}}})";
  auto bad = registry.define_file(dir / "bad.json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message(),
            (dir / "bad.json").string() +
                ": properties.price.id: expected true, false or a position (1, 2, ...), got the "
                "string \"x\"");

  auto missing = registry.define_file(dir / "missing.json");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::InvalidDefinition);
  std::filesystem::remove_all(dir);
}

TEST(Registry, DefineAllOrdersBasesFirst) {
  Registry registry;
  auto defined = registry.define_all({
      {json(R"({"name":"C","base":"B"})"), "c.json"},
      {json(R"({"name":"B","base":"A"})"), "b.json"},
      {json(R"({"name":"A"})"), "a.json"},
      {json(R"({"name":"D"})"), "d.json"},
  });
  ASSERT_TRUE(defined) << defined.error().message();
  std::vector<std::string> order;
  for (const ModelDefinition* def : *defined) order.push_back(def->name);
  EXPECT_EQ(order, (std::vector<std::string>{"A", "B", "C", "D"}));
  EXPECT_EQ(registry.find("C")->base, "B");
}

TEST(Registry, DefineAllIsAllOrNothing) {
  Registry registry;
  auto defined = registry.define_all({
      {json(R"({"name":"A"})"), "a.json"},
      {json(R"({"name":"B","base":"A","relations":{"x":{"type":"nope"}}})"), "b.json"},
  });
  ASSERT_FALSE(defined);
  EXPECT_EQ(defined.error().message().rfind("b.json: relations.x.type: unknown relation type", 0), 0u)
      << defined.error().message();
  EXPECT_EQ(registry.find("A"), nullptr);
  EXPECT_EQ(registry.names().size(), 2u);
}

TEST(Registry, DefineAllUsesAlreadyDefinedBases) {
  Registry registry;
  ASSERT_TRUE(registry.define(json(R"({"name":"Base","properties":{"b":"string"}})")));
  auto defined = registry.define_all({{json(R"({"name":"Child","base":"Base"})"), "child.json"}});
  ASSERT_TRUE(defined);
  EXPECT_NE(registry.find("Child")->property("b"), nullptr);
  auto conflict = registry.define_all({{json(R"({"name":"Base"})"), "base.json"}});
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code(), ErrorCode::Conflict);
}

TEST(Registry, ValidateReferencesFindsTypos) {
  Registry registry;
  ASSERT_TRUE(registry.define_json(R"({"name":"Item","properties":{"price":"nubmer"}})",
                                   "models/item.json"));
  Status status = registry.validate_references();
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message(),
            "models/item.json: properties.price: unknown type \"nubmer\" (neither a built-in "
            "type nor a defined model)");
}

TEST(Registry, ValidateReferencesFollowsArraysNestedTypesAndRelations) {
  Registry registry;
  ASSERT_TRUE(registry.define_json(R"({"name":"Address","base":"Model","properties":{"city":"string"}})"));
  ASSERT_TRUE(registry.define_json(
      R"({"name":"Customer","properties":{"home":"Address","others":["Address"],"meta":{"type":{"where":"Address"}}},
          "relations":{"orders":{"type":"hasMany","model":"Order"}}})",
      "customer.json"));
  Status status = registry.validate_references();
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message(), "customer.json: relations.orders.model: unknown model \"Order\"");
  ASSERT_TRUE(registry.define_json(R"({"name":"Order","properties":{"lines":[{"sku":"Sku"}]}})",
                                   "order.json"));
  status = registry.validate_references();
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message(),
            "order.json: properties.lines.sku: unknown type \"Sku\" (neither a built-in type "
            "nor a defined model)");
  ASSERT_TRUE(registry.define_json(R"({"name":"Sku","base":"Model"})"));
  EXPECT_TRUE(registry.validate_references());
}

TEST(Registry, MovedRegistryKeepsDefinitions) {
  Registry registry;
  auto item = registry.define(json(R"({"name":"Item"})"));
  ASSERT_TRUE(item);
  Registry moved = std::move(registry);
  EXPECT_EQ(moved.find("Item"), *item);
}

}  // namespace
}  // namespace lb
