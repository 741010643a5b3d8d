// The SQL connectors on 100,000 Item rows through the public API (lb::App, a data
// source, lb::Model), beside the raw drivers in the same run: a reused sqlite3
// prepared statement and a libpq named prepared statement, reading the same columns
// into a plain struct. Run through scripts/bench-sql, which starts a throwaway
// PostgreSQL cluster and sets LB_BENCH_POSTGRES_URL (without it, only SQLite runs);
// docs/benchmarks.md records the figures.
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lb/app.hpp"
#include "lb/json.hpp"
#include "lb/model.hpp"

namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kRows = 100000;
constexpr std::int64_t kBatch = 1000;

constexpr const char* kItemProperties = R"("properties":{
  "id":{"type":"number","id":true,"generated":true},
  "name":{"type":"string"},
  "price":{"type":"number","index":true},
  "category":{"type":"string","index":true},
  "sku":{"type":"string","index":{"unique":true}},
  "location":{"type":"geopoint"},
  "created":{"type":"date"}})";

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "lb_sql_benchmark: %s\n", what.c_str());
  std::abort();
}

template <typename T>
T take(lb::Result<T> result, const char* what) {
  if (!result) fail(std::string(what) + ": " + result.error().message());
  return std::move(*result);
}
void take(lb::Status status, const char* what) {
  if (!status) fail(std::string(what) + ": " + status.error().message());
}

std::int64_t probe_id(std::int64_t k) { return ((k * 7919) % kRows) + 1; }

// A row as the raw drivers return it: every column copied out, as lb's results are.
struct PlainItem {
  std::int64_t id = 0;
  std::string name;
  double price = 0;
  std::string category;
  std::string sku;
  lb::GeoPoint location;
  std::int64_t created_ms = 0;
  std::string created_text;  // PostgreSQL's timestamptz text, copied as the driver gives it
};

lb::Object make_row(std::int64_t id, bool with_id) {
  char category[16], sku[16];
  std::snprintf(category, sizeof category, "cat-%02d", static_cast<int>((id * 37) % 50));
  std::snprintf(sku, sizeof sku, "SKU-%07lld", static_cast<long long>(id));
  lb::Object row;
  if (with_id) row.insert_or_assign("id", lb::Value(static_cast<long long>(id)));
  row.insert_or_assign("name", lb::Value("item-" + std::to_string(id)));
  row.insert_or_assign("price", lb::Value(static_cast<double>((id * 7919) % 100000) / 100));
  row.insert_or_assign("category", lb::Value(category));
  row.insert_or_assign("sku", lb::Value(sku));
  row.insert_or_assign("location", lb::Value(lb::GeoPoint{static_cast<double>((id * 48271) % 120001) / 1000 - 60,
                                                          static_cast<double>((id * 69621) % 360001) / 1000 - 180}));
  row.insert_or_assign("created", lb::Value(lb::Date{1700000000000LL + id * 60000}));
  return row;
}

lb::Value definition(const char* name) {
  return take(lb::parse_json(std::string(R"({"name":")") + name + R"(",)" + kItemProperties + "}"), "definition");
}

// ---------------------------------------------------------------------------------
// The lb side: one App per connector, Item loaded with 100,000 rows, ItemBatch for
// the bulk creates.

struct LbSide {
  lb::App app;
  lb::Model* item = nullptr;
  lb::Model* batch = nullptr;
  lb::Array batch_rows;

  void open(const lb::Value& settings) {
    take(app.add_data_source("db", settings), "data source");
    item = take(app.define_model(definition("Item"), "db"), "define Item");
    batch = take(app.define_model(definition("ItemBatch"), "db"), "define ItemBatch");
    take(item->data_source().automigrate(item->definition()), "automigrate Item");
    take(batch->data_source().automigrate(batch->definition()), "automigrate ItemBatch");
    lb::Array rows;
    rows.reserve(kRows);
    for (std::int64_t id = 1; id <= kRows; ++id) rows.emplace_back(make_row(id, true));
    take(item->import(rows), "import");
    for (std::int64_t id = 1; id <= kBatch; ++id) batch_rows.emplace_back(make_row(kRows + id, false));
  }
};

// ---------------------------------------------------------------------------------
// Raw sqlite3: the same file through its own connection and reused statements.

struct RawSqlite {
  sqlite3* db = nullptr;
  sqlite3_stmt* by_id = nullptr;
  sqlite3_stmt* by_category = nullptr;
  sqlite3_stmt* by_price = nullptr;
  sqlite3_stmt* top_price = nullptr;
  sqlite3_stmt* insert = nullptr;
  sqlite3_stmt* begin = nullptr;
  sqlite3_stmt* commit = nullptr;

  static constexpr const char* kColumns = R"("id", "name", "price", "category", "sku", "location", "created")";

  sqlite3_stmt* prepare(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK) {
      fail("sqlite3 prepare: " + std::string(sqlite3_errmsg(db)) + ": " + sql);
    }
    return statement;
  }

  void open(const fs::path& file) {
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) fail("sqlite3 open");
    sqlite3_busy_timeout(db, 5000);
    const std::string columns = kColumns;
    by_id = prepare("SELECT " + columns + R"( FROM "Item" WHERE "id" = ?1)");
    by_category = prepare("SELECT " + columns + R"( FROM "Item" WHERE "category" = ?1 ORDER BY "id")");
    by_price = prepare("SELECT " + columns + R"( FROM "Item" WHERE "price" BETWEEN ?1 AND ?2 ORDER BY "id")");
    top_price = prepare("SELECT " + columns + R"( FROM "Item" ORDER BY "price" DESC, "id" LIMIT 10)");
    insert = prepare(R"(INSERT INTO "ItemBatch" ("name", "price", "category", "sku", "location", "created") )"
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING " + columns);
    begin = prepare("BEGIN IMMEDIATE");
    commit = prepare("COMMIT");
  }

  static std::string text(sqlite3_stmt* s, int column) {
    const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
    return bytes ? std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(s, column))) : std::string();
  }
  // GeoPoints are stored as {"lat":..,"lng":..} JSON text.
  static lb::GeoPoint point(sqlite3_stmt* s, int column) {
    lb::GeoPoint p;
    const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
    if (bytes) std::sscanf(bytes, "{\"lat\":%lf,\"lng\":%lf}", &p.lat, &p.lng);
    return p;
  }
  static PlainItem row(sqlite3_stmt* s) {
    PlainItem item;
    item.id = sqlite3_column_int64(s, 0);
    item.name = text(s, 1);
    item.price = sqlite3_column_double(s, 2);
    item.category = text(s, 3);
    item.sku = text(s, 4);
    item.location = point(s, 5);
    item.created_ms = sqlite3_column_int64(s, 6);
    return item;
  }
  static std::vector<PlainItem> rows(sqlite3_stmt* s) {
    std::vector<PlainItem> out;
    while (sqlite3_step(s) == SQLITE_ROW) out.push_back(row(s));
    sqlite3_reset(s);
    return out;
  }

  std::optional<PlainItem> find_by_id(std::int64_t id) {
    sqlite3_bind_int64(by_id, 1, id);
    std::optional<PlainItem> out;
    if (sqlite3_step(by_id) == SQLITE_ROW) out = row(by_id);
    sqlite3_reset(by_id);
    return out;
  }
  std::vector<PlainItem> category(const char* value) {
    sqlite3_bind_text(by_category, 1, value, -1, SQLITE_STATIC);
    return rows(by_category);
  }
  std::vector<PlainItem> price_between(double low, double high) {
    sqlite3_bind_double(by_price, 1, low);
    sqlite3_bind_double(by_price, 2, high);
    return rows(by_price);
  }
  std::vector<PlainItem> top10() { return rows(top_price); }

  // The batch in one transaction, each row returned as stored.
  std::vector<PlainItem> create_all(const lb::Array& batch) {
    std::vector<PlainItem> out;
    out.reserve(batch.size());
    sqlite3_step(begin);
    sqlite3_reset(begin);
    char location[96];
    for (const lb::Value& value : batch) {
      const lb::Object& row = value.as_object();
      const std::string& name = row.find("name")->as_string();
      const std::string& category = row.find("category")->as_string();
      const std::string& sku = row.find("sku")->as_string();
      const lb::GeoPoint p = row.find("location")->as_geo_point();
      const int n = std::snprintf(location, sizeof location, "{\"lat\":%.17g,\"lng\":%.17g}", p.lat, p.lng);
      sqlite3_bind_text(insert, 1, name.data(), static_cast<int>(name.size()), SQLITE_STATIC);
      sqlite3_bind_double(insert, 2, row.find("price")->as_double());
      sqlite3_bind_text(insert, 3, category.data(), static_cast<int>(category.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert, 4, sku.data(), static_cast<int>(sku.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert, 5, location, n, SQLITE_STATIC);
      sqlite3_bind_int64(insert, 6, row.find("created")->as_date().ms_since_epoch);
      if (sqlite3_step(insert) != SQLITE_ROW) fail("raw insert: " + std::string(sqlite3_errmsg(db)));
      out.push_back(row_of(insert));
      sqlite3_reset(insert);
    }
    if (sqlite3_step(commit) != SQLITE_DONE) fail("raw commit");
    sqlite3_reset(commit);
    return out;
  }
  static PlainItem row_of(sqlite3_stmt* s) { return row(s); }

  void clear_batch() {
    if (sqlite3_exec(db, R"(DELETE FROM "ItemBatch")", nullptr, nullptr, nullptr) != SQLITE_OK) fail("clear");
  }
};

// ---------------------------------------------------------------------------------
// Raw libpq: named prepared statements on one connection, text results.

struct RawPostgres {
  PGconn* conn = nullptr;

  static constexpr const char* kColumns = R"("id", "name", "price", "category", "sku", "location", "created")";

  void prepare(const char* name, const std::string& sql, int params) {
    PGresult* result = PQprepare(conn, name, sql.c_str(), params, nullptr);
    if (PQresultStatus(result) != PGRES_COMMAND_OK) fail(std::string("PQprepare: ") + PQerrorMessage(conn) + sql);
    PQclear(result);
  }

  void open(const std::string& url) {
    conn = PQconnectdb(url.c_str());
    if (PQstatus(conn) != CONNECTION_OK) fail(std::string("PQconnectdb: ") + PQerrorMessage(conn));
    const std::string columns = kColumns;
    prepare("by_id", "SELECT " + columns + R"( FROM "item" WHERE "id" = $1::bigint)", 1);
    prepare("insert", R"(INSERT INTO "itembatch" ("name", "price", "category", "sku", "location", "created") )"
                      "VALUES ($1, $2::numeric, $3, $4, $5::point, $6::timestamptz) RETURNING " + columns, 6);
  }

  static PlainItem row(PGresult* r, int i) {
    PlainItem item;
    item.id = std::strtoll(PQgetvalue(r, i, 0), nullptr, 10);
    item.name = PQgetvalue(r, i, 1);
    item.price = std::strtod(PQgetvalue(r, i, 2), nullptr);
    item.category = PQgetvalue(r, i, 3);
    item.sku = PQgetvalue(r, i, 4);
    std::sscanf(PQgetvalue(r, i, 5), "(%lf,%lf)", &item.location.lng, &item.location.lat);
    item.created_text = PQgetvalue(r, i, 6);
    return item;
  }

  std::optional<PlainItem> find_by_id(std::int64_t id) {
    const std::string text = std::to_string(id);
    const char* values[] = {text.c_str()};
    PGresult* r = PQexecPrepared(conn, "by_id", 1, values, nullptr, nullptr, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) fail(std::string("by_id: ") + PQerrorMessage(conn));
    std::optional<PlainItem> out;
    if (PQntuples(r) == 1) out = row(r, 0);
    PQclear(r);
    return out;
  }

  std::vector<PlainItem> create_all(const lb::Array& batch) {
    std::vector<PlainItem> out;
    out.reserve(batch.size());
    PQclear(PQexec(conn, "BEGIN"));
    for (const lb::Value& value : batch) {
      const lb::Object& row = value.as_object();
      const lb::GeoPoint p = row.find("location")->as_geo_point();
      char price[32], location[80];
      std::snprintf(price, sizeof price, "%.17g", row.find("price")->as_double());
      std::snprintf(location, sizeof location, "(%.17g,%.17g)", p.lng, p.lat);
      const std::string created = lb::to_json(*row.find("created"));
      const std::string created_text = created.substr(1, created.size() - 2);
      const char* values[] = {row.find("name")->as_string().c_str(), price, row.find("category")->as_string().c_str(),
                              row.find("sku")->as_string().c_str(), location, created_text.c_str()};
      PGresult* r = PQexecPrepared(conn, "insert", 6, values, nullptr, nullptr, 0);
      if (PQresultStatus(r) != PGRES_TUPLES_OK) fail(std::string("insert: ") + PQerrorMessage(conn));
      out.push_back(RawPostgres::row(r, 0));
      PQclear(r);
    }
    PQclear(PQexec(conn, "COMMIT"));
    return out;
  }

  void clear_batch() { PQclear(PQexec(conn, R"(DELETE FROM "itembatch")")); }
};

// ---------------------------------------------------------------------------------

struct State {
  fs::path dir;
  LbSide sqlite;
  RawSqlite raw_sqlite;
  std::unique_ptr<LbSide> postgres;  // when LB_BENCH_POSTGRES_URL is set
  std::unique_ptr<RawPostgres> raw_postgres;
};
State* g_state = nullptr;
State& state() { return *g_state; }

// lb and the raw driver return the same rows before anything is timed.
void verify(State& s) {
  for (std::int64_t k = 0; k < 100; ++k) {
    const std::int64_t id = probe_id(k);
    auto lb_row = take(s.sqlite.item->find_by_id(lb::Value(static_cast<long long>(id))), "find_by_id");
    auto raw_row = s.raw_sqlite.find_by_id(id);
    if (!lb_row || !raw_row || lb_row->get("sku").as_string() != raw_row->sku ||
        lb_row->get("location").as_geo_point().lat != raw_row->location.lat) {
      fail("sqlite findById differs for id " + std::to_string(id));
    }
  }
  auto lb_rows = take(s.sqlite.item->find(R"({"where":{"category":"cat-07"}})"), "find category");
  auto raw_rows = s.raw_sqlite.category("cat-07");
  if (lb_rows.size() != raw_rows.size() || lb_rows.empty()) fail("sqlite category rows differ");
  for (std::size_t i = 0; i < lb_rows.size(); ++i) {
    if (lb_rows[i].id().as_integer() != raw_rows[i].id) fail("sqlite category order differs");
  }
  auto lb_top = take(s.sqlite.item->find(R"({"order":"price DESC","limit":10})"), "top");
  auto raw_top = s.raw_sqlite.top10();
  for (std::size_t i = 0; i < raw_top.size(); ++i) {
    if (lb_top.at(i).id().as_integer() != raw_top[i].id) fail("sqlite order+limit differs");
  }
  if (s.postgres) {
    for (std::int64_t k = 0; k < 100; ++k) {
      const std::int64_t id = probe_id(k);
      auto lb_row = take(s.postgres->item->find_by_id(lb::Value(static_cast<long long>(id))), "pg find_by_id");
      auto raw_row = s.raw_postgres->find_by_id(id);
      if (!lb_row || !raw_row || lb_row->get("sku").as_string() != raw_row->sku) {
        fail("postgres findById differs for id " + std::to_string(id));
      }
    }
  }
}

void BM_Lb_FindById(benchmark::State& st, LbSide* side) {
  std::int64_t k = 0;
  for (auto _ : st) {
    auto found = side->item->find_by_id(lb::Value(static_cast<long long>(probe_id(k++))));
    if (!found || !*found) fail("find_by_id");
    benchmark::DoNotOptimize((*found)->get("sku"));  // the row read, as the raw side reads it
  }
}

void BM_Lb_Find(benchmark::State& st, LbSide* side, const char* filter) {
  for (auto _ : st) {
    auto found = side->item->find(filter);
    if (!found) fail("find");
    for (const lb::Instance& row : *found) benchmark::DoNotOptimize(row.data());
  }
}

void BM_Lb_CreateAll(benchmark::State& st, LbSide* side) {
  for (auto _ : st) {
    auto created = side->batch->create_all(side->batch_rows);
    if (!created) fail("create_all: " + created.error().message());
    benchmark::DoNotOptimize(created);
    st.PauseTiming();
    take(side->batch->delete_all(), "delete_all");
    st.ResumeTiming();
  }
}

void BM_Raw_Sqlite_FindById(benchmark::State& st) {
  std::int64_t k = 0;
  for (auto _ : st) benchmark::DoNotOptimize(state().raw_sqlite.find_by_id(probe_id(k++)));
}
void BM_Raw_Sqlite_Category(benchmark::State& st) {
  for (auto _ : st) benchmark::DoNotOptimize(state().raw_sqlite.category("cat-07"));
}
void BM_Raw_Sqlite_Range(benchmark::State& st) {
  for (auto _ : st) benchmark::DoNotOptimize(state().raw_sqlite.price_between(500, 500.99));
}
void BM_Raw_Sqlite_OrderLimit(benchmark::State& st) {
  for (auto _ : st) benchmark::DoNotOptimize(state().raw_sqlite.top10());
}
void BM_Raw_Sqlite_CreateAll(benchmark::State& st) {
  for (auto _ : st) {
    auto created = state().raw_sqlite.create_all(state().sqlite.batch_rows);
    benchmark::DoNotOptimize(created);
    st.PauseTiming();
    state().raw_sqlite.clear_batch();
    st.ResumeTiming();
  }
}
void BM_Raw_Postgres_FindById(benchmark::State& st) {
  std::int64_t k = 0;
  for (auto _ : st) benchmark::DoNotOptimize(state().raw_postgres->find_by_id(probe_id(k++)));
}
void BM_Raw_Postgres_CreateAll(benchmark::State& st) {
  for (auto _ : st) {
    auto created = state().raw_postgres->create_all(state().postgres->batch_rows);
    benchmark::DoNotOptimize(created);
    st.PauseTiming();
    state().raw_postgres->clear_batch();
    st.ResumeTiming();
  }
}

constexpr const char* kCategory = R"({"where":{"category":"cat-07"}})";
constexpr const char* kRange = R"({"where":{"price":{"between":[500,500.99]}}})";
constexpr const char* kOrderLimit = R"({"order":"price DESC","limit":10})";

// Names are <side>/<connector>/<operation>; scripts/bench-sql pairs them.
void register_benchmarks(State& s) {
  using benchmark::RegisterBenchmark;
  RegisterBenchmark("lb/sqlite/find_by_id", BM_Lb_FindById, &s.sqlite);
  RegisterBenchmark("raw/sqlite/find_by_id", BM_Raw_Sqlite_FindById);
  RegisterBenchmark("lb/sqlite/create_all_1000", BM_Lb_CreateAll, &s.sqlite);
  RegisterBenchmark("raw/sqlite/create_all_1000", BM_Raw_Sqlite_CreateAll);
  RegisterBenchmark("lb/sqlite/eq_category", BM_Lb_Find, &s.sqlite, kCategory);
  RegisterBenchmark("raw/sqlite/eq_category", BM_Raw_Sqlite_Category);
  RegisterBenchmark("lb/sqlite/range_price", BM_Lb_Find, &s.sqlite, kRange);
  RegisterBenchmark("raw/sqlite/range_price", BM_Raw_Sqlite_Range);
  RegisterBenchmark("lb/sqlite/order_limit", BM_Lb_Find, &s.sqlite, kOrderLimit);
  RegisterBenchmark("raw/sqlite/order_limit", BM_Raw_Sqlite_OrderLimit);
  if (s.postgres) {
    RegisterBenchmark("lb/postgres/find_by_id", BM_Lb_FindById, s.postgres.get());
    RegisterBenchmark("raw/postgres/find_by_id", BM_Raw_Postgres_FindById);
    RegisterBenchmark("lb/postgres/create_all_1000", BM_Lb_CreateAll, s.postgres.get());
    RegisterBenchmark("raw/postgres/create_all_1000", BM_Raw_Postgres_CreateAll);
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  State s;
  g_state = &s;
  s.dir = fs::temp_directory_path() / ("lb-sql-bench-" + std::to_string(::getpid()));
  fs::create_directories(s.dir);
  const fs::path file = s.dir / "bench.db";
  s.sqlite.open(lb::Value(lb::Object{{"connector", "sqlite3"}, {"file", file.string()}}));
  s.raw_sqlite.open(file);
  if (const char* url = std::getenv("LB_BENCH_POSTGRES_URL"); url && *url) {
    s.postgres = std::make_unique<LbSide>();
    s.postgres->open(lb::Value(lb::Object{{"connector", "postgresql"}, {"url", url}}));
    s.raw_postgres = std::make_unique<RawPostgres>();
    s.raw_postgres->open(url);
  } else {
    std::fprintf(stderr, "lb_sql_benchmark: LB_BENCH_POSTGRES_URL is not set: SQLite only\n");
  }
  verify(s);
  benchmark::AddCustomContext("rows", std::to_string(kRows));
  register_benchmarks(s);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  g_state = nullptr;
  fs::remove_all(s.dir);
  return 0;
}
