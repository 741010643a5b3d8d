// SecondaryIndex: ordering, unique checks and size estimates (see secondary_index.hpp).
#include "memory/store/secondary_index.hpp"

#include <algorithm>
#include <array>
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
                               std::vector<std::size_t> slots, bool unique)
    : name_(std::move(name)),
      keys_(std::move(keys)),
      slots_(std::move(slots)),
      unique_(unique),
      less_(&slots_),
      by_key_(0, UniqueKeyHash{&slots_}, UniqueKeyEqual{&less_}) {}

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

void SecondaryIndex::insert_key(Row row) {
  if (unique_ && !any_nullish(row, slots_)) by_key_.insert(row);
}

void SecondaryIndex::erase_key(Row row) {
  if (!unique_) return;
  auto it = by_key_.find(row);
  if (it != by_key_.end() && *it == row) by_key_.erase(it);
}

void SecondaryIndex::insert_ordered(std::vector<Row> rows) {
  if (slots_.size() == 1) {
    // Each row's key read once, not at every comparison of the sort.
    std::vector<std::pair<ValueView, Row>> keyed;
    keyed.reserve(rows.size());
    for (Row row : rows) keyed.emplace_back(row.slot(slots_[0]), row);
    std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
      int c = compare_views(a.first, b.first);
      return c < 0 || (c == 0 && compare_views(a.second.id(), b.second.id()) < 0);
    });
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = keyed[i].second;
  } else {
    std::sort(rows.begin(), rows.end(), less_);
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
