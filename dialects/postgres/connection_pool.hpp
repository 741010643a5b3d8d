// ConnectionPool: up to `max` connections to one server, opened when needed and
// reused. A connection the server dropped while it sat idle is noticed when it is
// handed out and replaced; one lost while in use is discarded when it comes back.
// Thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "lb/result.hpp"
#include "postgres/pg_connection.hpp"
#include "postgres/pg_settings.hpp"

namespace lb::postgres {

class ConnectionPool {
 public:
  explicit ConnectionPool(PgSettings settings) : settings_(std::move(settings)) {}
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // One connection, held until the Lease goes away.
  class Lease {
   public:
    Lease() = default;
    Lease(ConnectionPool* pool, std::unique_ptr<PgConnection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { give_back(); }

    PgConnection& operator*() const { return *connection_; }
    PgConnection* operator->() const { return connection_.get(); }
    explicit operator bool() const { return connection_ != nullptr; }
    // Closes the connection instead of returning it (its state is unknown).
    void discard();

   private:
    void give_back();
    ConnectionPool* pool_ = nullptr;
    std::unique_ptr<PgConnection> connection_;
  };

  // An idle connection that is still alive, or a new one while fewer than `max` are
  // open, or the first one given back within the settings' wait. 503 when the server
  // cannot be reached or no connection frees up in time.
  [[nodiscard]] Result<Lease> acquire();

  // The schema changed through lb: connections forget their prepared statements
  // before their next use.
  void schema_changed() { epoch_.fetch_add(1, std::memory_order_acq_rel); }

  [[nodiscard]] const PgSettings& settings() const { return settings_; }
  // Connections open now (idle or in use).
  [[nodiscard]] std::size_t open_connections() const;

 private:
  void release(std::unique_ptr<PgConnection> connection, bool reusable);

  PgSettings settings_;
  mutable std::mutex mutex_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  std::size_t open_ = 0;  // idle and leased
  std::atomic<std::uint64_t> epoch_{0};
};

}  // namespace lb::postgres
