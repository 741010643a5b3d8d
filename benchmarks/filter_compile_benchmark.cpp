// Parse + bind of a representative LoopBack filter (about 300 bytes of JSON, and the
// same filter in query-string form), from text to filter::Bound. Run through
// scripts/bench; docs/benchmarks.md records the figures.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>

#include "lb/filter/bind.hpp"
#include "lb/filter/parse.hpp"
#include "lb/json.hpp"
#include "lb/registry.hpp"

namespace {

const char* const kReview = R"({"name":"Review","properties":{"stars":"number","body":"string",
  "itemId":"number","created":"date"}})";
const char* const kItem = R"({"name":"Item","properties":{"name":{"type":"string","index":true},
  "price":"number","category":"string","inStock":"boolean","added":"date","tags":["string"],
  "location":"geopoint","secret":"string"},"hidden":["secret"],
  "relations":{"reviews":{"type":"hasMany","model":"Review","foreignKey":"itemId"}}})";

// benchmarks/data/filter.json, about 300 bytes: a nested boolean where with four operators,
// an order, fields, a limit, a skip and a scoped include; filter.query is the same filter
// in query-string form.
std::string read_data(const char* name) {
  const std::string path = std::string(LB_BENCH_DATA) + "/" + name;
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::abort();
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

// The filter lives in data files so that the reference benchmark reads the same text.
const std::string kFilterJson = read_data("filter.json");
const std::string kFilterQuery = read_data("filter.query");

struct Fixture {
  lb::Registry registry;
  const lb::ModelDefinition* item = nullptr;
  Fixture() {
    for (const char* m : {kReview, kItem}) {
      auto r = registry.define_json(m, "benchmark");
      if (!r) {
        std::fprintf(stderr, "%s\n", r.error().message().c_str());
        std::abort();
      }
    }
    item = registry.find("Item");
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

// The parse-then-bind benchmarks give the temporary Syntax up to bind (the && overload,
// which moves paths and operands out of it instead of copying them): the realistic use.
void BM_ParseBindJson(benchmark::State& state) {
  const Fixture& f = fixture();
  for (auto _ : state) {
    auto syntax = lb::filter::parse_filter(kFilterJson);
    auto bound = lb::filter::bind(std::move(syntax).value(), *f.item, f.registry);
    benchmark::DoNotOptimize(bound.value());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kFilterJson.size()));
  state.counters["bytes"] = static_cast<double>(kFilterJson.size());
}
BENCHMARK(BM_ParseBindJson);

void BM_ParseBindQueryString(benchmark::State& state) {
  const Fixture& f = fixture();
  for (auto _ : state) {
    auto syntax = lb::filter::parse_filter_query(kFilterQuery);
    auto bound = lb::filter::bind(std::move(syntax).value(), *f.item, f.registry);
    benchmark::DoNotOptimize(bound.value());
  }
  state.counters["bytes"] = static_cast<double>(kFilterQuery.size());
}
BENCHMARK(BM_ParseBindQueryString);

void BM_ParseOnlyJson(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(lb::filter::parse_filter(kFilterJson).value());
}
BENCHMARK(BM_ParseOnlyJson);

void BM_ParseOnlyQueryString(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(lb::filter::parse_filter_query(kFilterQuery).value());
}
BENCHMARK(BM_ParseOnlyQueryString);

// The JSON reader alone: the floor under parse_filter(text).
void BM_JsonOnly(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(lb::parse_json(kFilterJson).value());
}
BENCHMARK(BM_JsonOnly);

// Binds one Syntax over and over, so it must lend it: the const& overload, which copies
// paths and operands out of the Syntax.
void BM_BindOnly(benchmark::State& state) {
  const Fixture& f = fixture();
  const auto syntax = lb::filter::parse_filter(kFilterJson).value();
  for (auto _ : state) benchmark::DoNotOptimize(lb::filter::bind(syntax, *f.item, f.registry).value());
}
BENCHMARK(BM_BindOnly);

}  // namespace

BENCHMARK_MAIN();
