// CountingConnector (see counting_connector.hpp): every call passes to the wrapped
// connector; the reads are counted on the way.
#include "support/counting_connector.hpp"

namespace lb::testing {
namespace {

class CountingConnector final : public Connector {
 public:
  CountingConnector(std::unique_ptr<Connector> inner, QueryCounts& counts)
      : inner_(std::move(inner)), counts_(counts) {}
  std::string_view name() const override { return inner_->name(); }
  ConnectorCapabilities capabilities() const override { return inner_->capabilities(); }
  Status define(const ModelDefinition& m) override { return inner_->define(m); }
  Result<Object> create(const ModelDefinition& m, Object row) override { return inner_->create(m, std::move(row)); }
  Result<std::vector<Record>> create_all(const ModelDefinition& m, std::vector<Object> rows) override {
    return inner_->create_all(m, std::move(rows));
  }
  Result<std::vector<Record>> find(const filter::Bound& f) override {
    ++counts_.queries;
    auto rows = inner_->find(f);
    if (rows) counts_.rows += static_cast<long>(rows->size());
    return rows;
  }
  Result<std::optional<Record>> find_by_id(const ModelDefinition& m, const Value& id) override {
    ++counts_.queries;
    auto row = inner_->find_by_id(m, id);
    if (row && *row) ++counts_.rows;
    return row;
  }
  Result<std::int64_t> count(const ModelDefinition& m, const filter::BoundWhere* w) override {
    ++counts_.queries;
    return inner_->count(m, w);
  }
  Result<std::int64_t> update_all(const ModelDefinition& m, const filter::BoundWhere* w, const Object& d) override {
    return inner_->update_all(m, w, d);
  }
  Result<std::int64_t> delete_all(const ModelDefinition& m, const filter::BoundWhere* w) override {
    return inner_->delete_all(m, w);
  }
  Result<std::optional<Object>> update_by_id(const ModelDefinition& m, const Value& id, Object d,
                                             WriteMode mode) override {
    return inner_->update_by_id(m, id, std::move(d), mode);
  }
  Result<WriteOutcome> upsert(const ModelDefinition& m, Object row, WriteMode mode) override {
    return inner_->upsert(m, std::move(row), mode);
  }
  Result<WriteOutcome> find_or_create(const filter::Bound& f, Object row) override {
    return inner_->find_or_create(f, std::move(row));
  }
  Result<std::string> explain(const filter::Bound& f) override { return inner_->explain(f); }
  Result<std::unique_ptr<ConnectorTransaction>> begin_transaction(const TransactionOptions& options) override {
    return inner_->begin_transaction(options);
  }
  Status automigrate(const ModelDefinition& m) override { return inner_->automigrate(m); }
  Status autoupdate(const ModelDefinition& m) override { return inner_->autoupdate(m); }
  Result<bool> is_actual(const ModelDefinition& m) override { return inner_->is_actual(m); }

 private:
  std::unique_ptr<Connector> inner_;
  QueryCounts& counts_;
};

}  // namespace

void register_counting_connector(const std::string& inner, QueryCounts& counts) {
  register_connector("counting-" + inner,
                     [inner, &counts](const ConnectorConfig& config) -> Result<std::unique_ptr<Connector>> {
                       auto made = make_connector(inner, config);
                       if (!made) return made.error();
                       return std::unique_ptr<Connector>(
                           std::make_unique<CountingConnector>(std::move(made).value(), counts));
                     });
}

}  // namespace lb::testing
