// Plan: how the memory engine runs one query, as the planner chose it. Three parts,
// each independent of the others: the access path (which rows are read, in which
// order), the residual (the conditions the access path did not already guarantee,
// tested on every row it yields), and the sort strategy (how the matches reach the
// requested order). A plan borrows from the Bound filter and the Table it was made
// for, and lives only while both do and the table's lock is held.
#pragma once

#include <boost/container/small_vector.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lb/filter/bound.hpp"
#include "memory/store/geo_index.hpp"
#include "memory/store/secondary_index.hpp"
#include "memory/store/table.hpp"

namespace lb::memory {

enum class AccessKind {
  FullScan,          // every row, in id order (descending for an "id DESC" order)
  IdLookup,          // eq on the id
  IdMultiLookup,     // inq on the id: one lookup per distinct value, in id order
  IndexEquality,     // eq on the leading keys of a secondary index
  IndexMultiLookup,  // inq on the first key of a secondary index
  IndexRange,        // gt/gte/lt/lte/between on the first key of a secondary index
  IndexOrderedScan,  // a whole secondary index, in the order the filter asks for
  Nearest,           // an R-tree walked nearest first from a `near` origin
};

// Values in the row encoding, for index and id probes (small lists stay off the heap).
struct EncodedValues {
  std::string bytes;
  boost::container::small_vector<std::size_t, 8> starts;
  EncodedValues() = default;
  explicit EncodedValues(const std::vector<Value>& values) {
    starts.reserve(values.size());
    for (const Value& value : values) {
      starts.push_back(bytes.size());
      encode_value(value, bytes);
    }
  }
  [[nodiscard]] ValueView at(std::size_t i) const {
    return ValueView(reinterpret_cast<const std::uint8_t*>(bytes.data()) + starts[i]);
  }
};

struct RangeEnd {
  Value value;
  bool inclusive = false;
};

struct AccessPath {
  AccessKind kind = AccessKind::FullScan;
  const SecondaryIndex* index = nullptr;  // the index kinds
  const GeoIndex* geo = nullptr;          // Nearest
  // IdLookup, IdMultiLookup and IndexMultiLookup: the values (sorted, distinct);
  // IndexEquality: one value per leading key.
  std::vector<Value> values;
  std::optional<RangeEnd> lower;  // IndexRange
  std::optional<RangeEnd> upper;
  bool descending = false;        // FullScan, IndexRange, IndexOrderedScan
  const filter::BoundCondition* near = nullptr;  // Nearest
  // Encoded once by the planner: `values` for the lookups; for IndexRange, the lower
  // and upper ends (an open end as the floor or ceiling of the other end's kind).
  EncodedValues encoded;
  // IndexRange: the ends leave nothing between them (lower above upper, or equal and
  // not both inclusive), decided once by the planner.
  bool empty_range = false;
};

enum class SortKind {
  IdOrder,     // the access path yields id order already
  IndexOrder,  // the access path yields the requested order; ties are put in id order
  TopK,        // a bounded heap keeps the first skip+limit rows
  FullSort,    // every match is sorted
  Distance,    // nearest first from the `near` origin, then the order, then id
  None,        // count, update, delete: order does not matter
};

struct Plan {
  const Table* table = nullptr;
  AccessPath access;
  std::vector<const filter::BoundWhere*> residual;  // ANDed
  SortKind sort = SortKind::None;
  const std::vector<filter::BoundOrder>* order = nullptr;  // empty order sorts by id
  const filter::BoundCondition* near = nullptr;           // the distance the sort uses
  std::int64_t skip = 0;
  std::optional<std::int64_t> limit;
  // Bound::limit_per_key: `key_skip` and `key_limit` keep a window of each run of rows
  // with the same value of this property, after the sort (`skip` and `limit` are then
  // 0 and none, so the access path and the sort see every row).
  const std::string* page_key = nullptr;
  std::int64_t key_skip = 0;
  std::optional<std::int64_t> key_limit;
  const std::vector<std::string>* fields = nullptr;

  // One step per line: "access: ...", "residual: ...", "sort: ...", then "page: ..."
  // and "fields: ..." when the filter has them. Golden files pin this text.
  [[nodiscard]] std::string explain() const;
};

// "and(gt price 10, or(eq category \"a\", like name \"p%\"))": the residual's form in
// explain output.
[[nodiscard]] std::string residual_to_string(const std::vector<const filter::BoundWhere*>& conjuncts);

}  // namespace lb::memory
