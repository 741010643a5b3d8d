// FieldPath: a bound property path made ready to walk an encoded row: the slot of its
// first segment (or its name among the extras) and the segments below it. Walking
// steps into objects by key and, through arrays, into every element, so a condition
// on "lines.sku" holds when any line's sku meets it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "lb/filter/bound.hpp"
#include "memory/store/row_codec.hpp"
#include "memory/store/schema.hpp"

namespace lb::memory {

class FieldPath {
 public:
  FieldPath(const Schema& schema, const filter::BoundPath& path);

  // Calls `test` on every value the path reaches (an Absent view when it reaches
  // nothing) until one returns true; returns whether one did.
  template <typename Test>
  bool any(Row row, Test&& test) const {
    ValueView top = slot_ ? row.slot(*slot_) : row.extras(*schema_).member((*segments_)[0]);
    if (segments_->size() == 1) return test(top);
    return any_below(top, 1, test);
  }
  // The first value the path reaches (Absent if none): the sort key of a row.
  [[nodiscard]] ValueView first(Row row) const;
  [[nodiscard]] const std::vector<std::string>& segments() const { return *segments_; }
  [[nodiscard]] std::optional<std::size_t> slot() const { return slot_; }

 private:
  template <typename Test>
  bool any_below(ValueView value, std::size_t depth, Test& test) const {
    if (depth == segments_->size()) return test(value);
    if (value.is_object()) return any_below(value.member((*segments_)[depth]), depth + 1, test);
    if (value.is_array()) {
      bool found = false;
      value.for_each_element([&](ValueView element) {
        if (element.is_object() && any_below(element.member((*segments_)[depth]), depth + 1, test)) found = true;
        return !found;
      });
      return found;
    }
    return test(ValueView());
  }

  const Schema* schema_;
  const std::vector<std::string>* segments_;  // the bound path's, which outlives this
  std::optional<std::size_t> slot_;
};

}  // namespace lb::memory
