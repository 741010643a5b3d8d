// BoundCache: compiled filters and where clauses by their text, so a query repeated
// as the same JSON text or query string is parsed and bound once per model, as a
// database keeps prepared statements. Bounded: past kMaxEntries it is cleared (a
// working set refills it at once, and hostile input cannot grow it), and texts over
// kMaxTextBytes are never kept. Each thread also remembers its last hit (find_recent),
// which a repeated query then reaches without a lock or reference counting.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "lb/result.hpp"
#include "value/same_bytes.hpp"

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
  // by `bind()` (returning Result<T>) and kept. A `text` whose data() is null (input
  // that came in another form) is bound without the cache; errors are never kept.
  template <typename Bind>
  [[nodiscard]] Result<std::shared_ptr<const T>> find_or_bind(std::string_view text, bool query, Bind&& bind) {
    const bool keep = text.data() != nullptr && cacheable(text);
    if (keep) {
      if (auto hit = find(text, query)) return hit;
    }
    Result<T> bound = bind();
    if (!bound) return bound.error();
    auto shared = std::make_shared<const T>(std::move(bound).value());
    if (keep) insert(text, query, shared);
    return shared;
  }

  // While one exists on a thread, that thread's last hit is in use and is not replaced:
  // a caller of find_recent holds one until it is done with the result, so that a
  // lookup made meanwhile (a connector calling back into a model) cannot free it.
  class InUse {
   public:
    InUse() { ++recent_hit().users; }
    ~InUse() { --recent_hit().users; }
    InUse(const InUse&) = delete;
    InUse& operator=(const InUse&) = delete;
  };

  // As find_or_bind, for a caller that holds an InUse until it is done with the
  // result: a pointer into this thread's last hit, which a call with the same text
  // gets with a string comparison and no lock or reference counting. When the input is
  // not cacheable text, or the last hit is in use, the result is kept alive in `held`.
  template <typename Bind>
  [[nodiscard]] Result<const T*> find_recent(std::string_view text, bool query, std::shared_ptr<const T>& held,
                                             Bind&& bind) {
    Recent& recent = recent_hit();
    if (text.data() != nullptr && recent.cache == serial_ && recent.query == query && same_bytes(recent.text, text)) {
      return recent.value.get();
    }
    auto found = find_or_bind(text, query, std::forward<Bind>(bind));
    if (!found) return found.error();
    if (text.data() == nullptr || !cacheable(text) || recent.users > 0) {
      held = std::move(found).value();
      return held.get();
    }
    recent.cache = serial_;
    recent.query = query;
    recent.text.assign(text);
    recent.value = std::move(found).value();
    return recent.value.get();
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
  // A thread's last hit, tied to its cache by serial (an address could be reused).
  struct Recent {
    std::uint64_t cache = 0;
    bool query = false;
    std::string text;
    std::shared_ptr<const T> value;
    int users = 0;  // InUse objects alive on the thread
  };
  static Recent& recent_hit() {
    static thread_local Recent recent;
    return recent;
  }
  static std::uint64_t next_serial() {
    static std::atomic<std::uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
  }

  const std::uint64_t serial_ = next_serial();
  mutable std::shared_mutex mutex_;
  Map json_;
  Map query_;
};

}  // namespace lb::dao
