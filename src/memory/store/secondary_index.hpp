// SecondaryIndex: one ordered index over a model's rows, from a property's
// `"index": true` or an entry of the model's `indexes` (single or composite keys).
// Entries are row pointers ordered by the key's slots, then by id, so equal keys come
// in id order (what an unordered result promises) and every entry is distinct.
#pragma once

#include <boost/multi_index/identity.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index_container.hpp>
#include <cstddef>
#include <string>
#include <vector>

#include "memory/store/row_codec.hpp"
#include "memory/store/view_compare.hpp"

namespace lb::memory {

// A lookup key: values for a prefix of the index's slots (an equality probe compares
// only that prefix, so a composite index answers lookups on its leading keys).
struct KeyProbe {
  const std::vector<ValueView>* values = nullptr;
};

class IndexKeyLess {
 public:
  explicit IndexKeyLess(const std::vector<std::size_t>* slots = nullptr) : slots_(slots) {}
  bool operator()(const EncodedRow* a, const EncodedRow* b) const;
  bool operator()(const EncodedRow* a, const KeyProbe& b) const { return compare_probe(a, b) < 0; }
  bool operator()(const KeyProbe& a, const EncodedRow* b) const { return compare_probe(b, a) > 0; }
  [[nodiscard]] int compare_probe(const EncodedRow* row, const KeyProbe& probe) const;
  [[nodiscard]] int compare_keys(const EncodedRow* a, const EncodedRow* b) const;

 private:
  const std::vector<std::size_t>* slots_;
};

class SecondaryIndex {
 public:
  using Container = boost::multi_index_container<
      const EncodedRow*,
      boost::multi_index::indexed_by<boost::multi_index::ordered_unique<
          boost::multi_index::identity<const EncodedRow*>, IndexKeyLess>>>;
  using Iterator = Container::const_iterator;

  // `keys` are property names; `slots` their row slots, in key order.
  SecondaryIndex(std::string name, std::vector<std::string> keys, std::vector<std::size_t> slots,
                 bool unique);
  SecondaryIndex(const SecondaryIndex&) = delete;
  SecondaryIndex& operator=(const SecondaryIndex&) = delete;

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::vector<std::string>& keys() const { return keys_; }
  [[nodiscard]] const std::vector<std::size_t>& slots() const { return slots_; }
  [[nodiscard]] bool unique() const { return unique_; }
  [[nodiscard]] std::size_t size() const { return entries_.size(); }

  void insert(const EncodedRow* row);
  void erase(const EncodedRow* row);
  void clear() { entries_.clear(); }

  // For a unique index, a row other than `self` whose key equals `row`'s. Keys with a
  // null or missing part never conflict, as in SQL.
  [[nodiscard]] const EncodedRow* conflict(const EncodedRow& row, const EncodedRow* self) const;

  [[nodiscard]] Iterator begin() const { return entries_.begin(); }
  [[nodiscard]] Iterator end() const { return entries_.end(); }
  [[nodiscard]] Iterator lower_bound(const KeyProbe& probe) const { return entries_.lower_bound(probe); }
  [[nodiscard]] Iterator upper_bound(const KeyProbe& probe) const { return entries_.upper_bound(probe); }
  [[nodiscard]] const IndexKeyLess& key_less() const { return less_; }

  // Estimated heap bytes of the index's nodes.
  [[nodiscard]] std::size_t memory_usage() const;

 private:
  std::string name_;
  std::vector<std::string> keys_;
  std::vector<std::size_t> slots_;
  bool unique_;
  IndexKeyLess less_;
  Container entries_;
};

// What the allocator hands out for a request of `bytes` (glibc: 16-byte chunks with
// an 8-byte header, 32 bytes at least): used by the memory estimates.
[[nodiscard]] std::size_t allocation_size(std::size_t bytes);

}  // namespace lb::memory
