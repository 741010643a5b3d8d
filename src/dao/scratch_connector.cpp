// The scratch store factory (see scratch_connector.hpp).
#include "dao/scratch_connector.hpp"

#include <mutex>

namespace lb::dao {
namespace {

struct Factory {
  std::mutex mutex;
  ScratchConnectorFactory make;
};

Factory& factory() {
  static Factory* instance = new Factory;  // never destroyed: usable from static destructors
  return *instance;
}

}  // namespace

void set_scratch_connector_factory(ScratchConnectorFactory make) {
  std::lock_guard lock(factory().mutex);
  factory().make = std::move(make);
}

Result<std::unique_ptr<Connector>> make_scratch_connector(const ConnectorConfig& config) {
  ScratchConnectorFactory make;
  {
    std::lock_guard lock(factory().mutex);
    make = factory().make;
  }
  if (!make) return Error(ErrorCode::Internal, "no scratch store: create an lb::App first");
  return make(config);
}

}  // namespace lb::dao
