// Finds an application's model definition files in model-config.json's
// `_meta.sources` directories, the way loopback-boot does.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb::boot {

struct ModelFile {
  std::string name;  // the definition's name (set from the file name when absent)
  Value definition;  // the parsed JSON, with "name" filled in
  std::string label; // the file as shown in messages ("common/models/item.json")
};

struct ModelSources {
  // One per model name, in discovery order; a later source replaces an earlier
  // definition of the same name (server/models may override common/models).
  std::vector<ModelFile> files;
  // The source directories that exist, as shown in messages ("common/models").
  std::vector<std::string> searched;
};

// Reads every `*.json` file not starting with "_" in each source directory, in name
// order. A source is a path relative to `config_root` (the directory holding
// model-config.json) or absolute; sources that do not exist are skipped, as are
// module-relative ones ("loopback/common/models") that do not resolve against
// `config_root` (node_modules is not searched). Labels are relative to `app_dir`.
// 400 naming the file for malformed JSON or a definition that is not an object.
[[nodiscard]] Result<ModelSources> find_model_files(const std::filesystem::path& app_dir,
                                                    const std::filesystem::path& config_root,
                                                    const std::vector<std::string>& sources);

// loopback-boot's default model name for a file without "name": the base name in
// PascalCase ("order-item" -> "OrderItem", "item" -> "Item").
[[nodiscard]] std::string model_name_from_file(const std::string& stem);

// How `path` appears in messages: relative to `app_dir` when inside it.
[[nodiscard]] std::string display_path(const std::filesystem::path& app_dir,
                                       const std::filesystem::path& path);

}  // namespace lb::boot
