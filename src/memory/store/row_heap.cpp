// RowHeap: chunked storage for encoded rows (see row_heap.hpp).
#include "memory/store/row_heap.hpp"

#include <algorithm>
#include <cstring>

namespace lb::memory {

// Each row is preceded by its size: two bytes (little-endian), or for a large row the
// marker 0xFFFF after an eight-byte size.
namespace {
constexpr std::uint16_t kLargeMarker = 0xFFFF;
constexpr std::size_t kSmallHeader = 2;
constexpr std::size_t kLargeHeader = 10;
}  // namespace

std::size_t RowHeap::stored_size(const std::uint8_t* row) {
  std::uint16_t small = 0;
  std::memcpy(&small, row - kSmallHeader, sizeof small);
  if (small != kLargeMarker) return small;
  std::uint64_t large = 0;
  std::memcpy(&large, row - kLargeHeader, sizeof large);
  return static_cast<std::size_t>(large);
}

const std::uint8_t* RowHeap::store(std::string_view bytes) {
  const std::size_t size = bytes.size();
  std::uint8_t* body = nullptr;
  if (size >= kLarge) {
    auto owned = std::make_unique<std::uint8_t[]>(size + kLargeHeader);
    std::uint8_t* start = owned.get();
    const std::uint64_t large = size;
    std::memcpy(start, &large, sizeof large);
    std::memcpy(start + 8, &kLargeMarker, sizeof kLargeMarker);
    body = start + kLargeHeader;
    large_.emplace(body, std::move(owned));
    chunk_bytes_ += size + kLargeHeader;
  } else {
    const std::size_t with_header = size + kSmallHeader;
    std::uint8_t* start = nullptr;
    if (auto it = free_.empty() ? free_.end() : free_.find(size); it != free_.end() && !it->second.empty()) {
      start = it->second.back();
      it->second.pop_back();
    } else {
      if (static_cast<std::size_t>(limit_ - cursor_) < with_header) new_chunk(with_header);
      start = cursor_;
      cursor_ += with_header;
    }
    const auto small = static_cast<std::uint16_t>(size);
    std::memcpy(start, &small, sizeof small);
    body = start + kSmallHeader;
  }
  std::memcpy(body, bytes.data(), size);
  return body;
}

void RowHeap::new_chunk(std::size_t with_header) {
  // Chunks grow from 1 KiB, so that a small table stays small.
  std::size_t chunk = std::min(kChunk, std::max<std::size_t>(1024, chunk_bytes_));
  if (chunk < with_header) chunk = std::max(kChunk, with_header);
  chunks_.push_back(std::make_unique_for_overwrite<std::uint8_t[]>(chunk));
  cursor_ = chunks_.back().get();
  limit_ = cursor_ + chunk;
  chunk_bytes_ += chunk;
}

std::uint8_t* RowHeap::begin_write(std::size_t room) {
  if (static_cast<std::size_t>(limit_ - cursor_) < room + kSmallHeader) new_chunk(room + kSmallHeader);
  return cursor_ + kSmallHeader;
}

std::uint8_t* RowHeap::extend_write(std::size_t written, std::size_t room) {
  const std::uint8_t* from = cursor_ + kSmallHeader;
  new_chunk(kSmallHeader + written + room);
  std::memcpy(cursor_ + kSmallHeader, from, written);
  return cursor_ + kSmallHeader;
}

const std::uint8_t* RowHeap::finish_write(std::size_t size) {
  std::uint8_t* written = cursor_ + kSmallHeader;
  const auto small = static_cast<std::uint16_t>(size);
  // A freed row of this size is reused, as store() would.
  if (!free_.empty()) {
    if (auto it = free_.find(size); it != free_.end() && !it->second.empty()) {
      std::uint8_t* start = it->second.back();
      it->second.pop_back();
      std::memcpy(start, &small, sizeof small);
      std::memcpy(start + kSmallHeader, written, size);
      return start + kSmallHeader;
    }
  }
  std::memcpy(cursor_, &small, sizeof small);
  cursor_ += size + kSmallHeader;
  return written;
}

void RowHeap::free(const std::uint8_t* row) {
  const std::size_t size = stored_size(row);
  if (size >= kLarge) {
    if (large_.erase(row)) chunk_bytes_ -= size + kLargeHeader;
    return;
  }
  // The row came from one of this heap's chunks, which it may write again.
  free_[size].push_back(const_cast<std::uint8_t*>(row) - kSmallHeader);
}

void RowHeap::clear() {
  chunks_.clear();
  large_.clear();
  free_.clear();
  cursor_ = limit_ = nullptr;
  chunk_bytes_ = 0;
}

}  // namespace lb::memory
