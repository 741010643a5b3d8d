// RowOrder comparisons (see row_order.hpp).
#include "memory/exec/row_order.hpp"

#include "memory/store/view_compare.hpp"

namespace lb::memory {

RowOrder::RowOrder(const Schema& schema, const std::vector<filter::BoundOrder>* order) {
  if (!order) return;
  for (const filter::BoundOrder& key : *order) keys_.push_back(Key{FieldPath(schema, key.path), key.descending});
}

int RowOrder::compare_keys(Row a, Row b) const {
  for (const Key& key : keys_) {
    ValueScratch scratch_a, scratch_b;
    int c = compare_views(key.path.first(a, scratch_a), key.path.first(b, scratch_b));
    if (c != 0) return key.descending ? -c : c;
  }
  return 0;
}

void RowOrder::read_keys(Row row, ValueView* out, ValueScratch* scratch) const {
  for (std::size_t i = 0; i < keys_.size(); ++i) out[i] = keys_[i].path.first(row, scratch[i]);
}

int RowOrder::compare_read_keys(const ValueView* a, const ValueView* b) const {
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    int c = compare_views(a[i], b[i]);
    if (c != 0) return keys_[i].descending ? -c : c;
  }
  return 0;
}

bool RowOrder::less(Row a, Row b) const {
  if (int c = compare_keys(a, b)) return c < 0;
  return compare_views(a.id(), b.id()) < 0;
}

}  // namespace lb::memory
