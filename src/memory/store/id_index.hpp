// IdIndex: a table's rows by id. Ids the memory counter generates (1, 2, 3, ...) and
// other whole numbers close to them go into an array indexed by the id (less the
// first id it took), so a lookup is one read of the array and one of the row, and an
// entry costs the 8 bytes of its slot; every other id (strings, fractions, negative
// or far-off numbers) goes into a hash of row pointers (Boost.Multi-Index, nodes from
// a NodePool). Ids equal as values are one id (1 and 1.0), in either part.
#pragma once

#include <boost/multi_index/hashed_index.hpp>
#include <boost/multi_index_container.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "memory/store/node_pool.hpp"
#include "memory/store/row_codec.hpp"
#include "memory/store/view_compare.hpp"

namespace lb::memory {

class IdIndex {
 public:
  IdIndex();
  IdIndex(const IdIndex&) = delete;
  IdIndex& operator=(const IdIndex&) = delete;

  [[nodiscard]] std::size_t size() const { return dense_count_ + hashed_.size(); }
  [[nodiscard]] Row find(ValueView id) const {
    std::uint64_t slot = 0;
    if (dense_slot(id, slot)) return dense_[slot];
    return hashed_.empty() ? Row() : find_hashed(id);
  }
  // Adds the row under its id; false (and nothing added) when the id is taken.
  [[nodiscard]] bool insert(Row row);
  // Removes the row stored under `row`'s id, if it is that row.
  void erase(Row row);
  // Puts `row` (with the same id) where `old_row` is.
  void replace(Row old_row, Row row);
  void clear();

  // Estimated heap bytes.
  [[nodiscard]] std::size_t memory_usage() const;

 private:
  // An id that can have an array slot: a whole number from 0 below kDenseLimit (an
  // integer, or a double holding one), as that number.
  static constexpr std::uint64_t kDenseLimit = std::uint64_t{1} << 40;
  static bool whole_id(ValueView id, std::uint64_t& number) {
    if (id.tag() == Tag::Integer) {
      const std::int64_t v = id.as_integer();
      if (v < 0 || static_cast<std::uint64_t>(v) >= kDenseLimit) return false;
      number = static_cast<std::uint64_t>(v);
      return true;
    }
    if (id.tag() == Tag::Number) {
      const double d = id.as_double();
      if (!(d >= 0 && d < static_cast<double>(kDenseLimit)) || d != static_cast<double>(static_cast<std::uint64_t>(d))) {
        return false;
      }
      number = static_cast<std::uint64_t>(d);
      return true;
    }
    return false;
  }
  // The id's slot, when it has one inside the array.
  bool dense_slot(ValueView id, std::uint64_t& slot) const {
    std::uint64_t number = 0;
    if (!whole_id(id, number) || number < base_ || number - base_ >= dense_.size()) return false;
    slot = number - base_;
    return true;
  }
  // Makes the array reach id `number` when that keeps it at most about twice as long
  // as the rows it holds (so far-off ids do not blow it up), moving into it the hashed
  // ids it now covers; false when it does not grow. An empty index first moves the
  // array to start at `number`: a table emptied and filled again by the counter
  // (which never goes back) starts over at its next id.
  bool grow_to(std::uint64_t number);
  [[nodiscard]] Row find_hashed(ValueView id) const;

  // The hashed part: a row and the hash of its id, kept so that walking a bucket
  // compares hashes and reads only the row it is after.
  struct Key {
    std::size_t hash;
    ValueView id;
  };
  struct Entry {
    Row row;
    std::size_t hash;
  };
  struct EntryKey {
    using result_type = Key;
    Key operator()(const Entry& entry) const { return Key{entry.hash, entry.row.id()}; }
  };
  struct KeyHash {
    std::size_t operator()(const Key& key) const { return key.hash; }
  };
  struct KeyEqual {
    bool operator()(const Key& a, const Key& b) const { return a.hash == b.hash && compare_views(a.id, b.id) == 0; }
  };
  using Hashed = boost::multi_index_container<
      Entry, boost::multi_index::indexed_by<boost::multi_index::hashed_unique<EntryKey, KeyHash, KeyEqual>>,
      PoolAllocator<Entry>>;

  std::vector<Row> dense_;  // by id less base_; a default Row where there is none
  std::uint64_t base_ = 0;
  std::size_t dense_count_ = 0;
  NodePool nodes_;  // before hashed_, which gives its nodes back to it
  Hashed hashed_;
};

}  // namespace lb::memory
