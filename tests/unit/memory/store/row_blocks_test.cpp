// RowBlocks: the sorted block list behind the id order and the secondary indexes,
// checked against a sorted vector under random inserts and erases (with many equal
// keys, splits, new blocks at either end and repacks), and its searches and counts.
#include "memory/store/row_blocks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace lb::memory {
namespace {

// Rows are addresses into `slots_`; a row's key is keys_[its index], ties by index.
class RowBlocksTest : public ::testing::Test {
 protected:
  static constexpr std::size_t kRows = 6000;
  RowBlocksTest() : slots_(kRows), keys_(kRows) {}

  Row row(std::size_t i) const { return Row(&slots_[i]); }
  std::size_t index(Row r) const { return static_cast<std::size_t>(r.body() - slots_.data()); }
  bool less(Row a, Row b) const {
    std::size_t x = index(a), y = index(b);
    return keys_[x] != keys_[y] ? keys_[x] < keys_[y] : x < y;
  }
  void insert(std::size_t i) {
    blocks_.insert(blocks_.partition_point([&](Row r) { return less(r, row(i)); }), row(i));
    expected_.insert(std::upper_bound(expected_.begin(), expected_.end(), i,
                                      [&](std::size_t a, std::size_t b) { return less(row(a), row(b)); }),
                     i);
  }
  void erase(std::size_t i) {
    auto at = blocks_.partition_point([&](Row r) { return less(r, row(i)); });
    ASSERT_TRUE(at != blocks_.end() && *at == row(i));
    blocks_.erase(at);
    expected_.erase(std::find(expected_.begin(), expected_.end(), i));
  }
  void check() {
    std::vector<std::size_t> forward, backward, visited;
    for (Row r : blocks_) forward.push_back(index(r));
    for (auto it = blocks_.end(); it != blocks_.begin();) backward.push_back(index(*--it));
    std::reverse(backward.begin(), backward.end());
    blocks_.for_each([&](Row r) {
      visited.push_back(index(r));
      return true;
    });
    ASSERT_EQ(forward, expected_);
    ASSERT_EQ(backward, expected_);
    ASSERT_EQ(visited, expected_);
    ASSERT_EQ(blocks_.size(), expected_.size());
    // Every key's run: found by partition_point and by galloping from its start, and
    // counted by distance().
    for (int key = 0; key < 40; ++key) {
      auto below = [&](Row r) { return keys_[index(r)] < key; };
      auto through = [&](Row r) { return keys_[index(r)] <= key; };
      auto first = blocks_.partition_point(below);
      auto last = blocks_.partition_point(through);
      ASSERT_TRUE(blocks_.partition_point_from(first, through) == last);
      ASSERT_TRUE(blocks_.partition_point_from(blocks_.begin(), through) == last);
      auto n = static_cast<std::size_t>(std::count_if(expected_.begin(), expected_.end(),
                                                      [&](std::size_t i) { return keys_[i] == key; }));
      ASSERT_EQ(blocks_.distance(first, last), n) << "key " << key;
    }
  }

  std::vector<std::uint8_t> slots_;
  std::vector<int> keys_;
  RowBlocks blocks_;
  std::vector<std::size_t> expected_;
};

TEST_F(RowBlocksTest, RandomInsertsAndErasesKeepTheOrder) {
  std::mt19937 random(7);
  for (std::size_t i = 0; i < kRows; ++i) keys_[i] = static_cast<int>(random() % 40);
  std::vector<std::size_t> order(kRows);
  for (std::size_t i = 0; i < kRows; ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), random);
  for (std::size_t n = 0; n < kRows; ++n) {
    insert(order[n]);
    if (n % 997 == 0) check();
  }
  check();
  std::shuffle(order.begin(), order.end(), random);
  for (std::size_t n = 0; n < kRows * 3 / 4; ++n) {
    erase(order[n]);
    if (n % 991 == 0) check();
  }
  check();
  EXPECT_LE(blocks_.memory_usage(), 64 * 1024u) << "sparse blocks are repacked";
}

TEST_F(RowBlocksTest, AscendingDescendingAndRunEndLoadsStayDense) {
  // Ascending keys, then descending, then rows of 40 keys each arriving in index order
  // (every insert at the end of its key's run, as a category index sees).
  for (std::size_t i = 0; i < 2000; ++i) keys_[i] = static_cast<int>(i / 50);
  for (std::size_t i = 2000; i < 4000; ++i) keys_[i] = -1 - static_cast<int>(i);
  for (std::size_t i = 4000; i < kRows; ++i) keys_[i] = static_cast<int>(i % 40);
  for (std::size_t i = 0; i < kRows; ++i) insert(i);
  check();
  // Near 8 bytes a row: at most 3/4 of the block capacity is slack.
  EXPECT_LE(blocks_.memory_usage(), kRows * sizeof(Row) * 4 / 3 + 8 * 1024);
}

// append() is insert(end(), row) for each row: batches larger than a block, into an
// empty structure and after rows already there, then ordinary inserts among them.
TEST_F(RowBlocksTest, AppendIsInsertAtTheEnd) {
  for (std::size_t i = 0; i < kRows; ++i) keys_[i] = static_cast<int>(i / 150);
  std::vector<Row> batch;
  for (std::size_t i = 0; i < 1300; ++i) batch.push_back(row(i));
  blocks_.append(batch);
  expected_.assign(1300, 0);
  for (std::size_t i = 0; i < 1300; ++i) expected_[i] = i;
  check();
  insert(1300);  // one row at the end, then another batch after it
  batch.clear();
  for (std::size_t i = 1301; i < 2000; ++i) batch.push_back(row(i));
  blocks_.append(batch);
  for (std::size_t i = 1301; i < 2000; ++i) expected_.push_back(i);
  check();
  EXPECT_LE(blocks_.memory_usage(), 2000 * sizeof(Row) * 4 / 3 + 8 * 1024);
  for (std::size_t i = 2000; i < 2600; ++i) keys_[i] = static_cast<int>(i % 13);  // among the others
  for (std::size_t i = 2000; i < 2600; ++i) insert(i);
  check();
  blocks_.append({});
  check();
}

TEST_F(RowBlocksTest, EmptyAndClear) {
  EXPECT_TRUE(blocks_.begin() == blocks_.end());
  EXPECT_TRUE(blocks_.partition_point([](Row) { return true; }) == blocks_.end());
  insert(3);
  insert(1);
  check();
  blocks_.clear();
  expected_.clear();
  check();
}

}  // namespace
}  // namespace lb::memory
