// Include on every connector: 50 authors with their posts (10 each) and the posts'
// comments (3 each), `{"include": {"posts": "comments"}}`, through the public API.
// Each data source's connector is wrapped in one that counts the queries it runs,
// reported per find as the "queries" counter. Run through scripts/bench-include, which
// starts a throwaway PostgreSQL cluster (LB_BENCH_POSTGRES_URL; without it only memory
// and SQLite run) and runs the same query through the reference ORM for the table in
// docs/benchmarks.md.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "lb/app.hpp"
#include "lb/connector.hpp"
#include "lb/json.hpp"
#include "lb/model.hpp"

namespace {

namespace fs = std::filesystem;

constexpr int kAuthors = 50;
constexpr int kPostsPerAuthor = 10;
constexpr int kCommentsPerPost = 3;
constexpr const char* kFilter = R"({"include": {"posts": "comments"}})";

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "lb_include_benchmark: %s\n", what.c_str());
  std::abort();
}

template <typename T>
T take(lb::Result<T> result, const char* what) {
  if (!result) fail(std::string(what) + ": " + result.error().message());
  return std::move(*result);
}

std::atomic<long> g_queries{0};

// Any connector, counting the queries (find, find_by_id, count) it runs.
class CountingConnector final : public lb::Connector {
 public:
  explicit CountingConnector(std::unique_ptr<lb::Connector> inner) : inner_(std::move(inner)) {}
  std::string_view name() const override { return inner_->name(); }
  lb::ConnectorCapabilities capabilities() const override { return inner_->capabilities(); }
  lb::Status define(const lb::ModelDefinition& m) override { return inner_->define(m); }
  lb::Result<lb::Object> create(const lb::ModelDefinition& m, lb::Object row) override {
    return inner_->create(m, std::move(row));
  }
  lb::Result<std::vector<lb::Record>> create_all(const lb::ModelDefinition& m, std::vector<lb::Object> rows) override {
    return inner_->create_all(m, std::move(rows));
  }
  lb::Result<std::vector<lb::Record>> find(const lb::filter::Bound& f) override {
    ++g_queries;
    return inner_->find(f);
  }
  lb::Result<std::optional<lb::Record>> find_by_id(const lb::ModelDefinition& m, const lb::Value& id) override {
    ++g_queries;
    return inner_->find_by_id(m, id);
  }
  lb::Result<std::int64_t> count(const lb::ModelDefinition& m, const lb::filter::BoundWhere* w) override {
    ++g_queries;
    return inner_->count(m, w);
  }
  lb::Result<std::int64_t> update_all(const lb::ModelDefinition& m, const lb::filter::BoundWhere* w,
                                      const lb::Object& d) override {
    return inner_->update_all(m, w, d);
  }
  lb::Result<std::int64_t> delete_all(const lb::ModelDefinition& m, const lb::filter::BoundWhere* w) override {
    return inner_->delete_all(m, w);
  }
  lb::Result<std::optional<lb::Object>> update_by_id(const lb::ModelDefinition& m, const lb::Value& id, lb::Object d,
                                                     lb::WriteMode mode) override {
    return inner_->update_by_id(m, id, std::move(d), mode);
  }
  lb::Result<lb::WriteOutcome> upsert(const lb::ModelDefinition& m, lb::Object row, lb::WriteMode mode) override {
    return inner_->upsert(m, std::move(row), mode);
  }
  lb::Result<lb::WriteOutcome> find_or_create(const lb::filter::Bound& f, lb::Object row) override {
    return inner_->find_or_create(f, std::move(row));
  }
  lb::Result<std::string> explain(const lb::filter::Bound& f) override { return inner_->explain(f); }
  lb::Status automigrate(const lb::ModelDefinition& m) override { return inner_->automigrate(m); }

 private:
  std::unique_ptr<lb::Connector> inner_;
};

lb::Value json(const char* text) { return take(lb::parse_json(text), "json"); }

// One application per connector, loaded once.
struct Shop {
  lb::App app;
  lb::Model* author = nullptr;

  explicit Shop(const std::string& connector, lb::Value settings) {
    lb::Object with = settings.as_object();
    with.insert_or_assign("connector", "counting-" + connector);
    take(app.add_data_source("db", lb::Value(std::move(with))), "data source");
    take(app.registry().define_all(
             {{json(R"({"name": "Author", "properties": {"name": "string"},
                        "relations": {"posts": {"type": "hasMany", "model": "Post"}}})"),
               "author"},
              {json(R"({"name": "Post", "properties": {"title": "string", "n": "number"},
                        "relations": {"comments": {"type": "hasMany", "model": "Comment"}}})"),
               "post"},
              {json(R"({"name": "Comment", "properties": {"body": "string"}})"), "comment"}}),
         "define");
    for (const char* name : {"Author", "Post", "Comment"}) {
      take(app.attach(name, "db"), "attach");
      if (!app.find_data_source("db")->automigrate(app.model(name).definition())) fail("automigrate");
    }
    lb::Array authors, posts, comments;
    for (int a = 1; a <= kAuthors; ++a) {
      authors.push_back(lb::Value(lb::Object{{"id", a}, {"name", "author " + std::to_string(a)}}));
      for (int p = 1; p <= kPostsPerAuthor; ++p) {
        const int post = (a - 1) * kPostsPerAuthor + p;
        posts.push_back(lb::Value(lb::Object{{"id", post}, {"title", "post " + std::to_string(post)}, {"n", p}, {"authorId", a}}));
        for (int c = 1; c <= kCommentsPerPost; ++c)
          comments.push_back(lb::Value(lb::Object{{"body", "comment"}, {"postId", post}}));
      }
    }
    take(app.model("Author").import(authors), "load authors");
    take(app.model("Post").import(posts), "load posts");
    take(app.model("Comment").import(comments), "load comments");
    author = &app.model("Author");
  }
};

void register_counting(const std::string& name) {
  lb::register_connector("counting-" + name, [name](const lb::ConnectorConfig& config)
                                                 -> lb::Result<std::unique_ptr<lb::Connector>> {
    auto inner = lb::make_connector(name, config);
    if (!inner) return inner.error();
    return std::unique_ptr<lb::Connector>(std::make_unique<CountingConnector>(std::move(inner).value()));
  });
}

void run(benchmark::State& st, Shop& shop) {
  std::size_t rows = 0, nested = 0;
  g_queries = 0;
  long finds = 0;
  for (auto _ : st) {
    auto found = take(shop.author->find(kFilter), "find");
    rows = found.size();
    nested = 0;
    for (const lb::Instance& author : found)
      for (const lb::Instance& post : *author.included("posts")) nested += 1 + post.included("comments")->size();
    benchmark::DoNotOptimize(found);
    ++finds;
  }
  if (rows != kAuthors || nested != kAuthors * kPostsPerAuthor * (1 + kCommentsPerPost)) fail("wrong result");
  st.counters["queries"] = static_cast<double>(g_queries.load()) / static_cast<double>(finds);
  st.counters["rows"] = static_cast<double>(rows + nested);
}

}  // namespace

int main(int argc, char** argv) {
  for (const char* name : {"memory", "sqlite3", "postgresql"}) register_counting(name);
  static Shop memory("memory", lb::Value(lb::Object{}));
  const fs::path file = fs::temp_directory_path() / ("lb_include_bench_" + std::to_string(::getpid()) + ".db");
  static Shop sqlite("sqlite3", lb::Value(lb::Object{{"file", file.string()}}));
  benchmark::RegisterBenchmark("include/memory", [](benchmark::State& st) { run(st, memory); });
  benchmark::RegisterBenchmark("include/sqlite3", [](benchmark::State& st) { run(st, sqlite); });
  std::unique_ptr<Shop> postgres;
  if (const char* url = std::getenv("LB_BENCH_POSTGRES_URL")) {
    postgres = std::make_unique<Shop>("postgresql", lb::Value(lb::Object{{"url", url}}));
    benchmark::RegisterBenchmark("include/postgresql", [&postgres](benchmark::State& st) { run(st, *postgres); });
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  postgres.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix);
  return 0;
}
