// RecordBatch: the rows of one result copied out of a table in their encoded form
// (one buffer for all of them), decoded only when a Record is read. Copying the bytes
// is a memcpy per row; decoding every row to an Object up front costs several times
// that in allocations a caller may never need. Also the records of a batch insert that
// stored its rows as given: the caller's own rows, nothing copied.
#pragma once

#include <boost/container/small_vector.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lb/record.hpp"
#include "memory/store/row_codec.hpp"
#include "memory/store/row_layout.hpp"

namespace lb::memory {

class RecordBatch final : public RecordSource {
 public:
  // Copies `rows` (stored rows of a table whose layout is `layout`); `fields`, when
  // given, limits what the records show (a filter's fields).
  RecordBatch(std::shared_ptr<const RowLayout> layout, const std::vector<std::string>* fields,
              const std::vector<Row>& rows);
  RecordBatch(const RecordBatch&) = delete;
  RecordBatch& operator=(const RecordBatch&) = delete;

  [[nodiscard]] std::size_t size() const { return starts_.size(); }

  Object object(std::size_t row) const override;
  Value value(std::size_t row, std::string_view property) const override;
  // The property's slot found once for all `rows`.
  void values(std::string_view property, std::span<const std::size_t> rows, std::vector<Value>& out) const override;
  bool integers(std::string_view property, std::span<const std::size_t> rows,
                std::vector<std::int64_t>& out) const override;

 private:
  [[nodiscard]] Row row(std::size_t i) const { return Row(bytes_ + starts_.at(i)); }

  std::shared_ptr<const RowLayout> layout_;
  std::optional<std::vector<std::string>> fields_;
  // The rows' bytes, back to back: in `inline_` when they fit (a few rows, so that a
  // small result is one allocation), else in `heap_`. The inline part is kept small
  // enough for the whole batch to stay within the allocator's per-thread cache of
  // small blocks (glibc's tcache, up to 1 KiB), which a larger block misses at several
  // times the cost of a second small allocation.
  std::array<std::uint8_t, 512> inline_;
  std::unique_ptr<std::uint8_t[]> heap_;
  const std::uint8_t* bytes_ = nullptr;
  boost::container::small_vector<std::size_t, 16> starts_;
};

// The batch's rows as Records (which own the batch together).
[[nodiscard]] std::vector<Record> to_records(std::unique_ptr<const RecordBatch> batch);

// The rows a batch insert stored as given, each with its generated id (from
// `first_id`, counting up) put first (Table::insert_batch's `as_given`): records over
// the caller's own rows, with no copy of the stored bytes.
[[nodiscard]] std::vector<Record> created_records(std::shared_ptr<const RowLayout> layout, std::int64_t first_id,
                                                  std::vector<Object> rows);

// One row copied out on its own (findById): its bytes inline, so the record costs a
// single allocation.
[[nodiscard]] Record single_record(std::shared_ptr<const RowLayout> layout, Row row);

}  // namespace lb::memory
