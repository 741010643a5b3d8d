// The conformance runner (see conformance.hpp): file loading, the ops, and the
// comparison rules of tests/conformance/README.md.
#include "support/conformance.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "lb/app.hpp"
#include "lb/json.hpp"

namespace lb::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kConformanceDir = fs::path(LB_TEST_DATA) / "conformance";

Value read_json_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  JsonLimits limits;
  limits.max_bytes = 64 << 20;
  return parse_json(text.str(), limits).value();
}

// Dates, GeoPoints and Buffers as their JSON forms, so results compare with files.
Value as_json(const Value& value) {
  JsonLimits limits;
  limits.max_bytes = 64 << 20;
  return parse_json(to_json(value), limits).value();
}

// JSON equality with objects compared as key sets and numbers numerically (lb::Value's
// == compares objects in insertion order, which JSON does not promise). With
// `null_is_absent` (connectors keeping rows in tables), a key one object lacks matches
// a null in the other.
bool json_equal(const Value& a, const Value& b, bool null_is_absent) {
  if (a.is_number() && b.is_number()) return a == b;
  if (a.kind() != b.kind()) return false;
  if (const Array* left = a.if_array()) {
    const Array& right = b.as_array();
    if (left->size() != right.size()) return false;
    for (std::size_t i = 0; i < left->size(); ++i) {
      if (!json_equal((*left)[i], right[i], null_is_absent)) return false;
    }
    return true;
  }
  if (const Object* left = a.if_object()) {
    const Object& right = b.as_object();
    if (!null_is_absent && left->size() != right.size()) return false;
    for (const auto& [key, value] : *left) {
      const Value* other = right.find(key);
      if (other == nullptr) {
        if (null_is_absent && value.is_null()) continue;
        return false;
      }
      if (!json_equal(value, *other, null_is_absent)) return false;
    }
    if (null_is_absent) {
      for (const auto& [key, value] : right) {
        if (left->find(key) == nullptr && !value.is_null()) return false;
      }
    }
    return true;
  }
  return a == b;
}

bool multiset_equal(const Array& a, const Array& b, bool null_is_absent) {
  if (a.size() != b.size()) return false;
  std::vector<bool> used(b.size(), false);
  for (const Value& item : a) {
    bool found = false;
    for (std::size_t i = 0; i < b.size() && !found; ++i) {
      if (!used[i] && json_equal(item, b[i], null_is_absent)) used[i] = found = true;
    }
    if (!found) return false;
  }
  return true;
}

Value ok(Value value) {
  Object result;
  result.push_back("ok", as_json(value));
  return Value(std::move(result));
}

Value error_result(const Error& error) {
  Object body;
  body.push_back("name", error.name());
  body.push_back("message", error.message());
  body.push_back("statusCode", error.status());
  if (!error.loopback_code().empty()) body.push_back("code", error.loopback_code());
  if (!error.details().is_null()) body.push_back("details", as_json(error.details()));
  Object result;
  result.push_back("error", std::move(body));
  return Value(std::move(result));
}

template <typename T, typename F>
Value run(Result<T> result, F&& to_value) {
  if (!result) return error_result(result.error());
  return ok(to_value(*result));
}

const Value& arg(const Object& op, const char* key) {
  static const Value kNull;
  const Value* value = op.find(key);
  return value ? *value : kNull;
}

Value instances_json(const std::vector<Instance>& list) {
  Array rows;
  for (const Instance& instance : list) rows.push_back(instance.to_value());
  return Value(std::move(rows));
}

Value optional_json(const std::optional<Instance>& instance) { return instance ? instance->to_value() : Value(); }

Value count_json(std::int64_t n) { return Value(Object{{"count", n}}); }

// {"op": "related", "id", "relation", "method", "args"}: the relation method of the
// instance with that id, as the oracle calls `instance[relation][method](...args)`.
Value run_related(Model& model, const Object& op) {
  auto found = model.find_by_id(arg(op, "id"));
  if (!found) return error_result(found.error());
  if (!*found) return error_result(not_found("not found"));
  Instance owner = std::move(**found);
  auto accessor = owner.related(arg(op, "relation").as_string());
  if (!accessor) return error_result(accessor.error());
  const std::string method = arg(op, "method").is_string() ? arg(op, "method").as_string() : "find";
  const Array no_args;
  const Array& args = arg(op, "args").is_array() ? arg(op, "args").as_array() : no_args;
  const Value none;
  const Value& a0 = args.size() > 0 ? args[0] : none;
  const Value& a1 = args.size() > 1 ? args[1] : none;
  const auto instance_json = [](const Instance& i) { return i.to_value(); };
  const auto nothing = [](const Status& status) { return status ? Value(Object{{"ok", Value()}}) : error_result(status.error()); };
  if (method == "find") return run(accessor->find(a0), instances_json);
  if (method == "findOne") return run(accessor->find_one(a0), optional_json);
  if (method == "findById") return run(accessor->find_by_id(a0, a1), instance_json);
  if (method == "count") return run(accessor->count(a0), [](std::int64_t n) { return Value(n); });
  if (method == "exists") return run(accessor->exists(a0), [](bool b) { return Value(b); });
  if (method == "create") return run(accessor->create(a0), instance_json);
  if (method == "build") return run(accessor->build(a0), instance_json);
  if (method == "updateById") return run(accessor->update_by_id(a0, a1), instance_json);
  if (method == "updateAll") return run(accessor->update_all(a0, a1), count_json);
  if (method == "destroyAll") return run(accessor->destroy_all(a0), count_json);
  if (method == "destroy")
    return run(accessor->relation().multiple ? accessor->destroy_by_id(a0) : accessor->destroy(), count_json);
  if (method == "add") return run(accessor->add(a0, a1), instance_json);
  if (method == "remove") return nothing(accessor->remove(a0));
  if (method == "get") return run(accessor->get(), optional_json);
  if (method == "update") return run(accessor->update(a0), instance_json);
  return error_result(internal_error("the runner does not know relation method \"" + method + "\""));
}

Value run_op(App& app, const Object& op) {
  const std::string& name = arg(op, "op").as_string();
  Model* model = app.find_model(arg(op, "model").as_string());
  if (model == nullptr) return error_result(not_found("unknown model in case file"));
  const Value& filter = arg(op, "filter");
  const Value& where = arg(op, "where");
  const Value& id = arg(op, "id");
  const Value& data = arg(op, "data");
  if (name == "find") return run(model->find(filter), instances_json);
  if (name == "findOne") return run(model->find_one(filter), optional_json);
  if (name == "findById") return run(model->find_by_id(id, filter), optional_json);
  if (name == "count") return run(model->count(where), [](std::int64_t n) { return Value(n); });
  if (name == "exists") return run(model->exists(id), [](bool b) { return Value(b); });
  if (name == "create") {
    if (data.is_array()) return run(model->create_all(data.as_array()), instances_json);
    return run(model->create(data), [](const Instance& i) { return i.to_value(); });
  }
  const auto instance_json = [](const Instance& i) { return i.to_value(); };
  if (name == "upsert") return run(model->upsert(data), instance_json);
  if (name == "replaceOrCreate") return run(model->replace_or_create(data), instance_json);
  if (name == "upsertWithWhere") return run(model->upsert_with_where(where, data), instance_json);
  if (name == "findOrCreate") {
    return run(model->find_or_create(filter, data), [](const std::pair<Instance, bool>& r) {
      return Value(Array{r.first.to_value(), r.second});
    });
  }
  if (name == "updateAll") return run(model->update_all(where, data), count_json);
  if (name == "destroyAll") return run(model->delete_all(where), count_json);
  if (name == "destroyById") return run(model->delete_by_id(id), count_json);
  if (name == "replaceById") return run(model->replace_by_id(id, data), instance_json);
  if (name == "patchById") return run(model->patch_by_id(id, data), instance_json);
  if (name == "related") return run_related(*model, op);
  return error_result(internal_error("the runner does not know op \"" + name + "\""));
}

bool ordered_op(const Object& op) {
  if (const Value* flag = op.find("ordered")) return flag->is_bool() && flag->as_bool();
  const Value& filter = arg(op, "filter");
  return filter.is_object() && filter.find("order") != nullptr;
}

// Whether `actual` passes for `expected` under the README's rules.
bool result_matches(const Object& op, const Value& expected, const Value& actual, bool null_is_absent) {
  const Value* expected_ok = expected.find("ok");
  const Value* actual_ok = actual.find("ok");
  if ((expected_ok == nullptr) != (actual_ok == nullptr)) return false;
  if (expected_ok != nullptr) {
    if (arg(op, "op").as_string() == "find" && !ordered_op(op) && expected_ok->is_array() && actual_ok->is_array()) {
      return multiset_equal(expected_ok->as_array(), actual_ok->as_array(), null_is_absent);
    }
    return json_equal(*expected_ok, *actual_ok, null_is_absent);
  }
  const Value& want = *expected.find("error");
  const Value& got = *actual.find("error");
  const auto same = [&](const char* key) {
    const Value* a = want.find(key);
    const Value* b = got.find(key);
    if (a == nullptr) return true;
    return b != nullptr && json_equal(*a, *b, false);
  };
  if (want.find("statusCode") == nullptr) return false;  // lb gives every error a status
  if (!same("statusCode") || !same("name")) return false;
  const auto flag = [&](const char* key) {
    const Value* v = op.find(key);
    return v != nullptr && v->is_bool() && v->as_bool();
  };
  if (flag("match_message") && !same("message")) return false;
  if (flag("match_details") && !same("details")) return false;
  return true;
}

// A copy of a file beside the case files, removed when the run ends: lb loads the
// copy, as the oracle did when the expectations were recorded, so the original is
// never written.
struct FileCopy {
  fs::path path;
  FileCopy(const fs::path& case_file, const std::string& relative) {
    path = fs::temp_directory_path() /
           ("lb-conformance-" + std::to_string(::getpid()) + "-" + case_file.filename().string());
    fs::copy_file(kConformanceDir / relative, path, fs::copy_options::overwrite_existing);
  }
  FileCopy(const FileCopy&) = delete;
  FileCopy& operator=(const FileCopy&) = delete;
  ~FileCopy() {
    std::error_code ignored;
    fs::remove(path, ignored);
  }
};

using Definitions = std::vector<std::pair<Value, std::string>>;

// The rows of every model in a memory-connector file, read through a memory data source
// with the same models, as stored (hidden properties and ids included).
Result<std::vector<std::pair<std::string, Array>>> memory_file_rows(const fs::path& file, const Definitions& models) {
  App memory;
  auto source = memory.add_data_source("file", Value(Object{{"connector", "memory"}, {"file", file.string()}}));
  if (!source) return source.error();
  auto defined = memory.registry().define_all(models);
  if (!defined) return defined.error();
  std::vector<std::pair<std::string, Array>> out;
  for (const ModelDefinition* definition : *defined) {
    auto attached = memory.attach(definition->name, "file");
    if (!attached) return attached.error();
    auto bound = (*attached)->bind_filter("{}");
    if (!bound) return bound.error();
    auto rows = (*source)->connector().find(*bound);
    if (!rows) return rows.error();
    Array values;
    for (const Record& row : *rows) values.emplace_back(row.to_object());
    out.emplace_back(definition->name, std::move(values));
  }
  return out;
}

}  // namespace

ConformanceOutcome run_conformance_file(const fs::path& path, const ConformanceTarget& target) {
  const Value file = read_json_file(path);
  App app;
  Object settings = target.settings(path);
  std::optional<FileCopy> copy;
  if (const Value* extra = file.find("settings"); extra && extra->is_object()) {
    for (const auto& [key, value] : extra->as_object()) {
      if (key == "file" && value.is_string() && fs::path(value.as_string()).is_relative()) {
        copy.emplace(path, value.as_string());
        if (!target.import_memory_file) settings.insert_or_assign("file", copy->path.string());
        continue;
      }
      settings.insert_or_assign(key, value);
    }
  }
  auto source = app.add_data_source("db", Value(settings));
  EXPECT_TRUE(source.has_value()) << (source ? "" : source.error().message());
  if (!source) return {};
  Definitions definitions;
  for (const Value& model : file.find("models")->as_array()) definitions.emplace_back(model, path.filename().string());
  auto defined = app.registry().define_all(definitions);
  EXPECT_TRUE(defined.has_value()) << (defined ? "" : defined.error().message());
  if (!defined) return {};
  for (const ModelDefinition* definition : *defined) {
    auto attached = app.attach(definition->name, "db");
    EXPECT_TRUE(attached.has_value()) << (attached ? "" : attached.error().message());
    if (target.migrate) {
      auto migrated = (*source)->automigrate(*definition);
      EXPECT_TRUE(migrated.has_value()) << definition->name << ": " << (migrated ? "" : migrated.error().message());
    }
  }
  Model::ImportOptions load;
  load.validate = false;
  load.batch_size = 1;
  if (copy && target.import_memory_file) {
    auto rows = memory_file_rows(copy->path, definitions);
    EXPECT_TRUE(rows.has_value()) << (rows ? "" : rows.error().message());
    if (!rows) return {};
    for (const auto& [model, values] : *rows) {
      auto loaded = app.model(model).import(values, load);
      EXPECT_TRUE(loaded.has_value()) << model << ": " << (loaded ? "" : loaded.error().message());
    }
  }
  if (const Value* data = file.find("data"); data && data->is_object()) {
    for (const auto& [model, rows] : data->as_object()) {
      auto loaded = app.model(model).import(rows.as_array(), load);
      EXPECT_TRUE(loaded.has_value()) << model << ": " << (loaded ? "" : loaded.error().message());
    }
  }
  ConformanceOutcome outcome;
  const Array& ops = file.find("ops")->as_array();
  const Array& expected = file.find("expected")->as_array();
  EXPECT_EQ(ops.size(), expected.size());
  for (std::size_t i = 0; i < ops.size() && i < expected.size(); ++i) {
    const Object& op = ops[i].as_object();
    const Value* lb_result = op.find("lb");
    const bool differs = op.find("differs") != nullptr;
    const Value& want = differs && lb_result ? *lb_result : expected[i];
    const Value got = run_op(app, op);
    ++outcome.ops;
    outcome.differs += differs ? 1 : 0;
    if (result_matches(op, want, got, target.tables)) {
      ++outcome.passed;
    } else {
      ADD_FAILURE() << path.filename().string() << " op " << i << " \"" << arg(op, "name").to_json()
                    << "\"\n  op:       " << to_json(ops[i]) << "\n  expected: " << to_json(want)
                    << "\n  lb:       " << to_json(got);
    }
  }
  return outcome;
}

std::vector<fs::path> conformance_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kConformanceDir)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".json" && name.find(".case.") == std::string::npos) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string conformance_test_name(const fs::path& file) {
  std::string name = file.stem().string();
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

}  // namespace lb::testing
