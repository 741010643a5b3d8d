// Records over plain Objects: what connectors that build lb::Objects return, and
// what a Record made from one Object holds.
#include "lb/record.hpp"

#include "value/exact_integer.hpp"

namespace lb {
namespace {

class ObjectRecords final : public RecordSource {
 public:
  explicit ObjectRecords(std::vector<Object> rows) : rows_(std::move(rows)) {}

  Object object(std::size_t row) const override { return rows_.at(row); }
  Value value(std::size_t row, std::string_view property) const override {
    const Value* found = rows_.at(row).find(property);
    return found ? *found : Value();
  }

 private:
  std::vector<Object> rows_;
};

}  // namespace

bool RecordSource::integers(std::string_view property, std::span<const std::size_t> rows,
                            std::vector<std::int64_t>& out) const {
  for (std::size_t row : rows) {
    std::int64_t integer;
    if (!exact_integer(value(row, property), integer)) return false;
    out.push_back(integer);
  }
  return true;
}

Record::Record(Object object) {
  std::vector<Object> rows;
  rows.push_back(std::move(object));
  source_ = new ObjectRecords(std::move(rows));
  source_->references_.store(1, std::memory_order_relaxed);
}

std::vector<Record> Record::all(std::unique_ptr<const RecordSource> source, std::size_t count) {
  std::vector<Record> records;
  if (count == 0) return records;
  records.resize(count);
  const RecordSource* shared = source.release();
  shared->references_.store(count, std::memory_order_relaxed);
  for (std::size_t i = 0; i < count; ++i) {
    records[i].source_ = shared;
    records[i].row_ = i;
  }
  return records;
}

std::vector<Record> make_records(std::vector<Object> rows) {
  const std::size_t count = rows.size();
  return Record::all(std::make_unique<const ObjectRecords>(std::move(rows)), count);
}

}  // namespace lb
