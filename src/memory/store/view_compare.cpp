// compare_views: see view_compare.hpp for the order it implements.
#include "memory/store/view_compare.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

namespace lb::memory {
namespace {

// The order of kinds, as lb::Value orders them; absent sorts with null.
int kind_rank(Tag tag) {
  switch (tag) {
    case Tag::Absent:
    case Tag::Null:
      return 0;
    case Tag::False:
    case Tag::True:
      return 1;
    case Tag::Integer:
    case Tag::Number:
      return 2;
    case Tag::String:
      return 3;
    case Tag::Date:
      return 4;
    case Tag::GeoPoint:
      return 5;
    case Tag::Buffer:
      return 6;
    case Tag::Array:
      return 7;
    case Tag::Object:
      return 8;
  }
  return 0;
}

template <typename T>
int three_way(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// Exact across int64 and double: long double holds every int64 and every double on
// the platforms lb builds for (x86-64 extended precision, 64-bit mantissa).
int compare_numbers(ValueView a, ValueView b) {
  if (a.tag() == Tag::Integer && b.tag() == Tag::Integer) return three_way(a.as_integer(), b.as_integer());
  long double x = a.tag() == Tag::Integer ? static_cast<long double>(a.as_integer()) : a.as_double();
  long double y = b.tag() == Tag::Integer ? static_cast<long double>(b.as_integer()) : b.as_double();
  bool x_nan = std::isnan(x), y_nan = std::isnan(y);
  if (x_nan || y_nan) return x_nan && y_nan ? 0 : (x_nan ? -1 : 1);  // NaN lowest, equal to itself
  return three_way(x, y);
}

int compare_strings(std::string_view a, std::string_view b) {
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace

int compare_views_general(ValueView a, ValueView b) {
  int rank_a = kind_rank(a.tag()), rank_b = kind_rank(b.tag());
  if (rank_a != rank_b) return rank_a < rank_b ? -1 : 1;
  switch (rank_a) {
    case 0:
      return 0;
    case 1:
      return three_way(a.as_bool(), b.as_bool());
    case 2:
      return compare_numbers(a, b);
    case 3:
    case 6:
      return compare_strings(a.as_string(), b.as_string());
    case 4:
      return three_way(a.as_date().ms_since_epoch, b.as_date().ms_since_epoch);
    case 5: {
      GeoPoint x = a.as_geo_point(), y = b.as_geo_point();
      if (int c = three_way(x.lat, y.lat)) return c;
      return three_way(x.lng, y.lng);
    }
    case 7: {
      // Lexicographic by element.
      std::vector<ValueView> elements_b;
      elements_b.reserve(b.container_size());
      b.for_each_element([&](ValueView element) {
        elements_b.push_back(element);
        return true;
      });
      std::size_t index = 0;
      int result = 0;
      a.for_each_element([&](ValueView element_a) {
        if (index == elements_b.size()) {
          result = 1;
          return false;
        }
        result = compare_views(element_a, elements_b[index++]);
        return result == 0;
      });
      if (result == 0 && index < elements_b.size()) result = -1;
      return result;
    }
    case 8: {
      std::size_t count_b = b.container_size(), index = 0;
      int result = 0;
      std::vector<std::pair<std::string_view, ValueView>> entries_b;
      entries_b.reserve(count_b);
      b.for_each_member([&](std::string_view key, ValueView value) {
        entries_b.emplace_back(key, value);
        return true;
      });
      a.for_each_member([&](std::string_view key, ValueView value) {
        if (index == count_b) {
          result = 1;
          return false;
        }
        result = compare_strings(key, entries_b[index].first);
        if (result == 0) result = compare_views(value, entries_b[index].second);
        ++index;
        return result == 0;
      });
      if (result == 0 && index < count_b) result = -1;
      return result;
    }
    default:
      return 0;
  }
}

ComparableKind comparable_kind(ValueView v) {
  switch (v.tag()) {
    case Tag::Integer:
    case Tag::Number:
      return ComparableKind::Number;
    case Tag::String:
      return ComparableKind::String;
    case Tag::Date:
      return ComparableKind::Date;
    default:
      return ComparableKind::None;
  }
}

namespace {

std::size_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return static_cast<std::size_t>(x);
}

}  // namespace

std::size_t hash_view(ValueView id) {
  // Equal ids must hash alike: an integral double hashes as the integer it equals.
  switch (id.tag()) {
    case Tag::Integer:
      return mix(static_cast<std::uint64_t>(id.as_integer()));
    case Tag::Number: {
      double d = id.as_double();
      if (std::isnan(d)) return 0x7ff8;
      if (d == std::floor(d) && std::fabs(d) < 9.2e18) return mix(static_cast<std::uint64_t>(static_cast<std::int64_t>(d)));
      std::uint64_t bits = 0;
      std::memcpy(&bits, &d, sizeof d);
      return mix(bits);
    }
    case Tag::String:
    case Tag::Buffer: {
      // Short strings (keys, skus, names) in two overlapping words, not a byte loop.
      const std::string_view s = id.as_string();
      const std::size_t n = s.size();
      if (n > 16) return std::hash<std::string_view>()(s);
      std::uint64_t a = 0, b = 0;
      if (n >= 8) {
        std::memcpy(&a, s.data(), 8);
        std::memcpy(&b, s.data() + n - 8, 8);
      } else if (n >= 4) {
        std::uint32_t x = 0, y = 0;
        std::memcpy(&x, s.data(), 4);
        std::memcpy(&y, s.data() + n - 4, 4);
        a = x;
        b = y;
      } else {
        for (std::size_t i = 0; i < n; ++i) a |= std::uint64_t{static_cast<std::uint8_t>(s[i])} << (8 * i);
      }
      return mix((a * 0x9e3779b97f4a7c15ULL) ^ (b + 0x632be59bd9b4e019ULL * (n + 1)));
    }
    case Tag::Date:
      return mix(static_cast<std::uint64_t>(id.as_date().ms_since_epoch) ^ 0xdade);
    default:
      // Other kinds (odd ids indeed) share a hash per kind; equality still decides.
      return static_cast<std::size_t>(id.tag() == Tag::True ? Tag::False : id.tag());
  }
}

}  // namespace lb::memory
