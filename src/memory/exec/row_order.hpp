// RowOrder: the total order results are returned in: the filter's keys (missing and
// null first ascending, last descending), then the id ascending, so every connector
// returns equal rows in the same order. A `near` sort puts distance before the keys.
#pragma once

#include <vector>

#include "lb/filter/bound.hpp"
#include "memory/exec/field_path.hpp"
#include "memory/store/row_codec.hpp"

namespace lb::memory {

class RowOrder {
 public:
  RowOrder(const Schema& schema, const std::vector<filter::BoundOrder>* order);
  // <0, 0, >0 by the filter's keys alone (no id): groups rows an index yields together.
  [[nodiscard]] int compare_keys(Row a, Row b) const;
  // The full order, id last.
  [[nodiscard]] bool less(Row a, Row b) const;
  [[nodiscard]] bool by_id_only() const { return keys_.empty(); }
  [[nodiscard]] std::size_t key_count() const { return keys_.size(); }
  // A row's sort keys, read once (`out` and `scratch` have key_count() places; a key
  // made rather than found lives in its scratch), and two rows' keys
  // compared as compare_keys does: a walk in key order reads each row's keys once.
  void read_keys(Row row, ValueView* out, ValueScratch* scratch) const;
  [[nodiscard]] int compare_read_keys(const ValueView* a, const ValueView* b) const;

 private:
  struct Key {
    FieldPath path;
    bool descending;
  };
  std::vector<Key> keys_;
};

}  // namespace lb::memory
