// MemoryUsage: the estimated heap bytes of one table, for benchmarks and for checking
// the memory target (a row costs at most twice the raw size of its values plus 64).
#pragma once

#include <cstddef>

namespace lb::memory {

struct MemoryUsage {
  std::size_t rows = 0;
  std::size_t row_bytes = 0;    // encoded rows and the id index nodes holding them
  std::size_t value_bytes = 0;  // the raw size of the values stored (the yardstick)
  std::size_t index_bytes = 0;  // secondary indexes and R-trees
  [[nodiscard]] std::size_t total() const { return row_bytes + index_bytes; }
  [[nodiscard]] double row_bytes_per_row() const { return rows ? double(row_bytes) / double(rows) : 0; }
  [[nodiscard]] double value_bytes_per_row() const { return rows ? double(value_bytes) / double(rows) : 0; }
};

}  // namespace lb::memory
