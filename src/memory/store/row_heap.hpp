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
  // store() in steps, for a writer that encodes straight into the heap: room for at
  // least `room` bytes at the returned address (up to write_limit()); when the row
  // needs more, extend_write moves its first `written` bytes to a fresh chunk with at
  // least `room` bytes after them; finish_write takes the row's actual size (less
  // than kLarge). Between begin_write and finish_write nothing else may be stored.
  [[nodiscard]] std::uint8_t* begin_write(std::size_t room);
  [[nodiscard]] std::uint8_t* extend_write(std::size_t written, std::size_t room);
  [[nodiscard]] const std::uint8_t* write_limit() const { return limit_; }
  [[nodiscard]] const std::uint8_t* finish_write(std::size_t size);
  static constexpr std::size_t kLarge = (64 * 1024 - 64) / 8;  // rows at least this big get their own chunk
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

  void new_chunk(std::size_t with_header);

  std::vector<std::unique_ptr<std::uint8_t[]>> chunks_;
  std::unordered_map<const std::uint8_t*, std::unique_ptr<std::uint8_t[]>> large_;
  std::unordered_map<std::size_t, std::vector<std::uint8_t*>> free_;
  std::uint8_t* cursor_ = nullptr;
  std::uint8_t* limit_ = nullptr;
  std::size_t chunk_bytes_ = 0;
};

}  // namespace lb::memory
