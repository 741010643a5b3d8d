// lb::Error's LoopBack body and lb::Result's std::expected-like behaviour.
#include <gtest/gtest.h>

#include <memory>

#include "lb/error.hpp"
#include "lb/json.hpp"
#include "lb/result.hpp"

namespace lb {
namespace {

TEST(Error, StatusesFollowLoopBack) {
  EXPECT_EQ(http_status(ErrorCode::InvalidInput), 400);
  EXPECT_EQ(http_status(ErrorCode::InvalidDefinition), 400);
  EXPECT_EQ(http_status(ErrorCode::Unauthorized), 401);
  EXPECT_EQ(http_status(ErrorCode::Forbidden), 403);
  EXPECT_EQ(http_status(ErrorCode::NotFound), 404);
  EXPECT_EQ(http_status(ErrorCode::Conflict), 409);
  EXPECT_EQ(http_status(ErrorCode::Validation), 422);
  EXPECT_EQ(http_status(ErrorCode::Unavailable), 503);
  EXPECT_EQ(http_status(ErrorCode::Internal), 500);
  EXPECT_STREQ(error_code_name(ErrorCode::NotFound), "NOT_FOUND");
}

TEST(Error, PrintsAsLoopBackErrorBody) {
  EXPECT_EQ(invalid_input("bad").to_json(), R"({"error":{"statusCode":400,"name":"Error","message":"bad"}})");
  Error e(ErrorCode::Validation, "The `Item` instance is not valid.", "ValidationError",
          Object{{"context", "Item"}});
  e.with_loopback_code("VALIDATION_ERROR");
  EXPECT_EQ(e.to_json(),
            R"({"error":{"statusCode":422,"name":"ValidationError","message":"The `Item` instance is not valid.",)"
            R"("code":"VALIDATION_ERROR","details":{"context":"Item"}}})");
  EXPECT_STREQ(e.what(), "The `Item` instance is not valid.");
}

Result<int> half(int n) {
  if (n % 2) return invalid_input("odd");
  return n / 2;
}

TEST(Result, HoldsAValueOrAnError) {
  auto ok = half(4);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 2);
  EXPECT_EQ(ok.value(), 2);
  auto bad = half(3);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message(), "odd");
  EXPECT_EQ(bad.value_or(-1), -1);
  EXPECT_THROW((void)bad.value(), Error);
  try {
    (void)bad.value();
  } catch (const Error& e) {
    EXPECT_EQ(e.status(), 400);
  }
}

TEST(Result, MoveOnlyValues) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(5));
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 5);
}

TEST(Status, SuccessOrError) {
  Status ok;
  EXPECT_TRUE(ok);
  EXPECT_NO_THROW(ok.value());
  Status failed = not_found("gone");
  EXPECT_FALSE(failed);
  EXPECT_EQ(failed.error().status(), 404);
  EXPECT_THROW(failed.value(), Error);
}

}  // namespace
}  // namespace lb
