// RowBlocks maintenance (see row_blocks.hpp): inserts split a full block where the
// row goes, or start a new one at a block's end; sparse structures are repacked, at
// most once per quarter of the rows written, so a write pays a few pointer moves.
// With keep_keys(), every change to a block is made to its keys as well.
#include "memory/store/row_blocks.hpp"

#include <algorithm>

#include "memory/store/secondary_index.hpp"

namespace lb::memory {

void RowBlocks::insert(Iterator at, Row row) {
  ++size_;
  ++writes_;
  const std::uint64_t key = keyed_ ? key_of(row) : 0;
  if (keyed_ && key == number_key::kForeign) ++foreign_;
  if (blocks_.empty()) {
    blocks_.emplace_back().push_back(row);
    lasts_.push_back(row);
    sizes_.push_back(1);
    if (keyed_) {
      keys_.emplace_back().push_back(key);
      fences_.push_back(key);
    }
    return;
  }
  std::size_t b = at.block_, i = at.index_;
  if (b == blocks_.size()) {
    b = blocks_.size() - 1;
    i = blocks_[b].size();
  } else if (i == 0 && b > 0 && blocks_[b - 1].size() < kBlock) {
    --b;  // the end of the previous block is the same place and has room
    i = blocks_[b].size();
  }
  Block& block = blocks_[b];
  if (block.size() < kBlock) {
    block.insert(block.begin() + static_cast<std::ptrdiff_t>(i), row);
    lasts_[b] = block.back();
    ++sizes_[b];
    if (keyed_) {
      keys_[b].insert(keys_[b].begin() + static_cast<std::ptrdiff_t>(i), key);
      fences_[b] = keys_[b].back();
    }
    return;
  }
  // A full block: the row starts a new block when it goes to either end (ascending
  // and descending loads stay full); otherwise the block splits so that the row ends
  // up in the left part, which a run growing at its end (rows of one key arriving in
  // id order) keeps filling while the right part stays as full as it was.
  Block fresh;
  Keys fresh_keys;
  fresh.reserve(kBlock);
  if (keyed_) fresh_keys.reserve(kBlock);
  std::size_t at_block = b + 1;
  if (i == block.size() || i == 0) {
    fresh.push_back(row);
    if (keyed_) fresh_keys.push_back(key);
    if (i == 0) at_block = b;
  } else {
    // Split at the middle, or where the row goes when that is past the middle: the
    // part holding the insertion point is the one a run growing at its end fills.
    const std::size_t cut = std::max(i, kBlock / 2);
    fresh.assign(block.begin() + static_cast<std::ptrdiff_t>(cut), block.end());
    block.resize(cut);
    block.insert(block.begin() + static_cast<std::ptrdiff_t>(i), row);
    lasts_[b] = block.back();
    sizes_[b] = static_cast<std::uint32_t>(block.size());
    if (keyed_) {
      Keys& keys = keys_[b];
      fresh_keys.assign(keys.begin() + static_cast<std::ptrdiff_t>(cut), keys.end());
      keys.resize(cut);
      keys.insert(keys.begin() + static_cast<std::ptrdiff_t>(i), key);
      fences_[b] = keys.back();
    }
  }
  lasts_.insert(lasts_.begin() + static_cast<std::ptrdiff_t>(at_block), fresh.back());
  sizes_.insert(sizes_.begin() + static_cast<std::ptrdiff_t>(at_block), static_cast<std::uint32_t>(fresh.size()));
  blocks_.insert(blocks_.begin() + static_cast<std::ptrdiff_t>(at_block), std::move(fresh));
  if (keyed_) {
    fences_.insert(fences_.begin() + static_cast<std::ptrdiff_t>(at_block), fresh_keys.back());
    keys_.insert(keys_.begin() + static_cast<std::ptrdiff_t>(at_block), std::move(fresh_keys));
  }
  maybe_repack();
}

void RowBlocks::append(const std::vector<Row>& rows, const std::vector<std::uint64_t>* given) {
  // As insert(end(), row) one by one: the last block fills up to kBlock, then each
  // new block starts with room for kBlock rows.
  std::size_t i = 0;
  while (i < rows.size()) {
    if (blocks_.empty() || blocks_.back().size() == kBlock) {
      blocks_.emplace_back().reserve(kBlock);
      lasts_.emplace_back();
      sizes_.emplace_back();
      if (keyed_) {
        keys_.emplace_back().reserve(kBlock);
        fences_.emplace_back();
      }
    }
    Block& block = blocks_.back();
    const std::size_t take = std::min(kBlock - block.size(), rows.size() - i);
    block.insert(block.end(), rows.begin() + static_cast<std::ptrdiff_t>(i),
                 rows.begin() + static_cast<std::ptrdiff_t>(i + take));
    lasts_.back() = block.back();
    sizes_.back() = static_cast<std::uint32_t>(block.size());
    if (keyed_) {
      Keys& keys = keys_.back();
      for (std::size_t k = i; k < i + take; ++k) {
        const std::uint64_t key = given ? (*given)[k] : key_of(rows[k]);
        if (key == number_key::kForeign) ++foreign_;
        keys.push_back(key);
      }
      fences_.back() = keys.back();
    }
    i += take;
  }
  size_ += rows.size();
  writes_ += rows.size();
}

void RowBlocks::maybe_repack() {
  // Below three-quarters full, and only after writes worth an eighth of the rows since
  // the last repack: each write then pays for at most eight pointer moves.
  if (blocks_.size() <= 8 || writes_ * 8 < size_) return;
  if (size_ * 4 < blocks_.size() * kBlock * 3) repack();
}

void RowBlocks::erase(Iterator at) {
  --size_;
  Block& block = blocks_[at.block_];
  block.erase(block.begin() + static_cast<std::ptrdiff_t>(at.index_));
  ++writes_;
  if (keyed_) {
    Keys& keys = keys_[at.block_];
    if (keys[at.index_] == number_key::kForeign) --foreign_;
    keys.erase(keys.begin() + static_cast<std::ptrdiff_t>(at.index_));
  }
  if (block.empty()) {
    blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(at.block_));
    lasts_.erase(lasts_.begin() + static_cast<std::ptrdiff_t>(at.block_));
    sizes_.erase(sizes_.begin() + static_cast<std::ptrdiff_t>(at.block_));
    if (keyed_) {
      keys_.erase(keys_.begin() + static_cast<std::ptrdiff_t>(at.block_));
      fences_.erase(fences_.begin() + static_cast<std::ptrdiff_t>(at.block_));
    }
    return;
  }
  lasts_[at.block_] = block.back();
  --sizes_[at.block_];
  if (keyed_) fences_[at.block_] = keys_[at.block_].back();
  maybe_repack();
}

void RowBlocks::assign(Iterator at, Row row) {
  Block& block = blocks_[at.block_];
  block[at.index_] = row;
  lasts_[at.block_] = block.back();
  if (keyed_) {
    Keys& keys = keys_[at.block_];
    std::uint64_t& key = keys[at.index_];
    if (key == number_key::kForeign) --foreign_;
    key = key_of(row);
    if (key == number_key::kForeign) ++foreign_;
    fences_[at.block_] = keys.back();
  }
}

void RowBlocks::clear() {
  blocks_.clear();
  lasts_.clear();
  sizes_.clear();
  keys_.clear();
  fences_.clear();
  size_ = 0;
  writes_ = 0;
  foreign_ = 0;
}

std::size_t RowBlocks::memory_usage() const {
  std::size_t bytes = allocation_size(blocks_.capacity() * sizeof(Block)) +
                      allocation_size(lasts_.capacity() * sizeof(Row)) +
                      allocation_size(sizes_.capacity() * sizeof(std::uint32_t));
  for (const Block& block : blocks_) bytes += allocation_size(block.capacity() * sizeof(Row));
  if (keyed_) {
    bytes += allocation_size(keys_.capacity() * sizeof(Keys)) +
             allocation_size(fences_.capacity() * sizeof(std::uint64_t));
    for (const Keys& keys : keys_) bytes += allocation_size(keys.capacity() * sizeof(std::uint64_t));
  }
  return bytes;
}

void RowBlocks::repack() {
  std::vector<Block> packed;
  std::vector<Keys> packed_keys;
  packed.reserve(size_ / kBlock + 1);
  if (keyed_) packed_keys.reserve(size_ / kBlock + 1);
  lasts_.clear();
  fences_.clear();
  for (std::size_t b = 0; b < blocks_.size(); ++b) {
    Block& block = blocks_[b];
    for (std::size_t i = 0; i < block.size(); ++i) {
      if (packed.empty() || packed.back().size() == kRepacked) {
        if (!packed.empty()) {
          lasts_.push_back(packed.back().back());
          if (keyed_) fences_.push_back(packed_keys.back().back());
        }
        packed.emplace_back().reserve(kBlock);
        if (keyed_) packed_keys.emplace_back().reserve(kBlock);
      }
      packed.back().push_back(block[i]);
      if (keyed_) packed_keys.back().push_back(keys_[b][i]);
    }
    Block().swap(block);  // free as we go: the copy never doubles the memory
    if (keyed_) Keys().swap(keys_[b]);
  }
  if (!packed.empty()) {
    lasts_.push_back(packed.back().back());
    if (keyed_) fences_.push_back(packed_keys.back().back());
  }
  blocks_ = std::move(packed);
  keys_ = std::move(packed_keys);
  sizes_.clear();
  for (const Block& block : blocks_) sizes_.push_back(static_cast<std::uint32_t>(block.size()));
  lasts_.shrink_to_fit();
  sizes_.shrink_to_fit();
  fences_.shrink_to_fit();
  writes_ = 0;
}

}  // namespace lb::memory
