// BoundCache: compiled filters and where clauses by their text, so a query repeated
// as the same JSON text or query string is parsed and bound once per model, as a
// database keeps prepared statements. Bounded: past kMaxEntries it is cleared (a
// working set refills it at once, and hostile input cannot grow it), and texts over
// kMaxTextBytes are never kept.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "lb/result.hpp"

namespace lb::dao {

template <typename T>
class BoundCache {
 public:
  static constexpr std::size_t kMaxEntries = 256;
  static constexpr std::size_t kMaxTextBytes = 4096;

  [[nodiscard]] static bool cacheable(std::string_view text) { return text.size() <= kMaxTextBytes; }

  // nullptr when absent. `query` keeps query strings and JSON texts apart.
  [[nodiscard]] std::shared_ptr<const T> find(std::string_view text, bool query) const {
    std::shared_lock lock(mutex_);
    const Map& map = query ? query_ : json_;
    auto it = map.find(text);
    return it == map.end() ? nullptr : it->second;
  }

  // The compiled form of `text` (a query string when `query`), from the cache or made
  // by `bind()` (returning Result<T>) and kept. A null `text` (input that came in
  // another form) is bound without the cache; errors are never kept.
  template <typename Bind>
  [[nodiscard]] Result<std::shared_ptr<const T>> find_or_bind(const std::string* text, bool query, Bind&& bind) {
    const bool keep = text != nullptr && cacheable(*text);
    if (keep) {
      if (auto hit = find(*text, query)) return hit;
    }
    Result<T> bound = bind();
    if (!bound) return bound.error();
    auto shared = std::make_shared<const T>(std::move(bound).value());
    if (keep) insert(*text, query, shared);
    return shared;
  }

  void insert(std::string_view text, bool query, std::shared_ptr<const T> value) {
    std::unique_lock lock(mutex_);
    Map& map = query ? query_ : json_;
    if (map.size() >= kMaxEntries) map.clear();
    map.insert_or_assign(std::string(text), std::move(value));
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  using Map = std::unordered_map<std::string, std::shared_ptr<const T>, Hash, std::equal_to<>>;
  mutable std::shared_mutex mutex_;
  Map json_;
  Map query_;
};

}  // namespace lb::dao
