// RecordBatch (see record_batch.hpp).
#include "memory/store/record_batch.hpp"

#include "memory/store/row_heap.hpp"
#include "value/exact_integer.hpp"

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <cstring>

namespace lb::memory {

namespace {

// The first byte after a stored row (past its extras): its size is kept beside it.
const std::uint8_t* row_end(Row row, const RowLayout&) { return row.body() + RowHeap::stored_size(row.body()); }

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

class CreatedRows final : public RecordSource {
 public:
  CreatedRows(std::shared_ptr<const RowLayout> layout, std::int64_t first_id, std::vector<Object> rows)
      : layout_(std::move(layout)), first_id_(first_id), rows_(std::move(rows)) {}
  Object object(std::size_t i) const override {
    const Object& row = rows_[i];
    Object out;
    out.reserve(row.size() + 1);
    out.push_back(layout_->slot_names[0], id(i));
    for (const auto& [key, value] : row) out.push_back(key, value);
    return out;
  }
  [[nodiscard]] std::size_t size() const { return rows_.size(); }
  Value value(std::size_t i, std::string_view property) const override {
    if (same_bytes(property, layout_->slot_names[0])) return id(i);
    const Value* value = rows_[i].find(property);
    return value ? *value : Value();
  }

 private:
  [[nodiscard]] Value id(std::size_t i) const { return Value(static_cast<long long>(first_id_ + static_cast<std::int64_t>(i))); }

  std::shared_ptr<const RowLayout> layout_;
  std::int64_t first_id_;
  std::vector<Object> rows_;
};

}  // namespace

std::vector<Record> created_records(std::shared_ptr<const RowLayout> layout, std::int64_t first_id,
                                    std::vector<Object> rows) {
  const std::size_t count = rows.size();
  return Record::all(std::make_unique<const CreatedRows>(std::move(layout), first_id, std::move(rows)), count);
}

Record single_record(std::shared_ptr<const RowLayout> layout, Row row) {
  return Record(std::make_unique<const SingleRecord>(std::move(layout), row), 0);
}

RecordBatch::RecordBatch(std::shared_ptr<const RowLayout> layout, const std::vector<std::string>* fields,
                         const std::vector<Row>& rows)
    : layout_(std::move(layout)) {
  if (fields) fields_ = *fields;
  // Sizes first (kept beside each stored row), then one buffer of the exact size.
  starts_.resize(rows.size());
  std::size_t total = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    starts_[i] = total;
    total += RowHeap::stored_size(rows[i].body());
  }
  std::uint8_t* out = inline_.data();
  if (total > inline_.size()) {
    heap_ = std::make_unique_for_overwrite<std::uint8_t[]>(total);
    out = heap_.get();
  }
  bytes_ = out;
  // Rows reached through an index lie far apart: fetch a few ahead of the copy.
  constexpr std::size_t kAhead = 8;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i + kAhead < rows.size()) __builtin_prefetch(rows[i + kAhead].body());
    const std::size_t size = (i + 1 < rows.size() ? starts_[i + 1] : total) - starts_[i];
    std::memcpy(out + starts_[i], rows[i].body(), size);
  }
}

Object RecordBatch::object(std::size_t i) const {
  return decode_row(row(i), *layout_, fields_ ? &*fields_ : nullptr);
}

Value RecordBatch::value(std::size_t i, std::string_view property) const {
  if (fields_ && std::find(fields_->begin(), fields_->end(), property) == fields_->end()) return Value();
  return row(i).field(*layout_, property).to_value();
}

void RecordBatch::values(std::string_view property, std::span<const std::size_t> rows,
                         std::vector<Value>& out) const {
  if (fields_ && std::find(fields_->begin(), fields_->end(), property) == fields_->end()) {
    out.resize(out.size() + rows.size());
    return;
  }
  // Integers (ids, foreign keys) without the general decoder's dispatch.
  auto put = [&out](ValueView value) {
    if (value.tag() == Tag::Integer) {
      out.emplace_back(static_cast<long long>(value.as_integer()));
    } else {
      out.push_back(value.to_value());
    }
  };
  if (const auto slot = layout_->slot_of(property)) {
    for (std::size_t i : rows) put(row(i).slot(*slot));
  } else {
    const std::size_t extras = layout_->slot_count();
    for (std::size_t i : rows) put(row(i).slot(extras).member(property));
  }
}

bool RecordBatch::integers(std::string_view property, std::span<const std::size_t> rows,
                           std::vector<std::int64_t>& out) const {
  if (fields_ && std::find(fields_->begin(), fields_->end(), property) == fields_->end()) return false;
  out.reserve(out.size() + rows.size());
  auto put = [&out](ValueView value) {
    std::int64_t integer;
    if (value.tag() == Tag::Integer) {
      integer = value.as_integer();
    } else if (value.tag() != Tag::Number || !exact_integer(value.as_double(), integer)) {
      return false;
    }
    out.push_back(integer);
    return true;
  };
  if (const auto slot = layout_->slot_of(property)) {
    for (std::size_t i : rows)
      if (!put(Row(bytes_ + starts_[i]).slot(*slot))) return false;
  } else {
    const std::size_t extras = layout_->slot_count();
    for (std::size_t i : rows)
      if (!put(Row(bytes_ + starts_[i]).slot(extras).member(property))) return false;
  }
  return true;
}

std::vector<Record> to_records(std::unique_ptr<const RecordBatch> batch) {
  const std::size_t count = batch->size();
  return Record::all(std::move(batch), count);
}

}  // namespace lb::memory
