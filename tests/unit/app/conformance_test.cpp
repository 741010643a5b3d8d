// Runs the conformance files (tests/conformance/*.json, recorded from the reference
// LoopBack ORM) against lb's memory connector: one test per file, one check per op,
// compared by the rules in tests/conformance/README.md.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "lb/app.hpp"
#include "lb/json.hpp"

namespace {

namespace fs = std::filesystem;

const fs::path kConformanceDir = fs::path(LB_TEST_DATA) / "conformance";

lb::Value read_json_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  lb::JsonLimits limits;
  limits.max_bytes = 64 << 20;
  return lb::parse_json(text.str(), limits).value();
}

// Dates, GeoPoints and Buffers as their JSON forms, so results compare with files.
lb::Value as_json(const lb::Value& value) {
  lb::JsonLimits limits;
  limits.max_bytes = 64 << 20;
  return lb::parse_json(lb::to_json(value), limits).value();
}

// JSON equality with objects compared as key sets and numbers numerically (lb::Value's
// == compares objects in insertion order, which JSON does not promise).
bool json_equal(const lb::Value& a, const lb::Value& b) {
  if (a.is_number() && b.is_number()) return a == b;
  if (a.kind() != b.kind()) return false;
  if (const lb::Array* left = a.if_array()) {
    const lb::Array& right = b.as_array();
    if (left->size() != right.size()) return false;
    for (std::size_t i = 0; i < left->size(); ++i) {
      if (!json_equal((*left)[i], right[i])) return false;
    }
    return true;
  }
  if (const lb::Object* left = a.if_object()) {
    const lb::Object& right = b.as_object();
    if (left->size() != right.size()) return false;
    for (const auto& [key, value] : *left) {
      const lb::Value* other = right.find(key);
      if (other == nullptr || !json_equal(value, *other)) return false;
    }
    return true;
  }
  return a == b;
}

bool multiset_equal(const lb::Array& a, const lb::Array& b) {
  if (a.size() != b.size()) return false;
  std::vector<bool> used(b.size(), false);
  for (const lb::Value& item : a) {
    bool found = false;
    for (std::size_t i = 0; i < b.size() && !found; ++i) {
      if (!used[i] && json_equal(item, b[i])) used[i] = found = true;
    }
    if (!found) return false;
  }
  return true;
}

lb::Value ok(lb::Value value) {
  lb::Object result;
  result.push_back("ok", as_json(value));
  return lb::Value(std::move(result));
}

lb::Value error_result(const lb::Error& error) {
  lb::Object body;
  body.push_back("name", error.name());
  body.push_back("message", error.message());
  body.push_back("statusCode", error.status());
  if (!error.loopback_code().empty()) body.push_back("code", error.loopback_code());
  if (!error.details().is_null()) body.push_back("details", as_json(error.details()));
  lb::Object result;
  result.push_back("error", std::move(body));
  return lb::Value(std::move(result));
}

template <typename T, typename F>
lb::Value run(lb::Result<T> result, F&& to_value) {
  if (!result) return error_result(result.error());
  return ok(to_value(*result));
}

const lb::Value& arg(const lb::Object& op, const char* key) {
  static const lb::Value kNull;
  const lb::Value* value = op.find(key);
  return value ? *value : kNull;
}

lb::Value instances_json(const std::vector<lb::Instance>& list) {
  lb::Array rows;
  for (const lb::Instance& instance : list) rows.push_back(instance.to_value());
  return lb::Value(std::move(rows));
}

lb::Value optional_json(const std::optional<lb::Instance>& instance) {
  return instance ? instance->to_value() : lb::Value();
}

lb::Value count_json(std::int64_t n) { return lb::Value(lb::Object{{"count", n}}); }

lb::Value run_op(lb::App& app, const lb::Object& op) {
  const std::string& name = arg(op, "op").as_string();
  lb::Model* model = app.find_model(arg(op, "model").as_string());
  if (model == nullptr) return error_result(lb::not_found("unknown model in case file"));
  const lb::Value& filter = arg(op, "filter");
  const lb::Value& where = arg(op, "where");
  const lb::Value& id = arg(op, "id");
  const lb::Value& data = arg(op, "data");
  if (name == "find") return run(model->find(filter), instances_json);
  if (name == "findOne") return run(model->find_one(filter), optional_json);
  if (name == "findById") return run(model->find_by_id(id, filter), optional_json);
  if (name == "count") return run(model->count(where), [](std::int64_t n) { return lb::Value(n); });
  if (name == "exists") return run(model->exists(id), [](bool b) { return lb::Value(b); });
  if (name == "create") {
    if (data.is_array()) return run(model->create_all(data.as_array()), instances_json);
    return run(model->create(data), [](const lb::Instance& i) { return i.to_value(); });
  }
  const auto instance_json = [](const lb::Instance& i) { return i.to_value(); };
  if (name == "upsert") return run(model->upsert(data), instance_json);
  if (name == "replaceOrCreate") return run(model->replace_or_create(data), instance_json);
  if (name == "upsertWithWhere") return run(model->upsert_with_where(where, data), instance_json);
  if (name == "findOrCreate") {
    return run(model->find_or_create(filter, data), [](const std::pair<lb::Instance, bool>& r) {
      return lb::Value(lb::Array{r.first.to_value(), r.second});
    });
  }
  if (name == "updateAll") return run(model->update_all(where, data), count_json);
  if (name == "destroyAll") return run(model->delete_all(where), count_json);
  if (name == "destroyById") return run(model->delete_by_id(id), count_json);
  if (name == "replaceById") return run(model->replace_by_id(id, data), instance_json);
  if (name == "patchById") return run(model->patch_by_id(id, data), instance_json);
  return error_result(lb::internal_error("the runner does not know op \"" + name + "\""));
}

bool ordered_op(const lb::Object& op) {
  if (const lb::Value* flag = op.find("ordered")) return flag->is_bool() && flag->as_bool();
  const lb::Value& filter = arg(op, "filter");
  return filter.is_object() && filter.find("order") != nullptr;
}

// Whether `actual` passes for `expected` under the README's rules.
bool result_matches(const lb::Object& op, const lb::Value& expected, const lb::Value& actual) {
  const lb::Value* expected_ok = expected.find("ok");
  const lb::Value* actual_ok = actual.find("ok");
  if ((expected_ok == nullptr) != (actual_ok == nullptr)) return false;
  if (expected_ok != nullptr) {
    if (arg(op, "op").as_string() == "find" && !ordered_op(op) && expected_ok->is_array() &&
        actual_ok->is_array()) {
      return multiset_equal(expected_ok->as_array(), actual_ok->as_array());
    }
    return json_equal(*expected_ok, *actual_ok);
  }
  const lb::Value& want = *expected.find("error");
  const lb::Value& got = *actual.find("error");
  const auto same = [&](const char* key) {
    const lb::Value* a = want.find(key);
    const lb::Value* b = got.find(key);
    if (a == nullptr) return true;
    return b != nullptr && json_equal(*a, *b);
  };
  if (want.find("statusCode") == nullptr) return false;  // lb gives every error a status
  if (!same("statusCode") || !same("name")) return false;
  const auto flag = [&](const char* key) {
    const lb::Value* v = op.find(key);
    return v != nullptr && v->is_bool() && v->as_bool();
  };
  if (flag("match_message") && !same("message")) return false;
  if (flag("match_details") && !same("details")) return false;
  return true;
}

struct FileOutcome {
  int ops = 0;
  int passed = 0;
  int differs = 0;
};

FileOutcome run_file(const fs::path& path) {
  const lb::Value file = read_json_file(path);
  lb::App app;
  lb::Object settings{{"connector", "memory"}};
  if (const lb::Value* extra = file.find("settings"); extra && extra->is_object()) {
    for (const auto& [key, value] : extra->as_object()) settings.insert_or_assign(key, value);
  }
  // A relative settings.file names a file beside the case files; lb loads a copy of it,
  // as the oracle did when the expectations were recorded, so the original is never
  // written.
  fs::path data_copy;
  if (const lb::Value* data_file = settings.find("file"); data_file && data_file->is_string() &&
                                                          fs::path(data_file->as_string()).is_relative()) {
    data_copy = fs::temp_directory_path() /
                ("lb-conformance-" + std::to_string(::getpid()) + "-" + path.filename().string());
    fs::copy_file(kConformanceDir / data_file->as_string(), data_copy, fs::copy_options::overwrite_existing);
    settings.insert_or_assign("file", data_copy.string());
  }
  struct RemoveCopy {
    fs::path path;
    ~RemoveCopy() {
      std::error_code ignored;
      if (!path.empty()) fs::remove(path, ignored);
    }
  } remove_copy{data_copy};
  EXPECT_TRUE(app.add_data_source("db", lb::Value(settings)).has_value());
  std::vector<std::pair<lb::Value, std::string>> definitions;
  for (const lb::Value& model : file.find("models")->as_array()) {
    definitions.emplace_back(model, path.filename().string());
  }
  auto defined = app.registry().define_all(definitions);
  EXPECT_TRUE(defined.has_value()) << (defined ? "" : defined.error().message());
  if (!defined) return {};
  for (const lb::ModelDefinition* definition : *defined) {
    auto attached = app.attach(definition->name, "db");
    EXPECT_TRUE(attached.has_value()) << (attached ? "" : attached.error().message());
  }
  if (const lb::Value* data = file.find("data"); data && data->is_object()) {
    for (const auto& [model, rows] : data->as_object()) {
      lb::Model::ImportOptions load;
      load.validate = false;
      load.batch_size = 1;
      auto loaded = app.model(model).import(rows.as_array(), load);
      EXPECT_TRUE(loaded.has_value()) << model << ": " << (loaded ? "" : loaded.error().message());
    }
  }
  FileOutcome outcome;
  const lb::Array& ops = file.find("ops")->as_array();
  const lb::Array& expected = file.find("expected")->as_array();
  EXPECT_EQ(ops.size(), expected.size());
  for (std::size_t i = 0; i < ops.size() && i < expected.size(); ++i) {
    const lb::Object& op = ops[i].as_object();
    const lb::Value* lb_result = op.find("lb");
    const bool differs = op.find("differs") != nullptr;
    const lb::Value& want = differs && lb_result ? *lb_result : expected[i];
    const lb::Value got = run_op(app, op);
    ++outcome.ops;
    outcome.differs += differs ? 1 : 0;
    if (result_matches(op, want, got)) {
      ++outcome.passed;
    } else {
      ADD_FAILURE() << path.filename().string() << " op " << i << " \"" << arg(op, "name").to_json()
                    << "\"\n  op:       " << lb::to_json(ops[i]) << "\n  expected: " << lb::to_json(want)
                    << "\n  lb:       " << lb::to_json(got);
    }
  }
  return outcome;
}

std::vector<fs::path> conformance_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kConformanceDir)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".json" && name.find(".case.") == std::string::npos) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

class Conformance : public testing::TestWithParam<fs::path> {};

TEST_P(Conformance, MemoryConnectorMatchesTheRecordedResults) {
  const FileOutcome outcome = run_file(GetParam());
  RecordProperty("ops", outcome.ops);
  RecordProperty("passed", outcome.passed);
  std::cout << "[conformance] " << GetParam().filename().string() << ": " << outcome.passed << "/"
            << outcome.ops << " ops pass (" << outcome.differs << " marked differs)\n";
  EXPECT_GT(outcome.ops, 0);
}

INSTANTIATE_TEST_SUITE_P(Files, Conformance, testing::ValuesIn(conformance_files()),
                         [](const testing::TestParamInfo<fs::path>& info) {
                           std::string name = info.param.stem().string();
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
