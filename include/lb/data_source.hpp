// lb::DataSource: a named connection (datasources.json's entry) and the connector
// behind it. Models attached to it store their rows through that connector.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lb/connector.hpp"
#include "lb/transaction.hpp"
#include "lb/value.hpp"

namespace lb {

class DataSource {
 public:
  // Takes ownership of the connector. `settings` is the data source's JSON entry.
  DataSource(std::string name, Value settings, std::unique_ptr<Connector> connector);

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const Value& settings() const { return settings_; }
  [[nodiscard]] Connector& connector() const { return *connector_; }

  // One PersistedModel operation (LoopBack's method name) and whether this data
  // source's connector supports it.
  struct Operation {
    std::string name;
    bool enabled = true;
  };
  // Every operation of the PersistedModel API, in a fixed order; the ones that need a
  // capability the connector lacks are listed with enabled = false.
  [[nodiscard]] std::vector<Operation> operations() const;
  [[nodiscard]] bool supports(std::string_view operation) const;

  // Opens a transaction on the connector (400 "Transaction is not supported" when it
  // has none); pass it in Options to the operations that should run inside it.
  [[nodiscard]] Result<Transaction> begin_transaction(const TransactionOptions& options = {});

  // LoopBack's schema and discovery calls, passed to the connector (connector.hpp).
  Status automigrate(const ModelDefinition& model) { return connector_->automigrate(model); }
  Status autoupdate(const ModelDefinition& model) { return connector_->autoupdate(model); }
  [[nodiscard]] Result<bool> is_actual(const ModelDefinition& model) { return connector_->is_actual(model); }
  [[nodiscard]] Result<Array> discover_model_definitions(const Value& options = Value(Object())) {
    return connector_->discover_model_definitions(options);
  }
  [[nodiscard]] Result<Object> discover_schemas(std::string_view table, const Value& options = Value(Object())) {
    return connector_->discover_schemas(table, options);
  }

 private:
  std::string name_;
  Value settings_;
  std::unique_ptr<Connector> connector_;
};

}  // namespace lb
