// Loads an application directory's model definitions into a Registry, for the `lb`
// command line. Understands LoopBack 3's layout (common/models, server/models) and the
// flat one (models/). Full application boot (data sources, model-config) comes with
// lb::App.
#pragma once

#include <filesystem>

#include "lb/registry.hpp"
#include "lb/result.hpp"

namespace lb::cli {

[[nodiscard]] Status load_models(const std::filesystem::path& app_dir, Registry& registry);

}  // namespace lb::cli
