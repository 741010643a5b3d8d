// lb::Record: one row of a query result as its connector holds it, decoded to
// lb::Values only when read. A find returning thousands of rows would otherwise spend
// most of its time building Objects nobody may read in full; a Record costs a
// reference to its result's storage instead. Records are immutable and safe to read
// from several threads at once; they stay valid after the data source changes or
// goes away (they own what they point at).
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "lb/value.hpp"

namespace lb {

// Where a result's rows live: implemented by connectors (the memory connector keeps
// its compact row encoding; a connector that builds Objects uses make_records).
// Rows are numbered from 0; every method is const and thread-safe.
class RecordSource {
 public:
  virtual ~RecordSource() = default;
  // Row `row` as an Object: the model's properties in definition order, then the
  // ones a non-strict model does not define; absent properties left out.
  [[nodiscard]] virtual Object object(std::size_t row) const = 0;
  // One property of row `row` (a top-level name), null when the row lacks it.
  [[nodiscard]] virtual Value value(std::size_t row, std::string_view property) const = 0;
  // One property of several rows, appended to `out` in the order of `rows`: what
  // include reads to group a level's rows by key. A source that can find the property
  // once for all rows overrides it.
  virtual void values(std::string_view property, std::span<const std::size_t> rows, std::vector<Value>& out) const {
    for (std::size_t row : rows) out.push_back(value(row, property));
  }
};

class Record {
 public:
  // No row (what a default-constructed result slot holds).
  Record() = default;
  Record(std::shared_ptr<const RecordSource> source, std::size_t row)
      : source_(std::move(source)), row_(row) {}
  // A record of its own, holding `object` as given.
  explicit Record(Object object);

  explicit operator bool() const { return source_ != nullptr; }
  // The whole row (an empty Object for no row).
  [[nodiscard]] Object to_object() const { return source_ ? source_->object(row_) : Object(); }
  // One property, null when absent: decodes that property only.
  [[nodiscard]] Value get(std::string_view property) const {
    return source_ ? source_->value(row_, property) : Value();
  }
  // Where the row lives (nullptr for no row) and its number there: for reading many
  // records of one source at once (RecordSource::values).
  [[nodiscard]] const RecordSource* source() const { return source_.get(); }
  [[nodiscard]] std::size_t row() const { return row_; }

 private:
  std::shared_ptr<const RecordSource> source_;
  std::size_t row_ = 0;
};

// Records over Objects a connector built (one shared source for all of them).
[[nodiscard]] std::vector<Record> make_records(std::vector<Object> rows);

}  // namespace lb
