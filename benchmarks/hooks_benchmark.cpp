// What operation hooks and validations cost: create and update (patchAttributes) of
// one record on the memory and SQLite connectors, with no observer, one, five, and
// with three validations. Five no-op observers should add under 10% to an SQLite
// create (docs/benchmarks.md, "Hooks and validation"). Run by scripts/bench-hooks.
// SQLite writes to a file on tmpfs (/dev/shm) when the machine has one.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "lb/app.hpp"
#include "lb/json.hpp"

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "hooks benchmark: %s\n", what.c_str());
  std::exit(1);
}

template <typename T>
T take(lb::Result<T> result, const char* what) {
  if (!result) fail(std::string(what) + ": " + result.error().message());
  return std::move(result).value();
}

void check(const lb::Status& status, const char* what) {
  if (!status) fail(std::string(what) + ": " + status.error().message());
}

enum class Setup { Plain, OneHook, FiveHooks, ThreeValidations };

// One application per connector and setup: models differ only in what observes them.
struct Bench {
  lb::App app;
  lb::Model* item = nullptr;

  Bench(const std::string& connector, lb::Value settings, Setup setup) {
    lb::Object with = settings.as_object();
    with.insert_or_assign("connector", connector);
    take(app.add_data_source("db", lb::Value(std::move(with))), "data source");
    take(app.registry().define(take(lb::parse_json(R"({"name": "Item", "properties": {
             "name": "string", "price": "number", "note": "string"}})"),
                                    "json"),
                               "item"),
         "define");
    take(app.attach("Item", "db"), "attach");
    check(app.find_data_source("db")->automigrate(app.model("Item").definition()), "automigrate");
    item = &app.model("Item");
    auto no_op = [](lb::HookContext&) -> lb::Status { return {}; };
    switch (setup) {
      case Setup::Plain:
        break;
      case Setup::OneHook:
        item->observe(lb::HookPoint::BeforeSave, no_op);
        break;
      case Setup::FiveHooks:
        // Five observers on the steps a create and an update run.
        item->observe(lb::HookPoint::BeforeSave, no_op);
        item->observe(lb::HookPoint::BeforeSave, no_op);
        item->observe(lb::HookPoint::Persist, no_op);
        item->observe(lb::HookPoint::Loaded, no_op);
        item->observe(lb::HookPoint::AfterSave, no_op);
        break;
      case Setup::ThreeValidations:
        check(item->validations().validates_presence_of("name"), "presence");
        check(item->validations().validates_length_of("name", lb::LengthBounds::between(1, 64)), "length");
        check(item->validations().validates_numericality_of("price"), "numericality");
        break;
    }
  }
};

const char* setup_name(Setup setup) {
  switch (setup) {
    case Setup::Plain: return "no_hooks";
    case Setup::OneHook: return "one_hook";
    case Setup::FiveHooks: return "five_hooks";
    case Setup::ThreeValidations: return "three_validations";
  }
  return "?";
}

void create(benchmark::State& state, Bench& bench) {
  const lb::Value data(lb::Object{{"name", "widget"}, {"price", 10}, {"note", "n"}});
  for (auto _ : state) benchmark::DoNotOptimize(take(bench.item->create(data), "create"));
  state.SetItemsProcessed(state.iterations());
}

void update(benchmark::State& state, Bench& bench) {
  lb::Instance record = take(bench.item->create(lb::Value(lb::Object{{"name", "widget"}, {"price", 1}})), "seed");
  std::int64_t price = 1;
  for (auto _ : state) {
    check(record.patch_attributes(lb::Value(lb::Object{{"price", ++price}})), "patch");
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

int main(int argc, char** argv) {
  // On tmpfs when there is one: a disk's fsync varies by more than the few
  // microseconds measured here (the cost of hooks is the same either way).
  const fs::path dir = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
  const fs::path file = dir / ("lb_hooks_bench_" + std::to_string(::getpid()));
  std::vector<std::unique_ptr<Bench>> benches;
  for (const char* connector : {"memory", "sqlite3"}) {
    for (Setup setup : {Setup::Plain, Setup::OneHook, Setup::FiveHooks, Setup::ThreeValidations}) {
      lb::Value settings(lb::Object{});
      if (std::string(connector) == "sqlite3") {
        const std::string path = file.string() + "_" + setup_name(setup) + ".db";
        settings = lb::Value(lb::Object{{"file", path}});
      }
      benches.push_back(std::make_unique<Bench>(connector, settings, setup));
      Bench* bench = benches.back().get();
      const std::string suffix = std::string(connector) + "/" + setup_name(setup);
      benchmark::RegisterBenchmark(("create/" + suffix).c_str(), [bench](benchmark::State& st) { create(st, *bench); });
      benchmark::RegisterBenchmark(("update/" + suffix).c_str(), [bench](benchmark::State& st) { update(st, *bench); });
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  benches.clear();
  for (Setup setup : {Setup::Plain, Setup::OneHook, Setup::FiveHooks, Setup::ThreeValidations})
    for (const char* suffix : {"", "-wal", "-shm"})
      fs::remove(file.string() + "_" + setup_name(setup) + ".db" + suffix);
  return 0;
}
