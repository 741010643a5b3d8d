// Reads every models/*.json of an application directory into a Registry, bases first.
#include "cli/model_loader.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "lb/json.hpp"

namespace lb::cli {

Status load_models(const std::filesystem::path& app_dir, Registry& registry) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(app_dir, ec))
    return Error(ErrorCode::InvalidInput, "application directory not found: " + app_dir.string());
  std::vector<fs::path> files;
  for (const char* sub : {"models", "common/models", "server/models"}) {
    const fs::path dir = app_dir / sub;
    if (!fs::is_directory(dir, ec)) continue;
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::pair<Value, std::string>> definitions;
  for (const auto& file : files) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    auto json = parse_json(text.str());
    if (!json) return Error(ErrorCode::InvalidDefinition, file.string() + ": " + json.error().message());
    definitions.emplace_back(std::move(*json), file.string());
  }
  auto defined = registry.define_all(definitions);
  if (!defined) return defined.error();
  return {};
}

}  // namespace lb::cli
