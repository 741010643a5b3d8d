// Transactions, as LoopBack's beginTransaction gives them: an isolation level, an
// optional timeout after which the transaction rolls back by itself, and a handle
// passed in an operation's Options so that the operation runs inside it (and sees its
// writes). Every connector with the `transactions` capability supports them; the
// memory connector does too (LoopBack's does not).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "lb/result.hpp"

namespace lb {

class Connector;
class ConnectorTransaction;
class DataSource;

enum class IsolationLevel { ReadUncommitted, ReadCommitted, RepeatableRead, Serializable };
// LoopBack's names: "READ UNCOMMITTED", "READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE".
[[nodiscard]] const char* isolation_level_name(IsolationLevel level);
[[nodiscard]] std::optional<IsolationLevel> parse_isolation_level(std::string_view name);

struct TransactionOptions {
  IsolationLevel isolation = IsolationLevel::ReadCommitted;  // LoopBack's default
  std::chrono::milliseconds timeout{0};                      // 0: none
};

namespace detail {
struct TransactionState;
}

// A handle on one transaction; copies share it. Thread-safe. A transaction ends with
// commit(), rollback(), its timeout, or when the last handle goes away (which rolls
// it back). Operations given an ended transaction fail with a 409 ("The transaction
// is not active: <id>", LoopBack's message).
class Transaction {
 public:
  // Usually made by DataSource::begin_transaction.
  Transaction(DataSource& data_source, std::unique_ptr<ConnectorTransaction> connector,
              const TransactionOptions& options);

  [[nodiscard]] const std::string& id() const;
  [[nodiscard]] DataSource& data_source() const;
  [[nodiscard]] bool active() const;
  // 409 when the transaction has already ended (committed, rolled back, timed out).
  Status commit();
  Status rollback();

  // The connector calls of this transaction, or the 409 above once it has ended. An
  // operation holds the returned lease while it runs, so a timeout cannot end the
  // transaction in the middle of one.
  class Lease;
  [[nodiscard]] Result<Lease> use() const;

 private:
  std::shared_ptr<detail::TransactionState> state_;
};

class Transaction::Lease {
 public:
  Lease(std::shared_ptr<detail::TransactionState> state);
  Lease(Lease&&) noexcept;
  Lease& operator=(Lease&&) noexcept;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease();
  [[nodiscard]] Connector& connector() const;

 private:
  std::shared_ptr<detail::TransactionState> state_;
};

// What every Model operation accepts beside its arguments (LoopBack's `options`).
struct Options {
  Options() = default;
  // Options{&transaction}: the common case (implicit, so that {&transaction} reads as Options).
  Options(const Transaction* in_transaction) : transaction(in_transaction) {}

  // Run the operation inside this transaction (of the model's data source: another
  // data source's transaction is a 400).
  const Transaction* transaction = nullptr;
  // false skips validation (LoopBack's {validate: false}); unset lets the operation and
  // the model's settings (validateUpsert) decide.
  std::optional<bool> validate;
  // Whatever the caller wants observers and validators to see (LoopBack hands its whole
  // options object to hooks: an access token, a request id). lb itself never reads it.
  const Object* context = nullptr;
};

}  // namespace lb
