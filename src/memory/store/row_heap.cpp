// RowHeap: chunked storage for encoded rows (see row_heap.hpp).
#include "memory/store/row_heap.hpp"

#include <algorithm>
#include <cstring>

namespace lb::memory {

const std::uint8_t* RowHeap::store(std::string_view bytes) {
  const std::size_t size = bytes.size();
  std::uint8_t* at = nullptr;
  if (size >= kLarge) {
    auto owned = std::make_unique<std::uint8_t[]>(size);
    at = owned.get();
    large_.emplace(at, std::move(owned));
    chunk_bytes_ += size;
  } else if (auto it = free_.find(size); it != free_.end() && !it->second.empty()) {
    at = it->second.back();
    it->second.pop_back();
  } else {
    if (static_cast<std::size_t>(limit_ - cursor_) < size) {
      // Chunks grow from 1 KiB, so that a small table stays small.
      std::size_t chunk = std::min(kChunk, std::max<std::size_t>(1024, chunk_bytes_));
      if (chunk < size) chunk = kChunk;
      chunks_.push_back(std::make_unique_for_overwrite<std::uint8_t[]>(chunk));
      cursor_ = chunks_.back().get();
      limit_ = cursor_ + chunk;
      chunk_bytes_ += chunk;
    }
    at = cursor_;
    cursor_ += size;
  }
  std::memcpy(at, bytes.data(), size);
  return at;
}

void RowHeap::free(const std::uint8_t* row, std::size_t size) {
  if (size >= kLarge) {
    if (large_.erase(row)) chunk_bytes_ -= size;
    return;
  }
  // The row came from one of this heap's chunks, which it may write again.
  free_[size].push_back(const_cast<std::uint8_t*>(row));
}

void RowHeap::clear() {
  chunks_.clear();
  large_.clear();
  free_.clear();
  cursor_ = limit_ = nullptr;
  chunk_bytes_ = 0;
}

}  // namespace lb::memory
