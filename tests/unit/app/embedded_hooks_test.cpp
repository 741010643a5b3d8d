// The embedded model's own operation hooks around embedsOne / embedsMany writes, where
// the conformance file (tests/conformance/embeds-hooks.json) cannot reach: base-model
// observers, values an observer sets converted to their types, and an id an observer
// tries to change.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lb/app.hpp"
#include "lb/hooks.hpp"
#include "lb/json.hpp"

namespace {

lb::Value json(std::string_view text) { return lb::parse_json(text).value(); }

// Customer embeds many Emails; Email's base Contact is attached so that its observers
// count (a base model's observers run first).
lb::App make_app() {
  lb::App app;
  app.add_data_source("db", json(R"({"connector": "memory"})")).value();
  app.registry()
      .define_all({{json(R"({"name": "Contact", "properties": {"label": "string"}})"), "test"},
                   {json(R"({"name": "Email", "base": "Contact", "forceId": false,
                              "properties": {"address": {"type": "string", "required": true}, "rank": "number"}})"),
                    "test"},
                   {json(R"({"name": "Customer", "properties": {"name": "string"},
                              "relations": {"emails": {"type": "embedsMany", "model": "Email",
                                                       "property": "emailList"}}})"),
                    "test"}})
      .value();
  app.attach("Contact", "db").value();
  app.attach("Customer", "db").value();
  return app;
}

TEST(EmbeddedHooks, TheEmbeddedModelsBaseObserversRunFirst) {
  lb::App app = make_app();
  std::vector<std::string> seen;
  auto record = [&seen](const char* who) {
    return [&seen, who](lb::HookContext& ctx) -> lb::Status {
      seen.push_back(std::string(who) + " " + std::string(lb::hook_point_name(ctx.point)) + " on " +
                     ctx.model.name());
      return {};
    };
  };
  app.model("Email").observe(lb::HookPoint::BeforeSave, record("Email"));
  app.model("Contact").observe(lb::HookPoint::BeforeSave, record("Contact"));
  app.model("Email").observe(lb::HookPoint::AfterDelete, record("Email"));
  lb::Instance ann = app.model("Customer").create(json(R"({"name": "ann"})")).value();
  auto emails = ann.related("emails").value();
  (void)emails.create(json(R"({"address": "a@a"})")).value();
  EXPECT_EQ(emails.destroy_by_id(lb::Value(1)).value(), 1);
  EXPECT_EQ(seen, (std::vector<std::string>{"Contact before save on Email", "Email before save on Email",
                                            "Email after delete on Email"}));
}

TEST(EmbeddedHooks, WhatABeforeSaveObserverSetsIsConvertedToThePropertyType) {
  lb::App app = make_app();
  app.model("Email").observe(lb::HookPoint::BeforeSave, [](lb::HookContext& ctx) -> lb::Status {
    if (ctx.instance) ctx.instance->set("rank", lb::Value("5"));
    if (ctx.data) ctx.data->insert_or_assign("rank", lb::Value("7"));
    return {};
  });
  lb::Instance ann = app.model("Customer").create(json(R"({"name": "ann"})")).value();
  auto emails = ann.related("emails").value();
  EXPECT_EQ(emails.create(json(R"({"address": "a@a"})")).value().get("rank"), lb::Value(5));
  EXPECT_EQ(emails.update_by_id(lb::Value(1), json(R"({"label": "work"})")).value().get("rank"), lb::Value(7));
  auto stored = app.model("Customer").find_by_id(ann.id()).value();
  const lb::Value& list = stored->get("emailList");
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.as_array().size(), 1u);
  EXPECT_EQ(*list.as_array()[0].find("rank"), lb::Value(7));
  EXPECT_EQ(*list.as_array()[0].find("label"), lb::Value("work"));
}

TEST(EmbeddedHooks, AnObserverCannotChangeAnItemsId) {
  lb::App app = make_app();
  lb::Instance ann = app.model("Customer").create(json(R"({"name": "ann"})")).value();
  auto emails = ann.related("emails").value();
  (void)emails.create(json(R"({"address": "a@a"})")).value();
  app.model("Email").observe(lb::HookPoint::BeforeSave, [](lb::HookContext& ctx) -> lb::Status {
    if (ctx.data) ctx.data->insert_or_assign("id", lb::Value(9));
    return {};
  });
  auto moved = emails.update_by_id(lb::Value(1), json(R"({"label": "x"})"));
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().status(), 400);
  auto stored = app.model("Customer").find_by_id(ann.id()).value();
  EXPECT_EQ(lb::to_json(stored->get("emailList")), R"([{"address":"a@a","id":1}])");
}

}  // namespace
