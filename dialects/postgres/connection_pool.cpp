// ConnectionPool: a counted pool. Connections open outside the lock (a connect is a
// round trip or a timeout), so one slow server does not hold up callers returning
// connections.
#include "postgres/connection_pool.hpp"

#include <fmt/format.h>

namespace lb::postgres {

ConnectionPool::Lease& ConnectionPool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    give_back();
    pool_ = other.pool_;
    connection_ = std::move(other.connection_);
  }
  return *this;
}

void ConnectionPool::Lease::discard() {
  if (pool_ && connection_) pool_->release(std::move(connection_), false);
}

void ConnectionPool::Lease::give_back() {
  if (pool_ && connection_) {
    // A connection still inside a transaction block (a call that could not end its
    // own) must not be handed to someone else.
    const bool reusable = !connection_->lost() && !connection_->in_transaction();
    pool_->release(std::move(connection_), reusable);
  }
}

ConnectionPool::~ConnectionPool() {
  std::lock_guard lock(mutex_);
  idle_.clear();
}

std::size_t ConnectionPool::open_connections() const {
  std::lock_guard lock(mutex_);
  return open_;
}

void ConnectionPool::release(std::unique_ptr<PgConnection> connection, bool reusable) {
  {
    std::lock_guard lock(mutex_);
    if (reusable) {
      idle_.push_back(std::move(connection));
    } else {
      --open_;
    }
  }
  released_.notify_one();
  // A discarded connection closes here, outside the lock.
}

Result<ConnectionPool::Lease> ConnectionPool::acquire() {
  const auto deadline = std::chrono::steady_clock::now() + settings_.wait;
  std::unique_lock lock(mutex_);
  for (;;) {
    while (!idle_.empty()) {
      std::unique_ptr<PgConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      lock.unlock();
      if (connection->alive()) {
        const std::uint64_t epoch = epoch_.load(std::memory_order_acquire);
        if (connection->schema_epoch != epoch) {
          connection->forget_statements();
          connection->schema_epoch = epoch;
        }
        return Lease(this, std::move(connection));
      }
      connection.reset();  // the server closed it: replace it below
      lock.lock();
      --open_;
    }
    if (open_ < settings_.max_connections) {
      ++open_;
      lock.unlock();
      const std::uint64_t epoch = epoch_.load(std::memory_order_acquire);
      auto opened = PgConnection::open(settings_);
      if (!opened) {
        lock.lock();
        --open_;
        lock.unlock();
        released_.notify_one();
        return std::move(opened).error();
      }
      (*opened)->schema_epoch = epoch;
      return Lease(this, std::move(*opened));
    }
    if (released_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= settings_.max_connections) {
      return Error(ErrorCode::Unavailable,
                   fmt::format("PostgreSQL ({}): all {} connections stayed busy for {} ms (settings.max)",
                               settings_.display, settings_.max_connections, settings_.wait.count()));
    }
  }
}

}  // namespace lb::postgres
