// lb::Record: one row of a query result as its connector holds it, decoded to
// lb::Values only when read. A find returning thousands of rows would otherwise spend
// most of its time building Objects nobody may read in full; a Record costs a
// reference to its result's storage instead. Records are immutable and safe to read
// from several threads at once; they stay valid after the data source changes or
// goes away (they own what they point at).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "lb/value.hpp"

#if __has_include(<sys/single_threaded.h>)
#include <sys/single_threaded.h>
#define LB_HAS_SINGLE_THREADED 1
#endif

namespace lb {
namespace detail {

// Whether the process has had only one thread so far (glibc keeps the flag, and
// libstdc++'s shared_ptr reads it too): a reference count then needs no locked
// instruction, which costs several nanoseconds where a plain add costs one cycle.
// The flag turns false before a second thread starts, and stays false.
[[nodiscard]] inline bool single_threaded() noexcept {
#ifdef LB_HAS_SINGLE_THREADED
  return __libc_single_threaded != 0;
#else
  return false;
#endif
}

}  // namespace detail

// Where a result's rows live: implemented by connectors (the memory connector keeps
// its compact row encoding; a connector that builds Objects uses make_records).
// Rows are numbered from 0; every method is const and thread-safe. The Records of a
// source own it together (see Record): it is deleted with the last of them.
class RecordSource {
 public:
  RecordSource() = default;
  RecordSource(const RecordSource&) = delete;
  RecordSource& operator=(const RecordSource&) = delete;
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
  // The same property as plain integers, appended to `out`, when every one of them is
  // an integer (or a double equal to one): ids and foreign keys are, and include then
  // groups them without a Value each. Returns false, with `out` in no particular
  // state, when one is not (null, a string, a fraction...).
  virtual bool integers(std::string_view property, std::span<const std::size_t> rows,
                        std::vector<std::int64_t>& out) const;

 private:
  friend class Record;
  friend class RecordRelease;
  // How many Records refer to this source.
  mutable std::atomic<std::size_t> references_{0};
};

// One row of a result. Records of one source share it through the source's own
// reference count rather than a std::shared_ptr each: a result's records are made
// with one atomic update for all of them (Record::all), and RecordRelease lets many
// go with one per source, where a shared_ptr per record costs an atomic operation
// for each (a few thousand of them per find with include).
class Record {
 public:
  // No row (what a default-constructed result slot holds).
  Record() = default;
  // Row `row` of a new source, which Records own from now on (no row for a null one).
  Record(std::unique_ptr<const RecordSource> source, std::size_t row) : source_(source.release()), row_(row) {
    if (source_) source_->references_.store(1, std::memory_order_relaxed);
  }
  // A record of its own, holding `object` as given.
  explicit Record(Object object);
  // Rows 0 .. count - 1 of a new source, which they own together (none for 0 rows:
  // the source is then deleted).
  [[nodiscard]] static std::vector<Record> all(std::unique_ptr<const RecordSource> source, std::size_t count);

  Record(const Record& other) noexcept : source_(other.source_), row_(other.row_) {
    if (!source_) return;
    std::atomic<std::size_t>& references = source_->references_;
    if (detail::single_threaded()) {
      references.store(references.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    } else {
      references.fetch_add(1, std::memory_order_relaxed);
    }
  }
  Record(Record&& other) noexcept : source_(other.source_), row_(other.row_) { other.source_ = nullptr; }
  Record& operator=(const Record& other) noexcept {
    Record copy(other);
    swap(copy);
    return *this;
  }
  Record& operator=(Record&& other) noexcept {
    Record moved(std::move(other));
    swap(moved);
    return *this;
  }
  ~Record() { release(source_, 1); }
  void swap(Record& other) noexcept {
    std::swap(source_, other.source_);
    std::swap(row_, other.row_);
  }

  explicit operator bool() const { return source_ != nullptr; }
  // The whole row (an empty Object for no row).
  [[nodiscard]] Object to_object() const { return source_ ? source_->object(row_) : Object(); }
  // One property, null when absent: decodes that property only.
  [[nodiscard]] Value get(std::string_view property) const {
    return source_ ? source_->value(row_, property) : Value();
  }
  // Where the row lives (nullptr for no row) and its number there: for reading many
  // records of one source at once (RecordSource::values).
  [[nodiscard]] const RecordSource* source() const { return source_; }
  [[nodiscard]] std::size_t row() const { return row_; }

 private:
  friend class RecordRelease;
  // Drops `count` references to `source` (none when null), deleting it after the last.
  static void release(const RecordSource* source, std::size_t count) noexcept {
    if (!source) return;
    std::atomic<std::size_t>& references = source->references_;
    std::size_t before;
    if (detail::single_threaded()) {
      before = references.load(std::memory_order_relaxed);
      references.store(before - count, std::memory_order_relaxed);
    } else {
      before = references.fetch_sub(count, std::memory_order_acq_rel);
    }
    if (before == count) delete source;
  }

  const RecordSource* source_ = nullptr;
  std::size_t row_ = 0;
};

// Lets many Records go with one reference-count update per run of records of the same
// source (a level of included rows, destroyed together): each record given is left
// empty, and the references are dropped by flush() or the destructor.
class RecordRelease {
 public:
  RecordRelease() = default;
  RecordRelease(const RecordRelease&) = delete;
  RecordRelease& operator=(const RecordRelease&) = delete;
  ~RecordRelease() { flush(); }
  void add(Record& record) noexcept {
    if (!record.source_) return;
    if (record.source_ != source_) {
      flush();
      source_ = record.source_;
    }
    ++count_;
    record.source_ = nullptr;
  }
  void flush() noexcept {
    Record::release(source_, count_);
    source_ = nullptr;
    count_ = 0;
  }

 private:
  const RecordSource* source_ = nullptr;
  std::size_t count_ = 0;
};

// Records over Objects a connector built (one shared source for all of them).
[[nodiscard]] std::vector<Record> make_records(std::vector<Object> rows);

}  // namespace lb
