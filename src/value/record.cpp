// Records over plain Objects: what connectors that build lb::Objects return, and
// what a Record made from one Object holds.
#include "lb/record.hpp"

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

Record::Record(Object object) {
  std::vector<Object> rows;
  rows.push_back(std::move(object));
  source_ = std::make_shared<const ObjectRecords>(std::move(rows));
}

std::vector<Record> make_records(std::vector<Object> rows) {
  const std::size_t count = rows.size();
  auto source = std::make_shared<const ObjectRecords>(std::move(rows));
  std::vector<Record> records;
  records.reserve(count);
  for (std::size_t i = 0; i < count; ++i) records.emplace_back(source, i);
  return records;
}

}  // namespace lb
