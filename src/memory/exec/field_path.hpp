// FieldPath: a bound property path made ready to walk an encoded row: the slot of its
// first segment (or its name among the extras) and the segments below it. Walking
// steps into objects by key and, through arrays, into every element, so a condition
// on "lines.sku" holds when any line's sku meets it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "lb/filter/bound.hpp"
#include "memory/store/row_codec.hpp"
#include "memory/store/schema.hpp"

namespace lb::memory {

// Room for a value a path makes rather than finds: a GeoPoint's lat or lng, as an
// encoded number (tag and 8 bytes). A view into it lives as long as it does.
using ValueScratch = std::array<std::uint8_t, 9>;

class FieldPath {
 public:
  FieldPath(const Schema& schema, const filter::BoundPath& path);

  // Calls `test` on every value the path reaches (an Absent view when it reaches
  // nothing) until one returns true; returns whether one did.
  template <typename Test>
  bool any(Row row, Test&& test) const {
    return any(row, test, nullptr);
  }
  // The same, making a GeoPoint's lat or lng in `scratch` (when given) so that the
  // view passed to `test` outlives the call.
  template <typename Test>
  bool any(Row row, Test&& test, ValueScratch* scratch) const {
    ValueView top = slot_ ? row.slot(*slot_) : row.extras(*schema_).member((*segments_)[0]);
    if (segments_->size() == 1) return test(top);
    return any_below(top, 1, test, scratch);
  }
  // The first value the path reaches (Absent if none): the sort key of a row. A lat or
  // lng read from a GeoPoint is made in `scratch`.
  [[nodiscard]] ValueView first(Row row, ValueScratch& scratch) const;
  [[nodiscard]] const std::vector<std::string>& segments() const { return *segments_; }
  [[nodiscard]] std::optional<std::size_t> slot() const { return slot_; }

 private:
  template <typename Test>
  bool any_below(ValueView value, std::size_t depth, Test& test, ValueScratch* scratch) const {
    if (depth == segments_->size()) return test(value);
    if (value.is_object()) return any_below(value.member((*segments_)[depth]), depth + 1, test, scratch);
    // A GeoPoint's "lat" and "lng" are numbers, as its {lat, lng} object form has them.
    if (value.tag() == Tag::GeoPoint && depth + 1 == segments_->size()) {
      const std::string& part = (*segments_)[depth];
      if (part == "lat" || part == "lng") {
        ValueScratch number;
        return test(geo_part(value, part == "lat", scratch ? *scratch : number));
      }
    }
    if (value.is_array()) {
      bool found = false;
      value.for_each_element([&](ValueView element) {
        if (element.is_object() && any_below(element.member((*segments_)[depth]), depth + 1, test, scratch)) {
          found = true;
        }
        return !found;
      });
      return found;
    }
    return test(ValueView());
  }

  // The encoded number of a GeoPoint's lat or lng, in `scratch`.
  static ValueView geo_part(ValueView point, bool lat, ValueScratch& scratch) {
    scratch[0] = static_cast<std::uint8_t>(Tag::Number);
    std::memcpy(scratch.data() + 1, point.data() + (lat ? 1 : 9), 8);
    return ValueView(scratch.data());
  }

  const Schema* schema_;
  const std::vector<std::string>* segments_;  // the bound path's, which outlives this
  std::optional<std::size_t> slot_;
};

}  // namespace lb::memory
