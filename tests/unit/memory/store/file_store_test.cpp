// The `file` setting: a file LoopBack wrote (tests/golden/memory/loopback_file.json,
// made by the juggler oracle) loads here, ours is written in LoopBack's format, and
// sections of models never defined are kept.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "lb/filter/bind.hpp"
#include "lb/filter/parse.hpp"
#include "lb/json.hpp"
#include "lb/registry.hpp"
#include "memory/memory_connector.hpp"
#include "support/golden.hpp"

namespace lb::memory {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class FileStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    note_ = registry_.define_json(R"({"name":"Note","properties":{"title":"string","when":"date",
      "where":"geopoint","n":"number","tags":["string"],"done":"boolean"}})").value();
    dir_ = fs::temp_directory_path() / ("lb-memory-file-" + std::to_string(::getpid()) +
                                        "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Connector> open(const std::string& file) {
    ConnectorConfig config;
    config.data_source = "db";
    config.settings = Value(Object{{"file", file}});
    config.base_dir = dir_;
    auto connector = make_memory_connector(config).value();
    connector->define(*note_).value();
    return connector;
  }
  std::vector<Object> all(Connector& connector) {
    const std::vector<Record> records =
        connector.find(filter::bind(filter::parse_filter("{}").value(), *note_, registry_).value()).value();
    std::vector<Object> rows;
    for (const Record& record : records) rows.push_back(record.to_object());
    return rows;
  }

  Registry registry_;
  const ModelDefinition* note_ = nullptr;
  fs::path dir_;
};

TEST_F(FileStoreTest, LoadsALoopBackWrittenFile) {
  fs::copy_file(lb::testing::test_data_path("golden/memory/loopback_file.json"), dir_ / "db.json");
  auto connector = open("db.json");  // relative: resolved against base_dir
  EXPECT_TRUE(connector->capabilities().persistent);
  auto rows = all(*connector);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(Value(rows[0]).to_json(),
            R"({"title":"first","when":"2024-01-10T10:00:00.000Z","where":{"lat":40.7,"lng":-74},"n":1.5,)"
            R"("tags":["a"],"done":true,"id":1})");
  EXPECT_TRUE(rows[0].find("when")->is_date());
  EXPECT_TRUE(rows[0].find("where")->is_geo_point());
  // The counter comes from "ids".
  EXPECT_EQ(connector->create(*note_, {{"title", "next"}}).value().find("id")->to_json(), "11");
}

TEST_F(FileStoreTest, WritesLoopBackFormatAndKeepsUnknownModels) {
  fs::copy_file(lb::testing::test_data_path("golden/memory/loopback_file.json"), dir_ / "db.json");
  auto connector = open("db.json");
  connector->create(*note_, {{"title", "third"}, {"when", Date{0}}, {"where", GeoPoint{1.5, 2}}}).value();
  auto file = parse_json(read(dir_ / "db.json")).value();
  EXPECT_EQ(file.find("ids")->to_json(), R"({"Note":12,"Other":2})");
  const Value* notes = file.find("models")->find("Note");
  ASSERT_TRUE(notes);
  EXPECT_EQ(notes->find("11")->as_string(),
            R"({"title":"third","when":"1970-01-01T00:00:00.000Z","where":{"lat":1.5,"lng":2},"id":11})");
  EXPECT_EQ(notes->find("1")->as_string(),
            R"({"title":"first","when":"2024-01-10T10:00:00.000Z","where":{"lat":40.7,"lng":-74},"n":1.5,"tags":["a"],"done":true,"id":1})");
  // "Other" is never defined here, and survives the rewrite untouched.
  EXPECT_EQ(file.find("models")->find("Other")->to_json(), R"({"1":"{\"x\":\"keep me\",\"id\":1}"})");
  // No temporary file is left behind.
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir_)) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST_F(FileStoreTest, RoundTripThroughANewConnector) {
  {
    auto connector = open((dir_ / "fresh.json").string());  // absolute path; no file yet
    EXPECT_TRUE(all(*connector).empty());
    connector->create(*note_, {{"title", "a"}, {"tags", Value(Array{"x", "y"})}, {"done", false}}).value();
    connector->create(*note_, {{"title", "b"}, {"n", 2}}).value();
    auto first = Value(1);
    connector->update_by_id(*note_, first, {{"n", 7.25}}, WriteMode::Patch).value();
    auto b = filter::bind_where(filter::parse_where(R"({"title":"b"})").value(), *note_, registry_).value();
    EXPECT_EQ(connector->delete_all(*note_, &b).value(), 1);
  }
  auto reopened = open("fresh.json");
  auto rows = all(*reopened);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(Value(rows[0]).to_json(), R"({"title":"a","n":7.25,"tags":["x","y"],"done":false,"id":1})");
  EXPECT_EQ(reopened->create(*note_, {{"title", "c"}}).value().find("id")->to_json(), "3");
}

TEST_F(FileStoreTest, BadFilesAndSettingsAre400) {
  std::ofstream(dir_ / "bad.json") << "{not json";
  ConnectorConfig config;
  config.settings = Value(Object{{"file", "bad.json"}});
  config.base_dir = dir_;
  auto bad = make_memory_connector(config);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().status(), 400);
  config.settings = Value(Object{{"file", 3}});
  auto wrong = make_memory_connector(config);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().status(), 400);
}

}  // namespace
}  // namespace lb::memory
