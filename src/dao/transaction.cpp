// lb::Transaction: the handle over a connector's open transaction, its end (commit,
// rollback, timeout, last handle gone) and the watchdog that rolls back transactions
// whose timeout has passed, whether or not anyone uses them again.
#include "lb/transaction.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "lb/connector.hpp"
#include "lb/data_source.hpp"

namespace lb {

const char* isolation_level_name(IsolationLevel level) {
  switch (level) {
    case IsolationLevel::ReadUncommitted:
      return "READ UNCOMMITTED";
    case IsolationLevel::ReadCommitted:
      return "READ COMMITTED";
    case IsolationLevel::RepeatableRead:
      return "REPEATABLE READ";
    case IsolationLevel::Serializable:
      return "SERIALIZABLE";
  }
  return "READ COMMITTED";
}

std::optional<IsolationLevel> parse_isolation_level(std::string_view name) {
  for (IsolationLevel level : {IsolationLevel::ReadUncommitted, IsolationLevel::ReadCommitted,
                               IsolationLevel::RepeatableRead, IsolationLevel::Serializable}) {
    if (name == isolation_level_name(level)) return level;
  }
  return std::nullopt;
}

namespace detail {

struct TransactionState {
  std::string id;
  DataSource* data_source = nullptr;
  // Held by a Lease for one operation (recursive: an operation made of others, such
  // as upsert, takes it again on the same thread), and by whatever ends the transaction.
  std::recursive_mutex mutex;
  std::unique_ptr<ConnectorTransaction> connector;  // null once ended
  std::string ended;                                 // how: "committed", "rolled back", "timed out"

  Error not_active() const {
    return Error(ErrorCode::Conflict, fmt::format("The transaction is not active: {}", id));
  }
  // Ends the transaction (the caller holds `mutex`).
  Status end(bool commit, const char* how) {
    if (!connector) return not_active();
    Status status = commit ? connector->commit() : connector->rollback();
    // A failed commit leaves nothing to continue: roll back what the connector kept.
    if (!status && commit) (void)connector->rollback();
    connector.reset();
    ended = status ? how : "rolled back";
    return status;
  }
  ~TransactionState() {
    std::lock_guard lock(mutex);
    if (connector) (void)end(false, "rolled back");
  }
};

}  // namespace detail

namespace {

// One thread for the whole process, started by the first transaction with a timeout:
// it sleeps until the earliest deadline and rolls back what has expired. It holds
// weak references, so a transaction that ends on its own is simply skipped.
class Watchdog {
 public:
  static Watchdog& instance() {
    static Watchdog watchdog;
    return watchdog;
  }

  void watch(std::weak_ptr<detail::TransactionState> state, std::chrono::steady_clock::time_point deadline) {
    {
      std::lock_guard lock(mutex_);
      if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
      entries_.push_back({deadline, std::move(state)});
    }
    wake_.notify_one();
  }

  ~Watchdog() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

 private:
  struct Entry {
    std::chrono::steady_clock::time_point deadline;
    std::weak_ptr<detail::TransactionState> state;
  };

  void run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      if (entries_.empty()) {
        wake_.wait(lock);
        continue;
      }
      auto earliest = std::min_element(entries_.begin(), entries_.end(),
                                       [](const Entry& a, const Entry& b) { return a.deadline < b.deadline; });
      if (std::chrono::steady_clock::now() < earliest->deadline) {
        wake_.wait_until(lock, earliest->deadline);
        continue;
      }
      std::weak_ptr<detail::TransactionState> expired = std::move(earliest->state);
      entries_.erase(earliest);
      lock.unlock();
      if (auto state = expired.lock()) {
        // Waits for an operation in progress, then ends the transaction if still open.
        std::lock_guard state_lock(state->mutex);
        if (state->connector) (void)state->end(false, "timed out");
      }
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Entry> entries_;
  bool stopping_ = false;
  std::thread thread_;
};

std::string new_transaction_id() {
  static std::mutex mutex;
  static std::mt19937_64 random{std::random_device{}()};
  std::lock_guard lock(mutex);
  return fmt::format("tx-{:016x}", random());
}

}  // namespace

Transaction::Transaction(DataSource& data_source, std::unique_ptr<ConnectorTransaction> connector,
                         const TransactionOptions& options)
    : state_(std::make_shared<detail::TransactionState>()) {
  state_->id = new_transaction_id();
  state_->data_source = &data_source;
  state_->connector = std::move(connector);
  if (options.timeout.count() > 0) {
    Watchdog::instance().watch(state_, std::chrono::steady_clock::now() + options.timeout);
  }
}

const std::string& Transaction::id() const { return state_->id; }
DataSource& Transaction::data_source() const { return *state_->data_source; }

bool Transaction::active() const {
  std::lock_guard lock(state_->mutex);
  return state_->connector != nullptr;
}

Status Transaction::commit() {
  std::lock_guard lock(state_->mutex);
  return state_->end(true, "committed");
}

Status Transaction::rollback() {
  std::lock_guard lock(state_->mutex);
  return state_->end(false, "rolled back");
}

Result<Transaction::Lease> Transaction::use() const {
  Lease lease(state_);
  if (!state_->connector) return state_->not_active();
  return lease;
}

Transaction::Lease::Lease(std::shared_ptr<detail::TransactionState> state) : state_(std::move(state)) {
  state_->mutex.lock();
}
Transaction::Lease::Lease(Lease&& other) noexcept : state_(std::move(other.state_)) {}
Transaction::Lease& Transaction::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    if (state_) state_->mutex.unlock();
    state_ = std::move(other.state_);
  }
  return *this;
}
Transaction::Lease::~Lease() {
  if (state_) state_->mutex.unlock();
}
Connector& Transaction::Lease::connector() const { return *state_->connector; }

}  // namespace lb
