// SecondaryIndex: ordering, unique checks and size estimates (see secondary_index.hpp).
#include "memory/store/secondary_index.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <utility>

namespace lb::memory {

bool IndexKeyLess::operator()(Row a, Row b) const {
  if (int c = compare_keys(a, b)) return c < 0;
  return compare_views(a.id(), b.id()) < 0;
}

int IndexKeyLess::compare_keys(Row a, Row b) const {
  for (std::size_t slot : *slots_) {
    if (int c = compare_views(a.slot(slot), b.slot(slot))) return c;
  }
  return 0;
}

int IndexKeyLess::compare_probe(Row row, const KeyProbe& probe) const {
  for (std::size_t i = 0; i < probe.size; ++i) {
    if (int c = compare_views(row.slot((*slots_)[i]), probe.values[i])) return c;
  }
  return 0;
}

namespace {

std::size_t combine(std::size_t seed, std::size_t hash) {
  return seed ^ (hash + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

bool any_nullish(Row row, const std::vector<std::size_t>& slots) {
  for (std::size_t slot : slots) {
    if (row.slot(slot).is_nullish()) return true;
  }
  return false;
}

}  // namespace

std::size_t UniqueKeyHash::hash_row(Row row) const {
  std::size_t seed = 0;
  for (std::size_t slot : *slots) seed = combine(seed, hash_view(row.slot(slot)));
  return seed;
}

std::size_t UniqueKeyHash::operator()(const KeyProbe& probe) const {
  std::size_t seed = 0;
  for (std::size_t i = 0; i < probe.size; ++i) seed = combine(seed, hash_view(probe.values[i]));
  return seed;
}

SecondaryIndex::SecondaryIndex(std::string name, std::vector<std::string> keys,
                               std::vector<std::size_t> slots, bool unique, bool number_keys)
    : name_(std::move(name)),
      keys_(std::move(keys)),
      slots_(std::move(slots)),
      unique_(unique),
      less_(&slots_),
      by_key_(0, UniqueKeyHash{&slots_, &hint_}, UniqueKeyEqual{&less_}) {
  if (number_keys && slots_.size() == 1) entries_.keep_keys(slots_[0]);
}

bool SecondaryIndex::hashed_probe(const KeyProbe& probe) const {
  if (!unique_ || probe.size != slots_.size()) return false;
  for (std::size_t i = 0; i < probe.size; ++i) {
    if (probe.values[i].is_nullish()) return false;
  }
  return true;
}

Row SecondaryIndex::find_unique(const KeyProbe& probe) const {
  auto it = by_key_.find(probe);
  return it == by_key_.end() ? Row() : *it;
}

SecondaryIndex::Iterator SecondaryIndex::position(Row row) const {
  constexpr std::size_t kInline = 8;
  ValueView inline_key[kInline];
  std::vector<ValueView> heap_key;
  ValueView* key = inline_key;
  if (slots_.size() > kInline) {
    heap_key.resize(slots_.size());
    key = heap_key.data();
  }
  for (std::size_t i = 0; i < slots_.size(); ++i) key[i] = row.slot(slots_[i]);
  const KeyProbe probe{key, slots_.size()};
  const ValueView id = row.id();
  // Rows of an equal key are in id order, and ids usually arrive ascending: past the
  // last row is checked first.
  auto before = [&](Row entry) {
    int c = less_.compare_probe(entry, probe);
    return c < 0 || (c == 0 && compare_views(entry.id(), id) < 0);
  };
  if (entries_.empty() || before(entries_.back())) return entries_.end();
  return entries_.partition_point(before);
}

void SecondaryIndex::insert(Row row) {
  entries_.insert(position(row), row);
  insert_key(row);
}

void SecondaryIndex::erase(Row row) {
  auto at = position(row);
  if (at != entries_.end() && *at == row) entries_.erase(at);
  erase_key(row);
}

bool SecondaryIndex::claim_key(Row row) {
  if (!unique_ || any_nullish(row, slots_)) return true;
  return by_key_.insert(row).second;
}

void SecondaryIndex::insert_entry(Row row) { entries_.insert(position(row), row); }

void SecondaryIndex::insert_key(Row row) {
  if (unique_ && !any_nullish(row, slots_)) by_key_.insert(row);
}

void SecondaryIndex::erase_key(Row row) {
  if (!unique_) return;
  auto it = by_key_.find(row);
  if (it != by_key_.end() && *it == row) by_key_.erase(it);
}

namespace {

constexpr std::uint64_t kLongString = 16;  // the low byte of a string's lo: its length, or this

// A double's bits as an unsigned number in the double's order (NaN excluded; -0 is
// taken as 0, which it equals): number_key::of_double, so a number batch's keys are
// also the keys a number index keeps.
std::uint64_t number_major(double d) { return number_key::of_double(d); }

std::uint64_t big_endian_bytes(const char* p, std::size_t n) {
  std::uint64_t word = 0;
  for (std::size_t i = 0; i < n; ++i) word |= std::uint64_t{static_cast<std::uint8_t>(p[i])} << (56 - 8 * i);
  return word;
}

// A string as (hi, lo): its first eight bytes, the next seven (zero padded), then the
// length capped at kLongString. Ordered as the strings are (a string that is a prefix
// of another is shorter, and its padding is no greater than the other's bytes), and
// equal only for equal strings of up to fifteen bytes or for longer ones sharing their
// first fifteen.
void string_key(std::string_view s, std::uint64_t& hi, std::uint64_t& lo) {
  const std::size_t n = s.size();
  const char* p = s.data();
  auto load8 = [](const char* at) {
    std::uint64_t word = 0;
    std::memcpy(&word, at, 8);
    return __builtin_bswap64(word);
  };
  auto load4 = [](const char* at) {
    std::uint32_t word = 0;
    std::memcpy(&word, at, 4);
    return std::uint64_t{__builtin_bswap32(word)};
  };
  // Whole words read inside the string only: overlapping ones agree where they meet.
  if (n >= 16) {
    hi = load8(p);
    lo = load8(p + 8) & ~std::uint64_t{0xff};
  } else if (n > 8) {
    hi = load8(p);
    lo = load8(p + n - 8) << (8 * (16 - n));  // bytes 8 .. n-1, first
  } else if (n == 8) {
    hi = load8(p);
    lo = 0;
  } else if (n >= 4) {
    hi = (load4(p) << 32) | (load4(p + n - 4) << (64 - 8 * n));
    lo = 0;
  } else {
    hi = big_endian_bytes(p, n);
    lo = 0;
  }
  lo |= std::min<std::uint64_t>(n, kLongString);
}

// The batch key of a row whose key is `key` and id `id`, when it can have one: an
// integer id (`id` not null), and a key that is a number (not NaN, exact as a double) in a number
// batch or a string in a string batch (`kind` is set by the first row). `whole` is
// cleared for a key the batch key does not hold entirely.
bool batch_key(ValueView key, const std::int64_t* id, int& kind, BatchKey& out, bool& whole) {
  constexpr std::int64_t kExact = std::int64_t{1} << 53;
  enum { kUnknown = 0, kNumbers = 1, kStrings = 2 };
  if (!id) return false;
  out.id = *id;
  out.lo = 0;
  switch (key.tag()) {
    case Tag::Number: {
      const double d = key.as_double();
      if (kind == kStrings || d != d) return false;
      kind = kNumbers;
      out.hi = number_major(d);
      return true;
    }
    case Tag::Integer: {
      const std::int64_t v = key.as_integer();
      if (kind == kStrings || v > kExact || v < -kExact) return false;
      kind = kNumbers;
      out.hi = number_major(static_cast<double>(v));
      return true;
    }
    case Tag::String:
      if (kind == kNumbers) return false;
      kind = kStrings;
      string_key(key.as_string(), out.hi, out.lo);
      whole = whole && (out.lo & 0xff) < kLongString;
      return true;
    default:
      return false;
  }
}

// Sorts by (hi, lo), keeping rows of equal keys in their order: a least-significant-
// digit radix sort, a byte at a time, over the bytes where the keys differ (a handful
// of categories differ in one or two, a run of skus in three or four), each word's
// differing bytes counted in one pass.
void radix_sort(std::vector<BatchKey>& keys) {
  std::uint64_t hi_any = 0, hi_all = ~std::uint64_t{0}, lo_any = 0, lo_all = ~std::uint64_t{0};
  for (const BatchKey& key : keys) {
    hi_any |= key.hi;
    hi_all &= key.hi;
    lo_any |= key.lo;
    lo_all &= key.lo;
  }
  const std::size_t n = keys.size();
  std::vector<BatchKey> moved(n);
  std::array<std::array<std::uint32_t, 256>, 8> counts;
  for (const bool high : {false, true}) {
    const std::uint64_t differ = high ? hi_any ^ hi_all : lo_any ^ lo_all;
    int shifts[8];
    int digits = 0;
    for (int digit = 0; digit < 8; ++digit) {
      if ((differ >> (8 * digit)) & 0xff) shifts[digits++] = 8 * digit;
    }
    if (digits == 0) continue;
    for (int d = 0; d < digits; ++d) counts[d].fill(0);
    for (const BatchKey& key : keys) {
      const std::uint64_t word = high ? key.hi : key.lo;
      for (int d = 0; d < digits; ++d) ++counts[d][(word >> shifts[d]) & 0xff];
    }
    for (int d = 0; d < digits; ++d) {
      std::array<std::uint32_t, 256>& at = counts[d];
      const int shift = shifts[d];
      std::uint32_t start = 0;
      for (std::uint32_t& count : at) start += std::exchange(count, start);
      if (high) {
        for (const BatchKey& key : keys) moved[at[(key.hi >> shift) & 0xff]++] = key;
      } else {
        for (const BatchKey& key : keys) moved[at[(key.lo >> shift) & 0xff]++] = key;
      }
      keys.swap(moved);
    }
  }
}

}  // namespace

void SecondaryIndex::sort_keys(std::vector<BatchKey>& keys, bool whole, bool ascending) const {
  auto by_key = [](const BatchKey& a, const BatchKey& b) {
    if (a.hi != b.hi) return a.hi < b.hi;
    if (a.lo != b.lo) return a.lo < b.lo;
    return a.id < b.id;
  };
  if (whole) {
    if (std::is_sorted(keys.begin(), keys.end(), by_key)) return;
    // In id order, a sort by key that keeps equal keys in place is the index order.
    if (ascending) {
      radix_sort(keys);
    } else {
      std::sort(keys.begin(), keys.end(), by_key);
    }
    return;
  }
  // Long strings sharing their first fifteen bytes are told apart by the whole key.
  const std::size_t slot = slots_[0];
  auto by_whole_key = [&](const BatchKey& a, const BatchKey& b) {
    if (a.hi != b.hi) return a.hi < b.hi;
    if (a.lo != b.lo) return a.lo < b.lo;
    if ((a.lo & 0xff) == kLongString) {
      if (int c = compare_views(a.row.slot(slot), b.row.slot(slot))) return c < 0;
    }
    return a.id < b.id;
  };
  if (std::is_sorted(keys.begin(), keys.end(), by_whole_key)) return;
  std::sort(keys.begin(), keys.end(), by_whole_key);
}

void SecondaryIndex::sort_batch(std::vector<Row>& rows) const {
  // One key, read once per row, sorted as integers where the keys allow.
  if (slots_.size() == 1) {
    std::vector<BatchKey> keys(rows.size());
    int kind = 0;
    bool whole = true, ascending = true, keyed = true;
    for (std::size_t i = 0; keyed && i < rows.size(); ++i) {
      const ValueView id = rows[i].id();
      const std::int64_t integer = id.tag() == Tag::Integer ? id.as_integer() : 0;
      keyed = batch_key(rows[i].slot(slots_[0]), id.tag() == Tag::Integer ? &integer : nullptr, kind, keys[i], whole);
      keys[i].row = rows[i];
      ascending = ascending && (i == 0 || keys[i - 1].id < keys[i].id);
    }
    if (keyed) {
      sort_keys(keys, whole, ascending);
      for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = keys[i].row;
      return;
    }
  }
  if (!std::is_sorted(rows.begin(), rows.end(), less_)) std::sort(rows.begin(), rows.end(), less_);
}

void SecondaryIndex::add_sorted(const std::vector<Row>& rows, const std::vector<std::uint64_t>* keys) {
  if (rows.empty()) return;
  // A batch past every entry (a load into an empty index, rows with growing keys) is
  // appended in one go; otherwise each row is placed with a search.
  if (entries_.empty() || less_(entries_.back(), rows.front())) {
    entries_.append(rows, keys);
    return;
  }
  for (Row row : rows) entries_.insert(position(row), row);
}

void SecondaryIndex::insert_ordered(std::vector<Row> rows) {
  if (rows.empty()) return;
  sort_batch(rows);
  add_sorted(rows, nullptr);
}

bool SecondaryIndex::claim_key(Row row, const ValueView* views) {
  if (!unique_) return true;
  std::size_t seed = 0;
  for (std::size_t slot : slots_) {
    if (views[slot].is_nullish()) return true;
    seed = combine(seed, hash_view(views[slot]));
  }
  // The set hashes the row it is given: from the hint, not from the row's bytes.
  hint_ = HashHint{row, seed};
  const bool inserted = by_key_.insert(row).second;
  hint_ = HashHint{};
  return inserted;
}

void SecondaryIndex::begin_batch(std::size_t rows) {
  batch_kind_ = BatchKind::None;
  batch_keyed_ = slots_.size() == 1;
  batch_whole_ = true;
  batch_ascending_ = true;
  batch_keys_.clear();
  batch_rows_.clear();
  if (batch_keyed_) {
    batch_keys_.reserve(rows);
  } else {
    batch_rows_.reserve(rows);
  }
  // Room for the batch up front (no rehash, which would read every row, midway), grown
  // at least twofold so that a load in many batches rehashes only now and then.
  if (unique_ && by_key_.size() + rows > by_key_.max_load()) {
    by_key_.reserve(std::max(by_key_.size() + rows, 2 * by_key_.size()));
  }
}

bool SecondaryIndex::add_to_batch(Row row, const ValueView* views, const std::int64_t* id) {
  if (unique_ && !claim_key(row, views)) return false;
  if (batch_keyed_) {
    // Written in place (a key built aside and copied in stalls on the copy's read).
    BatchKey& key = batch_keys_.emplace_back();
    int kind = static_cast<int>(batch_kind_);
    if (batch_key(views[slots_[0]], id, kind, key, batch_whole_)) {
      batch_kind_ = static_cast<BatchKind>(kind);
      key.row = row;
      const std::size_t n = batch_keys_.size();
      batch_ascending_ = batch_ascending_ && (n == 1 || batch_keys_[n - 2].id < key.id);
      return true;
    }
    // A row the keys cannot place: the batch goes the general way.
    batch_keys_.pop_back();
    batch_keyed_ = false;
    batch_rows_.reserve(batch_keys_.capacity());
    for (const BatchKey& earlier : batch_keys_) batch_rows_.push_back(earlier.row);
    batch_keys_.clear();
  }
  batch_rows_.push_back(row);
  return true;
}

void SecondaryIndex::end_batch() {
  if (batch_keyed_) {
    sort_keys(batch_keys_, batch_whole_, batch_ascending_);
    batch_rows_.resize(batch_keys_.size());
    for (std::size_t i = 0; i < batch_keys_.size(); ++i) batch_rows_[i] = batch_keys_[i].row;
    // A number batch's keys are the keys a number index keeps.
    std::vector<std::uint64_t> numbers;
    const bool kept = entries_.keeps_keys() && batch_kind_ == BatchKind::Numbers;
    if (kept) {
      numbers.resize(batch_keys_.size());
      for (std::size_t i = 0; i < batch_keys_.size(); ++i) numbers[i] = batch_keys_[i].hi;
    }
    add_sorted(batch_rows_, kept ? &numbers : nullptr);
  } else {
    sort_batch(batch_rows_);
    add_sorted(batch_rows_, nullptr);
  }
  drop_batch();
}

void SecondaryIndex::drop_batch() {
  // A large batch's scratch is given back; a usual one is kept for the next.
  constexpr std::size_t kKept = 4096;
  batch_keys_.clear();
  batch_rows_.clear();
  if (batch_keys_.capacity() > kKept) std::vector<BatchKey>().swap(batch_keys_);
  if (batch_rows_.capacity() > kKept) std::vector<Row>().swap(batch_rows_);
  batch_kind_ = BatchKind::None;
}

Row SecondaryIndex::conflict(Row row, Row self) const {
  if (!unique_ || any_nullish(row, slots_)) return Row();
  // The hash holds every row of a whole non-null key: at most one can match.
  auto it = by_key_.find(row);
  if (it == by_key_.end() || *it == self) return Row();
  return *it;
}

std::size_t allocation_size(std::size_t bytes) {
  if (bytes == 0) return 0;
  std::size_t chunk = (bytes + 8 + 15) & ~std::size_t{15};
  return chunk < 32 ? 32 : chunk;
}

}  // namespace lb::memory
