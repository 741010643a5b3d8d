// ModelDefinition and friends: lookups, connector sections, ids, helpers, round trips.
#include "lb/model_definition.hpp"

#include <gtest/gtest.h>

#include "lb/json.hpp"
#include "lb/registry.hpp"

namespace lb {
namespace {

Value json(std::string_view text) { return parse_json(text).value(); }

const ModelDefinition& define(Registry& registry, std::string_view text) {
  auto def = registry.define(json(text));
  if (!def) throw def.error();
  return **def;
}

TEST(ModelDefinition, PropertyAndRelationLookup) {
  Registry registry;
  const auto& item = define(registry, R"({"name":"Item","properties":{"name":"string"},
      "relations":{"reviews":{"type":"hasMany","model":"Review"}}})");
  ASSERT_NE(item.property("name"), nullptr);
  EXPECT_EQ(item.property("name")->type.kind, PropertyType::Kind::String);
  EXPECT_EQ(item.property("nope"), nullptr);
  ASSERT_NE(item.relation("reviews"), nullptr);
  EXPECT_EQ(item.relation("reviews")->type, RelationType::HasMany);
  EXPECT_EQ(item.relation("nope"), nullptr);
}

TEST(ModelDefinition, IdPropertiesInIdOrder) {
  Registry registry;
  const auto& pair = define(registry, R"({"name":"Pair","properties":{
      "c":{"type":"string","id":3},"a":{"type":"number","id":true},"b":{"type":"date","id":2},"x":"string"}})");
  auto ids = pair.id_properties();
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0]->name, "a");
  EXPECT_EQ(ids[1]->name, "b");
  EXPECT_EQ(ids[2]->name, "c");
  EXPECT_EQ(pair.property("id"), nullptr);
}

TEST(ModelDefinition, InjectedIdIsAGeneratedNumberAtTheEnd) {
  Registry registry;
  const auto& item = define(registry, R"({"name":"Item","properties":{"a":"string"}})");
  ASSERT_EQ(item.properties.size(), 2u);
  const PropertyDefinition& id = item.properties.back();
  EXPECT_EQ(id.name, "id");
  EXPECT_EQ(id.type.kind, PropertyType::Kind::Number);
  EXPECT_EQ(id.id, 1);
  EXPECT_TRUE(id.generated);
  EXPECT_EQ(id.settings.to_json(), R"({"type":"Number","id":1,"generated":true})");
}

TEST(ModelDefinition, ConnectorSections) {
  Registry registry;
  const auto& item = define(registry, R"({"name":"Item",
      "postgresql":{"schema":"shop","table":"items"},"sqlite3":{"table":"item"},"flag":true,
      "properties":{
        "name":{"type":"string","postgresql":{"columnName":"item_name"},"sqlite3":{"column":"nm","columnName":"ignored"}},
        "plain":"string"}})");
  ASSERT_NE(item.connector_settings("postgresql"), nullptr);
  EXPECT_EQ(item.connector_settings("postgresql")->find("table")->as_string(), "items");
  EXPECT_EQ(item.connector_settings("sqlite3")->to_json(), R"({"table":"item"})");
  EXPECT_EQ(item.connector_settings("mysql"), nullptr);
  EXPECT_EQ(item.connector_settings("flag"), nullptr);  // not an object

  const PropertyDefinition* name = item.property("name");
  EXPECT_EQ(name->column_name("postgresql"), "item_name");
  EXPECT_EQ(name->column_name("sqlite3"), "nm");  // "column" wins, as in juggler
  EXPECT_EQ(name->column_name("mysql"), std::nullopt);
  EXPECT_EQ(item.property("plain")->connector_settings("postgresql"), nullptr);
  EXPECT_EQ(item.property("plain")->column_name("postgresql"), std::nullopt);
}

TEST(ModelDefinition, HiddenAndProtected) {
  Registry registry;
  const auto& user = define(registry, R"({"name":"User","hidden":["password"],"protected":["email"],
      "properties":{"password":"string","email":"string","token":{"type":"string","hidden":true}}})");
  EXPECT_TRUE(user.is_hidden("password"));
  EXPECT_TRUE(user.is_hidden("token"));
  EXPECT_FALSE(user.is_hidden("email"));
  EXPECT_TRUE(user.is_protected("email"));
  EXPECT_FALSE(user.is_protected("password"));
  EXPECT_EQ(user.settings.find("hidden")->to_json(), R"(["password"])");
}

TEST(ModelDefinition, PropertyFields) {
  Registry registry;
  const auto& item = define(registry, R"({"name":"Item","properties":{
      "name":{"type":"string","required":true,"default":"n/a","description":"what","length":20,"index":{"unique":true}},
      "code":{"type":"string","defaultFn":"uuid","generated":false}}})");
  const PropertyDefinition* name = item.property("name");
  EXPECT_TRUE(name->required);
  ASSERT_TRUE(name->default_value.has_value());
  EXPECT_EQ(name->default_value->as_string(), "n/a");
  EXPECT_EQ(name->description, "what");
  EXPECT_TRUE(name->index);
  EXPECT_TRUE(name->unique);
  EXPECT_EQ(name->settings.find("length")->as_integer(), 20);
  const PropertyDefinition* code = item.property("code");
  EXPECT_EQ(code->default_fn, "uuid");
  EXPECT_FALSE(code->default_value.has_value());
  EXPECT_FALSE(code->generated);
  ASSERT_EQ(item.indexes.size(), 1u);
  EXPECT_EQ(item.indexes[0].name, "name_index");
  EXPECT_TRUE(item.indexes[0].unique);
}

TEST(ModelDefinition, NestedTypes) {
  Registry registry;
  const auto& customer = define(registry, R"({"name":"Customer","properties":{
      "address":{"type":{"city":"string","zip":{"type":"number","required":true}}},
      "lines":[{"sku":"string"}],"home":"Address","tags":["string"]}})");
  const PropertyType& address = customer.property("address")->type;
  ASSERT_EQ(address.kind, PropertyType::Kind::Object);
  ASSERT_NE(address.nested, nullptr);
  EXPECT_TRUE(address.nested->anonymous);
  EXPECT_FALSE(address.nested->id_injection);
  EXPECT_EQ(address.nested->name, "Customer.address");
  EXPECT_TRUE(address.nested->property("zip")->required);
  EXPECT_EQ(address.nested->property("id"), nullptr);
  EXPECT_EQ(address.to_string(), "{city: String, zip: Number}");

  const PropertyType& lines = customer.property("lines")->type;
  ASSERT_EQ(lines.kind, PropertyType::Kind::Array);
  EXPECT_EQ(lines.element->kind, PropertyType::Kind::Object);
  EXPECT_EQ(lines.to_string(), "[{sku: String}]");

  EXPECT_EQ(customer.property("home")->type.kind, PropertyType::Kind::Model);
  EXPECT_EQ(customer.property("home")->type.model, "Address");
  EXPECT_EQ(customer.property("tags")->type.to_string(), "[String]");
}

TEST(RelationDefinition, Helpers) {
  Registry registry;
  const auto& order = define(registry, R"({"name":"Order","relations":{
      "customer":{"type":"belongsTo","model":"Customer"},
      "lines":{"type":"hasMany","model":"Line","options":{"disableInclude":true}},
      "invoice":{"type":"hasOne","model":"Invoice"},
      "tags":{"type":"hasAndBelongsToMany","model":"Tag"},
      "products":{"type":"referencesMany","model":"Product"},
      "address":{"type":"embedsOne","model":"Address"},
      "notes":{"type":"embedsMany","model":"Note"}}})");
  EXPECT_FALSE(order.relation("customer")->is_to_many());
  EXPECT_TRUE(order.relation("lines")->is_to_many());
  EXPECT_FALSE(order.relation("invoice")->is_to_many());
  EXPECT_TRUE(order.relation("tags")->is_to_many());
  EXPECT_TRUE(order.relation("products")->is_to_many());
  EXPECT_FALSE(order.relation("address")->is_to_many());
  EXPECT_TRUE(order.relation("notes")->is_to_many());
  EXPECT_TRUE(order.relation("lines")->include_disabled());
  EXPECT_FALSE(order.relation("customer")->include_disabled());
  EXPECT_EQ(order.relation("customer")->settings.to_json(), R"({"type":"belongsTo","model":"Customer"})");
  EXPECT_STREQ(relation_type_name(RelationType::HasAndBelongsToMany), "hasAndBelongsToMany");
}

TEST(ModelDefinition, SettingsMembers) {
  Registry registry;
  const auto& item = define(registry, R"({"name":"Item","strict":"filter","forceId":false,
      "description":"d","scope":{"limit":1},"scopes":{"s":{"where":{}}},"validations":[],
      "acls":[{"permission":"ALLOW"}],"methods":{"m":{}},"mixins":{"X":true},"http":{"path":"p"},
      "options":{"validateUpsert":true}})");
  EXPECT_EQ(item.strict, StrictMode::Filter);
  EXPECT_EQ(item.force_id, false);
  EXPECT_EQ(item.description, "d");
  EXPECT_EQ(item.scope.to_json(), R"({"limit":1})");
  EXPECT_EQ(item.scopes.to_json(), R"({"s":{"where":{}}})");
  EXPECT_EQ(item.validations.to_json(), "[]");
  EXPECT_EQ(item.acls.to_json(), R"([{"permission":"ALLOW"}])");
  EXPECT_EQ(item.acl_ranks, std::vector<int>{3});
  EXPECT_EQ(item.methods.to_json(), R"({"m":{}})");
  EXPECT_EQ(item.mixins.to_json(), R"({"X":true})");
  EXPECT_EQ(item.http.to_json(), R"({"path":"p"})");
  EXPECT_EQ(item.options.to_json(), R"({"validateUpsert":true})");
  EXPECT_EQ(item.settings.find("validateUpsert")->as_bool(), true);
  EXPECT_EQ(item.settings.find("options"), nullptr);
  EXPECT_EQ(item.source, "");

  const auto& plain = define(registry, R"({"name":"Plain"})");
  EXPECT_EQ(plain.strict, StrictMode::Lax);
  EXPECT_FALSE(plain.force_id.has_value());
  EXPECT_TRUE(plain.scope.is_null());
  EXPECT_TRUE(plain.acls.is_null());
  EXPECT_TRUE(plain.acl_ranks.empty());
  EXPECT_TRUE(plain.options.is_null());
}

// Defining to_value()'s output again, under the same base, gives the same model.
TEST(ModelDefinition, ToValueRoundTrips) {
  const char* definitions[] = {
      R"({"name":"Item","strict":true,"properties":{"name":{"type":"string","required":true},
          "tags":["string"],"address":{"street":"string"},"price":{"type":"number","index":true}},
          "relations":{"owner":{"type":"belongsTo","model":"User"}},"indexes":{"n":{"name":1}},
          "hidden":["price"],"options":{"validateUpsert":true},"postgresql":{"table":"items"}})",
      R"({"name":"Pair","idInjection":false,"properties":{"a":{"type":"string","id":1},"b":{"type":"string","id":2}}})",
      R"({"name":"Thing","properties":{"id":"string"}})",
  };
  for (const char* text : definitions) {
    Registry first, second;
    const auto& original = define(first, text);
    auto again = second.define(original.to_value());
    ASSERT_TRUE(again) << again.error().message();
    EXPECT_EQ((*again)->to_string(), original.to_string());
    EXPECT_EQ((*again)->to_value(), original.to_value());
  }
}

}  // namespace
}  // namespace lb
