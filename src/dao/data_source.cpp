// DataSource: the connector's owner, and the list of operations it can serve.
#include "lb/data_source.hpp"

#include <utility>

namespace lb {

DataSource::DataSource(std::string name, Value settings, std::unique_ptr<Connector> connector)
    : name_(std::move(name)), settings_(std::move(settings)), connector_(std::move(connector)) {}

std::vector<DataSource::Operation> DataSource::operations() const {
  const ConnectorCapabilities caps = connector_->capabilities();
  // Every operation of the PersistedModel API is written once in src/dao over the
  // required connector calls, so only the capability-bound ones can be off.
  std::vector<Operation> list;
  for (const char* name :
       {"create", "upsert", "replaceOrCreate", "upsertWithWhere", "findOrCreate", "exists",
        "findById", "findByIds", "find", "findOne", "count", "updateAll", "deleteAll",
        "deleteById", "replaceById", "patchAttributes", "replaceAttributes", "import"}) {
    list.push_back({name, true});
  }
  list.push_back({"explain", caps.explain});
  list.push_back({"near", caps.geo_near});
  list.push_back({"regexp", caps.regexp});
  list.push_back({"beginTransaction", caps.transactions});
  return list;
}

bool DataSource::supports(std::string_view operation) const {
  for (const Operation& op : operations()) {
    if (op.name == operation) return op.enabled;
  }
  return false;
}

Result<Transaction> DataSource::begin_transaction(const TransactionOptions& options) {
  auto opened = connector_->begin_transaction(options);
  if (!opened) return opened.error();
  return Transaction(*this, std::move(opened).value(), options);
}

}  // namespace lb
