// RowBlocks: a sorted sequence of rows kept as a list of sorted blocks of up to 512
// row pointers (a two-level B+tree whose upper level is the last row of each block).
// It holds the id order and every secondary index: about 9 bytes per entry, against
// 48 for a node of a node-based tree, and walks are sequential reads. The order is
// the caller's: searches take a predicate that holds for a prefix of the sequence.
// A one-key number index also keeps each row's key as a number beside it (keep_keys):
// its searches then read no rows at all.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

#include "memory/store/number_key.hpp"
#include "memory/store/row_codec.hpp"

namespace lb::memory {

class RowBlocks {
  using Block = std::vector<Row>;
  using Keys = std::vector<std::uint64_t>;

 public:
  static constexpr std::size_t kBlock = 512;
  // A repack fills blocks to seven-eighths, so that inserts spread over them fill the
  // slack before they split blocks.
  static constexpr std::size_t kRepacked = kBlock * 7 / 8;

  class Iterator {
   public:
    using iterator_category = std::bidirectional_iterator_tag;
    using value_type = Row;
    using difference_type = std::ptrdiff_t;
    using pointer = const Row*;
    using reference = Row;

    Iterator() = default;
    Row operator*() const { return (*blocks_)[block_][index_]; }
    Iterator& operator++() {
      if (++index_ == (*blocks_)[block_].size()) {
        ++block_;
        index_ = 0;
      }
      return *this;
    }
    Iterator& operator--() {
      if (index_ == 0) {
        --block_;
        index_ = (*blocks_)[block_].size() - 1;
      } else {
        --index_;
      }
      return *this;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) {
      return a.block_ == b.block_ && a.index_ == b.index_;
    }

   private:
    friend class RowBlocks;
    Iterator(const std::vector<Block>* blocks, std::size_t block, std::size_t index)
        : blocks_(blocks), block_(block), index_(index) {}
    const std::vector<Block>* blocks_ = nullptr;
    std::size_t block_ = 0;
    std::size_t index_ = 0;
  };

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] Iterator begin() const { return Iterator(&blocks_, 0, 0); }
  [[nodiscard]] Iterator end() const { return Iterator(&blocks_, blocks_.size(), 0); }
  [[nodiscard]] Row back() const { return lasts_.back(); }
  // Calls fn(row) in order until it returns false (a full scan without iterators).
  template <typename Fn>
  void for_each(Fn&& fn) const {
    constexpr std::size_t kAhead = 8;  // rows read a few ahead (they are a few cache lines each)
    for (const Block& block : blocks_) {
      const std::size_t n = block.size();
      for (std::size_t i = 0; i < n; ++i) {
        if (i + kAhead < n) __builtin_prefetch(block[i + kAhead].body());
        if (!fn(block[i])) return;
      }
    }
  }

  // The first position where `before(row)` is false; `before` must hold for a prefix.
  template <typename Before>
  [[nodiscard]] Iterator partition_point(Before&& before) const {
    std::size_t block = static_cast<std::size_t>(
        std::partition_point(lasts_.begin(), lasts_.end(), before) - lasts_.begin());
    if (block == blocks_.size()) return end();
    const Block& rows = blocks_[block];
    auto index = static_cast<std::size_t>(std::partition_point(rows.begin(), rows.end(), before) - rows.begin());
    return Iterator(&blocks_, block, index);
  }

  // The same as partition_point(before) for a `from` at or before the answer, found
  // by galloping forward from it: O(log distance), so a short run costs a probe or two.
  template <typename Before>
  [[nodiscard]] Iterator partition_point_from(Iterator from, Before&& before) const {
    if (from.block_ == blocks_.size()) return from;
    const Block& rows = blocks_[from.block_];
    if (before(rows.back())) {
      // Past this block: search the blocks after it.
      std::size_t block = static_cast<std::size_t>(
          std::partition_point(lasts_.begin() + static_cast<std::ptrdiff_t>(from.block_) + 1, lasts_.end(), before) -
          lasts_.begin());
      if (block == blocks_.size()) return end();
      const Block& later = blocks_[block];
      auto index = static_cast<std::size_t>(std::partition_point(later.begin(), later.end(), before) - later.begin());
      return Iterator(&blocks_, block, index);
    }
    std::size_t low = from.index_, step = 1, high = low;
    while (high < rows.size() - 1 && before(rows[high])) {
      low = high + 1;
      high = std::min(rows.size() - 1, high + step);
      step *= 2;
    }
    auto index = static_cast<std::size_t>(
        std::partition_point(rows.begin() + static_cast<std::ptrdiff_t>(low),
                             rows.begin() + static_cast<std::ptrdiff_t>(high) + 1, before) -
        rows.begin());
    return Iterator(&blocks_, from.block_, index);
  }

  // Keeps number_key::stored(row.slot(slot)) for every row from now on (call it on an
  // empty structure), with the key of each block's last row beside lasts_ (fence
  // keys), for the key_ searches below.
  void keep_keys(std::size_t slot) {
    keyed_ = true;
    key_slot_ = slot;
  }
  // Whether the key searches may be used: keys are kept and none is foreign (every
  // row's key is null or a number a double holds exactly).
  [[nodiscard]] bool keyed() const { return keyed_ && foreign_ == 0; }
  [[nodiscard]] bool keeps_keys() const { return keyed_; }

  // The first position whose key is at least `key`: a search of the fence keys, then
  // of one block's keys, with no row read. Only while keyed().
  [[nodiscard]] Iterator key_lower_bound(std::uint64_t key) const {
    const std::size_t block = lower_index(fences_.data(), fences_.size(), key);
    if (block == keys_.size()) return end();
    return Iterator(&blocks_, block, lower_index(keys_[block].data(), keys_[block].size(), key));
  }
  // The same for a `from` at or before the answer.
  [[nodiscard]] Iterator key_lower_bound_from(Iterator from, std::uint64_t key) const {
    if (from.block_ == keys_.size()) return from;
    const Keys& keys = keys_[from.block_];
    if (keys.back() < key) {
      // Past this block: search the fence keys of the blocks after it.
      const std::size_t after = from.block_ + 1;
      const std::size_t block = after + lower_index(fences_.data() + after, fences_.size() - after, key);
      if (block == keys_.size()) return end();
      return Iterator(&blocks_, block, lower_index(keys_[block].data(), keys_[block].size(), key));
    }
    const std::size_t index = from.index_ + lower_index(keys.data() + from.index_, keys.size() - from.index_, key);
    return Iterator(&blocks_, from.block_, index);
  }

  // The number of rows whose key is in [from, to): the two key searches above (the
  // second galloping on from the first's block), then the block sizes between, with
  // positions kept as plain numbers rather than Iterators (which a count would store
  // and reload through memory). Only while keyed().
  [[nodiscard]] std::size_t key_count(std::uint64_t from, std::uint64_t to) const {
    if (to <= from) return 0;
    const std::size_t blocks = fences_.size();
    const std::size_t first = lower_index(fences_.data(), blocks, from);
    if (first == blocks) return 0;
    const Keys& keys = keys_[first];
    const std::size_t start = lower_index(keys.data(), keys.size(), from);
    if (to <= keys.back()) return lower_index(keys.data() + start, keys.size() - start, to);
    const std::size_t after = first + 1;
    const std::size_t last = after + lower_index(fences_.data() + after, blocks - after, to);
    std::size_t n = (keys.size() - start) + sum_sizes(after, last);
    if (last < blocks) n += lower_index(keys_[last].data(), keys_[last].size(), to);
    return n;
  }

  // Inserts `row` before `at`.
  void insert(Iterator at, Row row);
  // Appends rows that all sort after the current last one, in their order: what
  // inserting each at end() would do, without a search per row.
  // `keys`, when given, are the rows' number keys (what keep_keys() would read).
  void append(const std::vector<Row>& rows, const std::vector<std::uint64_t>* keys = nullptr);
  void erase(Iterator at);
  // Overwrites the row at `at` with one that sorts in the same place.
  void assign(Iterator at, Row row);
  void clear();

  // The number of rows in [from, to): O(blocks between).
  [[nodiscard]] std::size_t distance(Iterator from, Iterator to) const {
    if (from.block_ == to.block_) return to.index_ - from.index_;
    return (sizes_[from.block_] - from.index_) + sum_sizes(from.block_ + 1, to.block_) + to.index_;
  }
  // Heap bytes of the blocks.
  [[nodiscard]] std::size_t memory_usage() const;

 private:
  // Rewrites the blocks (seven-eighths full) when they have become sparse after splits
  // or erases, so the structure stays near 10 bytes per row.
  void repack();
  void maybe_repack();
  [[nodiscard]] std::uint64_t key_of(Row row) const { return number_key::stored(row.slot(key_slot_)); }
  // The index of the first of `n` sorted keys at least `key` (n if none). A branching
  // binary search: a query repeated (the common case of a prepared count) has its
  // branches predicted and runs ahead of its loads, where a branch-free one waits for
  // each load in turn.
  // The rows in blocks [first, last), summed from the contiguous sizes in four
  // independent sums (a range count crosses tens of blocks; one running sum would
  // wait on each add in turn). A prefix sum would answer in O(1) but cost every
  // insert and erase an O(blocks) update.
  [[nodiscard]] std::size_t sum_sizes(std::size_t first, std::size_t last) const {
    const std::uint32_t* sizes = sizes_.data();
    std::size_t a = 0, b = 0, c = 0, d = 0, i = first;
    for (; i + 4 <= last; i += 4) {
      a += sizes[i];
      b += sizes[i + 1];
      c += sizes[i + 2];
      d += sizes[i + 3];
    }
    for (; i < last; ++i) a += sizes[i];
    return (a + b) + (c + d);
  }
  static std::size_t lower_index(const std::uint64_t* keys, std::size_t n, std::uint64_t key) {
    return static_cast<std::size_t>(std::lower_bound(keys, keys + n, key) - keys);
  }

  std::vector<Block> blocks_;  // never an empty block
  std::vector<Row> lasts_;     // the last row of each block: the upper level of the search
  std::vector<std::uint32_t> sizes_;  // each block's size, for distance()
  std::size_t size_ = 0;
  std::size_t writes_ = 0;  // inserts and erases since the last repack
  // With keep_keys(): each block's keys (keys_[b][i] is blocks_[b][i]'s), each block's
  // last key, and how many rows have a foreign key (stored as kForeign).
  bool keyed_ = false;
  std::size_t key_slot_ = 0;
  std::vector<Keys> keys_;
  std::vector<std::uint64_t> fences_;
  std::size_t foreign_ = 0;
};

}  // namespace lb::memory
