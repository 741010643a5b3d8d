// Server errors as LoopBack statuses: unique violations are 409s with the memory
// connector's own message, not-null and check violations 422s, values the column
// cannot hold 400s; the same writes on the memory connector give the same 409s.
#include <gtest/gtest.h>

#include "lb/json.hpp"
#include "pg_test_server.hpp"
#include "postgres/server_error.hpp"

namespace lb::postgres::testing {
namespace {

constexpr const char* kItem = R"({
  "name": "Item",
  "forceId": false,
  "properties": {
    "name": "string",
    "price": {"type": "number"},
    "sku": {"type": "string", "index": {"unique": true}},
    "category": "string",
    "qty": {"type": "number", "postgresql": {"dataType": "integer"}},
    "code": {"type": "string", "postgresql": {"columnName": "item_code", "nullable": false}}
  },
  "indexes": {"category_name": {"keys": {"category": 1, "name": 1}, "options": {"unique": true}}}
})";

class PgErrors : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (HasFatalFailure()) return;
    item_ = &define(kItem);
    memory_.add_data_source("mem", Value(Object{{"connector", "memory"}})).value();
    memory_item_ = memory_.define_model(parse_json(kItem).value(), "mem").value();
    const Value first = parse_json(R"({"id":1,"name":"pen","sku":"P-1","category":"office","code":"a"})").value();
    ASSERT_TRUE(item_->create(first));
    ASSERT_TRUE(memory_item_->create(first));
  }

  // The same write on both connectors: the error each gives.
  std::pair<Error, Error> both(const char* data) {
    auto pg = item_->create(parse_json(data).value());
    auto memory = memory_item_->create(parse_json(data).value());
    EXPECT_FALSE(pg) << data;
    EXPECT_FALSE(memory) << data;
    return {pg ? Error(ErrorCode::Internal, "no error") : pg.error(),
            memory ? Error(ErrorCode::Internal, "no error") : memory.error()};
  }

  Model* item_ = nullptr;
  App memory_;
  Model* memory_item_ = nullptr;
};

TEST_F(PgErrors, UniqueViolationsAre409sWithTheMemoryConnectorsMessage) {
  for (const char* data : {R"({"id":1,"name":"x","code":"b"})", R"({"name":"x","sku":"P-1","code":"b"})",
                           R"({"name":"pen","category":"office","code":"b"})"}) {
    auto [pg, memory] = both(data);
    EXPECT_EQ(pg.status(), 409) << data << ": " << pg.message();
    EXPECT_EQ(pg.message(), memory.message()) << data;
  }
  auto [pg, memory] = both(R"({"name":"x","sku":"P-1","code":"b"})");
  EXPECT_EQ(pg.message(), "Duplicate entry for Item.sku");
}

TEST_F(PgErrors, AnUpdateIntoADuplicateIs409AndChangesNothing) {
  ASSERT_TRUE(item_->create(parse_json(R"({"id":2,"name":"ink","sku":"I-1","code":"c"})").value()));
  auto patched = item_->patch_by_id(Value(2), parse_json(R"({"sku":"P-1"})").value());
  ASSERT_FALSE(patched);
  EXPECT_EQ(patched.error().status(), 409);
  EXPECT_EQ(patched.error().message(), "Duplicate entry for Item.sku");
  EXPECT_EQ(item_->find_by_id(Value(2)).value()->get("sku"), Value("I-1"));
}

TEST_F(PgErrors, NotNullAndCheckViolationsAre422s) {
  auto missing = item_->create(parse_json(R"({"name":"x"})").value());  // "code" is NOT NULL
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().status(), 422);
  EXPECT_EQ(missing.error().name(), "ValidationError");
  EXPECT_NE(missing.error().message().find("item_code"), std::string::npos) << missing.error().message();

  sql("ALTER TABLE item ADD CONSTRAINT positive_price CHECK (price > 0)");
  auto negative = item_->create(parse_json(R"({"name":"x","price":-1,"code":"d"})").value());
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().status(), 422);
  EXPECT_NE(negative.error().message().find("positive_price"), std::string::npos) << negative.error().message();
  EXPECT_EQ(item_->count().value(), 1);
}

TEST_F(PgErrors, AValueTheColumnCannotHoldIs400) {
  auto huge = item_->create(parse_json(R"({"name":"x","qty":1e12,"code":"e"})").value());  // an integer column
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().status(), 400);
  EXPECT_NE(huge.error().message().find("out of range"), std::string::npos) << huge.error().message();
}

TEST(PgServerError, MapsSqlStates) {
  ServerError duplicate;
  duplicate.sqlstate = "23505";
  duplicate.detail = "Key (\"we\"\"ird\", b)=(1, 2) already exists.";
  EXPECT_EQ(to_error(duplicate, nullptr).status(), 409);
  ServerError other;
  other.sqlstate = "42P01";
  other.message = "relation \"x\" does not exist";
  EXPECT_EQ(to_error(other, nullptr).status(), 500);
  EXPECT_NE(to_error(other, nullptr).message().find("relation \"x\" does not exist"), std::string::npos);
  ServerError lost;
  lost.connection_lost = true;
  EXPECT_EQ(to_error(lost, nullptr).status(), 503);
  ServerError deadlock;
  deadlock.sqlstate = "40P01";
  EXPECT_EQ(to_error(deadlock, nullptr).status(), 409);
}

}  // namespace
}  // namespace lb::postgres::testing
