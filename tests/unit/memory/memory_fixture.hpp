// Shared fixture of the memory connector tests: the Item model of docs/filters.md
// (with indexes added), its six sample rows, and helpers to bind filters from JSON.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "lb/connector.hpp"
#include "lb/filter/bind.hpp"
#include "lb/filter/parse.hpp"
#include "lb/json.hpp"
#include "lb/registry.hpp"
#include "memory/memory_connector.hpp"

namespace lb::memory::testing {

inline constexpr const char* kItemModel = R"({
  "name": "Item",
  "properties": {
    "name": {"type": "string", "required": true},
    "price": {"type": "number", "index": true},
    "category": {"type": "string", "index": true},
    "sku": {"type": "string", "index": {"unique": true}},
    "inStock": "boolean",
    "added": "date",
    "tags": ["string"],
    "location": {"type": "geopoint", "index": true},
    "address": {"type": {"city": "string", "zip": "string"}},
    "lines": [{"type": {"sku": "string", "qty": "number"}}],
    "meta": "any"
  },
  "indexes": {"category_price": {"keys": {"category": 1, "price": 1}}}
})";

inline constexpr const char* kItemRows = R"([
  {"name":"pen","price":1.5,"category":"office","sku":"P-1","inStock":true,"added":"2024-01-10T00:00:00.000Z",
   "tags":["blue","cheap"],"location":{"lat":40.7128,"lng":-74.006},"address":{"city":"New York","zip":"10001"},
   "lines":[{"sku":"A","qty":1},{"sku":"B","qty":5}]},
  {"name":"pencil","price":0.5,"category":"office","sku":"P-2","inStock":false,"added":"2024-02-01T00:00:00.000Z",
   "tags":["cheap"],"location":{"lat":51.5074,"lng":-0.1278},"address":{"city":"London"}},
  {"name":"Desk Lamp","price":25,"category":"home","inStock":true,"added":"2023-11-05T00:00:00.000Z",
   "tags":[],"location":{"lat":48.8566,"lng":2.3522},"address":{"city":"Paris"},"lines":[{"sku":"C","qty":2}]},
  {"name":"notebook_a5","price":12,"category":"office","sku":"N-5","inStock":true,"added":"2024-03-15T00:00:00.000Z",
   "location":{"lat":40.73,"lng":-73.99},"address":{"city":"New York"},"meta":{"color":"red"}},
  {"name":"100% cotton bag","price":12,"category":"bags","inStock":false,"tags":null,"meta":"x"},
  {"name":"chair","price":60,"category":"home","sku":"C-1","inStock":true,"added":"2024-01-20T00:00:00.000Z",
   "tags":["wood"],"address":{"city":"Berlin"},"extra":"kept"}
])";

class MemoryFixture : public ::testing::Test {
 protected:
  void SetUp() override { define_models(); }

  void define_models(const char* item_json = kItemModel) {
    item_ = registry_.define_json(item_json).value();
    ConnectorConfig config;
    config.data_source = "db";
    config.settings = settings_;
    config.base_dir = base_dir_;
    connector_ = make_memory_connector(config).value();
    connector_->define(*item_).value();
  }

  // The sample rows, converted to property types as src/dao would.
  std::vector<Object> sample_rows() const {
    std::vector<Object> rows;
    const Value parsed = parse_json(kItemRows).value();
    for (const Value& row : parsed.as_array()) rows.push_back(coerce(row.as_object()));
    return rows;
  }
  Object coerce(Object row) const;

  void load_sample() { connector_->create_all(*item_, sample_rows()).value(); }

  filter::Bound bound(const std::string& json) const {
    return filter::bind(filter::parse_filter(json).value(), *item_, registry_).value();
  }
  filter::BoundWhere where(const std::string& json) const {
    return filter::bind_where(filter::parse_where(json).value(), *item_, registry_).value();
  }
  // find(filter)'s rows decoded (throws on an error).
  std::vector<Object> find_rows(const filter::Bound& filter) { return objects(connector_->find(filter).value()); }
  static std::vector<Object> objects(const std::vector<Record>& records) {
    std::vector<Object> rows;
    for (const Record& record : records) rows.push_back(record.to_object());
    return rows;
  }
  // Ids of find(filter), comma-separated.
  std::string find_ids(const std::string& json) {
    auto rows = connector_->find(bound(json));
    if (!rows) return "error " + rows.error().message();
    std::string out;
    for (const Object& row : objects(*rows)) {
      if (!out.empty()) out += ",";
      const Value* id = row.find("id");
      out += id ? id->to_json() : "?";
    }
    return out;
  }

  Registry registry_;
  const ModelDefinition* item_ = nullptr;
  std::unique_ptr<Connector> connector_;
  Value settings_ = Value(Object());
  std::filesystem::path base_dir_;
};

}  // namespace lb::memory::testing
