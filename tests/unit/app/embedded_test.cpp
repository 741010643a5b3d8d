// embedsOne / embedsMany through Instance::related: the methods, item ids, validation
// of items and owners, and App attaching embedded models that have no data source.
#include <gtest/gtest.h>

#include "lb/app.hpp"
#include "lb/json.hpp"

namespace {

lb::Value json(std::string_view text) { return lb::parse_json(text).value(); }

// Customer embeds one Address (no id: idInjection false) and many Emails; only
// Customer is attached by the test.
lb::App make_app() {
  lb::App app;
  app.add_data_source("db", json(R"({"connector": "memory"})")).value();
  app.registry()
      .define_all({{json(R"({"name": "Address", "idInjection": false,
                              "properties": {"street": {"type": "string", "required": true}, "city": "string"}})"),
                    "test"},
                   {json(R"({"name": "Email", "forceId": false,
                              "properties": {"label": "string", "address": {"type": "string", "required": true}}})"),
                    "test"},
                   {json(R"({"name": "Customer", "properties": {"name": "string"},
                              "relations": {
                                "address": {"type": "embedsOne", "model": "Address", "property": "billing"},
                                "emails": {"type": "embedsMany", "model": "Email", "property": "emailList"},
                                "notes": {"type": "embedsMany", "model": "Email", "property": "noteList",
                                          "options": {"prepend": true}}}})"),
                    "test"}})
      .value();
  app.attach("Customer", "db").value();
  return app;
}

TEST(Embedded, AppAttachesEmbeddedModelsWithoutADataSource) {
  lb::App app = make_app();
  ASSERT_NE(app.find_model("Address"), nullptr);
  ASSERT_NE(app.find_model("Email"), nullptr);
  EXPECT_EQ(app.find_model("Email")->data_source().name(), "(embedded models)");
  // The application may still attach the model where it wants it.
  lb::Model* email = app.attach("Email", "db").value();
  EXPECT_EQ(&email->data_source(), app.find_data_source("db"));
  EXPECT_EQ(app.find_model("Email"), email);
  EXPECT_EQ(app.attach("Email", "db").error().status(), 409);
}

TEST(Embedded, EmbedsOneMethods) {
  lb::App app = make_app();
  lb::Instance ann = app.model("Customer").create(json(R"({"name": "ann"})")).value();
  auto address = ann.related("address").value();
  EXPECT_FALSE(address.get().value().has_value());
  EXPECT_EQ(address.create(json(R"({"city": "Oslo"})")).error().status(), 422);
  lb::Instance created = address.create(json(R"({"street": "1 Main", "city": "Oslo"})")).value();
  EXPECT_EQ(created.model().name(), "Address");
  EXPECT_EQ(address.update(json(R"({"city": "Rome"})")).value().get("city"), lb::Value("Rome"));
  auto stored = app.model("Customer").find_by_id(ann.id()).value();
  EXPECT_EQ(lb::to_json(stored->get("billing")), R"({"street":"1 Main","city":"Rome"})");
  EXPECT_EQ(address.destroy().value(), 1);
  EXPECT_TRUE(app.model("Customer").find_by_id(ann.id()).value()->get("billing").is_null());
  EXPECT_EQ(address.find().error().status(), 400);  // embedsOne has no find
}

TEST(Embedded, EmbedsManyMethods) {
  lb::App app = make_app();
  lb::Instance ann = app.model("Customer").create(json(R"({"name": "ann"})")).value();
  auto emails = ann.related("emails").value();
  EXPECT_EQ(emails.create(json(R"({"label": "work", "address": "a@w"})")).value().id(), lb::Value(1));
  EXPECT_EQ(emails.create(json(R"({"label": "home", "address": "a@h"})")).value().id(), lb::Value(2));
  EXPECT_EQ(emails.create(json(R"({"label": "bad"})")).error().status(), 422);
  EXPECT_EQ(emails.create(json(R"({"id": 2, "address": "dup"})")).error().status(), 422);

  auto sorted = emails.find(R"({"where": {"address": {"like": "a@%"}}, "order": "label ASC", "limit": 1})").value();
  ASSERT_EQ(sorted.size(), 1u);
  EXPECT_EQ(sorted[0].get("label"), lb::Value("home"));
  EXPECT_EQ(emails.count(R"({"label": "work"})").value(), 1);
  EXPECT_EQ(emails.find_one(R"({"order": "label DESC"})").value()->get("label"), lb::Value("work"));
  EXPECT_EQ(emails.at(1).value()->get("label"), lb::Value("home"));
  EXPECT_FALSE(emails.at(2).value().has_value());
  EXPECT_TRUE(emails.exists(lb::Value("2")).value());  // ids compare as text, as in LoopBack
  EXPECT_EQ(emails.find_by_id(lb::Value(9)).error().status(), 404);

  EXPECT_EQ(emails.update_by_id(lb::Value(1), json(R"({"label": "office"})")).value().get("label"),
            lb::Value("office"));
  EXPECT_EQ(emails.update_by_id(lb::Value(1), json(R"({"address": null})")).error().status(), 422);
  EXPECT_EQ(emails.update_by_id(lb::Value(1), json(R"({"id": 5})")).error().status(), 400);
  EXPECT_EQ(emails.destroy_by_id(lb::Value(2)).value(), 1);
  EXPECT_EQ(emails.destroy_by_id(lb::Value(2)).value(), 0);
  EXPECT_EQ(emails.update_all("{}", json("{}")).error().status(), 400);  // LoopBack has none

  auto stored = app.model("Customer").find_by_id(ann.id()).value();
  EXPECT_EQ(lb::to_json(stored->get("emailList")), R"([{"label":"office","address":"a@w","id":1}])");
  EXPECT_EQ(emails.destroy_all().value(), 1);
  EXPECT_EQ(lb::to_json(app.model("Customer").find_by_id(ann.id()).value()->get("emailList")), "[]");
}

TEST(Embedded, PrependPutsNewItemsFirst) {
  lb::App app = make_app();
  lb::Instance ann = app.model("Customer").create(json(R"({"name": "ann"})")).value();
  auto notes = ann.related("notes").value();
  (void)notes.create(json(R"({"address": "first"})")).value();
  (void)notes.create(json(R"({"address": "second"})")).value();
  EXPECT_EQ(notes.at(0).value()->get("address"), lb::Value("second"));
}

TEST(Embedded, CreateOnANewOwnerSavesIt) {
  lb::App app = make_app();
  lb::Instance bob = app.model("Customer").build(json(R"({"name": "bob"})")).value();
  (void)bob.related("emails").value().create(json(R"({"address": "b@b"})")).value();
  EXPECT_FALSE(bob.is_new_record());
  EXPECT_EQ(app.model("Customer").count().value(), 1);
}

TEST(Embedded, OwnerWritesCheckTheItems) {
  lb::App app = make_app();
  lb::Model& customers = app.model("Customer");
  auto invalid = customers.create(json(R"({"name": "c", "emailList": [{"id": 1, "label": "no address"}]})"));
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().status(), 422);
  EXPECT_EQ(lb::to_json(invalid.error().details().find("codes")->as_object()), R"({"emailList":["invalid"]})");
  auto duplicate = customers.create(json(R"({"name": "d", "emailList": [{"id": 1, "address": "q"}, {"id": 1, "address": "r"}]})"));
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(lb::to_json(duplicate.error().details().find("codes")->as_object()), R"({"emailList":["uniqueness"]})");
  EXPECT_EQ(customers.create(json(R"({"name": "e", "billing": {"city": "x"}})")).error().status(), 422);
  EXPECT_EQ(customers.count().value(), 0);
}

}  // namespace
