// The `lb` commands over lb::App and lb::Model; output shapes follow LoopBack's REST
// responses ({"count": N}, {"exists": bool}, toJSON records) so scripts can read
// both the same way.
#include "cli/commands.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <string_view>

#include "cli/arguments.hpp"
#include "cli/progress_bar.hpp"
#include "lb/app.hpp"
#include "lb/filter/bind.hpp"
#include "lb/filter/parse.hpp"
#include "lb/json.hpp"

namespace lb::cli {
namespace {

class Runner {
 public:
  explicit Runner(const CommandLine& command_line) : cl_(command_line) {}

  int run() {
    const std::string_view name = cl_.command->name;
    if (name == "parse") return parse();
    auto booted = App::boot(cl_.app);
    if (!booted) return fail(booted.error());
    app_ = &*booted;
    if (name == "models") return models();
    if (name == "definition" || name == "compile") return definition_or_compile(name);
    if (name == "migrate") return migrate();
    if (name == "discover") return discover();
    auto model = attached_model(arg(0));
    if (!model) return fail(model.error());
    Model& m = **model;
    if (name == "find") return print_or_fail(instances(m.find(filter(1))));
    if (name == "find-one") return print_or_fail(optional_instance(m.find_one(filter(1))));
    if (name == "find-by-id") return print_or_fail(optional_instance(m.find_by_id(parse_id(arg(1)), filter(2))));
    if (name == "count") return print_or_fail(counted(m.count(where(1))));
    if (name == "exists") return exists(m);
    if (name == "explain") return explain(m);
    if (name == "create") return create(m);
    if (name == "upsert") return upsert(m);
    if (name == "update") return update(m);
    if (name == "delete") return print_or_fail(counted(m.delete_all(where(1))));
    if (name == "delete-by-id") return print_or_fail(counted(m.delete_by_id(parse_id(arg(1)))));
    if (name == "import") return import(m);
    return fail(internal_error(fmt::format("command {} has no implementation", name)));
  }

 private:
  const std::string& arg(std::size_t i) const { return cl_.args[i].text; }
  bool has_arg(std::size_t i) const { return i < cl_.args.size(); }

  // --- output ---
  void print(const Value& value) const {
    std::cout << (cl_.pretty ? to_pretty_json(value) : to_json(value)) << '\n';
  }
  int fail(const Error& error) const {
    const Value body = error.to_value();
    std::cerr << (cl_.pretty ? to_pretty_json(body) : to_json(body)) << '\n';
    return 1;
  }
  int print_or_fail(const Result<Value>& result) const {
    if (!result) return fail(result.error());
    print(*result);
    return 0;
  }
  static void print_text(const std::string& text) {
    std::cout << text;
    if (text.empty() || text.back() != '\n') std::cout << '\n';
  }

  // --- results to LoopBack's JSON shapes ---
  static Result<Value> instances(const Result<std::vector<Instance>>& found) {
    if (!found) return found.error();
    Array out;
    out.reserve(found->size());
    for (const auto& instance : *found) out.push_back(instance.to_value());
    return Value(std::move(out));
  }
  static Result<Value> optional_instance(const Result<std::optional<Instance>>& found) {
    if (!found) return found.error();
    return *found ? (*found)->to_value() : Value();
  }
  static Result<Value> counted(const Result<std::int64_t>& count) {
    if (!count) return count.error();
    return Value(Object{{"count", Value(static_cast<long long>(*count))}});
  }

  // --- inputs ---
  // FILTER / WHERE at position i: --query's text, JSON (text, @FILE, -), or absent.
  FilterInput filter(std::size_t i) {
    if (!has_arg(i)) return {};
    const Argument& a = cl_.args[i];
    if (a.from_query) return FilterInput::query_string(a.text);
    return FilterInput(read_text(a.text));
  }
  WhereInput where(std::size_t i) {
    if (!has_arg(i)) return {};
    const Argument& a = cl_.args[i];
    if (a.from_query) return WhereInput::query_string(a.text);
    return WhereInput(read_text(a.text));
  }
  // Throws the read error: the caller's catch prints it like any other.
  std::string read_text(const std::string& text) { return reader_.text(text).value(); }

  Result<Model*> attached_model(const std::string& name) const {
    if (Model* model = app_->find_model(name)) return model;
    if (app_->registry().find(name))
      return not_found(fmt::format("Model \"{}\" is not attached to a data source in {}", name, cl_.app));
    return not_found(fmt::format("Model \"{}\" is not defined in {}", name, cl_.app));
  }

  // --- commands ---
  int parse() {
    auto syntax = has_arg(0) ? (cl_.args[0].from_query ? filter::parse_filter_query(arg(0))
                                                       : filter::parse_filter(read_text(arg(0))))
                             : Result<filter::Syntax>(filter::Syntax{});
    if (!syntax) return fail(syntax.error());
    print_text(syntax->to_string());
    return 0;
  }

  int models() const {
    Array names;
    for (const auto& name : app_->model_names()) names.emplace_back(name);
    print(Value(std::move(names)));
    return 0;
  }

  int definition_or_compile(std::string_view command) {
    const ModelDefinition* model = app_->registry().find(arg(0));
    if (!model) return fail(not_found(fmt::format("Model \"{}\" is not defined in {}", arg(0), cl_.app)));
    if (command == "definition") {
      print(model->to_value());
      return 0;
    }
    Result<filter::Syntax> syntax = filter::Syntax{};
    if (has_arg(1))
      syntax = cl_.args[1].from_query ? filter::parse_filter_query(arg(1)) : filter::parse_filter(read_text(arg(1)));
    if (!syntax) return fail(syntax.error());
    auto bound = filter::bind(*syntax, *model, app_->registry());
    if (!bound) return fail(bound.error());
    print_text(bound->to_string());
    return 0;
  }

  // Every named model (all attached ones when none is named) migrated or updated.
  int migrate() {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < cl_.args.size(); ++i) names.push_back(arg(i));
    if (names.empty()) names = app_->model_names();
    Array done;
    for (const std::string& name : names) {
      auto model = attached_model(name);
      if (!model) return fail(model.error());
      DataSource& source = (*model)->data_source();
      Status status = cl_.update ? source.autoupdate((*model)->definition()) : source.automigrate((*model)->definition());
      if (!status) return fail(status.error());
      done.emplace_back(name);
    }
    print(Value(Object{{cl_.update ? "updated" : "migrated", Value(std::move(done))}}));
    return 0;
  }

  // The definitions of the named tables, or of every table the data source lists.
  int discover() {
    DataSource* source = app_->find_data_source(arg(0));
    if (!source) return fail(not_found(fmt::format("Data source \"{}\" is not defined in {}", arg(0), cl_.app)));
    std::vector<std::string> tables;
    for (std::size_t i = 1; i < cl_.args.size(); ++i) tables.push_back(arg(i));
    if (tables.empty()) {
      auto listed = source->discover_model_definitions();
      if (!listed) return fail(listed.error());
      for (const Value& entry : *listed) {
        const Value* table = entry.is_object() ? entry.find("name") : nullptr;
        if (table && table->is_string()) tables.push_back(table->as_string());
      }
    }
    Object definitions;
    for (const std::string& table : tables) {
      auto schemas = source->discover_schemas(table);
      if (!schemas) return fail(schemas.error());
      for (auto& [name, definition] : *schemas) definitions.insert_or_assign(name, std::move(definition));
    }
    print(Value(std::move(definitions)));
    return 0;
  }

  int exists(Model& model) {
    auto found = model.exists(parse_id(arg(1)));
    if (!found) return fail(found.error());
    print(Value(Object{{"exists", Value(*found)}}));
    return 0;
  }

  int explain(Model& model) {
    auto plan = model.explain(filter(1));
    if (!plan) return fail(plan.error());
    print_text(*plan);
    return 0;
  }

  int create(Model& model) {
    auto data = reader_.json(arg(1), "DATA");
    if (!data) return fail(data.error());
    if (data->is_array()) return print_or_fail(instances(model.create_all(data->as_array())));
    auto created = model.create(*data);
    if (!created) return fail(created.error());
    print(created->to_value());
    return 0;
  }

  int upsert(Model& model) {
    auto data = reader_.json(arg(1), "DATA");
    if (!data) return fail(data.error());
    auto written = model.upsert(*data);
    if (!written) return fail(written.error());
    print(written->to_value());
    return 0;
  }

  int update(Model& model) {
    WhereInput condition = where(1);
    auto data = reader_.json(arg(2), "DATA");
    if (!data) return fail(data.error());
    return print_or_fail(counted(model.update_all(condition, *data)));
  }

  int import(Model& model) {
    const std::string& file = arg(1);
    auto text = reader_.file(file);
    if (!text) return fail(text.error());
    auto rows = parse_rows(*text, file == "-" ? "stdin" : (file.starts_with("@") ? file.substr(1) : file));
    if (!rows) return fail(rows.error());
    const std::size_t total = rows->size();
    Model::ImportOptions options;
    const bool terminal = isatty(STDERR_FILENO) != 0;
    if (terminal) {
      options.progress = [&](std::size_t done) {
        std::cerr << '\r' << progress_line(model.name(), done, total) << std::flush;
      };
      options.progress(0);
    }
    auto loaded = model.import(*rows, options);
    if (terminal) std::cerr << '\n';
    return print_or_fail(counted(loaded));
  }

  const CommandLine& cl_;
  App* app_ = nullptr;
  ArgumentReader reader_;
};

}  // namespace

int run_command(const CommandLine& command_line) {
  Runner runner(command_line);
  return runner.run();
}

}  // namespace lb::cli
