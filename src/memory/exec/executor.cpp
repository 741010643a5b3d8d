// The executor (see executor.hpp): access-path walks, then one routine per sort
// strategy. Walks stop early where the strategy allows it (id order and index order
// with a limit, nearest-first with a limit or a maxDistance); counts with nothing
// left to test are read off the index without visiting rows.
#include "memory/exec/executor.hpp"

#include <boost/container/small_vector.hpp>

#include <boost/unordered/unordered_flat_map.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <queue>
#include <utility>

#include "memory/exec/geo_distance.hpp"
#include "memory/plan/planner.hpp"
#include "memory/exec/predicate.hpp"
#include "memory/exec/row_order.hpp"
#include "memory/store/record_batch.hpp"
#include "memory/store/view_compare.hpp"

namespace lb::memory {
namespace {

using Span = std::pair<SecondaryIndex::Iterator, SecondaryIndex::Iterator>;

Span equality_span(const AccessPath& access) {
  const EncodedValues& values = access.encoded;
  std::array<ValueView, 16> inline_key;
  std::vector<ValueView> heap_key;
  ValueView* key = inline_key.data();
  if (access.values.size() > inline_key.size()) {
    heap_key.resize(access.values.size());
    key = heap_key.data();
  }
  for (std::size_t i = 0; i < access.values.size(); ++i) key[i] = values.at(i);
  KeyProbe probe{key, access.values.size()};
  auto first = access.index->lower_bound(probe);
  return {first, access.index->upper_bound_from(first, probe)};
}

// An equality on every part of a unique index's key, none null, is one hash lookup:
// true with `row` set (or left empty: no such row) when the access path is one.
bool unique_lookup(const AccessPath& access, Row& row) {
  const SecondaryIndex& index = *access.index;
  if (!index.unique() || access.values.size() != index.slots().size() || access.values.size() > 8) return false;
  const EncodedValues& values = access.encoded;
  std::array<ValueView, 8> key;
  for (std::size_t i = 0; i < access.values.size(); ++i) key[i] = values.at(i);
  const KeyProbe probe{key.data(), access.values.size()};
  if (!index.hashed_probe(probe)) return false;
  row = index.find_unique(probe);
  return true;
}

// The rows of an index range: [first, last) of the index, NaN keys left out (NaN sorts
// first among numbers but never satisfies a comparison). nullopt for an empty or
// inverted range (lower above upper), which the planner checked on the values, since
// the bounds would then cross.
std::optional<Span> range_span(const AccessPath& access) {
  if (access.empty_range) return std::nullopt;
  const EncodedValues& ends = access.encoded;  // the range's ends, kind bounds for open ones
  ValueView low = ends.at(0), high = ends.at(1);
  KeyProbe low_probe{&low, 1}, high_probe{&high, 1};
  const SecondaryIndex& index = *access.index;
  auto first = access.lower && !access.lower->inclusive ? index.upper_bound(low_probe) : index.lower_bound(low_probe);
  // The upper end is searched from the lower one (the range is not inverted here).
  auto last = access.upper && access.upper->inclusive ? index.upper_bound_from(first, high_probe)
                                                      : index.lower_bound_from(first, high_probe);
  // A lower end that is a number other than NaN is above every NaN key already.
  if (access.lower && access.lower->value.is_number() &&
      !(access.lower->value.is_double() && std::isnan(access.lower->value.as_double()))) {
    return Span{first, last};
  }
  const std::size_t slot = index.slots()[0];
  while (first != last) {
    ValueView key = (*first).slot(slot);
    if (key.tag() != Tag::Number || !std::isnan(key.as_double())) break;
    ++first;
  }
  return Span{first, last};
}

template <typename Fn>
void walk_span(SecondaryIndex::Iterator begin, SecondaryIndex::Iterator end, bool descending, Fn& fn) {
  if (!descending) {
    for (auto it = begin; it != end; ++it) {
      if (!fn(*it)) return;
    }
  } else {
    for (auto it = end; it != begin;) {
      --it;
      if (!fn(*it)) return;
    }
  }
}

// Calls fn(row) for every row the access path yields, until fn returns false.
template <typename Fn>
void walk(const Plan& plan, Fn&& fn) {
  const Table& table = *plan.table;
  const AccessPath& access = plan.access;
  switch (access.kind) {
    case AccessKind::FullScan:
      if (access.descending) {
        walk_span(table.id_order().begin(), table.id_order().end(), true, fn);
      } else {
        table.id_order().for_each(fn);
      }
      return;
    case AccessKind::IdLookup:
    case AccessKind::IdMultiLookup: {
      const EncodedValues& ids = access.encoded;
      for (std::size_t i = 0; i < access.values.size(); ++i) {
        Row row = table.find(ids.at(i));
        if (row && !fn(row)) return;
      }
      return;
    }
    case AccessKind::IndexEquality: {
      if (Row row; unique_lookup(access, row)) {
        if (row) fn(row);
        return;
      }
      Span span = equality_span(access);
      walk_span(span.first, span.second, false, fn);
      return;
    }
    case AccessKind::IndexMultiLookup: {
      const EncodedValues& values = access.encoded;
      for (std::size_t i = 0; i < access.values.size(); ++i) {
        ValueView key = values.at(i);
        KeyProbe probe{&key, 1};
        bool go_on = true;
        auto guarded = [&](Row row) { return go_on = fn(row); };
        if (access.index->hashed_probe(probe)) {
          if (Row row = access.index->find_unique(probe); row && !fn(row)) return;
          continue;
        }
        auto first = access.index->lower_bound(probe);
        walk_span(first, access.index->upper_bound_from(first, probe), false, guarded);
        if (!go_on) return;
      }
      return;
    }
    case AccessKind::IndexRange: {
      if (auto span = range_span(access)) walk_span(span->first, span->second, access.descending, fn);
      return;
    }
    case AccessKind::IndexOrderedScan:
      walk_span(access.index->begin(), access.index->end(), access.descending, fn);
      return;
    case AccessKind::Nearest: {
      // Every indexed row (in no particular order): the Distance sort orders them.
      bool go_on = true;
      access.geo->visit_cap(access.near->near.origin, 4.0, [&](Row row) {
        if (go_on) go_on = fn(row);
      });
      return;
    }
  }
}

void page(std::vector<Row>& rows, const Plan& plan) {
  auto skip = static_cast<std::size_t>(std::max<std::int64_t>(plan.skip, 0));
  if (skip >= rows.size()) {
    rows.clear();
    return;
  }
  rows.erase(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(skip));
  if (plan.limit && *plan.limit > 0 && rows.size() > static_cast<std::size_t>(*plan.limit)) {
    rows.resize(static_cast<std::size_t>(*plan.limit));
  }
}

// Bound::limit_per_key: keeps, of each run of rows with the same key value (in the
// sorted order), those whose place in the run falls in the window (what an include's
// per-parent limit means), so rows no parent keeps are never copied out. Keys are
// told apart as values (1 and 1.0 are one key), as src/dao groups them.
void page_per_key(std::vector<Row>& rows, const Plan& plan) {
  struct KeyHash {
    std::size_t operator()(ValueView key) const { return hash_view(key); }
  };
  struct KeyEqual {
    bool operator()(ValueView a, ValueView b) const { return compare_views(a, b) == 0; }
  };
  const Schema& schema = plan.table->schema();
  const auto skip = static_cast<std::size_t>(std::max<std::int64_t>(plan.key_skip, 0));
  const std::size_t end = plan.key_limit && *plan.key_limit > 0
                              ? skip + static_cast<std::size_t>(*plan.key_limit)
                              : std::numeric_limits<std::size_t>::max();
  boost::unordered_flat_map<ValueView, std::size_t, KeyHash, KeyEqual> seen;
  std::size_t kept = 0;
  for (Row row : rows) {
    const std::size_t place = seen[row.field(schema, *plan.page_key)]++;
    if (place >= skip && place < end) rows[kept++] = row;
  }
  rows.resize(kept);
}

// Rows into id order: integer ids (the usual kind) are read once and sorted as
// integers rather than compared in their encoding.
void sort_by_id(std::vector<Row>::iterator first, std::vector<Row>::iterator last) {
  if (last - first < 2) return;
  bool integers = std::all_of(first, last, [](Row row) { return row.id().tag() == Tag::Integer; });
  if (!integers) {
    std::sort(first, last, [](Row a, Row b) { return compare_views(a.id(), b.id()) < 0; });
    return;
  }
  std::vector<std::pair<std::int64_t, Row>> keyed;
  keyed.reserve(static_cast<std::size_t>(last - first));
  for (auto it = first; it != last; ++it) keyed.emplace_back(it->id().as_integer(), *it);
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& entry : keyed) *first++ = entry.second;
}

// The distance of a row from the near origin: its first GeoPoint along the path
// (infinite when it has none, which only an `or` around the `near` lets through).
double distance_of(Row row, const FieldPath& path, const filter::NearSpec& near) {
  double distance = std::numeric_limits<double>::infinity();
  path.any(row, [&](ValueView value) {
    if (value.tag() == Tag::GeoPoint) {
      distance = geo_distance(near.origin, value.as_geo_point(), near.unit);
      return true;
    }
    if (value.is_array()) {
      value.for_each_element([&](ValueView element) {
        if (element.tag() != Tag::GeoPoint) return true;
        distance = geo_distance(near.origin, element.as_geo_point(), near.unit);
        return false;
      });
      return distance != std::numeric_limits<double>::infinity();
    }
    return false;
  });
  return distance;
}

bool within(double distance, const filter::NearSpec& near) {
  if (near.min_distance && *near.min_distance > 0 && distance < *near.min_distance) return false;
  if (near.max_distance && *near.max_distance > 0 && distance > *near.max_distance) return false;
  return true;
}

// Nearest first through the R-tree: the rows within a growing angle of the origin,
// until that holds `wanted` matches (every row outside it is then farther than all of
// them) or reaches maxDistance (or the whole sphere). Each round starts over; the
// angle grows by the density the last round saw, so rounds are few.
void nearest_rows(const Plan& plan, const Predicate& predicate, const FieldPath& path, std::size_t wanted,
                  bool limited, std::vector<std::pair<double, Row>>& found) {
  const filter::NearSpec& near = plan.near->near;
  const GeoIndex& geo = *plan.access.geo;
  const double radius = earth_radius(near.unit);
  constexpr double kWhole = 4.0;  // past pi: every row
  // LoopBack's distances and the cap's angle can differ in the last digits: a margin.
  const double max_angle = near.max_distance && *near.max_distance > 0
                               ? *near.max_distance / radius * (1 + 1e-9) + 1e-12
                               : kWhole;
  double angle = max_angle;
  if (limited && geo.size() > 0) {
    // A sixteenth of the cap that would hold `wanted` rows spread evenly.
    double share = std::min(1.0, 2.0 * static_cast<double>(wanted) / static_cast<double>(geo.size()));
    angle = std::min(max_angle, std::acos(1 - 2 * share) / 16);
  }
  while (true) {
    const bool last = angle >= max_angle || angle >= kWhole;
    const double reach = angle * radius * (1 - 1e-9);
    found.clear();
    std::size_t inside = 0;  // rows within `reach`, matching or not
    geo.visit_cap(near.origin, last ? max_angle : angle, [&](Row row) {
      double d = distance_of(row, path, near);
      if (!last) {
        if (d > reach) return;
        ++inside;
      }
      if (within(d, near) && predicate.matches(row)) found.emplace_back(d, row);
    });
    if (last || found.size() >= wanted) return;
    double grow = inside == 0 ? 4.0 : std::clamp(std::sqrt(double(wanted) / double(found.size() + 1)) * 1.25, 1.5, 4.0);
    angle = std::min(max_angle, angle * grow);
    if (angle >= 3.14) angle = max_angle;
  }
}

}  // namespace

namespace {
// The rows of the plan into `out` (emptied first).
void run(const Plan& plan, const Predicate& predicate, const RowOrder& order, std::vector<Row>& out);
}  // namespace

Result<std::vector<Row>> execute(const Plan& plan) {
  const Schema& schema = plan.table->schema();
  auto compiled = Predicate::compile(schema, plan.residual);
  if (!compiled) return std::move(compiled).error();
  std::vector<Row> out;
  run(plan, *compiled, RowOrder(schema, plan.order), out);
  return out;
}

Result<PreparedFind> prepare_find(const Table& table, const filter::Bound& filter) {
  Plan plan = plan_find(table, filter);
  auto predicate = Predicate::compile(table.schema(), plan.residual);
  if (!predicate) return std::move(predicate).error();
  RowOrder order(table.schema(), plan.order);
  return PreparedFind{table.serial(), std::move(plan), std::move(predicate).value(), std::move(order)};
}

Result<PreparedCount> prepare_count(const Table& table, const filter::BoundWhere* where) {
  Plan plan = plan_where(table, where);
  auto predicate = Predicate::compile(table.schema(), plan.residual);
  if (!predicate) return std::move(predicate).error();
  return PreparedCount{table.serial(), std::move(plan), std::move(predicate).value()};
}

void execute(const PreparedFind& find, std::vector<Row>& out) { run(find.plan, find.predicate, find.order, out); }

namespace {

void run(const Plan& plan, const Predicate& predicate, const RowOrder& order, std::vector<Row>& out) {
  const bool limited = plan.limit && *plan.limit > 0;
  const std::size_t wanted = limited ? static_cast<std::size_t>(plan.skip + *plan.limit)
                                     : std::numeric_limits<std::size_t>::max();
  out.clear();
  if (plan.access.kind == AccessKind::IdLookup || plan.access.kind == AccessKind::IdMultiLookup) {
    out.reserve(std::min(wanted, plan.access.values.size()));
  } else if (limited) {
    out.reserve(std::min<std::size_t>(wanted, 1024));
  }

  switch (plan.sort) {
    case SortKind::None:
    case SortKind::IdOrder:
      if (predicate.always_true()) {
        walk(plan, [&](Row row) {
          out.push_back(row);
          return out.size() < wanted;
        });
      } else {
        walk(plan, [&](Row row) {
          if (predicate.matches(row)) out.push_back(row);
          return out.size() < wanted;
        });
      }
      break;
    case SortKind::IndexOrder: {
      const SecondaryIndex& index = *plan.access.index;
      if (order.key_count() == index.slots().size()) {
        // The order is the whole index key: ascending, the index yields (key, id)
        // order itself; descending, each run of equal keys comes in descending id
        // order and is reversed.
        const bool all = predicate.always_true();
        if (!plan.access.descending) {
          walk(plan, [&](Row row) {
            if (all || predicate.matches(row)) out.push_back(row);
            return out.size() < wanted;
          });
          break;
        }
        std::size_t group = 0;  // where the current run starts in `out`
        auto close_run = [&] {
          std::reverse(out.begin() + static_cast<std::ptrdiff_t>(group), out.end());
          group = out.size();
          return group < wanted;
        };
        if (index.slots().size() == 1) {
          // One key: each row's key is read once and kept for the next row.
          const std::size_t slot = index.slots()[0];
          ValueView last;
          walk(plan, [&](Row row) {
            if (!all && !predicate.matches(row)) return true;
            const ValueView key = row.slot(slot);
            if (out.size() > group && compare_views(last, key) != 0 && !close_run()) return false;
            last = key;
            out.push_back(row);
            return true;
          });
        } else {
          const IndexKeyLess& keys = index.key_less();
          walk(plan, [&](Row row) {
            if (!all && !predicate.matches(row)) return true;
            if (out.size() > group && keys.compare_keys(out.back(), row) != 0 && !close_run()) return false;
            out.push_back(row);
            return true;
          });
        }
        close_run();
        break;
      }
      // The index yields the order's keys in order and equal keys in key-then-id order
      // (or its reverse); each run of equal order keys is put back in id order.
      std::size_t group = 0;  // where the current run starts in `out`
      // The last kept row's keys, so each row's are read once.
      boost::container::small_vector<ValueView, 8> key_space(2 * order.key_count());
      boost::container::small_vector<ValueScratch, 8> scratch_space(2 * order.key_count());
      ValueView* last = key_space.data();
      ValueView* keys = key_space.data() + order.key_count();
      ValueScratch* last_scratch = scratch_space.data();
      ValueScratch* scratch = scratch_space.data() + order.key_count();
      walk(plan, [&](Row row) {
        if (!predicate.matches(row)) return true;
        order.read_keys(row, keys, scratch);
        const bool new_run = out.size() > group && order.compare_read_keys(last, keys) != 0;
        std::swap(last, keys);
        std::swap(last_scratch, scratch);
        if (new_run) {
          sort_by_id(out.begin() + static_cast<std::ptrdiff_t>(group), out.end());
          group = out.size();
          if (group >= wanted) return false;
        }
        out.push_back(row);
        return true;
      });
      sort_by_id(out.begin() + static_cast<std::ptrdiff_t>(group), out.end());
      break;
    }
    case SortKind::TopK: {
      auto less = [&](Row a, Row b) { return order.less(a, b); };
      // A max-heap of the best `wanted` rows: the worst kept row is on top.
      walk(plan, [&](Row row) {
        if (!predicate.matches(row)) return true;
        if (out.size() < wanted) {
          out.push_back(row);
          std::push_heap(out.begin(), out.end(), less);
        } else if (less(row, out.front())) {
          std::pop_heap(out.begin(), out.end(), less);
          out.back() = row;
          std::push_heap(out.begin(), out.end(), less);
        }
        return true;
      });
      std::sort_heap(out.begin(), out.end(), less);
      break;
    }
    case SortKind::FullSort:
      walk(plan, [&](Row row) {
        if (predicate.matches(row)) out.push_back(row);
        return true;
      });
      if (order.by_id_only()) {
        sort_by_id(out.begin(), out.end());
      } else {
        std::sort(out.begin(), out.end(), [&](Row a, Row b) { return order.less(a, b); });
      }
      break;
    case SortKind::Distance: {
      const filter::NearSpec& near = plan.near->near;
      const FieldPath path(plan.table->schema(), plan.near->path);
      std::vector<std::pair<double, Row>> found;
      if (plan.access.kind == AccessKind::Nearest) {
        nearest_rows(plan, predicate, path, wanted, limited, found);
      } else {
        walk(plan, [&](Row row) {
          if (predicate.matches(row)) found.emplace_back(distance_of(row, path, near), row);
          return true;
        });
      }
      std::sort(found.begin(), found.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        return order.less(a.second, b.second);
      });
      out.reserve(found.size());
      for (const auto& entry : found) out.push_back(entry.second);
      break;
    }
  }
  page(out, plan);
  if (plan.page_key) page_per_key(out, plan);
}

}  // namespace

namespace {

std::int64_t count_rows(const Plan& plan, const Predicate& predicate) {
  const Table& table = *plan.table;
  if (predicate.always_true()) {
    const AccessPath& access = plan.access;
    switch (access.kind) {
      case AccessKind::FullScan:
        return static_cast<std::int64_t>(table.size());
      case AccessKind::IndexEquality: {
        if (Row row; unique_lookup(access, row)) return row ? 1 : 0;
        Span span = equality_span(access);
        return static_cast<std::int64_t>(access.index->distance(span.first, span.second));
      }
      case AccessKind::IndexRange: {
        if (access.empty_range) return 0;
        // A number index counts off its kept keys; otherwise the span is searched.
        const EncodedValues& ends = access.encoded;
        const std::size_t n = access.index->count_range(
            ends.at(0), !(access.lower && !access.lower->inclusive), ends.at(1), access.upper && access.upper->inclusive);
        if (n != SecondaryIndex::kUncounted) return static_cast<std::int64_t>(n);
        auto span = range_span(access);
        return span ? static_cast<std::int64_t>(access.index->distance(span->first, span->second)) : 0;
      }
      case AccessKind::IndexOrderedScan:
        return static_cast<std::int64_t>(access.index->size());
      default:
        break;
    }
  }
  std::int64_t count = 0;
  walk(plan, [&](Row row) {
    if (predicate.matches(row)) ++count;
    return true;
  });
  return count;
}

}  // namespace

std::int64_t execute_count(const PreparedCount& count) { return count_rows(count.plan, count.predicate); }

Result<std::int64_t> execute_count(const Plan& plan) {
  auto compiled = Predicate::compile(plan.table->schema(), plan.residual);
  if (!compiled) return std::move(compiled).error();
  return count_rows(plan, *compiled);
}

std::vector<Record> project(const Plan& plan, const std::vector<Row>& rows) {
  return to_records(std::make_unique<const RecordBatch>(plan.table->schema().layout(), plan.fields, rows));
}

}  // namespace lb::memory
