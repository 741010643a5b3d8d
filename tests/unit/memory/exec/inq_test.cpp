// inq and nin on the memory engine: a short list is tried operand by operand, a long
// one probed by hash, and a long list of dense integers tested against a bit per
// integer. Whatever the representation, the rows are the ones the operator means.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../memory_fixture.hpp"

namespace lb::memory::testing {
namespace {

class InqTest : public MemoryFixture {
 protected:
  void SetUp() override {
    define_models();
    std::vector<Object> rows;
    // Row i (ids 1..): price i as an integer, except every fifth a double equal to it,
    // every seventh a fraction above it, every eleventh null; meta holds [i, i + 1000]
    // for every third row, the text of i for every fourth.
    for (int i = 1; i <= kRows; ++i) {
      Object row{{"name", "n" + std::to_string(i)}};
      if (i % 11 == 0) {
        row.insert_or_assign("price", Value());
      } else if (i % 7 == 0) {
        row.insert_or_assign("price", Value(i + 0.25));
      } else if (i % 5 == 0) {
        row.insert_or_assign("price", Value(static_cast<double>(i)));
      } else {
        row.insert_or_assign("price", Value(i));
      }
      if (i % 3 == 0) row.insert_or_assign("meta", Value(Array{Value(i), Value(i + 1000)}));
      if (i % 4 == 0) row.insert_or_assign("meta", Value(std::to_string(i)));
      rows.push_back(std::move(row));
    }
    connector_->create_all(*item_, std::move(rows)).value();
  }

  static std::string list(const std::vector<long long>& operands) {
    std::string out = "[";
    for (long long x : operands) out += (out.size() > 1 ? "," : "") + std::to_string(x);
    return out + "]";
  }
  // Ids in order, as find_ids prints them, of the rows `keep` accepts.
  template <typename Keep>
  static std::string expected(Keep&& keep) {
    std::string out;
    for (int i = 1; i <= kRows; ++i)
      if (keep(i)) out += (out.empty() ? "" : ",") + std::to_string(i);
    return out;
  }

  static constexpr int kRows = 120;
};

bool price_is_integer(int i) { return i % 11 != 0 && i % 7 != 0; }

TEST_F(InqTest, DenseIntegerListsMatchIntegersAndEqualDoubles) {
  std::vector<long long> operands;
  for (long long x = 10; x <= 60; x += 2) operands.push_back(x);  // 26 operands: the bit path
  auto in_list = [](int i) { return i >= 10 && i <= 60 && i % 2 == 0; };
  EXPECT_EQ(find_ids(R"({"where":{"price":{"inq":)" + list(operands) + "}}}"),
            expected([&](int i) { return price_is_integer(i) && in_list(i); }));
  // nin also keeps the rows whose price is null or not an integer in the list.
  EXPECT_EQ(find_ids(R"({"where":{"price":{"nin":)" + list(operands) + "}}}"),
            expected([&](int i) { return !(price_is_integer(i) && in_list(i)); }));
}

TEST_F(InqTest, SparseAndShortListsAgreeWithDenseOnes) {
  // The same keys plus one far away (a hash table then), and split in short lists.
  std::vector<long long> sparse{5, 6, 7, 8, 9, 10, 20, 30, 40, 1'000'000'000'000};
  auto in_list = [](int i) { return (i >= 5 && i <= 10) || i == 20 || i == 30 || i == 40; };
  const std::string want = expected([&](int i) { return price_is_integer(i) && in_list(i); });
  EXPECT_EQ(find_ids(R"({"where":{"price":{"inq":)" + list(sparse) + "}}}"), want);
  EXPECT_EQ(find_ids(R"({"where":{"or":[{"price":{"inq":[5,6,7,8,9]}},{"price":{"inq":[10,20,30,40]}}]}})"), want);
  std::vector<long long> dense{5, 6, 7, 8, 9, 10, 20, 30, 40};
  EXPECT_EQ(find_ids(R"({"where":{"price":{"inq":)" + list(dense) + "}}}"), want);
}

TEST_F(InqTest, ArrayValuesMatchWhenAnElementIsListed) {
  // meta is "any": arrays match by an element, a string never equals a number.
  std::vector<long long> operands;
  for (long long x = 1001; x <= 1030; ++x) operands.push_back(x);
  EXPECT_EQ(find_ids(R"({"where":{"meta":{"inq":)" + list(operands) + "}}}"),
            expected([](int i) { return i % 3 == 0 && i % 4 != 0 && i <= 30; }));
  std::vector<long long> small;
  for (long long x = 1; x <= 30; ++x) small.push_back(x);
  EXPECT_EQ(find_ids(R"({"where":{"meta":{"inq":)" + list(small) + "}}}"),
            expected([](int i) { return i % 3 == 0 && i % 4 != 0 && i <= 30; }));
}

}  // namespace
}  // namespace lb::memory::testing
