// TableLock: the reader-writer lock of a memory table, in one atomic word. Taking and
// releasing it shared is one atomic instruction each, inline (std::shared_mutex calls
// out to pthread_rwlock, a fifth of a prepared count's time); waiting uses C++20
// atomic wait/notify, and writers go first: a waiting writer holds new readers back.
#pragma once

#include <atomic>
#include <cassert>
#include <cstdint>

namespace lb::memory {

// Meets SharedMutex (lock, try_lock, unlock, lock_shared, try_lock_shared,
// unlock_shared), so std::unique_lock, std::shared_lock and
// std::condition_variable_any work with it. Not recursive; a thread must not take it
// shared twice while a writer may be waiting (the second wait would never end), the
// same rule as std::shared_mutex's.
//
// The word: bit 0 a writer holds it; bit 1 someone sleeps on the word (whoever changes
// it in a way a sleeper waits for wakes them all); bits 2-13 how many writers wait;
// bits 14-31 how many readers hold it. Readers wait while a writer holds or waits
// (writers never starve); a writer waits while a writer or any reader holds it.
class TableLock {
 public:
  TableLock() = default;
  TableLock(const TableLock&) = delete;
  TableLock& operator=(const TableLock&) = delete;

  [[gnu::always_inline]] void lock_shared() {
    std::uint32_t s = state_.load(std::memory_order_relaxed);
    if ((s & kWriters) != 0 ||
        !state_.compare_exchange_weak(s, s + kReader, std::memory_order_acquire, std::memory_order_relaxed)) {
      lock_shared_slow();
    }
  }
  bool try_lock_shared() {
    std::uint32_t s = state_.load(std::memory_order_relaxed);
    while ((s & kWriters) == 0) {
      assert(s < kMaxReaders && "TableLock: too many readers");
      if (state_.compare_exchange_weak(s, s + kReader, std::memory_order_acquire, std::memory_order_relaxed)) {
        return true;
      }
    }
    return false;
  }
  [[gnu::always_inline]] void unlock_shared() {
    const std::uint32_t s = state_.fetch_sub(kReader, std::memory_order_release);
    assert(s >= kReader && "TableLock: unlock_shared without lock_shared");
    // The last reader out wakes a writer waiting for the readers to leave.
    if ((s & kSleepers) != 0 && s < 2 * kReader) wake();
  }

  [[gnu::always_inline]] void lock() {
    std::uint32_t s = 0;
    if (!state_.compare_exchange_strong(s, kWriter, std::memory_order_acquire, std::memory_order_relaxed)) {
      lock_slow();
    }
  }
  bool try_lock() {
    std::uint32_t s = state_.load(std::memory_order_relaxed);
    while ((s & kWriter) == 0 && s < kReader) {
      // Free but for sleepers or waiting writers: taking it is fair game (a waiting
      // writer would take it the same way).
      if (state_.compare_exchange_weak(s, s | kWriter, std::memory_order_acquire, std::memory_order_relaxed)) {
        return true;
      }
    }
    return false;
  }
  [[gnu::always_inline]] void unlock() {
    const std::uint32_t s = state_.fetch_and(~(kWriter | kSleepers), std::memory_order_release);
    assert((s & kWriter) != 0 && "TableLock: unlock without lock");
    if ((s & kSleepers) != 0) state_.notify_all();
  }

  // Whether a writer waits for the lock (so new readers wait behind it): a snapshot,
  // for tests and diagnostics.
  [[nodiscard]] bool writer_waiting() const { return (state_.load(std::memory_order_relaxed) & kWaitingMask) != 0; }

 private:
  static constexpr std::uint32_t kWriter = 1;
  static constexpr std::uint32_t kSleepers = 2;
  static constexpr std::uint32_t kWaitingWriter = 4;
  static constexpr std::uint32_t kReader = std::uint32_t{1} << 14;
  static constexpr std::uint32_t kWaitingMask = kReader - kWaitingWriter;  // bits 2-13
  static constexpr std::uint32_t kWriters = kWriter | kWaitingMask;       // what holds readers back
  static constexpr std::uint32_t kMaxReaders = ~std::uint32_t{0} - kReader + 1;

  // The slow paths below are kept out of line and the fast paths above (one atomic
  // instruction and a test) forced inline: GCC otherwise calls a shared lock's fast
  // path out of line from the connector's templates.

  // Marks the word as slept on (unless it changed since `s` was read) and sleeps until
  // it changes: a changer that sees the mark clears it and wakes every sleeper, and a
  // change between the mark and the sleep ends the sleep at once.
  void sleep(std::uint32_t s) {
    if ((s & kSleepers) == 0) {
      if (!state_.compare_exchange_strong(s, s | kSleepers, std::memory_order_relaxed)) return;
      s |= kSleepers;
    }
    state_.wait(s, std::memory_order_relaxed);
  }
  [[gnu::noinline]] void wake() {
    state_.fetch_and(~kSleepers, std::memory_order_relaxed);
    state_.notify_all();
  }

  [[gnu::noinline]] void lock_shared_slow() {
    for (;;) {
      std::uint32_t s = state_.load(std::memory_order_relaxed);
      if ((s & kWriters) != 0) {
        sleep(s);
        continue;
      }
      assert(s < kMaxReaders && "TableLock: too many readers");
      if (state_.compare_exchange_weak(s, s + kReader, std::memory_order_acquire, std::memory_order_relaxed)) return;
    }
  }

  [[gnu::noinline]] void lock_slow() {
    // Announced as waiting, the writer holds new readers back; it takes the lock (and
    // stops waiting) in one step once no writer or reader holds it.
    std::uint32_t s = state_.fetch_add(kWaitingWriter, std::memory_order_relaxed) + kWaitingWriter;
    assert((s & kWaitingMask) != 0 && "TableLock: too many waiting writers");
    for (;;) {
      if ((s & kWriter) == 0 && s < kReader) {
        if (state_.compare_exchange_weak(s, (s - kWaitingWriter) | kWriter, std::memory_order_acquire,
                                         std::memory_order_relaxed)) {
          return;
        }
        continue;
      }
      sleep(s);
      s = state_.load(std::memory_order_relaxed);
    }
  }

  std::atomic<std::uint32_t> state_{0};
};

}  // namespace lb::memory
