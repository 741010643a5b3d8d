// The PersistedModel API beyond what the conformance files can reach (the reference
// oracle has no scopes, imports or instance methods): default and named scopes,
// findByIds order, imports, Instance methods, defaultFn formats, operations().
#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "lb/app.hpp"
#include "lb/json.hpp"

namespace {

lb::Value json(const char* text) { return lb::parse_json(text).value(); }

class ModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.add_data_source("db", json(R"({"connector": "memory"})")).value();
  }
  lb::Model& define(const char* definition) { return *app_.define_model(json(definition), "db").value(); }
  static std::vector<std::string> names(const std::vector<lb::Instance>& rows) {
    std::vector<std::string> out;
    for (const auto& row : rows) out.push_back(row.get("name").as_string());
    return out;
  }
  lb::App app_;
};

TEST_F(ModelTest, DefaultScopeNarrowsEveryQueryAndGivesItsOrder) {
  lb::Model& item = define(R"({"name": "Item", "properties": {"name": "string", "active": "boolean"},
      "scope": {"where": {"active": true}, "order": "name DESC"}})");
  ASSERT_TRUE(item.import(json(R"([{"name": "a", "active": true}, {"name": "b", "active": false},
      {"name": "c", "active": true}])").as_array()).has_value());
  EXPECT_EQ(names(item.find().value()), (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(names(item.find(R"({"order": "name ASC"})").value()), (std::vector<std::string>{"a", "c"}));
  EXPECT_EQ(item.count().value(), 2);
  EXPECT_FALSE(item.find_by_id(lb::Value(2)).value().has_value());  // b is out of scope
  EXPECT_EQ(item.delete_all().value(), 2);
  EXPECT_EQ(item.count(lb::where("name").eq("b")).value(), 0);  // still out of scope
}

TEST_F(ModelTest, NamedScopesCombineWithTheCallersFilter) {
  lb::Model& item = define(R"({"name": "Item", "properties": {"name": "string", "price": "number"},
      "scopes": {"cheap": {"where": {"price": {"lt": 10}}, "order": "price"}}})");
  ASSERT_TRUE(item.import(json(R"([{"name": "a", "price": 5}, {"name": "b", "price": 50},
      {"name": "c", "price": 1}])").as_array()).has_value());
  EXPECT_EQ(names(item.find_in_scope("cheap").value()), (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(names(item.find_in_scope("cheap", R"({"where": {"name": "a"}})").value()),
            (std::vector<std::string>{"a"}));
  auto missing = item.find_in_scope("dear");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().status(), 404);
}

TEST_F(ModelTest, FindByIdTakesAnyFormOfTheIdAndHonoursTheDefaultScope) {
  lb::Model& item = define(R"({"name": "Item", "properties": {"name": "string"}})");
  ASSERT_TRUE(item.import(json(R"([{"name": "a"}, {"name": "b"}])").as_array()).has_value());
  for (const lb::Value& id : {lb::Value(2), lb::Value(2.0), lb::Value("2")}) {
    auto found = item.find_by_id(id).value();
    ASSERT_TRUE(found.has_value()) << id.to_json();
    EXPECT_EQ(found->get("name"), lb::Value("b"));
  }
  EXPECT_FALSE(item.find_by_id(lb::Value(3)).value().has_value());
  EXPECT_FALSE(item.find_by_id(lb::Value(2.5)).value().has_value());
  EXPECT_EQ(item.find_by_id(lb::Value("x")).error().status(), 400);
  EXPECT_EQ(item.find_by_id(lb::Value()).error().status(), 400);
  EXPECT_EQ(item.find_by_id(lb::Value(1), R"({"fields": ["id"]})").value()->to_json(), R"({"id":1})");
  lb::Model& scoped = define(R"({"name": "Scoped", "properties": {"name": "string"}, "scope": {"where": {"name": "a"}}})");
  ASSERT_TRUE(scoped.import(json(R"([{"name": "a"}, {"name": "b"}])").as_array()).has_value());
  EXPECT_TRUE(scoped.find_by_id(lb::Value(1)).value().has_value());
  EXPECT_FALSE(scoped.find_by_id(lb::Value(2)).value().has_value());
}

TEST_F(ModelTest, FindByIdsKeepsTheOrderOfTheIds) {
  lb::Model& item = define(R"({"name": "Item", "properties": {"name": "string"}})");
  ASSERT_TRUE(item.import(json(R"([{"name": "a"}, {"name": "b"}, {"name": "c"}])").as_array()).has_value());
  auto found = item.find_by_ids(json(R"([3, "1", 99, 2])").as_array()).value();
  EXPECT_EQ(names(found), (std::vector<std::string>{"c", "a", "b"}));
}

TEST_F(ModelTest, ImportKeepsIdsAndIgnoresForceIdButChecksRequiredProperties) {
  lb::Model& item = define(R"({"name": "Item", "properties": {"name": {"type": "string", "required": true},
      "kind": {"type": "string", "default": "plain"}}})");
  ASSERT_TRUE(item.force_id());
  std::vector<std::size_t> progress;
  lb::Model::ImportOptions options;
  options.batch_size = 2;
  options.progress = [&](std::size_t n) { progress.push_back(n); };
  EXPECT_EQ(item.import(json(R"([{"id": 10, "name": "a"}, {"id": 20, "name": "b"}, {"id": 30, "name": "c"}])").as_array(),
                        options).value(), 3);
  EXPECT_EQ(progress, (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(item.find_by_id(lb::Value(20)).value()->to_json(), R"({"name":"b","kind":"plain","id":20})");
  auto bad = item.import(json(R"([{"id": 40, "name": "d"}, {"id": 50}])").as_array());
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().status(), 422);
  EXPECT_NE(bad.error().message().find("row 2"), std::string::npos) << bad.error().message();
  EXPECT_EQ(item.count().value(), 3);  // the failing batch left nothing behind
}

TEST_F(ModelTest, CreateAllIsAllOrNothing) {
  lb::Model& item = define(R"({"name": "Item", "properties": {"name": {"type": "string", "required": true}}})");
  auto created = item.create_all(json(R"([{"name": "a"}, {}])").as_array());
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().status(), 422);
  EXPECT_EQ(item.count().value(), 0);
  EXPECT_EQ(item.create_all(json(R"([{"name": "a"}, {"name": "b"}])").as_array()).value().size(), 2u);
}

// Found instances hold their connector's record and decode it on first read: reads
// from several threads at once (whole records, single keys through read(), which
// takes no lock, and copies made meanwhile), copies before and after, all see the
// same data.
TEST_F(ModelTest, FoundInstancesDecodeOnceFromAnyThread) {
  lb::Model& item = define(R"({"name": "Item", "properties": {"name": "string", "price": "number"}})");
  ASSERT_TRUE(item.import(json(R"([{"name": "a", "price": 1}, {"name": "b", "price": 2}])").as_array()));
  for (int round = 0; round < 20; ++round) {
    auto found = item.find(R"({"order": "price DESC"})").value();
    ASSERT_EQ(found.size(), 2u);
    const lb::Instance untouched = found[0];  // copied before anything decoded it
    std::atomic<int> wrong{0};
    std::vector<std::thread> readers;
    for (int t = 0; t < 4; ++t) {
      readers.emplace_back([&, t] {
        if (t % 2 == 1) {
          const lb::Instance copy = found[0];
          if (found[0].read("price") != lb::Value(2) || copy.read("name") != lb::Value("b")) ++wrong;
        }
        if (found[0].get("name") != lb::Value("b") || found[0].to_json() != R"({"name":"b","price":2,"id":2})") ++wrong;
        if (found[0].read("id") != lb::Value(2)) ++wrong;
      });
    }
    for (auto& reader : readers) reader.join();
    EXPECT_EQ(wrong.load(), 0);
    EXPECT_EQ(untouched.to_json(), R"({"name":"b","price":2,"id":2})");
    lb::Instance moved = std::move(found[1]);
    moved.set("price", lb::Value(5));
    EXPECT_EQ(moved.to_json(), R"({"name":"a","price":5,"id":1})");
    lb::Instance assigned = moved;
    EXPECT_EQ(assigned.get("price"), lb::Value(5));
  }
}

TEST_F(ModelTest, InstanceMethodsWriteThroughAndReload) {
  lb::Model& item = define(R"({"name": "Item", "properties": {"name": "string", "price": "number"}})");
  lb::Instance pen = item.make_instance(lb::Object{{"name", "pen"}, {"price", 2}}, false);
  EXPECT_TRUE(pen.is_new_record());
  ASSERT_TRUE(pen.save().has_value());
  EXPECT_FALSE(pen.is_new_record());
  EXPECT_EQ(pen.id(), lb::Value(1));
  ASSERT_TRUE(pen.update_attribute("price", 3).has_value());
  EXPECT_EQ(item.find_by_id(lb::Value(1)).value()->get("price"), lb::Value(3));
  pen.set("name", "ink pen");
  ASSERT_TRUE(pen.save().has_value());  // replaces the stored record
  lb::Instance copy = *item.find_by_id(lb::Value(1)).value();
  ASSERT_TRUE(item.patch_by_id(lb::Value(1), json(R"({"price": 4})")).has_value());
  ASSERT_TRUE(copy.reload().has_value());
  EXPECT_EQ(copy.to_json(), R"({"name":"ink pen","price":4,"id":1})");
  ASSERT_TRUE(copy.replace_attributes(json(R"({"name": "quill"})")).has_value());
  EXPECT_EQ(copy.to_json(), R"({"name":"quill","id":1})");
  ASSERT_TRUE(copy.destroy().has_value());
  EXPECT_TRUE(copy.is_new_record());
  auto gone = pen.reload();
  ASSERT_FALSE(gone.has_value());
  EXPECT_EQ(gone.error().status(), 404);
  auto patch_gone = pen.patch_attributes(json(R"({"price": 1})"));
  ASSERT_FALSE(patch_gone.has_value());
  EXPECT_EQ(patch_gone.error().status(), 404);
}

TEST_F(ModelTest, DefaultFnGeneratorsHaveTheirFormats) {
  lb::Model& token = define(R"({"name": "Token", "properties": {
      "id": {"type": "string", "id": true, "defaultFn": "uuidv4"},
      "v1": {"type": "string", "defaultFn": "uuid"}, "nano": {"type": "string", "defaultFn": "nanoid"},
      "at": {"type": "date", "defaultFn": "now"}}})");
  const lb::Instance a = token.create(json("{}")).value();
  const lb::Instance b = token.create(json("{}")).value();
  const std::regex v4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  const std::regex v1("^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  EXPECT_TRUE(std::regex_match(a.id().as_string(), v4)) << a.id().as_string();
  EXPECT_TRUE(std::regex_match(a.get("v1").as_string(), v1)) << a.get("v1").as_string();
  EXPECT_TRUE(std::regex_match(a.get("nano").as_string(), std::regex("^[A-Za-z0-9_-]{21}$")));
  EXPECT_TRUE(a.get("at").is_date());
  EXPECT_NE(a.id(), b.id());
  EXPECT_NE(a.get("v1"), b.get("v1"));
  auto unknown = app_.define_model(json(R"({"name": "Odd", "properties": {"k": {"type": "string", "defaultFn": "sparkle"}}})"), "db");
  ASSERT_TRUE(unknown.has_value());
  auto odd = (*unknown)->create(json("{}"));
  ASSERT_FALSE(odd.has_value());
  EXPECT_EQ(odd.error().status(), 400);
}

TEST_F(ModelTest, UpsertPatchesOrCreatesAndRespectsForceId) {
  lb::Model& free_ids = define(R"({"name": "Free", "forceId": false, "properties": {"name": "string", "n": "number"}})");
  EXPECT_EQ(free_ids.upsert(json(R"({"id": 5, "name": "a", "n": 1})")).value().to_json(), R"({"name":"a","n":1,"id":5})");
  EXPECT_EQ(free_ids.upsert(json(R"({"id": 5, "n": 2})")).value().to_json(), R"({"name":"a","n":2,"id":5})");
  EXPECT_EQ(free_ids.replace_or_create(json(R"({"id": 5, "n": 3})")).value().to_json(), R"({"n":3,"id":5})");
  lb::Model& forced = define(R"({"name": "Forced", "properties": {"name": "string"}})");
  auto refused = forced.upsert(json(R"({"id": 7, "name": "x"})"));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().status(), 404);  // forceId: upsert never creates with a given id
  auto moved = forced.create(json(R"({"name": "y"})")).value();
  auto change = forced.patch_by_id(moved.id(), json(R"({"id": 9})"));
  ASSERT_FALSE(change.has_value());
  EXPECT_EQ(change.error().status(), 400);
}

TEST_F(ModelTest, ConcurrentUpsertsOfOneNewIdCreateItOnce) {
  lb::Model& counter = define(R"({"name": "Counter", "forceId": false, "properties": {"n": "number"}})");
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (!counter.upsert(json(R"({"id": 1, "n": 1})")).has_value()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(counter.count().value(), 1);
}

TEST_F(ModelTest, OperationsListTheConnectorsCapabilities) {
  const lb::DataSource& db = *app_.find_data_source("db");
  EXPECT_TRUE(db.supports("create"));
  EXPECT_TRUE(db.supports("near"));
  EXPECT_TRUE(db.supports("beginTransaction"));
  EXPECT_FALSE(db.supports("noSuchOperation"));
  bool listed = false;
  for (const auto& op : db.operations()) listed = listed || (op.name == "findOrCreate" && op.enabled);
  EXPECT_TRUE(listed);
}

TEST_F(ModelTest, AppErrorsNameWhatIsMissing) {
  EXPECT_THROW((void)app_.model("Nope"), lb::Error);
  auto attach = app_.attach("Nope", "db");
  ASSERT_FALSE(attach.has_value());
  EXPECT_EQ(attach.error().status(), 404);
  auto source = app_.add_data_source("x", json(R"({"connector": "mongodb"})"));
  ASSERT_FALSE(source.has_value());
  EXPECT_NE(source.error().message().find("mongodb"), std::string::npos);
  auto again = app_.add_data_source("db", json(R"({"connector": "memory"})"));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().status(), 409);
  ASSERT_TRUE(app_.add_data_source("second", json(R"({"connector": "loopback-connector-memory"})")).has_value());
  EXPECT_EQ(app_.data_source_names(), (std::vector<std::string>{"db", "second"}));
}

}  // namespace

namespace {

TEST_F(ModelTest, PreparedFiltersAreReusableAndBelongToOneModel) {
  lb::Model& item = define(R"({"name": "Item", "properties": {"name": "string", "price": "number"}})");
  lb::Model& other = define(R"({"name": "Other", "properties": {"name": "string"}})");
  const lb::PreparedFilter cheap = item.prepare(R"({"where": {"price": {"lt": 10}}, "order": "name"})").value();
  EXPECT_TRUE(item.find(cheap).value().empty());
  ASSERT_TRUE(item.import(json(R"([{"name": "b", "price": 5}, {"name": "a", "price": 1}, {"name": "c", "price": 50}])").as_array()).has_value());
  EXPECT_EQ(names(item.find(cheap).value()), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(item.find_one(cheap).value()->get("name"), lb::Value("a"));
  EXPECT_EQ(names(item.find(cheap).value()).size(), 2u);  // find_one did not change it
  auto misused = other.find(cheap);
  ASSERT_FALSE(misused.has_value());
  EXPECT_EQ(misused.error().status(), 400);
  auto combined = item.find_by_id(lb::Value(1), cheap);
  ASSERT_FALSE(combined.has_value());
  EXPECT_EQ(combined.error().status(), 400);
}

TEST_F(ModelTest, RepeatedTextQueriesSeeNewData) {
  lb::Model& item = define(R"({"name": "Item", "properties": {"name": "string", "price": "number"}})");
  const char* filter = R"({"where": {"price": {"gt": 1}}})";
  EXPECT_EQ(item.find(filter).value().size(), 0u);
  EXPECT_EQ(item.count(R"({"price": {"gt": 1}})").value(), 0);
  ASSERT_TRUE(item.create(json(R"({"name": "a", "price": 2})")).has_value());
  EXPECT_EQ(item.find(filter).value().size(), 1u);
  EXPECT_EQ(item.count(R"({"price": {"gt": 1}})").value(), 1);
  EXPECT_EQ(item.find(lb::FilterInput::query_string("filter[where][price][gt]=1")).value().size(), 1u);
  // A bad text is an error every time, never a cached success.
  EXPECT_FALSE(item.find(R"({"where": {"price": {"gt": "x"}}})").has_value());
  EXPECT_FALSE(item.find(R"({"where": {"price": {"gt": "x"}}})").has_value());
  // Many distinct texts: the cache stays bounded and answers stay right.
  for (int i = 0; i < 600; ++i) {
    const std::string text = R"({"where": {"price": {"gt": )" + std::to_string(i % 3) + "}}, \"limit\": " +
                             std::to_string(i + 1) + "}";
    ASSERT_EQ(item.find(text).value().size(), i % 3 < 2 ? 1u : 0u) << text;
  }
}

}  // namespace
