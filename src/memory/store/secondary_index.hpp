// SecondaryIndex: one ordered index over a model's rows, from a property's
// `"index": true` or an entry of the model's `indexes` (single or composite keys).
// Entries are row pointers in RowBlocks, ordered by the key's slots, then by id, so
// equal keys come in id order (what an unordered result promises) and every entry is
// distinct.
#pragma once

#include <boost/unordered/unordered_flat_set.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "memory/store/row_blocks.hpp"
#include "memory/store/row_codec.hpp"
#include "memory/store/view_compare.hpp"

namespace lb::memory {

// A lookup key: values for a prefix of the index's slots (an equality probe compares
// only that prefix, so a composite index answers lookups on its leading keys).
struct KeyProbe {
  const ValueView* values = nullptr;
  std::size_t size = 0;
};

class IndexKeyLess {
 public:
  explicit IndexKeyLess(const std::vector<std::size_t>* slots = nullptr) : slots_(slots) {}
  bool operator()(Row a, Row b) const;
  [[nodiscard]] int compare_probe(Row row, const KeyProbe& probe) const;
  [[nodiscard]] int compare_keys(Row a, Row b) const;

 private:
  const std::vector<std::size_t>* slots_;
};

// The hash side of a unique index: rows by key, so an equality probe on the whole key
// is one hash lookup rather than a binary search whose every step reads a row. Rows
// with a null or missing key part are left out (they match no equality probe a
// unique lookup serves, and never conflict).
// A row whose hash its writer already has (a batch row, hashed from its slot views as
// it was encoded): the hash function answers it without reading the row again.
struct HashHint {
  Row row;
  std::size_t hash = 0;
};
struct UniqueKeyHash {
  using is_transparent = void;
  const std::vector<std::size_t>* slots = nullptr;
  const HashHint* hint = nullptr;
  std::size_t operator()(Row row) const {
    if (hint && hint->row == row) return hint->hash;
    return hash_row(row);
  }
  [[nodiscard]] std::size_t hash_row(Row row) const;
  std::size_t operator()(const KeyProbe& probe) const;
};
struct UniqueKeyEqual {
  using is_transparent = void;
  const IndexKeyLess* less = nullptr;
  bool operator()(Row a, Row b) const { return a == b || less->compare_keys(a, b) == 0; }
  bool operator()(const KeyProbe& probe, Row row) const { return less->compare_probe(row, probe) == 0; }
  bool operator()(Row row, const KeyProbe& probe) const { return less->compare_probe(row, probe) == 0; }
};

// A batch row with its sort key read once, as it was encoded: `hi` then `lo`, unsigned
// numbers ordered as the keys are (a number's bits made to sort as the number does in
// `hi`; a string's first fifteen bytes and its length), then the id.
struct BatchKey {
  std::uint64_t hi;
  std::uint64_t lo;
  std::int64_t id;
  Row row;
};

class SecondaryIndex {
 public:
  using Iterator = RowBlocks::Iterator;

  // `keys` are property names; `slots` their row slots, in key order. `number_keys`
  // (for one key, a number property): the keys are also kept as numbers beside the
  // rows (RowBlocks::keep_keys), about 8 bytes a row, for searches that read no rows.
  SecondaryIndex(std::string name, std::vector<std::string> keys, std::vector<std::size_t> slots,
                 bool unique, bool number_keys = false);
  SecondaryIndex(const SecondaryIndex&) = delete;
  SecondaryIndex& operator=(const SecondaryIndex&) = delete;

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::vector<std::string>& keys() const { return keys_; }
  [[nodiscard]] const std::vector<std::size_t>& slots() const { return slots_; }
  [[nodiscard]] bool unique() const { return unique_; }
  [[nodiscard]] std::size_t size() const { return entries_.size(); }

  void insert(Row row);
  void erase(Row row);
  // insert() in two halves: the key into the unique hash (false, and nothing taken,
  // when another row holds it: a unique violation), then the row into the order. A
  // batch claims each row's key as it arrives (so later rows of the batch are checked
  // against it), then goes into the order at once with insert_ordered(): sorted
  // first, and appended whole when it sorts after every entry.
  [[nodiscard]] bool claim_key(Row row);
  void insert_entry(Row row);
  void insert_ordered(std::vector<Row> rows);
  // The same for a batch whose rows come with their slots' views (`views[slot]`, as
  // the writer encoded them), so that nothing is read back from the rows: per row,
  // add_to_batch claims its key (false, and nothing taken, when another row holds it)
  // and keeps the row for the order, which end_batch fills (or drop_batch forgets the
  // rows when the batch is refused). `id`: the row's id when it is an integer.
  void begin_batch(std::size_t rows);
  [[nodiscard]] bool add_to_batch(Row row, const ValueView* views, const std::int64_t* id);
  void end_batch();
  void drop_batch();
  void insert_key(Row row);
  void erase_key(Row row);
  void clear() {
    entries_.clear();
    by_key_.clear();
  }

  // For a unique index, a row other than `self` whose key equals `row`'s. Keys with a
  // null or missing part never conflict, as in SQL.
  [[nodiscard]] Row conflict(Row row, Row self) const;
  // For a unique index and a probe of every key part, none null: the row with that
  // key, or no row.
  [[nodiscard]] bool hashed_probe(const KeyProbe& probe) const;
  [[nodiscard]] Row find_unique(const KeyProbe& probe) const;

  [[nodiscard]] Iterator begin() const { return entries_.begin(); }
  [[nodiscard]] Iterator end() const { return entries_.end(); }
  [[nodiscard]] Iterator lower_bound(const KeyProbe& probe) const {
    return search(probe, [](int c) { return c < 0; });
  }
  [[nodiscard]] Iterator upper_bound(const KeyProbe& probe) const {
    return search(probe, [](int c) { return c <= 0; });
  }
  // upper_bound(probe) for a `from` at or before it (lower_bound's answer): cheap for
  // short runs of equal keys.
  [[nodiscard]] Iterator upper_bound_from(Iterator from, const KeyProbe& probe) const {
    return search_from(from, probe, [](int c) { return c <= 0; });
  }
  [[nodiscard]] Iterator lower_bound_from(Iterator from, const KeyProbe& probe) const {
    return search_from(from, probe, [](int c) { return c < 0; });
  }
  [[nodiscard]] std::size_t distance(Iterator from, Iterator to) const { return entries_.distance(from, to); }
  // How many entries lie between `low` and `high` (each end included or not), NaN keys
  // left out, read off the kept number keys without touching a row; kUncounted when
  // the keys cannot answer (not kept, a foreign key stored, a probe they cannot place,
  // a null low end), and the rows must be searched. Inline, and answering a plain
  // number rather than an optional (whose flag byte, stored and then reloaded as part
  // of a wider word, stalls the load): it is the whole of a prepared range count.
  static constexpr std::size_t kUncounted = ~std::size_t{0};
  [[nodiscard]] std::size_t count_range(ValueView low, bool low_inclusive, ValueView high,
                                        bool high_inclusive) const {
    if (!entries_.keyed()) return kUncounted;
    const std::uint64_t lo = number_key::probe(low), hi = number_key::probe(high);
    if (lo < number_key::kNaN || hi == number_key::kForeign) return kUncounted;  // kForeign: not placed
    constexpr std::uint64_t kAbove = number_key::kAboveNumbers;  // above every stored key
    if (lo == kAbove) return 0;
    // [from, to) in keys: the first key in the range (never a NaN one), the first past
    // it (kAbove is no stored key, so a search for it finds the end).
    const std::uint64_t from = std::max(lo + (low_inclusive ? 0 : 1), number_key::kNaN + 1);
    const std::uint64_t to = hi == kAbove ? kAbove : hi + (high_inclusive ? 1 : 0);
    return entries_.key_count(from, to);
  }
  [[nodiscard]] const IndexKeyLess& key_less() const { return less_; }

  // Estimated heap bytes of the index.
  [[nodiscard]] std::size_t memory_usage() const {
    // The flat set: a row pointer and a metadata byte per bucket.
    return entries_.memory_usage() + by_key_.bucket_count() * (sizeof(Row) + 1);
  }

 private:
  // Where `row` goes (or is): its key's views are read once, not at every comparison.
  [[nodiscard]] Iterator position(Row row) const;
  // Puts a batch in index order (key, then id).
  void sort_batch(std::vector<Row>& rows) const;
  // The same for a batch's keys (`whole`: the keys alone tell every two rows apart;
  // `ascending`: the ids come ascending).
  void sort_keys(std::vector<BatchKey>& keys, bool whole, bool ascending) const;
  [[nodiscard]] bool claim_key(Row row, const ValueView* views);
  // Adds the sorted batch `rows` to the order (`keys`: their number keys, or null).
  void add_sorted(const std::vector<Row>& rows, const std::vector<std::uint64_t>* keys);
  // The first entry whose comparison with `probe` fails `before`. A probe of one key
  // (ranges, most lookups) compares that slot inline, with no loop over key parts.
  template <typename Before>
  [[nodiscard]] Iterator search(const KeyProbe& probe, Before before) const {
    if (probe.size == 1) {
      return search_one(
          probe.values[0], before, [&](auto&& pred) { return entries_.partition_point(pred); },
          [&](std::uint64_t key) { return entries_.key_lower_bound(key); });
    }
    return entries_.partition_point([&](Row row) { return before(less_.compare_probe(row, probe)); });
  }
  template <typename Before>
  [[nodiscard]] Iterator search_from(Iterator from, const KeyProbe& probe, Before before) const {
    if (probe.size == 1) {
      return search_one(
          probe.values[0], before, [&](auto&& pred) { return entries_.partition_point_from(from, pred); },
          [&](std::uint64_t key) { return entries_.key_lower_bound_from(from, key); });
    }
    return entries_.partition_point_from(from, [&](Row row) { return before(less_.compare_probe(row, probe)); });
  }
  // A one-key search. With the keys kept as numbers (a number index), it compares
  // those and reads no row; otherwise a number probe (exact as a double) meets stored
  // doubles as a double comparison, the usual case of a range on a number property.
  template <typename Before, typename Search, typename KeySearch>
  [[nodiscard]] Iterator search_one(ValueView key, Before before, Search search, KeySearch key_search) const {
    if (entries_.keyed()) {
      if (const std::uint64_t probe = number_key::probe(key); probe != number_key::kForeign) {
        // No stored key is kAboveNumbers: every entry comes before such a probe.
        if (probe == number_key::kAboveNumbers) return entries_.end();
        // `before` holds for entries below the probe (a lower bound), or also for
        // those equal to it (an upper bound): the first key at least the probe, or
        // above it.
        return key_search(probe + (before(0) ? 1 : 0));
      }
    }
    const std::size_t slot = slots_[0];
    double number = 0;
    if (exact_double(key, number)) {
      return search([&](Row row) {
        const ValueView value = row.slot(slot);
        if (value.tag() == Tag::Number) {
          const double d = value.as_double();
          if (d == d) return before((d > number) - (d < number));  // NaN sorts lowest: compare_views
        }
        return before(compare_views(value, key));
      });
    }
    return search([&](Row row) { return before(compare_views(row.slot(slot), key)); });
  }
  // A number that a double holds exactly (not NaN), as that double.
  static bool exact_double(ValueView key, double& out) {
    constexpr std::int64_t kExact = std::int64_t{1} << 53;
    if (key.tag() == Tag::Number) {
      out = key.as_double();
      return out == out;
    }
    if (key.tag() == Tag::Integer) {
      const std::int64_t v = key.as_integer();
      out = static_cast<double>(v);
      return v <= kExact && v >= -kExact;
    }
    return false;
  }

  std::string name_;
  std::vector<std::string> keys_;
  std::vector<std::size_t> slots_;
  bool unique_;
  IndexKeyLess less_;
  RowBlocks entries_;
  HashHint hint_;
  boost::unordered_flat_set<Row, UniqueKeyHash, UniqueKeyEqual> by_key_;  // unique indexes only
  // The batch being written: its keys while every row has one (a one-key index, an
  // integer id, keys all numbers or all strings), else its rows.
  enum class BatchKind { None, Numbers, Strings };
  BatchKind batch_kind_ = BatchKind::None;
  bool batch_keyed_ = false;
  bool batch_whole_ = true;      // every key told apart by hi and lo
  bool batch_ascending_ = true;  // ids ascending
  std::vector<BatchKey> batch_keys_;
  std::vector<Row> batch_rows_;
};

// What the allocator hands out for a request of `bytes` (glibc: 16-byte chunks with
// an 8-byte header, 32 bytes at least; nothing for nothing): used by the memory
// estimates.
[[nodiscard]] std::size_t allocation_size(std::size_t bytes);

}  // namespace lb::memory
