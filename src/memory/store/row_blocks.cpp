// RowBlocks maintenance (see row_blocks.hpp): inserts split a full block where the
// row goes, or start a new one at a block's end; sparse structures are repacked, at
// most once per quarter of the rows written, so a write pays a few pointer moves.
#include "memory/store/row_blocks.hpp"

#include <algorithm>

#include "memory/store/secondary_index.hpp"

namespace lb::memory {

void RowBlocks::insert(Iterator at, Row row) {
  ++size_;
  ++writes_;
  if (blocks_.empty()) {
    blocks_.emplace_back().push_back(row);
    lasts_.push_back(row);
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
    return;
  }
  // A full block: the row starts a new block when it goes to either end (ascending
  // and descending loads stay full); otherwise the block splits so that the row ends
  // up in the left part, which a run growing at its end (rows of one key arriving in
  // id order) keeps filling while the right part stays as full as it was.
  Block fresh;
  fresh.reserve(kBlock);
  std::size_t at_block = b + 1;
  if (i == block.size()) {
    fresh.push_back(row);
  } else if (i == 0) {
    fresh.push_back(row);
    at_block = b;
  } else {
    // Split at the middle, or where the row goes when that is past the middle: the
    // part holding the insertion point is the one a run growing at its end fills.
    const std::size_t cut = std::max(i, kBlock / 2);
    fresh.assign(block.begin() + static_cast<std::ptrdiff_t>(cut), block.end());
    block.resize(cut);
    block.insert(block.begin() + static_cast<std::ptrdiff_t>(i), row);
    lasts_[b] = block.back();
  }
  lasts_.insert(lasts_.begin() + static_cast<std::ptrdiff_t>(at_block), fresh.back());
  blocks_.insert(blocks_.begin() + static_cast<std::ptrdiff_t>(at_block), std::move(fresh));
  maybe_repack();
}

void RowBlocks::append(const std::vector<Row>& rows) {
  // As insert(end(), row) one by one: the last block fills up to kBlock, then each
  // new block starts with room for kBlock rows.
  std::size_t i = 0;
  while (i < rows.size()) {
    if (blocks_.empty() || blocks_.back().size() == kBlock) {
      blocks_.emplace_back().reserve(kBlock);
      lasts_.emplace_back();
    }
    Block& block = blocks_.back();
    const std::size_t take = std::min(kBlock - block.size(), rows.size() - i);
    block.insert(block.end(), rows.begin() + static_cast<std::ptrdiff_t>(i),
                 rows.begin() + static_cast<std::ptrdiff_t>(i + take));
    lasts_.back() = block.back();
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
  if (block.empty()) {
    blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(at.block_));
    lasts_.erase(lasts_.begin() + static_cast<std::ptrdiff_t>(at.block_));
    return;
  }
  lasts_[at.block_] = block.back();
  maybe_repack();
}

void RowBlocks::assign(Iterator at, Row row) {
  Block& block = blocks_[at.block_];
  block[at.index_] = row;
  lasts_[at.block_] = block.back();
}

void RowBlocks::clear() {
  blocks_.clear();
  lasts_.clear();
  size_ = 0;
  writes_ = 0;
}

std::size_t RowBlocks::distance(Iterator from, Iterator to) const {
  if (from.block_ == to.block_) return to.index_ - from.index_;
  std::size_t n = blocks_[from.block_].size() - from.index_;
  for (std::size_t b = from.block_ + 1; b < to.block_; ++b) n += blocks_[b].size();
  return n + to.index_;
}

std::size_t RowBlocks::memory_usage() const {
  std::size_t bytes = allocation_size(blocks_.capacity() * sizeof(Block)) +
                      allocation_size(lasts_.capacity() * sizeof(Row));
  for (const Block& block : blocks_) bytes += allocation_size(block.capacity() * sizeof(Row));
  return bytes;
}

void RowBlocks::repack() {
  std::vector<Block> packed;
  packed.reserve(size_ / kBlock + 1);
  lasts_.clear();
  for (Block& block : blocks_) {
    for (Row row : block) {
      if (packed.empty() || packed.back().size() == kRepacked) {
        if (!packed.empty()) lasts_.push_back(packed.back().back());
        packed.emplace_back().reserve(kBlock);
      }
      packed.back().push_back(row);
    }
    Block().swap(block);  // free as we go: the copy never doubles the memory
  }
  if (!packed.empty()) lasts_.push_back(packed.back().back());
  blocks_ = std::move(packed);
  lasts_.shrink_to_fit();
  writes_ = 0;
}

}  // namespace lb::memory
