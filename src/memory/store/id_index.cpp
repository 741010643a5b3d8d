// IdIndex maintenance (see id_index.hpp). The array never holds an id the hash also
// holds: an id goes to the array when its slot is inside it, and growing the array
// moves into it the hashed ids it comes to cover, so a lookup reads one place only.
#include "memory/store/id_index.hpp"

#include <algorithm>

#include "memory/store/secondary_index.hpp"  // allocation_size

namespace lb::memory {

IdIndex::IdIndex() : hashed_(Hashed::ctor_args_list(), PoolAllocator<Entry>(&nodes_)) {
  // Up to two rows a bucket: half the bucket array, for about half a probe more (a
  // probe reads a node, not a row).
  hashed_.max_load_factor(2.0f);
}

Row IdIndex::find_hashed(ValueView id) const {
  auto it = hashed_.find(Key{hash_view(id), id});
  return it == hashed_.end() ? Row() : it->row;
}

bool IdIndex::grow_to(std::uint64_t number) {
  constexpr std::uint64_t kSmall = 1024;  // an array this long is always allowed
  if (size() == 0) {
    dense_.clear();
    base_ = number;
  }
  if (number < base_) return false;
  const std::uint64_t slot = number - base_;
  if (slot >= std::max<std::uint64_t>(kSmall, 2 * (size() + 1))) return false;
  const std::size_t length = std::max<std::size_t>({static_cast<std::size_t>(slot) + 1, 2 * dense_.size(), 64});
  dense_.resize(length);
  for (auto it = hashed_.begin(); it != hashed_.end();) {
    std::uint64_t moved = 0;
    if (dense_slot(it->row.id(), moved)) {
      dense_[moved] = it->row;
      ++dense_count_;
      it = hashed_.erase(it);
    } else {
      ++it;
    }
  }
  return true;
}

bool IdIndex::insert(Row row) {
  std::uint64_t slot = 0, number = 0;
  if (dense_slot(row.id(), slot) || (whole_id(row.id(), number) && grow_to(number) && dense_slot(row.id(), slot))) {
    if (dense_[slot]) return false;
    dense_[slot] = row;
    ++dense_count_;
    return true;
  }
  return hashed_.insert(Entry{row, hash_view(row.id())}).second;
}

void IdIndex::erase(Row row) {
  std::uint64_t slot = 0;
  if (dense_slot(row.id(), slot)) {
    if (dense_[slot] == row) {
      dense_[slot] = Row();
      --dense_count_;
    }
    return;
  }
  auto it = hashed_.find(Key{hash_view(row.id()), row.id()});
  if (it != hashed_.end() && it->row == row) hashed_.erase(it);
}

void IdIndex::replace(Row old_row, Row row) {
  std::uint64_t slot = 0;
  if (dense_slot(old_row.id(), slot)) {
    dense_[slot] = row;
    return;
  }
  const std::size_t hash = hash_view(old_row.id());
  auto it = hashed_.find(Key{hash, old_row.id()});
  if (it != hashed_.end()) hashed_.replace(it, Entry{row, hash});
}

void IdIndex::clear() {
  dense_.clear();  // (keeping its capacity for the rows that follow)
  dense_count_ = 0;
  hashed_.clear();
}

std::size_t IdIndex::memory_usage() const {
  return allocation_size(dense_.capacity() * sizeof(Row)) + nodes_.memory_usage() +
         allocation_size(hashed_.bucket_count() * sizeof(void*));
}

}  // namespace lb::memory
