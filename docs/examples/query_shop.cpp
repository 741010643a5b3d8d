// README example: boot the shop application (SQLite; run docs/examples/shop/seed once
// to make its database) and query it, then write to a fresh in-memory model.
// Usage: lb_example_query_shop [APP_DIR] (default: the shop).
#include <iostream>

#include "lb/app.hpp"
#include "lb/json.hpp"

#ifndef LB_SHOP_DIR
#define LB_SHOP_DIR "docs/examples/shop"
#endif

int main(int argc, char** argv) try {
  // Reads server/datasources.json, server/model-config.json and common/models/*.json.
  lb::App shop = lb::App::boot(argc > 1 ? argv[1] : LB_SHOP_DIR).value();
  lb::Model& item = shop.model("Item");

  // The same query as JSON text and with the builder.
  auto cheap = item.find(R"({"where":{"price":{"lt":20}},"order":"price DESC","limit":3})").value();
  auto same = item.find(lb::Filter().where(lb::where("price").lt(20)).order("price DESC").limit(3)).value();
  for (const lb::Instance& row : cheap) std::cout << row.to_json() << "\n";
  std::cout << "same rows: " << std::boolalpha << (cheap.size() == same.size()) << "\n";
  std::cout << "books: " << item.count(lb::where("category").eq("books")).value() << "\n";

  // Writes go through the same API; this app keeps its data in memory only.
  lb::App app;
  app.add_data_source("db", lb::Value(lb::Object{{"connector", "memory"}})).value();
  lb::Model& note = *app.define_model(lb::parse_json(R"({
      "name": "Note", "properties": {"text": {"type": "string", "required": true}}})").value(), "db").value();
  lb::Instance created = note.create(lb::parse_json(R"({"text": "hello"})").value()).value();
  std::cout << "created: " << created.to_json() << "\n";
  auto invalid = note.create(lb::parse_json("{}").value());  // a 422 ValidationError
  std::cout << invalid.error().to_json() << "\n";

  // Validations and operation hooks, as LoopBack's validatesXOf and observe().
  note.validations().validates_length_of("text", lb::LengthBounds::at_most(20)).value();
  note.observe(lb::HookPoint::BeforeSave, [](lb::HookContext& ctx) -> lb::Status {
    if (ctx.instance) ctx.instance->set("text", lb::Value("note: " + ctx.instance->get("text").as_string()));
    return {};
  });
  std::cout << "hooked: " << note.create(lb::parse_json(R"({"text": "hi"})").value()).value().to_json() << "\n";
  std::cout << "too long: " << note.create(lb::parse_json(R"({"text": "a long, long text"})").value()).error().status()
            << "\n";
  return 0;
} catch (const lb::Error& error) {
  std::cerr << error.to_json() << "\n";
  return 1;
}
