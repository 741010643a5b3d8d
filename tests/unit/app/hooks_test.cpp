// Operation hooks and model events through the public API: registration by name,
// base-model order, what an abort leaves (nothing written, also inside a
// transaction), hookState, clearing observers, events, and observers added while
// other threads run operations. The LoopBack behaviour of each step is pinned by the
// hooks*.json conformance files.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "lb/app.hpp"
#include "lb/json.hpp"

namespace lb {
namespace {

Value json(std::string_view text) { return parse_json(text).value(); }

class Hooks : public ::testing::Test {
 protected:
  void SetUp() override {
    app_.add_data_source("db", Value(Object{{"connector", "memory"}})).value();
    app_.registry()
        .define_all({{json(R"({"name": "Base", "properties": {"name": "string", "note": "string"}})"), "base"},
                     {json(R"({"name": "Item", "base": "Base", "properties": {"price": "number"}})"), "item"}})
        .value();
    app_.attach("Base", "db").value();
    app_.attach("Item", "db").value();
    item_ = &app_.model("Item");
  }

  App app_;
  Model* item_ = nullptr;
};

TEST_F(Hooks, UnknownHookNameIsA400) {
  auto status = item_->observe("before saving", [](HookContext&) -> Status { return {}; });
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().status(), 400);
  EXPECT_TRUE(item_->observe("before save", [](HookContext&) -> Status { return {}; }));
}

TEST_F(Hooks, HookPointNamesRoundTrip) {
  for (int i = 0; i < kHookPointCount; ++i) {
    const auto point = static_cast<HookPoint>(i);
    EXPECT_EQ(parse_hook_point(hook_point_name(point)), point);
  }
  EXPECT_FALSE(parse_hook_point("save"));
}

TEST_F(Hooks, BaseModelObserversRunFirstThenRegistrationOrder) {
  std::vector<std::string> seen;
  item_->observe(HookPoint::BeforeSave, [&](HookContext&) -> Status {
    seen.push_back("item 1");
    return {};
  });
  app_.model("Base").observe(HookPoint::BeforeSave, [&](HookContext&) -> Status {
    seen.push_back("base");
    return {};
  });
  item_->observe(HookPoint::BeforeSave, [&](HookContext&) -> Status {
    seen.push_back("item 2");
    return {};
  });
  ASSERT_TRUE(item_->create(json(R"({"name": "a"})")));
  EXPECT_EQ(seen, (std::vector<std::string>{"base", "item 1", "item 2"}));
}

TEST_F(Hooks, AnAbortReachesTheCallerAndWritesNothing) {
  item_->observe(HookPoint::Persist, [](HookContext&) -> Status {
    return Error(ErrorCode::Forbidden, "not today");
  });
  auto created = item_->create(json(R"({"name": "a"})"));
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().status(), 403);
  EXPECT_EQ(created.error().message(), "not today");
  EXPECT_EQ(item_->count().value(), 0);
  auto many = item_->create_all(json(R"([{"name": "a"}, {"name": "b"}])").as_array());
  ASSERT_FALSE(many);
  EXPECT_EQ(item_->count().value(), 0);
}

TEST_F(Hooks, AnAbortInsideATransactionLeavesItUsable) {
  ASSERT_TRUE(item_->create(json(R"({"name": "kept"})")));
  item_->observe(HookPoint::BeforeDelete, [](HookContext&) -> Status {
    return Error(ErrorCode::Forbidden, "never deleted");
  });
  Transaction tx = item_->begin_transaction().value();
  ASSERT_TRUE(item_->create(json(R"({"name": "in tx"})"), Options{&tx}));
  auto deleted = item_->delete_all({}, Options{&tx});
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().status(), 403);
  EXPECT_EQ(item_->count({}, Options{&tx}).value(), 2);
  ASSERT_TRUE(tx.commit());
  EXPECT_EQ(item_->count().value(), 2);
}

TEST_F(Hooks, ObserversQueryInsideTheOperationsTransaction) {
  std::vector<std::int64_t> seen;
  item_->observe(HookPoint::BeforeSave, [&](HookContext& ctx) -> Status {
    auto n = ctx.model.count({}, ctx.options);  // runs in the same transaction: sees its writes
    if (!n) return n.error();
    seen.push_back(*n);
    return {};
  });
  Transaction tx = item_->begin_transaction().value();
  ASSERT_TRUE(item_->create(json(R"({"name": "a"})"), Options{&tx}));
  ASSERT_TRUE(item_->create(json(R"({"name": "b"})"), Options{&tx}));
  ASSERT_TRUE(tx.rollback());
  EXPECT_EQ(seen, (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(item_->count().value(), 0);
}

TEST_F(Hooks, HookStateIsSharedWithinOneOperationOnly) {
  std::vector<std::string> after;
  item_->observe(HookPoint::BeforeSave, [](HookContext& ctx) -> Status {
    EXPECT_TRUE(ctx.hook_state.empty());  // a fresh state per operation
    ctx.hook_state.insert_or_assign("from", Value("before save"));
    return {};
  });
  item_->observe(HookPoint::AfterSave, [&](HookContext& ctx) -> Status {
    const Value* from = ctx.hook_state.find("from");
    after.push_back(from && from->is_string() ? from->as_string() : "missing");
    return {};
  });
  ASSERT_TRUE(item_->create(json(R"({"name": "a"})")));
  ASSERT_TRUE(item_->create(json(R"({"name": "b"})")));
  EXPECT_EQ(after, (std::vector<std::string>{"before save", "before save"}));
}

TEST_F(Hooks, ObserversChangeWhatIsWrittenAndRead) {
  item_->observe(HookPoint::BeforeSave, [](HookContext& ctx) -> Status {
    if (ctx.instance) ctx.instance->set("note", Value("set in before save"));
    if (ctx.data) ctx.data->insert_or_assign("note", Value("set on a patch"));
    return {};
  });
  Instance created = item_->create(json(R"({"name": "a", "price": "5"})")).value();
  EXPECT_EQ(created.get("note"), Value("set in before save"));
  EXPECT_EQ(created.get("price"), Value(5));
  ASSERT_TRUE(item_->update_all(json(R"({"name": "a"})"), json(R"({"price": 6})")));
  EXPECT_EQ(item_->find_by_id(created.id()).value()->get("note"), Value("set on a patch"));
  // An access observer narrows every query of the model.
  item_->observe(HookPoint::Access, [](HookContext& ctx) -> Status {
    if (ctx.query == nullptr || !ctx.query->is_object()) return Error(ErrorCode::Internal, "no query");
    Object& query = ctx.query->as_object();
    query.insert_or_assign("where", json(R"({"name": "nobody"})"));
    return {};
  });
  EXPECT_EQ(item_->find().value().size(), 0u);
  EXPECT_EQ(item_->count().value(), 0);
}

TEST_F(Hooks, ClearedObserversNoLongerRun) {
  int runs = 0;
  item_->observe(HookPoint::Loaded, [&](HookContext&) -> Status {
    ++runs;
    return {};
  });
  ASSERT_TRUE(item_->create(json(R"({"name": "a"})")));
  runs = 0;
  ASSERT_TRUE(item_->find());
  EXPECT_EQ(runs, 1);
  item_->clear_observers(HookPoint::Loaded);
  ASSERT_TRUE(item_->find());
  EXPECT_EQ(runs, 1);
}

TEST_F(Hooks, EventsAfterEachChange) {
  std::vector<std::string> events;
  item_->on(ModelEvent::Changed, [&](const ModelEventData& e) { events.push_back("changed " + e.instance->get("name").as_string()); });
  item_->on(ModelEvent::Deleted, [&](const ModelEventData& e) { events.push_back("deleted " + to_json(*e.id)); });
  item_->on(ModelEvent::DeletedAll, [&](const ModelEventData& e) { events.push_back("deletedAll " + to_json(*e.where)); });
  Instance a = item_->create(json(R"({"name": "a"})")).value();
  ASSERT_TRUE(a.patch_attributes(json(R"({"name": "a2"})")));
  ASSERT_TRUE(a.destroy());
  ASSERT_TRUE(item_->delete_all(json(R"({"name": "zz"})")));
  EXPECT_EQ(events, (std::vector<std::string>{"changed a", "changed a2", "deleted 1", R"(deletedAll {"name":"zz"})"}));
}

TEST_F(Hooks, ObserversAddedWhileOperationsRun) {
  std::atomic<bool> stop{false};
  std::atomic<int> seen{0};
  std::thread writer([&] {
    while (!stop) ASSERT_TRUE(item_->create(json(R"({"name": "w"})")));
  });
  for (int i = 0; i < 50; ++i) {
    item_->observe(HookPoint::AfterSave, [&](HookContext&) -> Status {
      ++seen;
      return {};
    });
    if (i % 10 == 9) item_->clear_observers(HookPoint::AfterSave);
  }
  item_->observe(HookPoint::AfterSave, [&](HookContext&) -> Status {
    ++seen;
    return {};
  });
  while (seen.load() == 0) std::this_thread::yield();
  stop = true;
  writer.join();
  EXPECT_GT(seen.load(), 0);
}

}  // namespace
}  // namespace lb
