// RowHeap: where a table's encoded rows live. Rows are carved one after another out
// of 64 KiB chunks, so a row costs its bytes and a two-byte size (no allocator
// header, no alignment padding) and rows inserted together lie together, which is what a
// full scan in id order reads. A freed row's bytes go to a free list by exact size
// and are reused by the next row of that size; clear() returns every chunk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lb::memory {

class RowHeap {
 public:
  RowHeap() = default;
  RowHeap(const RowHeap&) = delete;
  RowHeap& operator=(const RowHeap&) = delete;

  // A copy of `bytes`, valid until freed or cleared.
  [[nodiscard]] const std::uint8_t* store(std::string_view bytes);
  // Gives back a row that store() returned.
  void free(const std::uint8_t* row);
  // The size of a row store() returned, kept just before it (two bytes for rows in
  // chunks), so that copying a row out needs no walk over its values.
  [[nodiscard]] static std::size_t stored_size(const std::uint8_t* row);
  void clear();

  // Heap bytes held: chunks and rows too large for one.
  [[nodiscard]] std::size_t memory_usage() const { return chunk_bytes_; }

 private:
  static constexpr std::size_t kChunk = 64 * 1024 - 64;  // below the allocator's mmap threshold
  static constexpr std::size_t kLarge = kChunk / 8;      // rows at least this big get their own chunk

  std::vector<std::unique_ptr<std::uint8_t[]>> chunks_;
  std::unordered_map<const std::uint8_t*, std::unique_ptr<std::uint8_t[]>> large_;
  std::unordered_map<std::size_t, std::vector<std::uint8_t*>> free_;
  std::uint8_t* cursor_ = nullptr;
  std::uint8_t* limit_ = nullptr;
  std::size_t chunk_bytes_ = 0;
};

}  // namespace lb::memory
