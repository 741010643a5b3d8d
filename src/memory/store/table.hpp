// Table: one model's rows in the memory connector. Row bytes live in a RowHeap; the
// rows are found by id through an IdIndex (an array by id for the usual whole-number
// ids, a hash for the rest), which answers id lookups in O(1) and enforces unique
// ids; the id order (full scans, id-ordered results) is a RowBlocks beside it;
// secondary indexes and R-trees hang off it, all holding row pointers and kept in
// step by every write. A rewritten row moves (its new bytes are
// stored, then the old ones freed), so writes return the row's new handle. The table
// owns a reader-writer lock (TableLock) but does not take it: the connector takes it
// around each call, so one call is one critical section.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <condition_variable>
#include <thread>
#include <string>
#include <vector>

#include "lb/model_definition.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"
#include "memory/store/geo_index.hpp"
#include "memory/store/id_index.hpp"
#include "memory/store/memory_usage.hpp"
#include "memory/store/row_blocks.hpp"
#include "memory/store/row_codec.hpp"
#include "memory/store/row_heap.hpp"
#include "memory/store/schema.hpp"
#include "memory/store/secondary_index.hpp"
#include "memory/store/table_lock.hpp"
#include "memory/store/view_compare.hpp"

namespace lb::memory {

class Table {
 public:
  // 400 for models the memory engine cannot store (composite ids).
  [[nodiscard]] static Result<std::unique_ptr<Table>> create(const ModelDefinition& model);

  [[nodiscard]] TableLock& mutex() const { return mutex_; }
  // A transaction holds the tables it touched until it ends (memory_connector.cpp):
  // which one (null: none), the thread that last used it, and where other callers
  // wait for it. Read and written under mutex().
  struct Hold {
    const void* owner = nullptr;
    std::thread::id thread;
    std::condition_variable_any released;
  };
  [[nodiscard]] Hold& hold() const { return hold_; }
  // Unique among the tables of the process: what a plan kept for later checks that it
  // still runs against the table it was made for.
  [[nodiscard]] std::uint64_t serial() const { return serial_; }
  [[nodiscard]] const Schema& schema() const { return schema_; }
  [[nodiscard]] const ModelDefinition& model() const { return schema_.model(); }
  [[nodiscard]] std::size_t size() const { return ids_.size(); }
  // Every row in id order (Value order: numbers numerically, strings bytewise).
  [[nodiscard]] const RowBlocks& id_order() const { return id_order_; }
  [[nodiscard]] const std::vector<std::unique_ptr<SecondaryIndex>>& indexes() const { return indexes_; }
  [[nodiscard]] const std::vector<std::unique_ptr<GeoIndex>>& geo_indexes() const { return geo_; }

  [[nodiscard]] Row find(ValueView id) const;
  [[nodiscard]] Row find(const Value& id) const;

  // Inserts a row, generating its id when absent (LoopBack's memory counter).
  // 409 for a duplicate id or unique key; nothing changes on error.
  Result<Row> insert(Object row);
  // Inserts rows all or nothing, as insert() would one by one (ids, checks against the
  // table and the batch), with the secondary indexes filled once at the end.
  Result<std::vector<Row>> insert_all(std::vector<Object> rows);
  // insert_all leaving `rows` as given. `as_given`, when not null, is set to whether
  // each stored row is its given row with its generated id put first (an integer, the
  // first one `*first_id`, then counting up), in the same order and with nothing
  // left out: what the caller may hand back instead of copies of the stored rows.
  Result<std::vector<Row>> insert_batch(const std::vector<Object>& rows, bool* as_given = nullptr,
                                        std::int64_t* first_id = nullptr);
  // Replaces a stored row's content (its id is kept) and returns the row's new handle
  // (`row` is gone). 409 on a unique key conflict, leaving the row as it was.
  Result<Row> replace(Row row, const Object& content);
  void erase(Row row);
  void clear();

  // The id the next generated row gets, and LoopBack's rule for moving it.
  [[nodiscard]] std::int64_t next_id() const { return next_id_; }
  void set_next_id(std::int64_t next) { next_id_ = next; }

  [[nodiscard]] MemoryUsage memory_usage() const;

 private:
  explicit Table(Schema schema);
  void build_indexes();
  [[nodiscard]] Status check_unique(Row row, Row self) const;
  [[nodiscard]] Error unique_violation(const SecondaryIndex& index) const;
  // Encodes a new row (its id generated when absent) into `scratch_`; returns the
  // counter's next value.
  std::int64_t encode_new(const Object& row);
  // Stores the row in `scratch_` and claims its id and unique keys (in the id index and
  // the unique hashes); 409 when one is taken, leaving nothing stored or claimed.
  Result<Row> store_claimed();
  // Encode a batch row straight into the heap, setting `views_` to its stored slots;
  // null, and nothing stored, for a row that needs the general way (`scratch_`).
  // store_scalars: from its slots' values (`slot_values_`), all scalars, no extras.
  // store_in_order: from the row itself, for an id-first model whose row lists only
  // scalar properties in definition order; its id entry (if any) goes to `id_key`,
  // and `generated` stands in for a missing or null one.
  const std::uint8_t* store_scalars();
  const std::uint8_t* store_in_order(const Object& row, const Value& generated, const Value*& id_key);
  const std::uint8_t* finish_views(const std::uint8_t* body);
  // Maps a batch row's keys to slots (into `slot_values_`); returns how many keys are
  // no slot, and clears `in_order` when the keys do not follow the definition order.
  std::size_t map_slots(const Object& row, bool& in_order);
  // Takes back what store_claimed() did for `row`.
  void unclaim(Row row);
  void index_insert(Row row);
  void index_erase(Row row);
  [[nodiscard]] RowBlocks::Iterator id_position(ValueView id) const;
  [[nodiscard]] Value generated_id() const;

  mutable TableLock mutex_;
  mutable Hold hold_;
  std::uint64_t serial_;
  Schema schema_;
  RowHeap heap_;
  IdIndex ids_;
  RowBlocks id_order_;
  std::vector<std::unique_ptr<SecondaryIndex>> indexes_;
  std::vector<std::unique_ptr<GeoIndex>> geo_;
  std::int64_t next_id_ = 1;
  std::string scratch_;  // the row being written (writers hold the lock exclusively)
  // A batch row's values by slot, and its stored slots' views (and where they start).
  std::vector<const Value*> slot_values_;
  std::vector<ValueView> views_;
  std::vector<std::uint32_t> offsets_;
};

// The raw size of a value, the yardstick of the memory target: 8 per number or date,
// 1 per boolean, string and buffer bytes, 16 per GeoPoint, the sum for containers
// (object keys counted as strings), 0 for null.
[[nodiscard]] std::size_t raw_value_size(ValueView value);

}  // namespace lb::memory
