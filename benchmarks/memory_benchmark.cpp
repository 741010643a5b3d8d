// The in-memory connector on 100,000 Item rows through the public API (lb::App, a
// memory data source, lb::Model), beside the same lookups hand-written over plain C++
// structs: the physical limit. Run through scripts/bench-memory; docs/benchmarks.md
// records the figures. The memory per row goes into the JSON output's context.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lb/app.hpp"
#include "lb/json.hpp"
#include "lb/model.hpp"
#include "memory/store/table.hpp"  // only for the connector's own memory estimate

namespace {

constexpr std::int64_t kRows = 100000;
constexpr std::int64_t kBatch = 1000;

// Item as the issue describes it; ItemBatch, the same properties, takes the bulk creates.
constexpr const char* kItemProperties = R"("properties":{
  "id":{"type":"number","id":true,"generated":true},
  "name":{"type":"string"},
  "price":{"type":"number","index":true},
  "category":{"type":"string","index":true},
  "sku":{"type":"string","index":{"unique":true}},
  "location":{"type":"geopoint","index":true},
  "created":{"type":"date"}})";

// The operations' filters, the same as benchmarks/reference/memory_ops.js sends.
constexpr const char* kEqCategory = R"({"where":{"category":"cat-07"}})";
constexpr const char* kEqSku = R"({"where":{"sku":"SKU-0054321"}})";
constexpr const char* kRangePrice = R"({"where":{"price":{"between":[500,500.99]}}})";
constexpr const char* kInqIds =
    R"({"where":{"id":{"inq":[17,4242,99999,12345,500,77777,31337,2,65536,88888]}}})";
constexpr const char* kLikePrefix = R"({"where":{"name":{"like":"item-123%"}}})";
constexpr const char* kOrderLimit = R"({"order":"price DESC","limit":10})";
constexpr const char* kCountRange = R"({"price":{"between":[100,199.99]}})";
constexpr const char* kNearLimit = R"({"where":{"location":{"near":{"lat":40.7,"lng":-74.0}}},"limit":10})";
const std::vector<std::int64_t> kInqIdList = {17, 4242, 99999, 12345, 500, 77777, 31337, 2, 65536, 88888};
constexpr lb::GeoPoint kNearPoint{40.7, -74.0};

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "lb_memory_benchmark: %s\n", what.c_str());
  std::abort();
}

template <typename T>
T take(lb::Result<T> result, const char* what) {
  if (!result) fail(std::string(what) + ": " + result.error().message());
  return std::move(*result);
}

// The ids findById probes, spread over the table (7919 is prime to kRows).
std::int64_t probe_id(std::int64_t k) { return ((k * 7919) % kRows) + 1; }

// ---------------------------------------------------------------------------------
// The rows. Row `id` (1-based), the same formulas as memory_ops.js's makeRow: prices a
// permutation of 0.00 .. 999.99, 50 categories of 2,000 rows, unique skus.

struct PlainItem {
  std::int64_t id = 0;
  std::string name;
  double price = 0;
  std::string category;
  std::string sku;
  lb::GeoPoint location;
  std::int64_t created_ms = 0;
};

PlainItem make_plain(std::int64_t id) {
  char category[16], sku[16];
  std::snprintf(category, sizeof category, "cat-%02d", static_cast<int>((id * 37) % 50));
  std::snprintf(sku, sizeof sku, "SKU-%07lld", static_cast<long long>(id));
  PlainItem item;
  item.id = id;
  item.name = "item-" + std::to_string(id);
  item.price = static_cast<double>((id * 7919) % 100000) / 100;
  item.category = category;
  item.sku = sku;
  item.location = {static_cast<double>((id * 48271) % 120001) / 1000 - 60,
                   static_cast<double>((id * 69621) % 360001) / 1000 - 180};
  item.created_ms = 1700000000000LL + id * 60000;
  return item;
}

// The row as a client sends it: with its id for the load (import keeps ids), without
// one for create_all (the connector generates it).
lb::Object make_row(const PlainItem& item, bool with_id) {
  lb::Object row;
  if (with_id) row.insert_or_assign("id", lb::Value(static_cast<long long>(item.id)));
  row.insert_or_assign("name", lb::Value(item.name));
  row.insert_or_assign("price", lb::Value(item.price));
  row.insert_or_assign("category", lb::Value(item.category));
  row.insert_or_assign("sku", lb::Value(item.sku));
  row.insert_or_assign("location", lb::Value(item.location));
  row.insert_or_assign("created", lb::Value(lb::Date{item.created_ms}));
  return row;
}

// The issue's yardstick: 8 per number or date, string bytes, 16 per GeoPoint.
std::size_t raw_size(const PlainItem& item) {
  return 8 + item.name.size() + 8 + item.category.size() + item.sku.size() + 16 + 8;
}

// Heap bytes in use (glibc): small chunks plus mmap'd ones.
std::size_t heap_in_use() {
  struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

// ---------------------------------------------------------------------------------
// The hand-written store: the physical limit. Rows in id order (full scans walk them
// in the order results are due), an unordered_map by id, and sorted vectors of
// (key, row position) for the indexed properties, sorted by key then id as lb's
// indexes are. Results are copies, as lb's are.

struct PlainStore {
  std::vector<PlainItem> rows;
  std::unordered_map<std::int64_t, PlainItem> by_id;
  std::vector<std::pair<std::string, std::uint32_t>> by_category;
  std::vector<std::pair<std::string, std::uint32_t>> by_sku;
  std::vector<std::pair<double, std::uint32_t>> by_price;
  std::multimap<double, std::uint32_t> price_tree;  // for the tree-walk count only

  void load() {
    rows.reserve(kRows);
    for (std::int64_t id = 1; id <= kRows; ++id) rows.push_back(make_plain(id));
    by_id.reserve(kRows);
    for (std::uint32_t i = 0; i < rows.size(); ++i) {
      by_id.emplace(rows[i].id, rows[i]);
      by_category.emplace_back(rows[i].category, i);
      by_sku.emplace_back(rows[i].sku, i);
      by_price.emplace_back(rows[i].price, i);
      price_tree.emplace(rows[i].price, i);
    }
    std::sort(by_category.begin(), by_category.end());
    std::sort(by_sku.begin(), by_sku.end());
    std::sort(by_price.begin(), by_price.end());
  }

  template <typename Key>
  static auto key_range(const std::vector<std::pair<Key, std::uint32_t>>& index, const Key& low,
                        const Key& high) {
    auto first = std::lower_bound(index.begin(), index.end(), low,
                                  [](const auto& entry, const Key& k) { return entry.first < k; });
    auto last = std::upper_bound(first, index.end(), high,
                                 [](const Key& k, const auto& entry) { return k < entry.first; });
    return std::make_pair(first, last);
  }

  std::optional<PlainItem> find_by_id(std::int64_t id) const {
    auto it = by_id.find(id);
    if (it == by_id.end()) return std::nullopt;
    return it->second;
  }

  std::vector<PlainItem> eq(const std::vector<std::pair<std::string, std::uint32_t>>& index,
                            const std::string& key) const {
    auto [first, last] = key_range(index, key, key);
    std::vector<PlainItem> out;
    out.reserve(static_cast<std::size_t>(last - first));
    for (auto it = first; it != last; ++it) out.push_back(rows[it->second]);
    return out;
  }

  // Rows with price in [low, high], in id order (a find without order is by id).
  std::vector<PlainItem> price_between(double low, double high) const {
    auto [first, last] = key_range(by_price, low, high);
    std::vector<std::uint32_t> positions;
    positions.reserve(static_cast<std::size_t>(last - first));
    for (auto it = first; it != last; ++it) positions.push_back(it->second);
    std::sort(positions.begin(), positions.end());
    std::vector<PlainItem> out;
    out.reserve(positions.size());
    for (std::uint32_t p : positions) out.push_back(rows[p]);
    return out;
  }

  std::vector<PlainItem> inq(std::vector<std::int64_t> ids) const {
    std::sort(ids.begin(), ids.end());
    std::vector<PlainItem> out;
    out.reserve(ids.size());
    for (std::int64_t id : ids) {
      auto it = by_id.find(id);
      if (it != by_id.end()) out.push_back(it->second);
    }
    return out;
  }

  std::vector<PlainItem> name_prefix(std::string_view prefix) const {
    std::vector<PlainItem> out;
    for (const PlainItem& row : rows) {
      if (std::string_view(row.name).substr(0, prefix.size()) == prefix) out.push_back(row);
    }
    return out;
  }

  std::vector<PlainItem> top_price(std::size_t limit) const {
    std::vector<PlainItem> out;
    out.reserve(limit);
    for (auto it = by_price.rbegin(); it != by_price.rend() && out.size() < limit; ++it) {
      out.push_back(rows[it->second]);
    }
    return out;
  }

  std::int64_t count_price_between(double low, double high) const {
    auto [first, last] = key_range(by_price, low, high);
    return last - first;
  }

  std::int64_t count_price_between_tree(double low, double high) const {
    return static_cast<std::int64_t>(std::distance(price_tree.lower_bound(low), price_tree.upper_bound(high)));
  }

  // The same haversine as src/memory/exec/geo_distance.cpp (LoopBack's constants).
  static double distance(lb::GeoPoint a, lb::GeoPoint b) {
    constexpr double kRad = 0.01745329252;
    auto hav = [](double angle) {
      double s = std::sin(angle / 2.0);
      return s * s;
    };
    double x1 = a.lat * kRad, y1 = a.lng * kRad, x2 = b.lat * kRad, y2 = b.lng * kRad;
    return 2 * std::asin(std::sqrt(hav(x2 - x1) + std::cos(x2) * std::cos(x1) * hav(y2 - y1))) * 3958.75;
  }

  // The `limit` rows nearest `origin`, nearest first: one pass, a max-heap of `limit`.
  std::vector<PlainItem> nearest(lb::GeoPoint origin, std::size_t limit) const {
    std::priority_queue<std::pair<double, std::uint32_t>> heap;
    for (std::uint32_t i = 0; i < rows.size(); ++i) {
      double d = distance(origin, rows[i].location);
      if (heap.size() < limit) {
        heap.emplace(d, i);
      } else if (d < heap.top().first) {
        heap.pop();
        heap.emplace(d, i);
      }
    }
    std::vector<PlainItem> out(heap.size());
    for (std::size_t i = heap.size(); i-- > 0; heap.pop()) out[i] = rows[heap.top().second];
    return out;
  }
};

// A fresh hand-written table taking a bulk create: ids generated, the unique checks
// (id and sku) and every index maintained with node-based containers, as lb's are; the
// R-tree has no counterpart (the hand-written near is a scan).
struct PlainTable {
  std::unordered_map<std::int64_t, PlainItem> by_id;
  std::multimap<double, std::int64_t> by_price;
  std::multimap<std::string, std::int64_t> by_category;
  std::map<std::string, std::int64_t> by_sku;
  std::int64_t next_id = 1;

  std::vector<PlainItem> create_all(const std::vector<PlainItem>& batch) {
    std::vector<PlainItem> out;
    out.reserve(batch.size());
    for (const PlainItem& given : batch) {
      PlainItem item = given;
      item.id = next_id++;
      if (!by_sku.emplace(item.sku, item.id).second) fail("duplicate sku");
      by_price.emplace(item.price, item.id);
      by_category.emplace(item.category, item.id);
      auto [it, inserted] = by_id.emplace(item.id, std::move(item));
      if (!inserted) fail("duplicate id");
      out.push_back(it->second);
    }
    return out;
  }
};

// ---------------------------------------------------------------------------------
// The lb side: an App with one memory data source and the two models.

struct LbStore {
  lb::App app;
  lb::Model* item = nullptr;
  lb::Model* batch = nullptr;
  double load_seconds = 0;
  std::size_t heap_bytes = 0;  // heap the load left in use (the store's rows and indexes)

  void load() {
    take(app.add_data_source("db", lb::Value(lb::Object{{"connector", lb::Value("memory")}})), "data source");
    item = take(app.define_model(definition("Item"), "db"), "define Item");
    batch = take(app.define_model(definition("ItemBatch"), "db"), "define ItemBatch");
    lb::Array rows;
    rows.reserve(kRows);
    for (std::int64_t id = 1; id <= kRows; ++id) rows.emplace_back(make_row(make_plain(id), true));
    std::size_t before = heap_in_use();
    auto start = std::chrono::steady_clock::now();
    std::int64_t loaded = take(item->import(rows), "import");
    load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    heap_bytes = heap_in_use() - before;
    if (loaded != kRows) fail("import loaded " + std::to_string(loaded) + " rows");
  }

  static lb::Value definition(const char* name) {
    return take(lb::parse_json(std::string(R"({"name":")") + name + "\"," + kItemProperties + "}"),
                "model definition");
  }
};

struct State {
  LbStore lb;
  PlainStore plain;
  std::size_t plain_heap_bytes = 0;
  std::vector<PlainItem> plain_batch;
  lb::Array lb_batch;
  // Pre-bound filters for the engine-only figures (connector().find with no parse/bind).
  std::map<std::string, lb::filter::Bound> bound;
  lb::filter::BoundWhere count_where;
};

State* g_state = nullptr;

std::vector<std::int64_t> ids_of(const std::vector<lb::Instance>& found) {
  std::vector<std::int64_t> ids;
  for (const lb::Instance& i : found) ids.push_back(static_cast<std::int64_t>(i.id().as_double()));
  return ids;
}
std::vector<std::int64_t> ids_of(const std::vector<PlainItem>& found) {
  std::vector<std::int64_t> ids;
  for (const PlainItem& i : found) ids.push_back(i.id);
  return ids;
}

// Every operation must return the same rows in the same order on both sides, and the
// sizes the benchmark claims, or the comparison means nothing.
void check_same(const char* what, const std::vector<lb::Instance>& lb_rows,
                const std::vector<PlainItem>& plain_rows, std::size_t expected) {
  if (ids_of(lb_rows) != ids_of(plain_rows)) fail(std::string(what) + ": lb and hand-written rows differ");
  if (plain_rows.size() != expected) {
    fail(std::string(what) + ": " + std::to_string(plain_rows.size()) + " rows, expected " +
         std::to_string(expected));
  }
}

void verify(State& s) {
  lb::Model& item = *s.lb.item;
  for (std::int64_t k = 0; k < 100; ++k) {
    auto found = take(item.find_by_id(lb::Value(static_cast<long long>(probe_id(k)))), "findById");
    if (!found || static_cast<std::int64_t>(found->id().as_double()) != probe_id(k) ||
        found->get("sku").as_string() != s.plain.find_by_id(probe_id(k))->sku) {
      fail("findById: wrong row");
    }
  }
  check_same("eq_category", take(item.find(kEqCategory), "find"), s.plain.eq(s.plain.by_category, "cat-07"), 2000);
  check_same("eq_sku", take(item.find(kEqSku), "find"), s.plain.eq(s.plain.by_sku, "SKU-0054321"), 1);
  check_same("range_price", take(item.find(kRangePrice), "find"), s.plain.price_between(500, 500.99), 100);
  check_same("inq_ids", take(item.find(kInqIds), "find"), s.plain.inq(kInqIdList), 10);
  check_same("like_prefix", take(item.find(kLikePrefix), "find"), s.plain.name_prefix("item-123"), 111);
  check_same("order_limit", take(item.find(kOrderLimit), "find"), s.plain.top_price(10), 10);
  check_same("near_limit", take(item.find(kNearLimit), "find"), s.plain.nearest(kNearPoint, 10), 10);
  std::int64_t n = take(item.count(kCountRange), "count");
  if (n != 10000 || s.plain.count_price_between(100, 199.99) != 10000 ||
      s.plain.count_price_between_tree(100, 199.99) != 10000) {
    fail("count_range: " + std::to_string(n) + " rows, expected 10000");
  }
  auto created = take(s.lb.batch->create_all(s.lb_batch), "create_all");
  if (created.size() != static_cast<std::size_t>(kBatch)) fail("create_all: wrong count");
  if (take(s.lb.batch->delete_all(), "delete_all") != kBatch) fail("delete_all: wrong count");
}

// The connector's own estimate (Table::memory_usage), for a table holding the same rows.
// The memory connector does not expose its tables, so this builds one beside it.
lb::memory::MemoryUsage connector_estimate(const lb::Model& item) {
  auto table = take(lb::memory::Table::create(item.definition()), "table");
  for (std::int64_t id = 1; id <= kRows; ++id) take(table->insert(make_row(make_plain(id), true)), "insert");
  return table->memory_usage();
}

State& state() { return *g_state; }

// ---------------------------------------------------------------------------------
// lb through the public API: filters as JSON text, results as lb::Instance copies.

void BM_Lb_FindById(benchmark::State& st) {
  lb::Model& item = *state().lb.item;
  std::int64_t k = 0;
  for (auto _ : st) {
    auto found = item.find_by_id(lb::Value(static_cast<long long>(probe_id(k++))));
    benchmark::DoNotOptimize(found);
  }
}

template <const char* const* Text>
void BM_Lb_Find(benchmark::State& st) {
  lb::Model& item = *state().lb.item;
  std::size_t rows = 0;
  for (auto _ : st) {
    auto found = item.find(*Text);
    rows = found->size();
    benchmark::DoNotOptimize(found);
  }
  st.counters["rows"] = static_cast<double>(rows);
}

void BM_Lb_CountRange(benchmark::State& st) {
  lb::Model& item = *state().lb.item;
  for (auto _ : st) {
    auto n = item.count(kCountRange);
    benchmark::DoNotOptimize(n);
  }
}

// 1,000 rows into a fresh (emptied, untimed) table per iteration, ids generated. The
// client hands over an array of its own, built untimed (as BM_Engine_CreateAll1000's
// Objects are), the way a client that owns its data calls create_all.
void BM_Lb_CreateAll1000(benchmark::State& st) {
  lb::Model& batch = *state().lb.batch;
  const lb::Array& rows = state().lb_batch;
  for (auto _ : st) {
    st.PauseTiming();
    lb::Array given = rows;
    st.ResumeTiming();
    auto created = batch.create_all(std::move(given));
    benchmark::DoNotOptimize(created);
    st.PauseTiming();
    if (!created || !batch.delete_all()) fail("create_all");
    { auto done = std::move(created); }
    st.ResumeTiming();
  }
}

// The engine alone: a filter bound once, run through the data source's connector (no
// parse, no bind, Objects instead of Instances): what the API layer adds is the rest.
// findById has none: its probes spread over the whole table, and a filter bound per id
// would not fit beside it (a few bound ids would measure a warm cache instead).
void BM_Engine_Find(benchmark::State& st, const char* name) {
  lb::Connector& connector = state().lb.item->data_source().connector();
  const lb::filter::Bound& bound = state().bound.at(name);
  for (auto _ : st) {
    auto found = connector.find(bound);
    benchmark::DoNotOptimize(found);
  }
}

// create_all's connector half: the same 1,000 rows as Objects already of their
// property types (what Model::create_all hands the connector after its checks, made
// untimed here) into a fresh table per iteration.
void BM_Engine_CreateAll1000(benchmark::State& st) {
  lb::Model& batch = *state().lb.batch;
  lb::Connector& connector = batch.data_source().connector();
  const lb::Array& rows = state().lb_batch;
  for (auto _ : st) {
    st.PauseTiming();
    std::vector<lb::Object> objects;
    objects.reserve(rows.size());
    for (const lb::Value& row : rows) objects.push_back(row.as_object());
    st.ResumeTiming();
    auto created = connector.create_all(batch.definition(), std::move(objects));
    benchmark::DoNotOptimize(created);
    st.PauseTiming();
    if (!created || !batch.delete_all()) fail("engine create_all");
    { auto done = std::move(created); }
    st.ResumeTiming();
  }
}

void BM_Engine_CountRange(benchmark::State& st) {
  lb::Connector& connector = state().lb.item->data_source().connector();
  const lb::ModelDefinition& model = state().lb.item->definition();
  for (auto _ : st) {
    auto n = connector.count(model, &state().count_where);
    benchmark::DoNotOptimize(n);
  }
}

// ---------------------------------------------------------------------------------
// Hand-written over plain structs.

void BM_Hand_FindById(benchmark::State& st) {
  const PlainStore& plain = state().plain;
  std::int64_t k = 0;
  for (auto _ : st) {
    auto found = plain.find_by_id(probe_id(k++));
    benchmark::DoNotOptimize(found);
  }
}

template <typename Fn>
void hand_loop(benchmark::State& st, Fn&& fn) {
  for (auto _ : st) {
    auto result = fn(state().plain);
    benchmark::DoNotOptimize(result);
  }
}

void BM_Hand_EqCategory(benchmark::State& st) {
  hand_loop(st, [](const PlainStore& p) { return p.eq(p.by_category, "cat-07"); });
}
void BM_Hand_EqSku(benchmark::State& st) {
  hand_loop(st, [](const PlainStore& p) { return p.eq(p.by_sku, "SKU-0054321"); });
}
void BM_Hand_RangePrice(benchmark::State& st) {
  hand_loop(st, [](const PlainStore& p) { return p.price_between(500, 500.99); });
}
void BM_Hand_InqIds(benchmark::State& st) {
  hand_loop(st, [](const PlainStore& p) { return p.inq(kInqIdList); });
}
void BM_Hand_LikePrefix(benchmark::State& st) {
  hand_loop(st, [](const PlainStore& p) { return p.name_prefix("item-123"); });
}
void BM_Hand_OrderLimit(benchmark::State& st) {
  hand_loop(st, [](const PlainStore& p) { return p.top_price(10); });
}
void BM_Hand_CountRange(benchmark::State& st) {
  hand_loop(st, [](const PlainStore& p) { return p.count_price_between(100, 199.99); });
}
// The same count walking a node-based tree (std::multimap), as an ordered index must
// when it keeps no subtree sizes.
void BM_Hand_CountRangeTreeWalk(benchmark::State& st) {
  hand_loop(st, [](const PlainStore& p) { return p.count_price_between_tree(100, 199.99); });
}
void BM_Hand_NearLimit(benchmark::State& st) {
  hand_loop(st, [](const PlainStore& p) { return p.nearest(kNearPoint, 10); });
}

void BM_Hand_CreateAll1000(benchmark::State& st) {
  const std::vector<PlainItem>& rows = state().plain_batch;
  for (auto _ : st) {
    auto table = std::make_unique<PlainTable>();
    auto created = table->create_all(rows);
    benchmark::DoNotOptimize(created);
    st.PauseTiming();
    table.reset();
    { auto done = std::move(created); }
    st.ResumeTiming();
  }
}

const char* const kEqCategoryText = kEqCategory;
const char* const kEqSkuText = kEqSku;
const char* const kRangePriceText = kRangePrice;
const char* const kInqIdsText = kInqIds;
const char* const kLikePrefixText = kLikePrefix;
const char* const kOrderLimitText = kOrderLimit;
const char* const kNearLimitText = kNearLimit;

// Names are <side>/<operation>; scripts/bench-memory pairs them by operation.
void register_benchmarks() {
  using benchmark::RegisterBenchmark;
  RegisterBenchmark("lb/find_by_id", BM_Lb_FindById);
  RegisterBenchmark("lb/eq_category", BM_Lb_Find<&kEqCategoryText>);
  RegisterBenchmark("lb/eq_sku", BM_Lb_Find<&kEqSkuText>);
  RegisterBenchmark("lb/range_price", BM_Lb_Find<&kRangePriceText>);
  RegisterBenchmark("lb/inq_ids", BM_Lb_Find<&kInqIdsText>);
  RegisterBenchmark("lb/like_prefix", BM_Lb_Find<&kLikePrefixText>);
  RegisterBenchmark("lb/order_limit", BM_Lb_Find<&kOrderLimitText>);
  RegisterBenchmark("lb/count_range", BM_Lb_CountRange);
  RegisterBenchmark("lb/near_limit", BM_Lb_Find<&kNearLimitText>);
  RegisterBenchmark("lb/create_all_1000", BM_Lb_CreateAll1000);

  for (const char* name : {"eq_category", "eq_sku", "range_price", "inq_ids", "like_prefix", "order_limit",
                           "near_limit"}) {
    RegisterBenchmark((std::string("engine/") + name).c_str(), BM_Engine_Find, name);
  }
  RegisterBenchmark("engine/count_range", BM_Engine_CountRange);
  RegisterBenchmark("engine/create_all_1000", BM_Engine_CreateAll1000);

  RegisterBenchmark("hand/find_by_id", BM_Hand_FindById);
  RegisterBenchmark("hand/eq_category", BM_Hand_EqCategory);
  RegisterBenchmark("hand/eq_sku", BM_Hand_EqSku);
  RegisterBenchmark("hand/range_price", BM_Hand_RangePrice);
  RegisterBenchmark("hand/inq_ids", BM_Hand_InqIds);
  RegisterBenchmark("hand/like_prefix", BM_Hand_LikePrefix);
  RegisterBenchmark("hand/order_limit", BM_Hand_OrderLimit);
  RegisterBenchmark("hand/count_range", BM_Hand_CountRange);
  RegisterBenchmark("hand/count_range_tree_walk", BM_Hand_CountRangeTreeWalk);
  RegisterBenchmark("hand/near_limit", BM_Hand_NearLimit);
  RegisterBenchmark("hand/create_all_1000", BM_Hand_CreateAll1000);
}

void build_state(State& s) {
  std::size_t before = heap_in_use();
  s.plain.load();
  s.plain_heap_bytes = heap_in_use() - before;
  s.lb.load();
  for (std::int64_t id = 1; id <= kBatch; ++id) {
    PlainItem row = make_plain(kRows + id);
    s.lb_batch.emplace_back(make_row(row, false));
    s.plain_batch.push_back(std::move(row));
  }
  verify(s);

  lb::Model& item = *s.lb.item;
  const std::pair<const char*, const char*> filters[] = {
      {"eq_category", kEqCategory}, {"eq_sku", kEqSku},           {"range_price", kRangePrice},
      {"inq_ids", kInqIds},         {"like_prefix", kLikePrefix}, {"order_limit", kOrderLimit},
      {"near_limit", kNearLimit}};
  for (const auto& [name, text] : filters) s.bound.emplace(name, take(item.bind_filter(text), "bind"));
  s.count_where = take(item.bind_where(kCountRange), "bind where");
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  State s;
  g_state = &s;
  build_state(s);

  std::size_t raw = 0;
  for (const PlainItem& row : s.plain.rows) raw += raw_size(row);
  auto estimate = connector_estimate(*s.lb.item);
  auto per_row = [](double bytes) { return std::to_string(bytes / static_cast<double>(kRows)); };
  benchmark::AddCustomContext("rows", std::to_string(kRows));
  benchmark::AddCustomContext("load_seconds", std::to_string(s.lb.load_seconds));
  benchmark::AddCustomContext("raw_bytes_per_row", per_row(static_cast<double>(raw)));
  benchmark::AddCustomContext("heap_bytes_per_row", per_row(static_cast<double>(s.lb.heap_bytes)));
  benchmark::AddCustomContext("estimate_row_bytes_per_row", per_row(static_cast<double>(estimate.row_bytes)));
  benchmark::AddCustomContext("estimate_index_bytes_per_row", per_row(static_cast<double>(estimate.index_bytes)));
  benchmark::AddCustomContext("estimate_value_bytes_per_row", per_row(static_cast<double>(estimate.value_bytes)));
  benchmark::AddCustomContext("hand_heap_bytes_per_row", per_row(static_cast<double>(s.plain_heap_bytes)));

  register_benchmarks();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  g_state = nullptr;
  return 0;
}
