// ConnectionPool: the connections of one sqlite3 connector. A call borrows one for its
// duration (so calls on different threads run on different connections, and readers
// go on while a writer works, in WAL mode); a transaction borrows one until it ends.
// Idle connections are kept, with their prepared statements, up to kMaxIdle.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "lb/result.hpp"
#include "sqlite/sqlite_connection.hpp"
#include "sqlite/sqlite_settings.hpp"

namespace lb::sqlite {

class ConnectionPool {
 public:
  static constexpr std::size_t kMaxIdle = 8;

  // Opens the first connection at once, so that a database that cannot be opened is
  // reported when the data source is made.
  static Result<std::unique_ptr<ConnectionPool>> open(SqliteSettings settings);
  ~ConnectionPool();

  // A borrowed connection; it goes back to the pool when the lease is destroyed (rolled
  // back first, should a transaction still be open on it). Thread-safe.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), connection_(std::move(other.connection_)) {}
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { reset(); }
    // Gives the connection back now; the lease then holds none.
    void reset();
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };
  Result<Lease> acquire();

  [[nodiscard]] const SqliteSettings& settings() const { return settings_; }
  // Statements compiled on any of the pool's connections so far (cache misses).
  [[nodiscard]] std::uint64_t statements_prepared() const { return prepared_.load(); }

 private:
  explicit ConnectionPool(SqliteSettings settings);
  void release(std::unique_ptr<Connection> connection);

  SqliteSettings settings_;
  std::string memory_name_;  // the memdb file of an in-memory database
  std::atomic<std::uint64_t> prepared_{0};
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace lb::sqlite
