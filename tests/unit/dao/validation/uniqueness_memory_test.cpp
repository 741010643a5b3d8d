// Uniqueness against a real store (the memory connector): the check sees the caller's
// transaction, and the unique index add_uniqueness_indexes declares keeps concurrent
// writers from both getting through.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "lb/data_source.hpp"
#include "lb/json.hpp"
#include "lb/model.hpp"
#include "lb/registry.hpp"
#include "lb/validation.hpp"
#include "memory/memory_connector.hpp"
#include "model/validation_indexes.hpp"

namespace lb::testing {
namespace {

constexpr const char* kUser = R"({"name": "User", "properties": {"email": "string", "site": "number"},
    "validations": [{"validation": "uniqueness", "property": "email", "scopedTo": ["site"]}]})";

class UniquenessMemoryTest : public ::testing::Test {
 protected:
  // The model as the Registry defines it once add_uniqueness_indexes has run on it.
  void SetUp() override {
    Registry scratch;
    ModelDefinition indexed = *scratch.define(parse_json(kUser).value()).value();
    model::add_uniqueness_indexes(indexed);
    // The added index, written back into the JSON in LoopBack's `indexes` form.
    Value json = parse_json(kUser).value();
    Object indexes;
    for (const IndexDefinition& index : indexed.indexes) indexes.push_back(index.name, index.settings);
    json.as_object().push_back("indexes", Value(std::move(indexes)));
    const ModelDefinition* definition = registry_.define(json).value();
    ASSERT_EQ(definition->indexes.size(), 1u);
    ASSERT_TRUE(definition->indexes[0].unique);
    auto connector = memory::make_memory_connector(ConnectorConfig{"db", Value(Object{}), {}}).value();
    ASSERT_TRUE(connector->define(*definition));
    data_source_ = std::make_unique<DataSource>("db", Value(Object{}), std::move(connector));
    user_ = std::make_unique<Model>(*definition, registry_, *data_source_);
  }
  Result<Instance> create(const char* data, const Options& options = {}) {
    return user_->create(parse_json(data).value(), options);
  }

  Registry registry_;
  std::unique_ptr<DataSource> data_source_;
  std::unique_ptr<Model> user_;
};

TEST_F(UniquenessMemoryTest, ASecondRecordWithTheValueIsA422) {
  ASSERT_TRUE(create(R"({"email": "a@x", "site": 1})"));
  auto again = create(R"({"email": "a@x", "site": 1})");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().status(), 422);
  EXPECT_TRUE(create(R"({"email": "a@x", "site": 2})"));
}

TEST_F(UniquenessMemoryTest, TheCheckSeesItsTransaction) {
  auto transaction = user_->begin_transaction().value();
  Options inside;
  inside.transaction = &transaction;
  ASSERT_TRUE(create(R"({"email": "t@x", "site": 1})", inside));
  auto again = create(R"({"email": "t@x", "site": 1})", inside);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().status(), 422);
  ASSERT_TRUE(transaction.rollback());
  EXPECT_TRUE(create(R"({"email": "t@x", "site": 1})"));
}

TEST_F(UniquenessMemoryTest, ConcurrentWritersLeaveOneRecord) {
  // Each writer's check may pass before any other has written; the index refuses all
  // but one write (409), so however the threads interleave, one record remains.
  constexpr int kWriters = 8;
  std::atomic<int> created{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&] {
      auto result = create(R"({"email": "race@x", "site": 1})");
      if (result) {
        ++created;
      } else if (result.error().status() == 409 || result.error().status() == 422) {
        ++refused;
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(refused.load(), kWriters - 1);
  EXPECT_EQ(user_->count(R"({"email": "race@x"})").value(), 1);
}

}  // namespace
}  // namespace lb::testing
