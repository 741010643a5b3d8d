// MemoryConnector: writes, ids, unique indexes, atomicity and capabilities.
#include "memory_fixture.hpp"

#include <cmath>

namespace lb::memory::testing {
namespace {

class MemoryConnectorTest : public MemoryFixture {};

std::string json(const Object& row) { return Value(row).to_json(); }

TEST_F(MemoryConnectorTest, CreateAllAssignsIdsFromOne) {
  auto rows = connector_->create_all(*item_, sample_rows()).value();
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0].get("id").to_json(), "1");
  EXPECT_EQ(rows[5].get("id").to_json(), "6");
  EXPECT_EQ(connector_->count(*item_, nullptr).value(), 6);
  EXPECT_EQ(find_ids("{}"), "1,2,3,4,5,6");
}

// A model whose id comes first: create_all hands back the caller's own rows (with their
// ids) when they were stored as given, and copies of the stored rows otherwise; either
// way each record reads as find reads the row back, and a later row's given id counts.
TEST_F(MemoryConnectorTest, CreateAllRecordsReadAsTheStoredRows) {
  const ModelDefinition* note = registry_
                                    .define_json(R"({"name":"Note","strict":false,"properties":{
      "id":{"type":"number","id":true,"generated":true},
      "title":{"type":"string","index":true},
      "rank":{"type":"number","index":true},
      "code":{"type":"string","index":{"unique":true}},
      "body":{"type":"any"}}})")
                                    .value();
  connector_->define(*note).value();
  auto check = [&](std::vector<Object> rows, const std::string& expected_ids) {
    const std::size_t n = rows.size();
    auto created = connector_->create_all(*note, std::move(rows)).value();
    ASSERT_EQ(created.size(), n);
    std::string ids;
    for (const Record& record : created) {
      ids += (ids.empty() ? "" : ",") + record.get("id").to_json();
      auto found = connector_->find_by_id(*note, record.get("id")).value();
      ASSERT_TRUE(found);
      EXPECT_EQ(json(record.to_object()), json(found->to_object()));
      EXPECT_EQ(record.get("title").to_json(), found->get("title").to_json());
      EXPECT_TRUE(record.get("nothing").is_null());
    }
    EXPECT_EQ(ids, expected_ids);
  };
  // Plain rows (stored as given), one with a property left out and one with a null.
  check({Object{{"title", "a"}, {"rank", 2}, {"code", "c1"}}, Object{{"title", "b"}, {"code", "c2"}},
         Object{{"title", nullptr}, {"rank", 1.5}, {"code", "c3"}, {"body", Value(Array{Value(1)})}}},
        "1,2,3");
  // Out of order, an undefined property, a null id and a given one: copies.
  check({Object{{"code", "c4"}, {"title", "d"}}, Object{{"title", "e"}, {"code", "c5"}, {"extra", true}},
         Object{{"id", nullptr}, {"code", "c6"}}, Object{{"id", 20}, {"code", "c7"}}, Object{{"code", "c8"}}},
        "4,5,6,20,21");
  // A refused batch (a taken code) stores nothing and hands back nothing.
  auto refused = connector_->create_all(*note, {Object{{"code", "c9"}}, Object{{"code", "c1"}}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().status(), 409);
  EXPECT_EQ(connector_->count(*note, nullptr).value(), 8);
  check({Object{{"title", "f"}, {"code", "c9"}}}, "22");
}

TEST_F(MemoryConnectorTest, IdCounterFollowsLoopBack) {
  EXPECT_EQ(json(connector_->create(*item_, {{"name", "a"}}).value()), R"({"name":"a","id":1})");
  // A given id above the counter moves it past that id.
  EXPECT_EQ(connector_->create(*item_, {{"name", "b"}, {"id", 10}}).value().find("id")->to_json(), "10");
  EXPECT_EQ(connector_->create(*item_, {{"name", "c"}}).value().find("id")->to_json(), "11");
  // A given id below it still advances it by one, as LoopBack's counter does.
  EXPECT_EQ(connector_->create(*item_, {{"name", "d"}, {"id", 5}}).value().find("id")->to_json(), "5");
  EXPECT_EQ(connector_->create(*item_, {{"name", "e"}, {"id", nullptr}}).value().find("id")->to_json(), "13");
}

TEST_F(MemoryConnectorTest, DuplicateIdIs409AndChangesNothing) {
  connector_->create(*item_, {{"name", "a"}}).value();
  auto again = connector_->create(*item_, {{"name", "b"}, {"id", 1}});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().status(), 409);
  EXPECT_EQ(again.error().message(), "Duplicate entry for Item.id");
  EXPECT_EQ(connector_->create(*item_, {{"name", "c"}}).value().find("id")->to_json(), "2");
  EXPECT_EQ(connector_->count(*item_, nullptr).value(), 2);
}

TEST_F(MemoryConnectorTest, StringIdsAreStoredAsGiven) {
  registry_.define_json(R"({"name":"Tag","properties":{"code":{"type":"string","id":true},"label":"string"}})")
      .value();
  const ModelDefinition& tag = *registry_.find("Tag");
  connector_->define(tag).value();
  EXPECT_EQ(json(connector_->create(tag, {{"code", "b"}, {"label", "B"}}).value()), R"({"code":"b","label":"B"})");
  EXPECT_EQ(connector_->create(tag, {{"label", "none"}}).value().find("code")->to_json(), R"("2")");
  auto rows = find_rows(filter::bind(filter::parse_filter("{}").value(), tag, registry_).value());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].find("code")->as_string(), "2");  // "2" < "b" bytewise
}

TEST_F(MemoryConnectorTest, CompositeIdsAreRefused) {
  auto model = registry_.define_json(R"({"name":"Pair","properties":{"a":{"type":"number","id":1},
    "b":{"type":"number","id":2}}})").value();
  auto status = connector_->define(*model);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().status(), 400);
}

TEST_F(MemoryConnectorTest, UniqueIndexViolationsAre409) {
  load_sample();
  auto created = connector_->create(*item_, {{"name", "x"}, {"sku", "P-1"}});
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().status(), 409);
  EXPECT_EQ(created.error().message(), "Duplicate entry for Item.sku");
  // Null and missing keys never conflict.
  EXPECT_TRUE(connector_->create(*item_, {{"name", "y"}}));
  EXPECT_TRUE(connector_->create(*item_, {{"name", "z"}, {"sku", nullptr}}));
  auto updated = connector_->update_by_id(*item_, 2, {{"sku", "P-1"}}, WriteMode::Patch);
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().status(), 409);
  EXPECT_EQ(find_ids(R"({"where":{"sku":"P-2"}})"), "2");
  // Setting a row's key to its own value is no conflict.
  EXPECT_TRUE(connector_->update_by_id(*item_, 1, {{"sku", "P-1"}, {"price", 2}}, WriteMode::Patch));
}

TEST_F(MemoryConnectorTest, CompositeUniqueIndex) {
  const ModelDefinition& combo = *registry_.define_json(R"({"name":"Combo","properties":{"a":"string","b":"number"},
    "indexes":{"a_b":{"keys":{"a":1,"b":1},"options":{"unique":true}}}})").value();
  connector_->define(combo).value();
  EXPECT_TRUE(connector_->create(combo, {{"a", "x"}, {"b", 1}}));
  EXPECT_TRUE(connector_->create(combo, {{"a", "x"}, {"b", 2}}));
  auto duplicate = connector_->create(combo, {{"a", "x"}, {"b", 1.0}});
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().message(), "Duplicate entry for Combo.a,b");
}

TEST_F(MemoryConnectorTest, CreateAllIsAllOrNothing) {
  load_sample();
  std::vector<Object> rows{{{"name", "new1"}}, {{"name", "new2"}, {"sku", "C-1"}}};
  auto result = connector_->create_all(*item_, rows);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().status(), 409);
  EXPECT_EQ(connector_->count(*item_, nullptr).value(), 6);
  EXPECT_EQ(connector_->create(*item_, {{"name", "next"}}).value().find("id")->to_json(), "7");
}

TEST_F(MemoryConnectorTest, UpdateAllPatchesAndRollsBackOnConflict) {
  load_sample();
  auto office = where(R"({"category":"office"})");
  EXPECT_EQ(connector_->update_all(*item_, &office, {{"price", 3}, {"id", 99}}).value(), 3);
  EXPECT_EQ(find_ids(R"({"where":{"price":3}})"), "1,2,4");
  // Two rows cannot both take one unique sku: nothing changes.
  auto home = where(R"({"category":"home"})");
  auto conflict = connector_->update_all(*item_, &home, {{"sku", "Z"}, {"price", 7}});
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().status(), 409);
  EXPECT_EQ(find_ids(R"({"where":{"price":7}})"), "");
  EXPECT_EQ(find_ids(R"({"where":{"sku":"C-1"}})"), "6");
  EXPECT_EQ(find_ids(R"({"where":{"category":"home"},"order":"price"})"), "3,6");
}

TEST_F(MemoryConnectorTest, UpdateByIdPatchAndReplace) {
  load_sample();
  auto patched = connector_->update_by_id(*item_, 5, {{"price", 13}, {"color", "red"}}, WriteMode::Patch).value();
  ASSERT_TRUE(patched);
  EXPECT_EQ(json(*patched),
            R"({"name":"100% cotton bag","price":13,"category":"bags","inStock":false,"tags":null,"meta":"x","id":5,"color":"red"})");
  auto replaced = connector_->update_by_id(*item_, 5, {{"name", "bag"}, {"id", 77}}, WriteMode::Replace).value();
  EXPECT_EQ(json(*replaced), R"({"name":"bag","id":5})");
  EXPECT_FALSE(connector_->update_by_id(*item_, 42, {{"name", "x"}}, WriteMode::Patch).value());
}

TEST_F(MemoryConnectorTest, UpsertCreatesOrUpdates) {
  load_sample();
  auto updated = connector_->upsert(*item_, {{"id", 2}, {"price", 9}}, WriteMode::Patch).value();
  EXPECT_FALSE(updated.created);
  EXPECT_EQ(updated.row.find("name")->as_string(), "pencil");
  auto replaced = connector_->upsert(*item_, {{"id", 2}, {"name", "p"}}, WriteMode::Replace).value();
  EXPECT_EQ(json(replaced.row), R"({"name":"p","id":2})");
  auto created = connector_->upsert(*item_, {{"id", 20}, {"name", "new"}}, WriteMode::Patch).value();
  EXPECT_TRUE(created.created);
  auto generated = connector_->upsert(*item_, {{"name", "gen"}}, WriteMode::Patch).value();
  EXPECT_EQ(generated.row.find("id")->to_json(), "21");
}

TEST_F(MemoryConnectorTest, FindOrCreateUsesWhereAndOrder) {
  load_sample();
  auto found = connector_->find_or_create(bound(R"({"where":{"category":"office"},"order":"price DESC"})"),
                                          {{"name", "x"}})
                   .value();
  EXPECT_FALSE(found.created);
  EXPECT_EQ(found.row.find("id")->to_json(), "4");
  auto created = connector_->find_or_create(bound(R"({"where":{"category":"toys"}})"),
                                            {{"name", "ball"}, {"category", "toys"}})
                     .value();
  EXPECT_TRUE(created.created);
  EXPECT_EQ(created.row.find("id")->to_json(), "7");
}

TEST_F(MemoryConnectorTest, DeleteAllAndCount) {
  load_sample();
  auto cheap = where(R"({"price":{"lt":10}})");
  EXPECT_EQ(connector_->count(*item_, &cheap).value(), 2);
  EXPECT_EQ(connector_->delete_all(*item_, &cheap).value(), 2);
  EXPECT_EQ(find_ids(R"({"where":{"category":"office"}})"), "4");
  EXPECT_EQ(find_ids(R"({"where":{"location":{"near":"40.7,-74"}}})"), "4,3");
  EXPECT_EQ(connector_->delete_all(*item_, nullptr).value(), 4);
  EXPECT_EQ(connector_->count(*item_, nullptr).value(), 0);
  // The counter is not reset by deletes, as in LoopBack.
  EXPECT_EQ(connector_->create(*item_, {{"name", "x"}}).value().find("id")->to_json(), "7");
}

TEST_F(MemoryConnectorTest, FindReturnsFieldsInDefinitionOrderAndCopies) {
  load_sample();
  auto rows = find_rows(bound(R"({"fields":["price","name","extra"],"where":{"id":6}})"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(json(rows[0]), R"({"name":"chair","price":60,"extra":"kept"})");
  rows[0].insert_or_assign("name", "changed");
  EXPECT_EQ(find_ids(R"({"where":{"name":"chair"}})"), "6");
  auto all = find_rows(bound(R"({"where":{"id":4}})"));
  EXPECT_EQ(json(all[0]),
            R"({"name":"notebook_a5","price":12,"category":"office","sku":"N-5","inStock":true,)"
            R"("added":"2024-03-15T00:00:00.000Z","location":{"lat":40.73,"lng":-73.99},)"
            R"("address":{"city":"New York"},"meta":{"color":"red"},"id":4})");
  EXPECT_TRUE(all[0].find("added")->is_date());
  EXPECT_TRUE(all[0].find("location")->is_geo_point());
}

TEST_F(MemoryConnectorTest, IndexesFollowUpdatesAndDeletes) {
  load_sample();
  connector_->update_by_id(*item_, 1, {{"category", "home"}, {"price", 70}, {"location", nullptr}},
                           WriteMode::Patch)
      .value();
  EXPECT_EQ(find_ids(R"({"where":{"category":"home"}})"), "1,3,6");
  EXPECT_EQ(find_ids(R"({"where":{"price":{"gt":50}},"order":"price DESC","limit":5})"), "1,6");
  EXPECT_EQ(find_ids(R"({"where":{"location":{"near":"40.7128,-74.006"}},"limit":2})"), "4,2");
}

TEST_F(MemoryConnectorTest, Capabilities) {
  auto capabilities = connector_->capabilities();
  EXPECT_FALSE(capabilities.persistent);
  EXPECT_TRUE(capabilities.geo_near);
  EXPECT_TRUE(capabilities.regexp);
  EXPECT_TRUE(capabilities.explain);
  EXPECT_TRUE(capabilities.transactions);
  EXPECT_EQ(connector_->name(), "memory");
}

TEST_F(MemoryConnectorTest, MemoryUsageIsReported) {
  load_sample();
  auto usage = memory_usage(*connector_, "Item");
  ASSERT_TRUE(usage);
  EXPECT_EQ(usage->rows, 6u);
  EXPECT_GT(usage->index_bytes, 0u);
  EXPECT_FALSE(memory_usage(*connector_, "Nope"));
}

// count() reads index ranges and equalities off the index when nothing is left to
// test; it must agree with find() everywhere, including NaN prices (never in a range),
// values of another kind in an indexed property (outside every numeric range) and
// enough rows for the index to span many blocks.
TEST_F(MemoryConnectorTest, CountsAgreeWithFind) {
  std::vector<Object> rows;
  for (int i = 0; i < 3000; ++i) {
    Object row{{"name", "n" + std::to_string(i)}, {"category", "c" + std::to_string(i % 13)}};
    if (i % 97 == 0) {
      row.insert_or_assign("price", std::nan(""));
    } else if (i % 89 == 0) {
      row.insert_or_assign("price", "text");
    } else if (i % 7 != 0) {
      row.insert_or_assign("price", (i * 37) % 1000 / 10.0);
    }
    rows.push_back(std::move(row));
  }
  connector_->create_all(*item_, std::move(rows)).value();
  for (const char* json : {R"({"price":{"between":[10,20]}})", R"({"price":{"lt":5}})", R"({"price":{"gte":99.9}})",
                           R"({"price":{"gt":10,"lte":10}})", R"({"price":{"gt":50,"lt":40}})", R"({"category":"c3"})",
                           R"({"category":"c3","price":{"lt":30}})", R"({"price":12.5})",
                           R"({"category":{"inq":["c1","c2"]}})", R"({"name":{"like":"n1%"}})"}) {
    // The same where inside an `or` runs as a full scan testing every row: the oracle.
    const std::string scanned = std::string(R"({"or":[)") + json + "]}";
    auto bound_where = where(json);
    auto scan_where = where(scanned);
    const std::int64_t expected = connector_->count(*item_, &scan_where).value();
    auto found = find_rows(bound(std::string(R"({"where":)") + json + "}"));
    EXPECT_EQ(connector_->count(*item_, &bound_where).value(), expected) << json;
    EXPECT_EQ(static_cast<std::int64_t>(found.size()), expected) << json;
    EXPECT_EQ(find_ids(std::string(R"({"where":)") + json + "}"), find_ids(R"({"where":)" + scanned + "}")) << json;
  }
  auto all = where(R"({"price":{"lt":5}})");
  EXPECT_GT(connector_->count(*item_, &all).value(), 10);
}

// update_all rewrites rows (each moves to new storage) and, on a unique conflict, puts
// back every row it changed: indexes and the id order must match the rows after both.
TEST_F(MemoryConnectorTest, UpdateAllRollbackKeepsIndexesInStep) {
  std::vector<Object> rows;
  for (int i = 0; i < 1200; ++i) {
    rows.push_back(Object{{"name", "n" + std::to_string(i)}, {"price", Value(static_cast<double>(i % 50))},
                          {"category", "c" + std::to_string(i % 5)}, {"sku", "S" + std::to_string(i)}});
  }
  connector_->create_all(*item_, std::move(rows)).value();
  auto some = where(R"({"price":{"lt":10}})");
  // Every matching row gets the same sku: the second one conflicts.
  auto failed = connector_->update_all(*item_, &some, Object{{"sku", "same"}, {"price", 1000}});
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code(), ErrorCode::Conflict);
  EXPECT_EQ(find_ids(R"({"where":{"price":1000}})"), "");
  EXPECT_EQ(connector_->count(*item_, &some).value(), 240);
  EXPECT_EQ(find_ids(R"({"where":{"sku":"S7"}})"), "8");
  // A successful update moves rows between index keys.
  EXPECT_EQ(connector_->update_all(*item_, &some, Object{{"price", 1000}, {"name", std::string(40, 'x')}}).value(), 240);
  auto moved = where(R"({"price":1000})");
  EXPECT_EQ(connector_->count(*item_, &moved).value(), 240);
  EXPECT_EQ(connector_->count(*item_, &some).value(), 0);
  EXPECT_EQ(find_ids(R"({"where":{"sku":"S7"},"fields":["id"]})"), "8");
  auto first = find_rows(bound(R"({"where":{"price":1000},"limit":1})"));
  EXPECT_EQ(first.at(0).find("name")->as_string(), std::string(40, 'x'));
}

// Unique indexes answer whole-key equalities from a hash beside their order: it must
// follow every write, and leave rows with a null key to the ordered side.
TEST_F(MemoryConnectorTest, UniqueKeyLookupsFollowWrites) {
  load_sample();  // skus P-1, P-2, N-5, C-1; rows 3 and 5 have none
  EXPECT_EQ(find_ids(R"({"where":{"sku":"N-5"}})"), "4");
  EXPECT_EQ(find_ids(R"({"where":{"sku":{"inq":["C-1","nope","P-1"]}}})"), "1,6");
  EXPECT_EQ(find_ids(R"({"where":{"sku":null}})"), "3,5");
  ASSERT_TRUE(connector_->update_by_id(*item_, Value(4), Object{{"sku", "N-6"}}, WriteMode::Patch).value());
  EXPECT_EQ(find_ids(R"({"where":{"sku":"N-5"}})"), "");
  EXPECT_EQ(find_ids(R"({"where":{"sku":"N-6"}})"), "4");
  // The freed key can be taken by another row; the taken one cannot.
  EXPECT_EQ(connector_->update_by_id(*item_, Value(3), Object{{"sku", "N-6"}}, WriteMode::Patch).error().code(),
            ErrorCode::Conflict);
  ASSERT_TRUE(connector_->update_by_id(*item_, Value(3), Object{{"sku", "N-5"}}, WriteMode::Patch).value());
  EXPECT_EQ(find_ids(R"({"where":{"sku":"N-5"}})"), "3");
  auto n5 = where(R"({"sku":"N-5"})");
  EXPECT_EQ(connector_->count(*item_, &n5).value(), 1);
  EXPECT_EQ(connector_->delete_all(*item_, &n5).value(), 1);
  EXPECT_EQ(connector_->count(*item_, &n5).value(), 0);
  EXPECT_EQ(find_ids(R"({"where":{"sku":null}})"), "5");
  EXPECT_EQ(connector_->create(*item_, Object{{"name", "again"}, {"sku", "N-5"}}).value().find("id")->to_json(), "7");
  EXPECT_EQ(find_ids(R"({"where":{"sku":"N-5"}})"), "7");
}

TEST_F(MemoryConnectorTest, CompositeUniqueKeysUseTheHashOnlyForWholeKeys) {
  define_models(R"({"name": "Pair", "properties": {"a": "string", "b": "number", "name": "string"},
      "indexes": {"a_b": {"keys": {"a": 1, "b": 1}, "options": {"unique": true}}}})");
  connector_->create_all(*item_, {Object{{"a", "x"}, {"b", 1}}, Object{{"a", "x"}, {"b", 2}},
                                  Object{{"a", "y"}, {"b", 1}}, Object{{"a", "x"}}})
      .value();
  EXPECT_EQ(find_ids(R"({"where":{"a":"x","b":2}})"), "2");
  EXPECT_EQ(find_ids(R"({"where":{"a":"x","b":2.0}})"), "2");  // 2 and 2.0 are one key
  EXPECT_EQ(find_ids(R"({"where":{"a":"x"}})"), "1,2,4");
  EXPECT_EQ(find_ids(R"({"where":{"a":"x","b":null}})"), "4");
  EXPECT_EQ(connector_->create(*item_, Object{{"a", "x"}, {"b", 1}}).error().code(), ErrorCode::Conflict);
  EXPECT_TRUE(connector_->create(*item_, Object{{"a", "x"}}));  // a null part never conflicts
}

// Records copy rows out of the table: they read the same after it changes or is gone,
// and show only the filter's fields.
TEST_F(MemoryConnectorTest, RecordsOutliveTheirTable) {
  load_sample();
  const std::vector<Record> rows = connector_->find(bound(R"({"where":{"id":{"inq":[1,6]}}})")).value();
  const std::vector<Record> some = connector_->find(bound(R"({"where":{"id":6},"fields":["name","extra"]})")).value();
  const auto one = connector_->find_by_id(*item_, Value(2)).value();
  connector_->delete_all(*item_, nullptr).value();
  connector_.reset();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].get("name"), Value("pen"));
  EXPECT_EQ(rows[1].get("extra"), Value("kept"));  // a property the model does not define
  EXPECT_EQ(Value(rows[1].to_object()).to_json(),
            R"({"name":"chair","price":60,"category":"home","sku":"C-1","inStock":true,)"
            R"("added":"2024-01-20T00:00:00.000Z","tags":["wood"],"address":{"city":"Berlin"},"id":6,"extra":"kept"})");
  ASSERT_EQ(some.size(), 1u);
  EXPECT_EQ(Value(some[0].to_object()).to_json(), R"({"name":"chair","extra":"kept"})");
  EXPECT_TRUE(some[0].get("price").is_null());  // not among the fields
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->get("sku"), Value("P-2"));
  EXPECT_EQ(one->to_object().find("id")->to_json(), "2");
}

// A filter run again brings its plan with it (Bound::derived); copies start without
// one, and a plan made for a table that has since been replaced is made again.
TEST_F(MemoryConnectorTest, PlansAreKeptWithTheFilterForItsTable) {
  load_sample();
  const filter::Bound office = bound(R"({"where":{"category":"office","price":{"gt":1}},"order":"price DESC"})");
  EXPECT_EQ(office.derived.get(connector_.get()), nullptr);
  const auto ids = [&](const filter::Bound& filter) {
    std::string out;
    const std::vector<Record> rows = connector_->find(filter).value();
    for (const Record& row : rows) out += row.get("id").to_json() + ",";
    return out;
  };
  EXPECT_EQ(ids(office), "4,1,");
  const auto kept = office.derived.get(connector_.get());
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(ids(office), "4,1,");
  EXPECT_EQ(office.derived.get(connector_.get()), kept);  // planned once
  EXPECT_EQ(office.derived.get(nullptr), nullptr);        // another connector's slot
  const filter::Bound copy = office;
  EXPECT_EQ(copy.derived.get(connector_.get()), nullptr);
  // Defining the model again makes a new, empty table: the kept plan is not used.
  connector_->define(*item_).value();
  EXPECT_EQ(ids(office), "");
  EXPECT_NE(office.derived.get(connector_.get()), kept);
  load_sample();
  EXPECT_EQ(ids(office), "4,1,");
}

// A count keeps its plan with its where clause (BoundWhere::derived), for the table it
// was made for only: a table defined again, or another model's table, gets its own.
TEST_F(MemoryConnectorTest, CountsKeepTheirPlanForTheirTable) {
  load_sample();
  const filter::BoundWhere cheap = where(R"({"price":{"between":[1,20]}})");
  EXPECT_EQ(cheap.derived.get(connector_.get()), nullptr);
  EXPECT_EQ(connector_->count(*item_, &cheap).value(), 3);
  const auto kept = cheap.derived.get(connector_.get());
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(connector_->count(*item_, &cheap).value(), 3);
  EXPECT_EQ(cheap.derived.get(connector_.get()), kept);  // planned once
  const filter::BoundWhere copy = cheap;
  EXPECT_EQ(copy.derived.get(connector_.get()), nullptr);
  // The same clause against another model with the same properties and other rows.
  const ModelDefinition& other = *registry_.define_json(R"({"name":"Other","properties":{
      "price":{"type":"number","index":true}}})").value();
  connector_->define(other).value();
  connector_->create_all(other, {Object{{"price", 5}}, Object{{"price", 50}}}).value();
  EXPECT_EQ(connector_->count(other, &cheap).value(), 1);
  EXPECT_EQ(connector_->count(*item_, &cheap).value(), 3);
  // Defining the model again makes a new, empty table.
  connector_->define(*item_).value();
  EXPECT_EQ(connector_->count(*item_, &cheap).value(), 0);
  load_sample();
  EXPECT_EQ(connector_->count(*item_, &cheap).value(), 3);
  EXPECT_EQ(connector_->count(other, &cheap).value(), 1);
}

// A connector keeps with a filter the table it ran on: a connector made later, even at
// the same address (the allocator hands the freed block back), must not take it.
TEST_F(MemoryConnectorTest, KeptTablesDieWithTheirConnector) {
  load_sample();
  const filter::BoundWhere cheap = where(R"({"price":{"between":[1,20]}})");
  const filter::Bound office = bound(R"({"where":{"category":"office"},"order":"price DESC"})");
  EXPECT_EQ(connector_->count(*item_, &cheap).value(), 3);
  EXPECT_EQ(find_ids(R"({"where":{"category":"office"},"order":"price DESC"})"), "4,1,2");
  EXPECT_EQ(connector_->find(office).value().size(), 3u);
  int same_address = 0;
  for (int round = 0; round < 3; ++round) {
    const Connector* before = connector_.get();
    connector_.reset();
    ConnectorConfig config;
    config.data_source = "db";
    config.settings = Value(Object());
    connector_ = make_memory_connector(config).value();
    same_address += connector_.get() == before ? 1 : 0;
    connector_->define(*item_).value();
    EXPECT_EQ(connector_->count(*item_, &cheap).value(), 0);
    EXPECT_EQ(connector_->find(office).value().size(), 0u);
    connector_->create_all(*item_, {Object{{"name", "a"}, {"price", 5}, {"category", "office"}}}).value();
    EXPECT_EQ(connector_->count(*item_, &cheap).value(), 1);
    EXPECT_EQ(connector_->find(office).value().size(), 1u);
  }
  RecordProperty("same_address_rounds", same_address);
}

// An order on indexed keys walks the index (equal keys put in id order, descending
// runs reversed); the same order on copies of the keys that no index holds sorts:
// both give the same rows, with many equal keys, skips, limits and residual conditions.
TEST_F(MemoryConnectorTest, IndexOrderedScansMatchSorts) {
  define_models(R"({"name":"Thing","properties":{
      "n":{"type":"number","index":true},"m":"number",
      "s":{"type":"string","index":true},"t":"string",
      "a":"string","b":"number","c":"string","d":"number"},
      "indexes":{"a_b":{"keys":{"a":1,"b":1}},"c_d_n":{"keys":{"c":1,"d":1,"n":1}}}})");
  std::vector<Object> rows;
  for (int i = 0; i < 1500; ++i) {
    Object row;
    if (i % 11 != 0) {
      const Value number = i % 5 == 0 ? Value((i * 7) % 13) : Value(((i * 7) % 13) + 0.5);
      row.insert_or_assign("n", number);
      row.insert_or_assign("m", number);
    }
    const Value text("k" + std::to_string((i * 3) % 17));
    row.insert_or_assign("s", text);
    row.insert_or_assign("t", text);
    row.insert_or_assign("a", text);
    row.insert_or_assign("b", Value((i * 5) % 7));
    row.insert_or_assign("c", text);
    row.insert_or_assign("d", Value((i * 5) % 7));
    rows.push_back(std::move(row));
  }
  connector_->create_all(*item_, std::move(rows)).value();
  const std::vector<std::pair<std::string, std::string>> orders = {
      {R"("n DESC")", R"("m DESC")"},          {R"("n ASC")", R"("m ASC")"},
      {R"("s DESC")", R"("t DESC")"},          {R"(["a DESC","b DESC"])", R"(["t DESC","d DESC"])"},
      {R"(["a ASC","b ASC"])", R"(["t ASC","d ASC"])"}, {R"(["c DESC","d DESC"])", R"(["t DESC","b DESC"])"},
      {R"("a DESC")", R"("t DESC")"}};
  for (const auto& [indexed, sorted] : orders) {
    for (const char* page : {R"("limit":1)", R"("limit":7)", R"("limit":90,"skip":40)", R"("limit":400)"}) {
      for (const char* residual : {"", R"("where":{"m":{"gt":3}},)", R"("where":{"t":{"neq":"k3"}},)"}) {
        const std::string a = std::string("{") + residual + R"("order":)" + indexed + "," + page + "}";
        const std::string b = std::string("{") + residual + R"("order":)" + sorted + "," + page + "}";
        EXPECT_EQ(find_ids(a), find_ids(b)) << a;
      }
    }
  }
  // The plans: the index for the indexed order, a sort for the other.
  EXPECT_NE(connector_->explain(bound(R"({"order":"n DESC","limit":5})")).value().find("index"), std::string::npos);
}

}  // namespace
}  // namespace lb::memory::testing
