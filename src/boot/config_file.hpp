// Reads an application's JSON configuration files: one file, or a named configuration
// with its environment overrides (datasources.json + datasources.local.json +
// datasources.<env>.json), as loopback-boot finds and merges them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb::boot {

// The parsed file; 404 when it cannot be read, 400 when it is not JSON. Errors start
// with `label` (the path as the user should see it).
[[nodiscard]] Result<Value> read_json_file(const std::filesystem::path& file, std::string_view label);

// A named configuration in `dir`: `<name>.json`, then `<name>.local.json`, then
// `<name>.<env>.json` merged over it (config_merge.hpp). Only JSON files are read;
// loopback-boot would also run `.js` variants. nullopt when `<name>.json` is absent
// (the overrides are then ignored, as loopback-boot does). Each file must hold a JSON
// object. `label_dir` is how `dir` appears in messages ("server/" or "").
struct NamedConfig {
  Value merged;       // an Object
  std::string label;  // the main file as shown in messages
};
[[nodiscard]] Result<std::optional<NamedConfig>> load_named_config(const std::filesystem::path& dir,
                                                                   std::string_view label_dir,
                                                                   std::string_view name,
                                                                   std::string_view env);

}  // namespace lb::boot
