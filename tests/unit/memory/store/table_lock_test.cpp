// TableLock: a writer excludes everyone, readers share it, a writer waits for the
// readers inside while new readers queue behind it, and a many-thread loop of every
// way of taking it (with condition_variable_any waits, as transactions use it) keeps
// its invariant and ends: a lost wakeup would hang it. No timing is asserted; the
// waits are for states the other threads must reach.
#include "memory/store/table_lock.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <latch>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

namespace lb::memory {
namespace {

TEST(TableLock, AWriterExcludesEveryoneAndReadersShare) {
  TableLock lock;
  lock.lock();
  EXPECT_FALSE(lock.try_lock());
  EXPECT_FALSE(lock.try_lock_shared());
  lock.unlock();

  lock.lock_shared();
  EXPECT_FALSE(lock.try_lock());
  EXPECT_TRUE(lock.try_lock_shared());
  lock.unlock_shared();
  EXPECT_FALSE(lock.try_lock());
  lock.unlock_shared();

  EXPECT_TRUE(lock.try_lock());
  lock.unlock();
  EXPECT_TRUE(lock.try_lock_shared());
  lock.unlock_shared();
}

// Every reader holds the lock at the same moment: each one, inside, waits until all
// have arrived, which only ends if none of them excludes another.
TEST(TableLock, ManyReadersHoldItAtOnce) {
  constexpr int kReaders = 8;
  TableLock lock;
  std::latch inside(kReaders);
  std::vector<std::thread> readers;
  for (int i = 0; i < kReaders; ++i) {
    readers.emplace_back([&] {
      std::shared_lock hold(lock);
      inside.arrive_and_wait();
    });
  }
  for (auto& reader : readers) reader.join();
  EXPECT_TRUE(lock.try_lock());
  lock.unlock();
}

TEST(TableLock, AWriterWaitsForReadersAndNewReadersQueueBehindIt) {
  TableLock lock;
  int value = 0;  // written under the lock only
  std::atomic<bool> wrote{false};
  lock.lock_shared();
  std::thread writer([&] {
    std::unique_lock hold(lock);
    value = 1;
    wrote = true;
  });
  while (!lock.writer_waiting()) std::this_thread::yield();
  // The writer waits for the reader inside; a new reader may not slip past it.
  EXPECT_FALSE(wrote.load());
  EXPECT_FALSE(lock.try_lock_shared());
  EXPECT_FALSE(lock.try_lock());
  int seen = -1;
  std::thread reader([&] {
    std::shared_lock hold(lock);
    seen = value;
  });
  EXPECT_FALSE(wrote.load());
  lock.unlock_shared();  // the last reader out lets the writer in, then the queued reader
  writer.join();
  reader.join();
  EXPECT_TRUE(wrote.load());
  EXPECT_EQ(seen, 1);
}

// Threads take the lock every way (exclusive, shared, try_*, and waits on a
// condition_variable_any through unique_lock and shared_lock, as a transaction's hold
// is waited for), writers keeping two counters equal that readers check. The loop
// ends only if no wakeup is lost.
TEST(TableLock, StressKeepsTheInvariantAndLosesNoWakeup) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 4000;
  TableLock lock;
  std::condition_variable_any changed;
  long long a = 0, b = 0;  // equal whenever no writer is inside
  int turn = 0;            // passed round by the waiting threads, under the lock
  std::atomic<int> broken{0};
  auto check = [&] {
    if (a != b) ++broken;
  };
  auto worker = [&](int self) {
    for (int round = 0; round < kRounds; ++round) {
      switch ((round + self) % 6) {
        case 0: {
          std::unique_lock hold(lock);
          check();
          ++a;
          std::this_thread::yield();
          ++b;
          break;
        }
        case 1: {
          std::shared_lock hold(lock);
          check();
          break;
        }
        case 2: {
          if (lock.try_lock()) {
            check();
            ++a;
            ++b;
            lock.unlock();
          }
          break;
        }
        case 3: {
          if (lock.try_lock_shared()) {
            check();
            lock.unlock_shared();
          }
          break;
        }
        case 4: {
          // Waits (a bounded number of times) for the turn to move on, as callers wait
          // for a transaction to release a table; the writer of each turn wakes them.
          std::unique_lock hold(lock);
          const int start = turn;
          ++turn;
          changed.notify_all();
          for (int i = 0; i < 2 && turn == start + 1 && round + 1 < kRounds; ++i) {
            changed.wait_for(hold, std::chrono::milliseconds(1));
          }
          check();
          break;
        }
        default: {
          // The same wait under a shared lock, as callers outside a transaction do.
          std::shared_lock hold(lock);
          const int start = turn;
          if (round + 1 < kRounds) changed.wait_for(hold, std::chrono::milliseconds(1), [&] { return turn != start; });
          check();
          break;
        }
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t);
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(broken.load(), 0);
  EXPECT_EQ(a, b);
  EXPECT_GT(a, 0);
  EXPECT_TRUE(lock.try_lock());
  lock.unlock();
}

}  // namespace
}  // namespace lb::memory
