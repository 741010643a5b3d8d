// The registry of connector factories by name. "memory" is built in; SQL connector
// libraries register theirs, so src/ never names them.
#include <fmt/format.h>

#include <map>
#include <mutex>
#include <string>

#include "lb/connector.hpp"
#include "memory/memory_connector.hpp"

namespace lb {
namespace {

struct Factories {
  std::mutex mutex;
  std::map<std::string, ConnectorFactory, std::less<>> by_name;
};

Factories& factories() {
  static Factories* instance = [] {
    auto* created = new Factories;  // never destroyed: usable from static destructors
    created->by_name.emplace("memory", [](const ConnectorConfig& config) {
      return memory::make_memory_connector(config);
    });
    return created;
  }();
  return *instance;
}

}  // namespace

void register_connector(std::string name, ConnectorFactory factory) {
  Factories& all = factories();
  std::lock_guard lock(all.mutex);
  all.by_name.insert_or_assign(std::move(name), std::move(factory));
}

Result<std::unique_ptr<Connector>> make_connector(std::string_view name, const ConnectorConfig& config) {
  std::string_view key = name;
  constexpr std::string_view kPackagePrefix = "loopback-connector-";
  if (key.substr(0, kPackagePrefix.size()) == kPackagePrefix) key.remove_prefix(kPackagePrefix.size());
  ConnectorFactory factory;
  {
    Factories& all = factories();
    std::lock_guard lock(all.mutex);
    auto it = all.by_name.find(key);
    if (it == all.by_name.end()) {
      return Error(ErrorCode::InvalidDefinition,
                   fmt::format("data source \"{}\": unknown connector \"{}\"", config.data_source, name));
    }
    factory = it->second;
  }
  return factory(config);
}

}  // namespace lb
