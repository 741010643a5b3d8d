// A model over a connector that stores nothing: counts answer what the test sets and
// record the where clause they were given, so uniqueness queries can be pinned without
// a real store (conformance/validations.json runs them on memory, SQLite, PostgreSQL).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "dao/validation/rule.hpp"
#include "lb/data_source.hpp"
#include "lb/filter/bound.hpp"
#include "lb/json.hpp"
#include "lb/model.hpp"
#include "lb/registry.hpp"
#include "lb/validation.hpp"

namespace lb::testing {

class CountingConnector : public Connector {
 public:
  std::int64_t answer = 0;           // what count() returns
  std::vector<std::string> queries;  // each count's where, printed
  bool fail = false;                 // count() fails with a 503

  std::string_view name() const override { return "counting"; }
  ConnectorCapabilities capabilities() const override { return {}; }
  Status define(const ModelDefinition&) override { return {}; }
  Result<Object> create(const ModelDefinition&, Object) override { return refuse(); }
  Result<std::vector<Record>> create_all(const ModelDefinition&, std::vector<Object>) override { return refuse(); }
  Result<std::vector<Record>> find(const filter::Bound&) override { return refuse(); }
  Result<std::optional<Record>> find_by_id(const ModelDefinition&, const Value&) override { return refuse(); }
  Result<std::int64_t> count(const ModelDefinition&, const filter::BoundWhere* where) override {
    if (fail) return Error(ErrorCode::Unavailable, "the store is down");
    queries.push_back(where ? filter::to_string(*where) : "(all)");
    return answer;
  }
  Result<std::int64_t> update_all(const ModelDefinition&, const filter::BoundWhere*, const Object&) override {
    return refuse();
  }
  Result<std::int64_t> delete_all(const ModelDefinition&, const filter::BoundWhere*) override { return refuse(); }
  Result<std::optional<Object>> update_by_id(const ModelDefinition&, const Value&, Object, WriteMode) override {
    return refuse();
  }
  Result<WriteOutcome> upsert(const ModelDefinition&, Object, WriteMode) override { return refuse(); }
  Result<WriteOutcome> find_or_create(const filter::Bound&, Object) override { return refuse(); }
  Result<std::string> explain(const filter::Bound&) override { return refuse(); }

 private:
  static Error refuse() { return internal_error("the counting connector only counts"); }
};

class ValidationTest : public ::testing::Test {
 protected:
  ValidationTest() {
    auto connector = std::make_unique<CountingConnector>();
    connector_ = connector.get();
    data_source_ = std::make_unique<DataSource>("db", Value(Object{}), std::move(connector));
  }

  // Defines the model (LoopBack JSON) and attaches it; the test fails when it cannot.
  Model& define(const char* definition) {
    auto defined = registry_.define(parse_json(definition).value());
    EXPECT_TRUE(defined.has_value()) << (defined ? "" : defined.error().message());
    models_.push_back(std::make_unique<Model>(**defined, registry_, *data_source_));
    return *models_.back();
  }

  static Instance fresh(Model& model, const char* data) {
    return Instance(model, parse_json(data).value().as_object(), /*persisted=*/false);
  }
  static Instance stored(Model& model, const char* data) {
    return Instance(model, parse_json(data).value().as_object(), /*persisted=*/true);
  }

  // The ValidationError's details.codes as JSON, "" when valid, the message of any other error.
  static std::string codes(const Instance& instance, const Options& options = {}) {
    auto status = instance.validate(options);
    if (status) return "";
    if (status.error().name() != "ValidationError") return "error: " + status.error().message();
    return to_json(*status.error().details().as_object().find("codes"));
  }
  static std::string message(const Instance& instance) {
    auto status = instance.validate();
    return status ? "" : status.error().message();
  }

  Registry registry_;
  CountingConnector* connector_ = nullptr;
  std::unique_ptr<DataSource> data_source_;
  std::vector<std::unique_ptr<Model>> models_;
};

}  // namespace lb::testing
