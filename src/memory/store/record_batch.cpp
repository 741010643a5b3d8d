// RecordBatch (see record_batch.hpp).
#include "memory/store/record_batch.hpp"

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <cstring>

namespace lb::memory {

RecordBatch::RecordBatch(std::shared_ptr<const RowLayout> layout, const std::vector<std::string>* fields)
    : layout_(std::move(layout)) {
  if (fields) fields_ = *fields;
}

void RecordBatch::reserve(std::size_t rows, std::size_t bytes) {
  starts_.reserve(rows);
  bytes_.reserve(bytes);
}

namespace {

// The first byte after the row (past its extras).
const std::uint8_t* row_end(Row row, const RowLayout& layout) { return row.slot(layout.slot_count()).end(); }

class SingleRecord final : public RecordSource {
 public:
  SingleRecord(std::shared_ptr<const RowLayout> layout, Row row) : layout_(std::move(layout)) {
    const auto size = static_cast<std::size_t>(row_end(row, *layout_) - row.body());
    bytes_.resize(size, boost::container::default_init);
    std::memcpy(bytes_.data(), row.body(), size);
  }
  Object object(std::size_t) const override { return decode_row(Row(bytes_.data()), *layout_); }
  Value value(std::size_t, std::string_view property) const override {
    return Row(bytes_.data()).field(*layout_, property).to_value();
  }

 private:
  std::shared_ptr<const RowLayout> layout_;
  boost::container::small_vector<std::uint8_t, 104> bytes_;
};

}  // namespace

Record single_record(std::shared_ptr<const RowLayout> layout, Row row) {
  return Record(std::make_shared<const SingleRecord>(std::move(layout), row), 0);
}

void RecordBatch::add(Row row) {
  const std::uint8_t* end = row_end(row, *layout_);
  starts_.push_back(bytes_.size());
  const std::size_t at = bytes_.size(), size = static_cast<std::size_t>(end - row.body());
  bytes_.resize(at + size, boost::container::default_init);
  std::memcpy(bytes_.data() + at, row.body(), size);
}

Object RecordBatch::object(std::size_t i) const {
  return decode_row(row(i), *layout_, fields_ ? &*fields_ : nullptr);
}

Value RecordBatch::value(std::size_t i, std::string_view property) const {
  if (fields_ && std::find(fields_->begin(), fields_->end(), property) == fields_->end()) return Value();
  return row(i).field(*layout_, property).to_value();
}

std::vector<Record> to_records(std::shared_ptr<const RecordBatch> batch) {
  std::vector<Record> records;
  records.reserve(batch->size());
  for (std::size_t i = 0; i < batch->size(); ++i) records.emplace_back(batch, i);
  return records;
}

}  // namespace lb::memory
