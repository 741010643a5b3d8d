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

std::size_t UniqueKeyHash::operator()(Row row) const {
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
      by_key_(0, UniqueKeyHash{&slots_}, UniqueKeyEqual{&less_}) {
  if (number_keys && slots_.size() == 1) entries_.keep_keys(slots_[0]);
}

bool SecondaryIndex::hashed_probe(const KeyProbe& probe) const {
  if (!unique_ || probe.size != slots_.size()) return false;
  for (std::size_t i = 0; i < probe.size; ++i) {
    if (probe.values[i].is_nullish()) return false;
  }
  return true;
}

std::optional<std::size_t> SecondaryIndex::count_range(ValueView low, bool low_inclusive, ValueView high,
                                                       bool high_inclusive) const {
  if (!entries_.keyed()) return std::nullopt;
  const auto lo = number_key::probe(low), hi = number_key::probe(high);
  if (!lo || !hi || *lo < number_key::kNaN) return std::nullopt;
  constexpr std::uint64_t kAbove = number_key::kAboveNumbers;  // above every stored key
  if (*lo == kAbove) return 0;
  // [from, to) in keys: the first key in the range (never a NaN one), the first past it.
  const std::uint64_t from = std::max(*lo + (low_inclusive ? 0 : 1), number_key::kNaN + 1);
  const std::uint64_t to = *hi == kAbove ? kAbove : *hi + (high_inclusive ? 1 : 0);
  if (to <= from) return 0;
  const Iterator first = entries_.key_lower_bound(from);
  const Iterator last = to == kAbove ? entries_.end() : entries_.key_lower_bound_from(first, to);
  return entries_.distance(first, last);
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

// A batch row with its sort key read once: `major`, an unsigned number ordered as the
// keys are (a number's bits made to sort as the number does; a short string's bytes
// and length; a long string's first seven bytes), then the id as an integer when
// every id is one. Equal majors fall back to comparing the keys themselves unless
// the major holds the whole key (numbers, strings of up to seven bytes).
struct KeyedRow {
  std::uint64_t major;
  std::int64_t id;
  Row row;
};

constexpr std::uint64_t kLongString = 8;  // the low byte of a string major: its length, or this

// A double's bits as an unsigned number in the double's order (NaN excluded; -0 is
// taken as 0, which it equals).
std::uint64_t number_major(double d) {
  if (d == 0) d = 0;
  std::uint64_t bits = 0;
  std::memcpy(&bits, &d, sizeof d);
  return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
}

// The first seven bytes (zero padded), then the length, capped at kLongString: ordered
// as the strings are (a string that is a prefix of another is shorter, and its
// padding is no greater than the other's bytes), and equal only for equal strings of
// up to seven bytes or for longer ones sharing their first seven.
std::uint64_t string_major(std::string_view s) {
  std::uint64_t major = 0;
  const std::size_t n = std::min<std::size_t>(s.size(), 7);
  for (std::size_t i = 0; i < n; ++i) major |= std::uint64_t{static_cast<std::uint8_t>(s[i])} << (56 - 8 * i);
  return major | std::min<std::uint64_t>(s.size(), kLongString);
}

// Sorts by major, keeping rows of equal majors in their order: a least-significant-
// digit radix sort, a byte at a time, skipping the bytes every major shares (a
// handful of categories differ in one or two).
void radix_sort(std::vector<KeyedRow>& rows) {
  std::array<std::array<std::uint32_t, 256>, 8> counts{};
  for (const KeyedRow& row : rows) {
    for (int digit = 0; digit < 8; ++digit) ++counts[digit][(row.major >> (8 * digit)) & 0xff];
  }
  std::vector<KeyedRow> moved(rows.size());
  for (int digit = 0; digit < 8; ++digit) {
    std::array<std::uint32_t, 256>& at = counts[digit];
    if (at[(rows.front().major >> (8 * digit)) & 0xff] == rows.size()) continue;  // one value: nothing moves
    std::uint32_t start = 0;
    for (std::uint32_t& count : at) start += std::exchange(count, start);
    for (const KeyedRow& row : rows) moved[at[(row.major >> (8 * digit)) & 0xff]++] = row;
    rows.swap(moved);
  }
}

// The batch as KeyedRows when every id is an integer and every key can have a major
// (all numbers, none NaN, exact as doubles; or all strings): false otherwise. Also
// says whether every major is the whole key and whether the batch is in id order.
bool keyed_batch(const std::vector<Row>& rows, std::size_t slot, std::vector<KeyedRow>& keyed, bool& whole,
                 bool& ascending) {
  constexpr std::int64_t kExact = std::int64_t{1} << 53;
  const Tag first = rows.front().slot(slot).tag();
  const bool numbers = first == Tag::Number || first == Tag::Integer;
  if (!numbers && first != Tag::String) return false;
  keyed.resize(rows.size());
  whole = true;
  ascending = true;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row row = rows[i];
    const ValueView id = row.id();
    if (id.tag() != Tag::Integer) return false;
    const ValueView key = row.slot(slot);
    std::uint64_t major = 0;
    switch (key.tag()) {
      case Tag::Number: {
        const double d = key.as_double();
        if (!numbers || std::isnan(d)) return false;
        major = number_major(d);
        break;
      }
      case Tag::Integer: {
        const std::int64_t v = key.as_integer();
        if (!numbers || v > kExact || v < -kExact) return false;
        major = number_major(static_cast<double>(v));
        break;
      }
      case Tag::String:
        if (numbers) return false;
        major = string_major(key.as_string());
        whole = whole && (major & 0xff) < kLongString;
        break;
      default:
        return false;
    }
    keyed[i] = KeyedRow{major, id.as_integer(), row};
    ascending = ascending && (i == 0 || keyed[i - 1].id < keyed[i].id);
  }
  return true;
}

}  // namespace

void SecondaryIndex::sort_batch(std::vector<Row>& rows) const {
  // One key, read once per row, sorted as integers where the keys allow.
  std::vector<KeyedRow> keyed;
  bool whole = false, ascending = false;
  if (slots_.size() != 1 || !keyed_batch(rows, slots_[0], keyed, whole, ascending)) {
    if (!std::is_sorted(rows.begin(), rows.end(), less_)) std::sort(rows.begin(), rows.end(), less_);
    return;
  }
  const std::size_t slot = slots_[0];
  auto by_major = [](const KeyedRow& a, const KeyedRow& b) {
    return a.major != b.major ? a.major < b.major : a.id < b.id;
  };
  if (whole) {
    if (std::is_sorted(keyed.begin(), keyed.end(), by_major)) return;
    // In id order, a sort by major that keeps equal majors in place is the index order.
    if (ascending) {
      radix_sort(keyed);
    } else {
      std::sort(keyed.begin(), keyed.end(), by_major);
    }
  } else {
    // Long strings sharing a major are told apart by the whole key.
    auto by_key = [&](const KeyedRow& a, const KeyedRow& b) {
      if (a.major != b.major) return a.major < b.major;
      if ((a.major & 0xff) == kLongString) {
        if (int c = compare_views(a.row.slot(slot), b.row.slot(slot))) return c < 0;
      }
      return a.id < b.id;
    };
    if (std::is_sorted(keyed.begin(), keyed.end(), by_key)) return;
    std::sort(keyed.begin(), keyed.end(), by_key);
  }
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = keyed[i].row;
}

void SecondaryIndex::insert_ordered(std::vector<Row> rows) {
  if (rows.empty()) return;
  sort_batch(rows);
  // A batch past every entry (a load into an empty index, rows with growing keys) is
  // appended in one go; otherwise each row is placed with a search.
  if (entries_.empty() || less_(entries_.back(), rows.front())) {
    entries_.append(rows);
    return;
  }
  for (Row row : rows) entries_.insert(position(row), row);
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
