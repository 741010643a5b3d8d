// The conformance runner (see conformance.hpp): file loading, the ops, and the
// comparison rules of tests/conformance/README.md.
#include "support/conformance.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "lb/app.hpp"
#include "lb/hooks.hpp"
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

// Finds the instance a "related" or "embedded" op names (a 404 when there is none) and
// calls `call(accessor, method, a0, a1)`: its relation's accessor, the method name (the
// default when the op names none) and the method's first two arguments.
template <typename Call>
Value with_relation(Model& model, const Object& op, const Options& options, const char* default_method, Call call) {
  auto found = model.find_by_id(arg(op, "id"), {}, options);
  if (!found) return error_result(found.error());
  if (!*found) return error_result(not_found("not found"));
  Instance owner = std::move(**found);
  auto accessor = owner.related(arg(op, "relation").as_string());  // refers to `owner`
  if (!accessor) return error_result(accessor.error());
  const std::string method = arg(op, "method").is_string() ? arg(op, "method").as_string() : default_method;
  const Array no_args;
  const Array& args = arg(op, "args").is_array() ? arg(op, "args").as_array() : no_args;
  const Value none;
  return call(&*accessor, method, args.size() > 0 ? args[0] : none, args.size() > 1 ? args[1] : none);
}

Value related_method(RelationAccessor* accessor, const std::string& method, const Value& a0, const Value& a1,
                    const Options& options) {
  const auto instance_json = [](const Instance& i) { return i.to_value(); };
  const auto nothing = [](const Status& status) { return status ? Value(Object{{"ok", Value()}}) : error_result(status.error()); };
  if (method == "find") return run(accessor->find(a0, options), instances_json);
  if (method == "findOne") return run(accessor->find_one(a0, options), optional_json);
  if (method == "findById") return run(accessor->find_by_id(a0, a1, options), instance_json);
  if (method == "count") return run(accessor->count(a0, options), [](std::int64_t n) { return Value(n); });
  if (method == "exists") return run(accessor->exists(a0, options), [](bool b) { return Value(b); });
  if (method == "create") return run(accessor->create(a0, options), instance_json);
  if (method == "build") return run(accessor->build(a0), instance_json);
  if (method == "updateById") return run(accessor->update_by_id(a0, a1, options), instance_json);
  if (method == "updateAll") return run(accessor->update_all(a0, a1, options), count_json);
  if (method == "destroyAll") return run(accessor->destroy_all(a0, options), count_json);
  if (method == "destroy")
    return run(accessor->relation().multiple ? accessor->destroy_by_id(a0, options) : accessor->destroy(options),
               count_json);
  if (method == "add") return run(accessor->add(a0, a1, options), instance_json);
  if (method == "remove") return nothing(accessor->remove(a0, options));
  if (method == "get") return run(accessor->get(options), optional_json);
  if (method == "update") return run(accessor->update(a0, options), instance_json);
  return error_result(internal_error("the runner does not know relation method \"" + method + "\""));
}

// {"op": "related", "id", "relation", "method", "args"}: the relation method of the
// instance with that id, as the oracle calls `instance[relation][method](...args)`.
Value run_related(Model& model, const Object& op, const Options& options) {
  return with_relation(model, op, options, "find", [&](RelationAccessor* accessor, const std::string& method, const Value& a0, const Value& a1) {
    return related_method(accessor, method, a0, a1, options);
  });
}

Value embedded_method(RelationAccessor* accessor, const std::string& method, const Value& a0, const Value& a1,
                    const Options& options) {
  const auto instance_json = [](const Instance& i) { return i.to_value(); };
  const auto null_json = [](std::int64_t) { return Value(); };
  if (method == "get") return run(accessor->get(options), optional_json);
  if (method == "find") return run(accessor->find(a0, options), instances_json);
  if (method == "findById") return run(accessor->find_by_id(a0, {}, options), instance_json);
  if (method == "exists") return run(accessor->exists(a0, options), [](bool b) { return Value(b); });
  if (method == "count") return run(accessor->count(a0, options), [](std::int64_t n) { return Value(n); });
  if (method == "at") {
    const std::int64_t index = a0.is_integer() ? a0.as_integer() : -1;
    return run(accessor->at(index), optional_json);
  }
  if (method == "create") return run(accessor->create(a0, options), instance_json);
  if (method == "build") return run(accessor->build(a0), instance_json);
  if (method == "update") return run(accessor->update(a0, options), instance_json);
  if (method == "updateById") return run(accessor->update_by_id(a0, a1, options), instance_json);
  if (method == "destroy") return run(accessor->destroy(options), null_json);
  if (method == "destroyById") return run(accessor->destroy_by_id(a0, options), null_json);
  if (method == "destroyAll") return run(accessor->destroy_all(a0, options), null_json);
  return error_result(internal_error("the runner does not know embedded method \"" + method + "\""));
}

// {"op": "embedded", "id", "relation", "method", "args"}: an embedsOne / embedsMany
// method of the instance with that id, as the oracle calls it with a callback. Results
// take LoopBack's shapes: destroy, destroyById and destroyAll give null.
Value run_embedded(Model& model, const Object& op, const Options& options) {
  return with_relation(model, op, options, "get", [&](RelationAccessor* accessor, const std::string& method, const Value& a0, const Value& a1) {
    return embedded_method(accessor, method, a0, a1, options);
  });
}

// {"op": "save" | "replaceAttributes" | "destroy", "id", "data"}: the instance method on
// the instance with that id, as the oracle finds it (a 404 when there is none); "save"
// first sets each property of "data" on it, or without an "id" saves a new instance
// built from "data". "destroy" returns null.
Value run_instance_method(Model& model, const Object& op, const Options& options) {
  const std::string& method = arg(op, "op").as_string();
  const Value& data = arg(op, "data");
  std::optional<Instance> instance;
  if (method == "save" && op.find("id") == nullptr) {
    auto built = model.build(data.is_null() ? Value(Object{}) : data);
    if (!built) return error_result(built.error());
    instance.emplace(std::move(*built));
  } else {
    auto found = model.find_by_id(arg(op, "id"), {}, options);
    if (!found) return error_result(found.error());
    if (!*found) return error_result(not_found("not found"));
    instance.emplace(std::move(**found));
  }
  Status status;
  if (method == "save") {
    if (op.find("id") != nullptr && data.is_object()) {
      for (const auto& [key, value] : data.as_object()) instance->set(key, value);
    }
    status = instance->save(options);
  } else if (method == "replaceAttributes") {
    status = instance->replace_attributes(data, options);
  } else {
    status = instance->destroy(options);
    if (status) return Value(Object{{"ok", Value()}});
  }
  if (!status) return error_result(status.error());
  return ok(instance->to_value());
}

Value run_op(App& app, const Object& op, const Options& options) {
  const std::string& name = arg(op, "op").as_string();
  Model* model = app.find_model(arg(op, "model").as_string());
  if (model == nullptr) return error_result(not_found("unknown model in case file"));
  const Value& filter = arg(op, "filter");
  const Value& where = arg(op, "where");
  const Value& id = arg(op, "id");
  const Value& data = arg(op, "data");
  if (name == "find") return run(model->find(filter, options), instances_json);
  if (name == "findOne") return run(model->find_one(filter, options), optional_json);
  if (name == "findById") return run(model->find_by_id(id, filter, options), optional_json);
  if (name == "count") return run(model->count(where, options), [](std::int64_t n) { return Value(n); });
  if (name == "exists") return run(model->exists(id, options), [](bool b) { return Value(b); });
  if (name == "create") {
    if (data.is_array()) return run(model->create_all(data.as_array(), options), instances_json);
    return run(model->create(data, options), [](const Instance& i) { return i.to_value(); });
  }
  const auto instance_json = [](const Instance& i) { return i.to_value(); };
  if (name == "upsert") return run(model->upsert(data, options), instance_json);
  if (name == "replaceOrCreate") return run(model->replace_or_create(data, options), instance_json);
  if (name == "upsertWithWhere") return run(model->upsert_with_where(where, data, options), instance_json);
  if (name == "findOrCreate") {
    return run(model->find_or_create(filter, data, options), [](const std::pair<Instance, bool>& r) {
      return Value(Array{r.first.to_value(), r.second});
    });
  }
  if (name == "updateAll") return run(model->update_all(where, data, options), count_json);
  if (name == "destroyAll") return run(model->delete_all(where, options), count_json);
  if (name == "destroyById") return run(model->delete_by_id(id, options), count_json);
  if (name == "replaceById") return run(model->replace_by_id(id, data, options), instance_json);
  if (name == "patchById") return run(model->patch_by_id(id, data, options), instance_json);
  if (name == "save" || name == "replaceAttributes" || name == "destroy") {
    return run_instance_method(*model, op, options);
  }
  if (name == "related") return run_related(*model, op, options);
  if (name == "embedded") return run_embedded(*model, op, options);
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

// --- Hooks (README, "Hooks") -----------------------------------------------------------
// The same observers tests/conformance/oracle/hooks.js registers: on every model of the
// case and for every hook point, a recorder first, then one observer per entry of the
// case's "observers", then one per entry of each op's "observers" (acting only while that
// op runs). The recorder writes {"model", "hook", "ctx"} while an op with "hooks": true
// runs, for operations on the model it is registered on (a base model's observers also
// fire for its subclasses).

struct HookRecording {
  std::size_t op_index = 0;  // the op running now
  bool recording = false;
  Array entries;
  // While an op with "transaction": true runs: its transaction, which every hook's
  // ctx.options must carry, and the hooks that did not ("Item before save").
  const Transaction* transaction = nullptr;
  std::vector<std::string> without_transaction;
};

// The ctx keys LoopBack's ctx has, as JSON (instances through toJSON).
Value hook_snapshot(const HookContext& ctx) {
  Object out;
  if (ctx.query != nullptr) out.push_back("query", as_json(*ctx.query));
  if (ctx.where != nullptr) out.push_back("where", as_json(*ctx.where));
  if (ctx.instance != nullptr) out.push_back("instance", as_json(ctx.instance->to_value()));
  if (ctx.data != nullptr) out.push_back("data", as_json(Value(*ctx.data)));
  if (ctx.current_instance != nullptr) out.push_back("currentInstance", as_json(ctx.current_instance->to_value()));
  if (ctx.is_new_instance) out.push_back("isNewInstance", *ctx.is_new_instance);
  if (ctx.info != nullptr) out.push_back("info", as_json(Value(*ctx.info)));
  if (!ctx.hook_state.empty()) out.push_back("hookState", as_json(Value(ctx.hook_state)));
  return Value(std::move(out));
}

// {"and": [old, extra]}, or extra alone when old is absent or an empty object.
Value and_where(const Value* old, const Value& extra) {
  if (old == nullptr || old->is_null() || (old->is_object() && old->as_object().empty())) return extra;
  return Value(Object{{"and", Array{*old, extra}}});
}

ErrorCode error_code_for(std::int64_t status) {
  switch (status) {
    case 400: return ErrorCode::InvalidInput;
    case 401: return ErrorCode::Unauthorized;
    case 403: return ErrorCode::Forbidden;
    case 404: return ErrorCode::NotFound;
    case 409: return ErrorCode::Conflict;
    case 422: return ErrorCode::Validation;
    case 503: return ErrorCode::Unavailable;
    default: return ErrorCode::Internal;
  }
}

// What one declared observer does ({"set"}, {"where"}, {"fail"} or {"state"}); an error
// in the declaration comes back as a 500 naming it, so the op fails visibly.
Status act(const Object& observer, HookContext& ctx) {
  const std::string hook(hook_point_name(ctx.point));
  if (const Value* fail = observer.find("fail")) {
    const Value* status = fail->find("statusCode");
    const Value* message = fail->find("message");
    const Value* name = fail->find("name");
    return Error(error_code_for(status && status->is_integer() ? status->as_integer() : 500),
                 message && message->is_string() ? message->as_string() : "hook failed",
                 name && name->is_string() ? name->as_string() : "Error");
  }
  if (const Value* state = observer.find("state")) {
    for (const auto& [key, value] : state->as_object()) ctx.hook_state.insert_or_assign(key, value);
    return {};
  }
  if (const Value* set = observer.find("set")) {
    if (ctx.instance == nullptr && ctx.data == nullptr) {
      return internal_error("conformance: \"set\" on a " + hook + " ctx with neither instance nor data");
    }
    for (const auto& [key, value] : set->as_object()) {
      if (ctx.instance != nullptr) {
        ctx.instance->set(key, value);
      } else {
        ctx.data->insert_or_assign(key, value);
      }
    }
    return {};
  }
  if (const Value* where = observer.find("where")) {
    if (ctx.query != nullptr) {
      if (ctx.query->is_null()) *ctx.query = Value(Object{});
      Object* query = ctx.query->if_object();
      if (query == nullptr) return internal_error("conformance: the " + hook + " ctx's query is not an object");
      query->insert_or_assign("where", and_where(query->find("where"), *where));
      return {};
    }
    if (ctx.where != nullptr) {
      *ctx.where = and_where(ctx.where, *where);
      return {};
    }
    return internal_error("conformance: \"where\" on a " + hook + " ctx with neither query nor where");
  }
  return internal_error("conformance: an observer needs one of set, where, fail, state");
}

bool uses_hooks(const Value& file) {
  const Value* observers = file.find("observers");
  if (observers != nullptr && observers->is_array() && !observers->as_array().empty()) return true;
  for (const Value& op : file.find("ops")->as_array()) {
    const Value* hooks = op.find("hooks");
    const Value* own = op.find("observers");
    if (hooks != nullptr && hooks->is_bool() && hooks->as_bool()) return true;
    if (own != nullptr && own->is_array() && !own->as_array().empty()) return true;
  }
  return false;
}

// Checks one declared observer and registers it on its model; `op` is the index of the op
// it belongs to, or none for the case's own observers.
void install_observer(App& app, const Value& declared, std::optional<std::size_t> op, HookRecording& run,
                      const std::string& where) {
  static const std::vector<std::string> kKeys = {"model", "hook", "set", "where", "fail", "state"};
  const Object* observer = declared.if_object();
  if (observer == nullptr) {
    ADD_FAILURE() << where << ": an observer is an object";
    return;
  }
  int actions = 0;
  for (const auto& [key, value] : *observer) {
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) ADD_FAILURE() << where << ": unknown key " << key;
    if (key != "model" && key != "hook") ++actions;
  }
  if (actions != 1) ADD_FAILURE() << where << ": an observer takes exactly one of set, where, fail, state";
  const Value* model_name = observer->find("model");
  Model* model = model_name && model_name->is_string() ? app.find_model(model_name->as_string()) : nullptr;
  const Value* hook = observer->find("hook");
  const auto point = hook && hook->is_string() ? parse_hook_point(hook->as_string()) : std::nullopt;
  if (model == nullptr || !point) {
    ADD_FAILURE() << where << ": needs a model of the case and a hook point";
    return;
  }
  model->observe(*point, [observer = *observer, op, &run](HookContext& ctx) -> Status {
    if (op && *op != run.op_index) return {};
    return act(observer, ctx);
  });
}

void install_hooks(App& app, const Value& file, HookRecording& run) {
  for (const Value& definition : file.find("models")->as_array()) {
    Model* model = app.find_model(definition.find("name")->as_string());
    if (model == nullptr) continue;
    for (int i = 0; i < kHookPointCount; ++i) {
      model->observe(static_cast<HookPoint>(i), [model, &run](HookContext& ctx) -> Status {
        if (&ctx.model != model) return {};
        if (run.transaction != nullptr && ctx.options.transaction != run.transaction) {
          run.without_transaction.push_back(ctx.model.name() + " " + std::string(hook_point_name(ctx.point)));
        }
        if (!run.recording) return {};
        Object entry;
        entry.push_back("model", ctx.model.name());
        entry.push_back("hook", std::string(hook_point_name(ctx.point)));
        entry.push_back("ctx", hook_snapshot(ctx));
        run.entries.emplace_back(std::move(entry));
        return {};
      });
    }
  }
  if (const Value* observers = file.find("observers"); observers && observers->is_array()) {
    for (std::size_t i = 0; i < observers->as_array().size(); ++i) {
      install_observer(app, observers->as_array()[i], std::nullopt, run, "observers[" + std::to_string(i) + "]");
    }
  }
  const Array& ops = file.find("ops")->as_array();
  for (std::size_t n = 0; n < ops.size(); ++n) {
    const Value* own = ops[n].find("observers");
    if (own == nullptr || !own->is_array()) continue;
    for (std::size_t i = 0; i < own->as_array().size(); ++i) {
      install_observer(app, own->as_array()[i], n, run,
                       "ops[" + std::to_string(n) + "].observers[" + std::to_string(i) + "]");
    }
  }
}

// "access, loaded, ..." for a failure message.
std::string hook_names(const Value* hooks) {
  if (hooks == nullptr || !hooks->is_array()) return "(none)";
  std::string names;
  for (const Value& entry : hooks->as_array()) {
    if (!names.empty()) names += ", ";
    const Value* model = entry.find("model");
    const Value* hook = entry.find("hook");
    names += (model && model->is_string() ? model->as_string() : "?") + " " +
             (hook && hook->is_string() ? hook->as_string() : "?");
  }
  return names.empty() ? "(none)" : names;
}

// The ctx keys of two entries of the same hook that differ, one line each.
std::string ctx_differences(const Value& want, const Value& got, bool null_is_absent) {
  static const Value kAbsent("<absent>");
  const Value* want_ctx = want.find("ctx");
  const Value* got_ctx = got.find("ctx");
  if (want_ctx == nullptr || got_ctx == nullptr || !want_ctx->is_object() || !got_ctx->is_object()) {
    return "\n      expected " + to_json(want) + "\n      lb       " + to_json(got);
  }
  std::vector<std::string> keys;
  for (const auto& [key, value] : want_ctx->as_object()) keys.push_back(key);
  for (const auto& [key, value] : got_ctx->as_object()) {
    if (want_ctx->find(key) == nullptr) keys.push_back(key);
  }
  std::string out;
  for (const std::string& key : keys) {
    const Value* a = want_ctx->find(key);
    const Value* b = got_ctx->find(key);
    if (a != nullptr && b != nullptr && json_equal(*a, *b, null_is_absent)) continue;
    out += "\n      ctx." + key + ": expected " + to_json(a ? *a : kAbsent) + "\n      " +
           std::string(key.size() + 6, ' ') + "lb       " + to_json(b ? *b : kAbsent);
  }
  return out;
}

// Whether the recorded hooks match, in order; if not, `why` says how: both sequences
// of hook names, then every entry that differs (while the sequences agree).
bool hooks_match(const Value* want, const Value* got, bool null_is_absent, std::string& why) {
  const Array none;
  const Array& expected = want && want->is_array() ? want->as_array() : none;
  const Array& actual = got && got->is_array() ? got->as_array() : none;
  std::string entries;
  bool same = expected.size() == actual.size();
  for (std::size_t i = 0; i < std::max(expected.size(), actual.size()); ++i) {
    if (i < expected.size() && i < actual.size() && json_equal(expected[i], actual[i], null_is_absent)) continue;
    same = false;
    const bool both = i < expected.size() && i < actual.size();
    if (!both || expected[i].find("hook") == nullptr || actual[i].find("hook") == nullptr ||
        !json_equal(*expected[i].find("hook"), *actual[i].find("hook"), false) ||
        !json_equal(*expected[i].find("model"), *actual[i].find("model"), false)) {
      break;  // the sequences part here: the entries after this one do not correspond
    }
    entries += "\n    #" + std::to_string(i) + " " + expected[i].find("model")->as_string() + " " +
               expected[i].find("hook")->as_string() + ":" + ctx_differences(expected[i], actual[i], null_is_absent);
  }
  if (same) return true;
  why = "hooks differ\n  expected hooks: " + hook_names(want) + "\n  lb hooks:       " + hook_names(got) + entries;
  return false;
}

// A recorded result without its "hooks" (they are reported apart).
Value without_hooks(const Value& result) {
  Value copy = result;
  if (Object* object = copy.if_object()) object->erase("hooks");
  return copy;
}

}  // namespace

ConformanceOutcome run_conformance_file(const fs::path& path, const ConformanceTarget& target) {
  const Value file = read_json_file(path);
  HookRecording hooks;  // before the App: its observers refer to it
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
  // After the data load, as the oracle does: loading rows fires no hooks.
  if (uses_hooks(file)) install_hooks(app, file, hooks);
  ConformanceOutcome outcome;
  const Array& ops = file.find("ops")->as_array();
  const Array& expected = file.find("expected")->as_array();
  EXPECT_EQ(ops.size(), expected.size());
  Array results;  // what lb returned, for LB_CONFORMANCE_OUT
  for (std::size_t i = 0; i < ops.size() && i < expected.size(); ++i) {
    const Object& op = ops[i].as_object();
    const Value* lb_result = op.find("lb");
    const bool differs = op.find("differs") != nullptr;
    const Value& want = differs && lb_result ? *lb_result : expected[i];
    const bool record = arg(op, "hooks").is_bool() && arg(op, "hooks").as_bool();
    hooks.op_index = i;
    hooks.recording = record;
    hooks.entries.clear();
    hooks.without_transaction.clear();
    // "transaction": true runs the op inside a transaction of the model's data source,
    // committed afterwards whatever the op returned: the oracle runs it without one
    // (LoopBack's memory connector has none), and a committed transaction leaves what
    // the op alone would.
    std::optional<Transaction> transaction;
    Options options;
    std::string transaction_problem;
    if (arg(op, "transaction").is_bool() && arg(op, "transaction").as_bool()) {
      Model* model = app.find_model(arg(op, "model").as_string());
      auto begun = model ? model->begin_transaction() : Result<Transaction>(not_found("unknown model in case file"));
      if (begun) {
        transaction.emplace(std::move(*begun));
        options.transaction = &*transaction;
      } else {
        transaction_problem = "cannot begin a transaction: " + begun.error().message();
      }
    }
    hooks.transaction = options.transaction;
    const Value got = run_op(app, op, options);
    hooks.recording = false;
    hooks.transaction = nullptr;
    if (transaction) {
      if (Status committed = transaction->commit(); !committed) {
        transaction_problem = "commit failed: " + committed.error().message();
      }
    }
    for (const std::string& hook : hooks.without_transaction) {
      transaction_problem += (transaction_problem.empty() ? "" : "; ") + hook + " ran without the op's transaction";
    }
    ++outcome.ops;
    outcome.differs += differs ? 1 : 0;
    // The hooks compare apart from the result; an "lb" result without "hooks" keeps the
    // recorded ones.
    std::string why;
    const Value* want_hooks = want.find("hooks") ? want.find("hooks") : expected[i].find("hooks");
    const Value got_hooks(std::move(hooks.entries));
    const bool result_ok = result_matches(op, want, got, target.tables);
    const bool hooks_ok = !record || hooks_match(want_hooks, &got_hooks, target.tables, why);
    Value returned = got;
    if (record) returned.as_object().push_back("hooks", got_hooks);
    results.push_back(std::move(returned));
    if (result_ok && hooks_ok && transaction_problem.empty()) {
      ++outcome.passed;
    } else {
      std::string report;
      if (!result_ok) report += "\n  expected: " + to_json(without_hooks(want)) + "\n  lb:       " + to_json(got);
      if (!hooks_ok) report += "\n  " + why;
      if (!transaction_problem.empty()) report += "\n  transaction: " + transaction_problem;
      ADD_FAILURE() << path.filename().string() << " op " << i << " " << arg(op, "name").to_json()
                    << (result_ok ? "" : " (result)") << (hooks_ok ? "" : " (hooks)")
                    << (transaction_problem.empty() ? "" : " (transaction)") << "\n  op:       " << to_json(ops[i])
                    << report;
    }
  }
  // LB_CONFORMANCE_OUT=DIR writes, for each file, lb's results in the "expected" layout
  // (DIR/<connector>-<file>), to diff against the recording when looking into a failure.
  if (const char* out = std::getenv("LB_CONFORMANCE_OUT"); out != nullptr && *out != '\0') {
    const Value* connector = settings.find("connector");
    const std::string prefix = connector && connector->is_string() ? connector->as_string() + "-" : "";
    std::ofstream dump(fs::path(out) / (prefix + path.filename().string()), std::ios::binary);
    dump << to_json(Value(Object{{"results", Value(std::move(results))}})) << "\n";
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
