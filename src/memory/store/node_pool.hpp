// NodePool and PoolAllocator: the id index's nodes (three pointers each) carved out of
// slabs instead of one malloc each, which saves the allocator's 8-byte header and
// rounding on every row. Single-object allocations of the first size asked for come
// from the pool (Boost.Multi-Index allocates its nodes one at a time); anything else
// (bucket arrays) goes to operator new. Freed nodes are reused; slabs are returned
// when the pool dies, after the container that used it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <new>
#include <vector>

namespace lb::memory {

class NodePool {
 public:
  NodePool() = default;
  NodePool(const NodePool&) = delete;
  NodePool& operator=(const NodePool&) = delete;

  // nullptr when `bytes` is not this pool's size (the caller then uses operator new).
  void* allocate(std::size_t bytes) {
    if (size_ == 0) size_ = bytes < sizeof(void*) ? sizeof(void*) : bytes;
    if (bytes > size_ || size_ - bytes >= alignof(std::max_align_t)) return nullptr;
    if (free_) {
      void* node = free_;
      free_ = *static_cast<void**>(free_);
      return node;
    }
    if (cursor_ == limit_) {
      // Slabs double from a few nodes, so that a pool holding few (the container's
      // header, a handful of ids that are not small numbers) stays small.
      const std::size_t nodes = slab_nodes_;
      slab_nodes_ = std::min(kSlabNodes, 2 * slab_nodes_);
      slabs_.push_back(std::make_unique<std::byte[]>(nodes * size_));
      cursor_ = slabs_.back().get();
      limit_ = cursor_ + nodes * size_;
      bytes_ += nodes * size_;
    }
    void* node = cursor_;
    cursor_ += size_;
    return node;
  }
  // Whether a block of `bytes` came from allocate() (and so goes back to deallocate()).
  [[nodiscard]] bool owns(std::size_t bytes) const { return size_ != 0 && bytes <= size_ && size_ - bytes < alignof(std::max_align_t); }
  void deallocate(void* node) {
    *static_cast<void**>(node) = free_;
    free_ = node;
  }
  [[nodiscard]] std::size_t memory_usage() const { return bytes_; }

 private:
  static constexpr std::size_t kSlabNodes = 1024;
  std::size_t slab_nodes_ = 8;  // the next slab's
  std::size_t size_ = 0;
  std::vector<std::unique_ptr<std::byte[]>> slabs_;
  std::byte* cursor_ = nullptr;
  std::byte* limit_ = nullptr;
  void* free_ = nullptr;
  std::size_t bytes_ = 0;
};

template <typename T>
class PoolAllocator {
 public:
  using value_type = T;
  template <typename U>
  struct rebind {
    using other = PoolAllocator<U>;
  };

  explicit PoolAllocator(NodePool* pool) : pool_(pool) {}
  template <typename U>
  PoolAllocator(const PoolAllocator<U>& other) : pool_(other.pool()) {}  // NOLINT: rebinding

  T* allocate(std::size_t n) {
    if (n == 1 && alignof(T) <= alignof(std::max_align_t)) {
      if (void* node = pool_->allocate(sizeof(T))) return static_cast<T*>(node);
    }
    return static_cast<T*>(::operator new(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) {
    if (n == 1 && pool_->owns(sizeof(T))) {
      pool_->deallocate(p);
    } else {
      ::operator delete(p);
    }
  }
  [[nodiscard]] NodePool* pool() const { return pool_; }
  template <typename U>
  friend bool operator==(const PoolAllocator& a, const PoolAllocator<U>& b) {
    return a.pool() == b.pool();
  }

 private:
  NodePool* pool_;
};

}  // namespace lb::memory
