// Where src/dao gets a private, empty in-memory store for work that needs the query
// engine on rows that live nowhere else (the items of an embedsMany relation). The
// layer that owns the connectors (src/app) sets the factory; src/dao names none.
#pragma once

#include <functional>
#include <memory>

#include "lb/connector.hpp"
#include "lb/result.hpp"

namespace lb::dao {

using ScratchConnectorFactory = std::function<Result<std::unique_ptr<Connector>>(const ConnectorConfig&)>;

void set_scratch_connector_factory(ScratchConnectorFactory factory);
// A new store; a 500 when no factory was set (no App in the process).
[[nodiscard]] Result<std::unique_ptr<Connector>> make_scratch_connector(const ConnectorConfig& config);

}  // namespace lb::dao
