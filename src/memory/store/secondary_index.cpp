// SecondaryIndex: ordering, unique checks and size estimates (see secondary_index.hpp).
#include "memory/store/secondary_index.hpp"

#include <utility>

namespace lb::memory {

bool IndexKeyLess::operator()(const EncodedRow* a, const EncodedRow* b) const {
  if (int c = compare_keys(a, b)) return c < 0;
  return compare_views(a->id(), b->id()) < 0;
}

int IndexKeyLess::compare_keys(const EncodedRow* a, const EncodedRow* b) const {
  for (std::size_t slot : *slots_) {
    if (int c = compare_views(a->slot(slot), b->slot(slot))) return c;
  }
  return 0;
}

int IndexKeyLess::compare_probe(const EncodedRow* row, const KeyProbe& probe) const {
  for (std::size_t i = 0; i < probe.values->size(); ++i) {
    if (int c = compare_views(row->slot((*slots_)[i]), (*probe.values)[i])) return c;
  }
  return 0;
}

SecondaryIndex::SecondaryIndex(std::string name, std::vector<std::string> keys,
                               std::vector<std::size_t> slots, bool unique)
    : name_(std::move(name)),
      keys_(std::move(keys)),
      slots_(std::move(slots)),
      unique_(unique),
      less_(&slots_),
      entries_(boost::make_tuple(boost::make_tuple(boost::multi_index::identity<const EncodedRow*>(), less_))) {}

void SecondaryIndex::insert(const EncodedRow* row) { entries_.insert(row); }

void SecondaryIndex::erase(const EncodedRow* row) { entries_.erase(row); }

const EncodedRow* SecondaryIndex::conflict(const EncodedRow& row, const EncodedRow* self) const {
  if (!unique_) return nullptr;
  std::vector<ValueView> key;
  key.reserve(slots_.size());
  for (std::size_t slot : slots_) {
    ValueView part = row.slot(slot);
    if (part.is_nullish()) return nullptr;
    key.push_back(part);
  }
  KeyProbe probe{&key};
  for (auto it = entries_.lower_bound(probe); it != entries_.end(); ++it) {
    if (less_.compare_probe(*it, probe) != 0) break;
    if (*it != self) return *it;
  }
  return nullptr;
}

std::size_t allocation_size(std::size_t bytes) {
  std::size_t chunk = (bytes + 8 + 15) & ~std::size_t{15};
  return chunk < 32 ? 32 : chunk;
}

std::size_t SecondaryIndex::memory_usage() const {
  // An ordered index node: the element plus parent (with the colour bit), left, right.
  return entries_.size() * allocation_size(sizeof(const EncodedRow*) + 3 * sizeof(void*));
}

}  // namespace lb::memory
