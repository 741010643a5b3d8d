// App::boot over the fixture applications in tests/golden/app/: each golden case boots
// one directory (optionally with NODE_ENV=...) and prints what it got, or the error;
// plus the loopback-boot rules it is built from (merging, names, placeholders).
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>

#include "boot/config_merge.hpp"
#include "boot/config_variables.hpp"
#include "boot/model_sources.hpp"
#include "lb/app.hpp"
#include "lb/json.hpp"
#include "support/golden.hpp"

namespace {

// Sets or clears an environment variable for the life of the guard.
class EnvGuard {
 public:
  EnvGuard(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  ~EnvGuard() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }
  EnvGuard(const EnvGuard&) = delete;
  EnvGuard& operator=(const EnvGuard&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// Data sources the fixtures define (App has no listing of them).
constexpr const char* kDataSourceNames[] = {"db", "audit", "cache", "extra"};

std::string describe(const lb::App& app) {
  std::ostringstream out;
  out << "attached:\n";
  for (const auto& name : app.model_names())
    out << "  " << name << " -> " << app.model(name).data_source().name() << "\n";
  out << "defined:\n";
  for (const auto& name : app.registry().names()) {
    const lb::ModelDefinition* model = app.registry().find(name);
    if (model->source == "built-in") continue;
    out << "  " << name << " (" << model->source;
    if (!model->base.empty() && model->base != "PersistedModel") out << ", base " << model->base;
    out << ")" << (app.find_model(name) ? "" : " not attached") << "\n";
  }
  out << "data sources:\n";
  for (const char* name : kDataSourceNames)
    if (const lb::DataSource* source = app.find_data_source(name))
      out << "  " << name << " " << lb::to_json(source->settings()) << "\n";
  return out.str();
}

// Input: "DIR [NODE_ENV=env]", DIR relative to tests/golden/app.
std::string boot_case(const std::string& input) {
  std::istringstream words(input);
  std::string dir, env;
  words >> dir >> env;
  std::optional<std::string> node_env;
  if (env.starts_with("NODE_ENV=")) node_env = env.substr(9);
  EnvGuard node_env_guard("NODE_ENV", node_env ? node_env->c_str() : nullptr);
  EnvGuard url_guard("LB_BOOT_TEST_URL", "memory://cache");
  EnvGuard unset_guard("LB_BOOT_TEST_UNSET", nullptr);
  // Messages name paths as given, so boot from the fixtures' parent directory.
  const std::string root = lb::testing::test_data_path("golden/app");
  const std::string path = dir.starts_with("/") ? dir : root + "/" + dir;
  auto app = lb::App::boot(path);
  if (!app) {
    std::string message = lb::to_json(app.error().to_value());
    for (auto at = message.find(root); at != std::string::npos; at = message.find(root))
      message.replace(at, root.size(), "$FIXTURES");
    return message;
  }
  std::string text = describe(*app);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

TEST(Boot, GoldenApplications) { lb::testing::run_golden_file("golden/app/boot.txt", boot_case); }

TEST(Boot, BootedModelsRunQueries) {
  EnvGuard node_env("NODE_ENV", nullptr);
  auto app = lb::App::boot(lb::testing::test_data_path("golden/app/flat"));
  ASSERT_TRUE(app) << app.error().message();
  auto& book = app->model("Book");
  ASSERT_TRUE(book.create(lb::Value(lb::Object{{"title", "Dune"}, {"authorId", 1}})));
  auto count = book.count();
  ASSERT_TRUE(count) << count.error().message();
  EXPECT_EQ(*count, 1);
  // Attaching happened per model-config entry, so Author is queryable too.
  EXPECT_TRUE(app->model("Author").find());
}

TEST(Boot, MissingDirectoryIs404NamingIt) {
  auto app = lb::App::boot("/nonexistent/app");
  ASSERT_FALSE(app);
  EXPECT_EQ(app.error().status(), 404);
  EXPECT_EQ(app.error().message(), "application directory not found: /nonexistent/app");
}

// --- loopback-boot's rules, one by one ---

lb::Value json(const char* text) { return lb::parse_json(text).value(); }

TEST(ConfigMerge, ObjectsMergeKeyByKey) {
  lb::Value target = json(R"({"db":{"host":"a","port":1,"opts":{"x":1}},"keep":true})");
  ASSERT_TRUE(lb::boot::merge_config(target, json(R"({"db":{"host":"b","opts":{"y":2}},"new":{}})"), "f.json"));
  EXPECT_EQ(lb::to_json(target), R"({"db":{"host":"b","port":1,"opts":{"x":1,"y":2}},"keep":true,"new":{}})");
}

TEST(ConfigMerge, ArraysMergeElementwise) {
  lb::Value target = json(R"({"a":[1,{"k":1}]})");
  ASSERT_TRUE(lb::boot::merge_config(target, json(R"({"a":[2,{"j":2}]})"), "f.json"));
  EXPECT_EQ(lb::to_json(target), R"({"a":[2,{"k":1,"j":2}]})");
}

TEST(ConfigMerge, NullReplacesAnObjectButNotAScalar) {
  lb::Value target = json(R"({"a":{"k":1},"b":null})");
  ASSERT_TRUE(lb::boot::merge_config(target, json(R"({"a":null,"b":{"k":2}})"), "f.json"));
  EXPECT_EQ(lb::to_json(target), R"({"a":null,"b":{"k":2}})");
  auto scalar = json(R"({"port":1})");
  auto status = lb::boot::merge_config(scalar, json(R"({"port":null})"), "f.json");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message(), "f.json: cannot merge values of incompatible types for `port`");
  EXPECT_EQ(status.error().status(), 400);
}

TEST(ConfigMerge, ScalarsReplaceScalarsOfAnyKind) {
  lb::Value target = json(R"({"port":1})");
  ASSERT_TRUE(lb::boot::merge_config(target, json(R"({"port":"2"})"), "f.json"));
  EXPECT_EQ(lb::to_json(target), R"({"port":"2"})");
}

TEST(ConfigMerge, ArrayForScalarIsRefused) {
  lb::Value target = json(R"({"a":{"b":"x"}})");
  auto status = lb::boot::merge_config(target, json(R"({"a":{"b":["x"]}})"), "f.json");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message(), "f.json: cannot merge values of incompatible types for `a.b`");
}

TEST(ModelNames, FromFileNamesAsLoopBackBoot) {
  EXPECT_EQ(lb::boot::model_name_from_file("item"), "Item");
  EXPECT_EQ(lb::boot::model_name_from_file("order-line"), "OrderLine");
  EXPECT_EQ(lb::boot::model_name_from_file("order_line"), "OrderLine");
  EXPECT_EQ(lb::boot::model_name_from_file("orderLine"), "OrderLine");
  EXPECT_EQ(lb::boot::model_name_from_file("XMLHttpRequest"), "XmlHttpRequest");
  EXPECT_EQ(lb::boot::model_name_from_file("v2-item"), "V2Item");
}

TEST(ConfigVariables, WholeStringPlaceholdersOnly) {
  auto lookup = [](std::string_view name) -> std::optional<std::string> {
    if (name == "HOST") return "db.local";
    return std::nullopt;
  };
  const lb::Value resolved = lb::boot::resolve_variables(
      json(R"({"host":"${HOST}","user":"${USER_UNSET}","url":"pg://${HOST}","list":["${HOST}","${NOPE}"],"n":1})"),
      lookup);
  EXPECT_EQ(lb::to_json(resolved), R"({"host":"db.local","url":"pg://${HOST}","list":["db.local",null],"n":1})");
}

}  // namespace
