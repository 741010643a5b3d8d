// SecondaryIndex: ordering, unique checks and size estimates (see secondary_index.hpp).
#include "memory/store/secondary_index.hpp"

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

SecondaryIndex::SecondaryIndex(std::string name, std::vector<std::string> keys,
                               std::vector<std::size_t> slots, bool unique)
    : name_(std::move(name)),
      keys_(std::move(keys)),
      slots_(std::move(slots)),
      unique_(unique),
      less_(&slots_) {}

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

void SecondaryIndex::insert(Row row) { entries_.insert(position(row), row); }

void SecondaryIndex::erase(Row row) {
  auto at = position(row);
  if (at != entries_.end() && *at == row) entries_.erase(at);
}

Row SecondaryIndex::conflict(Row row, Row self) const {
  if (!unique_) return Row();
  std::vector<ValueView> key;
  key.reserve(slots_.size());
  for (std::size_t slot : slots_) {
    ValueView part = row.slot(slot);
    if (part.is_nullish()) return Row();
    key.push_back(part);
  }
  KeyProbe probe{key.data(), key.size()};
  for (auto it = lower_bound(probe); it != entries_.end(); ++it) {
    if (less_.compare_probe(*it, probe) != 0) break;
    if (*it != self) return *it;
  }
  return Row();
}

std::size_t allocation_size(std::size_t bytes) {
  if (bytes == 0) return 0;
  std::size_t chunk = (bytes + 8 + 15) & ~std::size_t{15};
  return chunk < 32 ? 32 : chunk;
}

}  // namespace lb::memory
