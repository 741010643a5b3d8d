// The in-memory connector: LoopBack's "memory" connector with indexes, a planner
// explain() describes, many-readers-or-one-writer tables, and the `file` setting.
// store/ holds rows, indexes and the file; plan/ chooses access paths; exec/ runs them.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "lb/connector.hpp"
#include "lb/result.hpp"
#include "memory/store/memory_usage.hpp"

namespace lb::memory {

// Settings read: "file" (a path, relative ones resolved against config.base_dir; the
// file is loaded as models are defined and rewritten after every change). 400 when
// "file" is not a string or the file is not LoopBack's format.
[[nodiscard]] Result<std::unique_ptr<Connector>> make_memory_connector(const ConnectorConfig& config);

// The estimated memory of a model's table in a connector made by make_memory_connector
// (nullopt for another connector or an undefined model): for benchmarks and reports.
[[nodiscard]] std::optional<MemoryUsage> memory_usage(const Connector& connector, std::string_view model);

}  // namespace lb::memory
