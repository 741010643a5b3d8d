// The executor (see executor.hpp): access-path walks, then one routine per sort
// strategy. Walks stop early where the strategy allows it (id order and index order
// with a limit, nearest-first with a limit or a maxDistance).
#include "memory/exec/executor.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "memory/exec/geo_distance.hpp"
#include "memory/exec/predicate.hpp"
#include "memory/exec/row_order.hpp"
#include "memory/store/view_compare.hpp"

namespace lb::memory {
namespace {

namespace bgi = boost::geometry::index;

struct EncodedValues {
  std::string bytes;
  std::vector<std::size_t> starts;
  explicit EncodedValues(const std::vector<Value>& values) {
    for (const Value& value : values) {
      starts.push_back(bytes.size());
      encode_value(value, bytes);
    }
  }
  [[nodiscard]] ValueView at(std::size_t i) const {
    return ValueView(reinterpret_cast<const std::uint8_t*>(bytes.data()) + starts[i]);
  }
};

// Probes just below and just above every value of a comparable kind, so a range open
// on one side still stays within its kind: NaN is the lowest number, "" the lowest
// string, the lowest Date the lowest date, and each kind's ceiling is the next kind's
// floor.
Value kind_floor(const Value& sample) {
  if (sample.is_number()) return Value(std::numeric_limits<double>::quiet_NaN());
  if (sample.is_string()) return Value("");
  return Value(Date{std::numeric_limits<std::int64_t>::min()});
}
Value kind_ceiling(const Value& sample) {
  if (sample.is_number()) return Value("");
  if (sample.is_string()) return Value(Date{std::numeric_limits<std::int64_t>::min()});
  double low = -std::numeric_limits<double>::infinity();
  return Value(GeoPoint{low, low});
}

template <typename Fn>
void walk_index_span(const SecondaryIndex& index, SecondaryIndex::Iterator begin, SecondaryIndex::Iterator end,
                     bool descending, Fn& fn) {
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
  (void)index;
}

// Calls fn(row) for every row the access path yields, until fn returns false.
template <typename Fn>
void walk(const Plan& plan, Fn&& fn) {
  const Table& table = *plan.table;
  const AccessPath& access = plan.access;
  switch (access.kind) {
    case AccessKind::FullScan:
      if (!access.descending) {
        for (const EncodedRow& row : table.rows()) {
          if (!fn(&row)) return;
        }
      } else {
        for (auto it = table.rows().rbegin(); it != table.rows().rend(); ++it) {
          if (!fn(&*it)) return;
        }
      }
      return;
    case AccessKind::IdLookup:
    case AccessKind::IdMultiLookup: {
      EncodedValues ids(access.values);
      for (std::size_t i = 0; i < access.values.size(); ++i) {
        const EncodedRow* row = table.find(ids.at(i));
        if (row && !fn(row)) return;
      }
      return;
    }
    case AccessKind::IndexEquality: {
      EncodedValues values(access.values);
      std::vector<ValueView> key;
      for (std::size_t i = 0; i < access.values.size(); ++i) key.push_back(values.at(i));
      KeyProbe probe{&key};
      walk_index_span(*access.index, access.index->lower_bound(probe), access.index->upper_bound(probe), false, fn);
      return;
    }
    case AccessKind::IndexMultiLookup: {
      EncodedValues values(access.values);
      for (std::size_t i = 0; i < access.values.size(); ++i) {
        std::vector<ValueView> key{values.at(i)};
        KeyProbe probe{&key};
        bool go_on = true;
        auto guarded = [&](const EncodedRow* row) { return go_on = fn(row); };
        walk_index_span(*access.index, access.index->lower_bound(probe), access.index->upper_bound(probe),
                        false, guarded);
        if (!go_on) return;
      }
      return;
    }
    case AccessKind::IndexRange: {
      const Value& sample = access.lower ? access.lower->value : access.upper->value;
      EncodedValues ends({access.lower ? access.lower->value : kind_floor(sample),
                          access.upper ? access.upper->value : kind_ceiling(sample)});
      std::vector<ValueView> low{ends.at(0)}, high{ends.at(1)};
      KeyProbe low_probe{&low}, high_probe{&high};
      const SecondaryIndex& index = *access.index;
      auto begin = access.lower && !access.lower->inclusive ? index.upper_bound(low_probe) : index.lower_bound(low_probe);
      auto end = access.upper && access.upper->inclusive ? index.upper_bound(high_probe) : index.lower_bound(high_probe);
      // NaN sorts first among numbers but never satisfies a comparison.
      auto skip_nan = [&](const EncodedRow* row) {
        ValueView key = row->slot(index.slots()[0]);
        if (key.tag() == Tag::Number && std::isnan(key.as_double())) return true;
        return fn(row);
      };
      // An empty or inverted range (lower above upper) yields nothing; checked on the
      // values, since `end` would then lie before `begin`.
      if (access.lower && access.upper) {
        auto c = access.lower->value <=> access.upper->value;
        if (c > 0 || (c == 0 && !(access.lower->inclusive && access.upper->inclusive))) return;
      }
      walk_index_span(index, begin, end, access.descending, skip_nan);
      return;
    }
    case AccessKind::IndexOrderedScan:
      walk_index_span(*access.index, access.index->begin(), access.index->end(), access.descending, fn);
      return;
    case AccessKind::Nearest: {
      const GeoPoint origin = access.near->near.origin;
      const auto& tree = access.geo->tree();
      for (auto it = tree.qbegin(bgi::nearest(GeoIndex::point(origin.lat, origin.lng),
                                              static_cast<unsigned>(tree.size())));
           it != tree.qend(); ++it) {
        if (!fn(it->second)) return;
      }
      return;
    }
  }
}

std::vector<const EncodedRow*> page(std::vector<const EncodedRow*> rows, const Plan& plan) {
  auto skip = static_cast<std::size_t>(std::max<std::int64_t>(plan.skip, 0));
  if (skip >= rows.size()) return {};
  rows.erase(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(skip));
  if (plan.limit && *plan.limit > 0 && rows.size() > static_cast<std::size_t>(*plan.limit)) {
    rows.resize(static_cast<std::size_t>(*plan.limit));
  }
  return rows;
}

// The distance of a row from the near origin: its first GeoPoint along the path
// (infinite when it has none, which only an `or` around the `near` lets through).
double distance_of(const EncodedRow& row, const FieldPath& path, const filter::NearSpec& near) {
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

}  // namespace

Result<std::vector<const EncodedRow*>> execute(const Plan& plan) {
  const Schema& schema = plan.table->schema();
  auto compiled = Predicate::compile(schema, plan.residual);
  if (!compiled) return std::move(compiled).error();
  const Predicate& predicate = *compiled;
  const RowOrder order(schema, plan.order);
  const bool limited = plan.limit && *plan.limit > 0;
  const std::size_t wanted = limited ? static_cast<std::size_t>(plan.skip + *plan.limit)
                                     : std::numeric_limits<std::size_t>::max();
  std::vector<const EncodedRow*> out;

  switch (plan.sort) {
    case SortKind::None:
    case SortKind::IdOrder:
      walk(plan, [&](const EncodedRow* row) {
        if (predicate.matches(*row)) out.push_back(row);
        return out.size() < wanted;
      });
      break;
    case SortKind::IndexOrder: {
      // The index yields the order's keys in order and equal keys in key-then-id order
      // (or its reverse); each run of equal order keys is put back in id order.
      std::vector<const EncodedRow*> group;
      auto flush = [&] {
        std::sort(group.begin(), group.end(),
                  [](const EncodedRow* a, const EncodedRow* b) { return compare_views(a->id(), b->id()) < 0; });
        out.insert(out.end(), group.begin(), group.end());
        group.clear();
      };
      walk(plan, [&](const EncodedRow* row) {
        if (!predicate.matches(*row)) return true;
        if (!group.empty() && order.compare_keys(*group.back(), *row) != 0) {
          flush();
          if (out.size() >= wanted) return false;
        }
        group.push_back(row);
        return true;
      });
      flush();
      break;
    }
    case SortKind::TopK: {
      auto less = [&](const EncodedRow* a, const EncodedRow* b) { return order.less(*a, *b); };
      // A max-heap of the best `wanted` rows: the worst kept row is on top.
      walk(plan, [&](const EncodedRow* row) {
        if (!predicate.matches(*row)) return true;
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
      walk(plan, [&](const EncodedRow* row) {
        if (predicate.matches(*row)) out.push_back(row);
        return true;
      });
      std::sort(out.begin(), out.end(), [&](const EncodedRow* a, const EncodedRow* b) { return order.less(*a, *b); });
      break;
    case SortKind::Distance: {
      const filter::NearSpec& near = plan.near->near;
      const FieldPath path(schema, plan.near->path);
      const bool nearest_walk = plan.access.kind == AccessKind::Nearest;
      // The R-tree's great-circle order and LoopBack's haversine (with its rounded
      // constants) can differ in the last digits, so early stops leave a margin.
      auto beyond = [](double d, double bound) { return d > bound * (1 + 1e-9) + 1e-12; };
      std::vector<std::pair<double, const EncodedRow*>> found;
      walk(plan, [&](const EncodedRow* row) {
        double d = distance_of(*row, path, near);
        if (nearest_walk) {
          if (near.max_distance && *near.max_distance > 0 && beyond(d, *near.max_distance)) return false;
          if (limited && found.size() >= wanted && beyond(d, found[wanted - 1].first)) return false;
          if (!within(d, near)) return true;
        }
        if (predicate.matches(*row)) found.emplace_back(d, row);
        return true;
      });
      std::sort(found.begin(), found.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        return order.less(*a.second, *b.second);
      });
      for (const auto& entry : found) out.push_back(entry.second);
      break;
    }
  }
  return page(std::move(out), plan);
}

std::vector<Object> project(const Plan& plan, const std::vector<const EncodedRow*>& rows) {
  std::vector<Object> out;
  out.reserve(rows.size());
  for (const EncodedRow* row : rows) out.push_back(decode_row(*row, plan.table->schema(), plan.fields));
  return out;
}

}  // namespace lb::memory
