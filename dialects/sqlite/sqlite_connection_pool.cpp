// ConnectionPool: borrowing and returning connections (see the header).
#include "sqlite/sqlite_connection_pool.hpp"

#include <unistd.h>

namespace lb::sqlite {
namespace {

// A name no other connector in the process uses: each in-memory data source is a
// database of its own, as ":memory:" promises.
std::string unique_memory_name() {
  static std::atomic<std::uint64_t> next{1};
  return "lb-sqlite-" + std::to_string(::getpid()) + "-" + std::to_string(next.fetch_add(1));
}

}  // namespace

ConnectionPool::ConnectionPool(SqliteSettings settings)
    : settings_(std::move(settings)), memory_name_(settings_.in_memory() ? unique_memory_name() : std::string()) {}

ConnectionPool::~ConnectionPool() = default;

Result<std::unique_ptr<ConnectionPool>> ConnectionPool::open(SqliteSettings settings) {
  std::unique_ptr<ConnectionPool> pool(new ConnectionPool(std::move(settings)));
  auto first = Connection::open(pool->settings_, pool->memory_name_, &pool->prepared_);
  if (!first) return std::move(first).error();
  // Kept idle: it also keeps an in-memory database alive while no call runs.
  pool->idle_.push_back(std::move(first).value());
  return pool;
}

Result<ConnectionPool::Lease> ConnectionPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(connection));
    }
  }
  auto opened = Connection::open(settings_, memory_name_, &prepared_);
  if (!opened) return std::move(opened).error();
  return Lease(this, std::move(opened).value());
}

void ConnectionPool::release(std::unique_ptr<Connection> connection) {
  if (connection->in_transaction()) (void)connection->exec("ROLLBACK");
  std::lock_guard lock(mutex_);
  // Closing one of several idle connections never closes the last one, so an
  // in-memory database outlives every burst of calls.
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(connection));
}

void ConnectionPool::Lease::reset() {
  if (pool_ && connection_) pool_->release(std::move(connection_));
  connection_.reset();
}

ConnectionPool::Lease& ConnectionPool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    reset();
    pool_ = other.pool_;
    connection_ = std::move(other.connection_);
  }
  return *this;
}

}  // namespace lb::sqlite
