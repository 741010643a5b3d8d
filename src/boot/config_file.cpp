// Reading configuration files and layering their environment overrides
// (loopback-boot's findConfigFiles / loadNamed).
#include "boot/config_file.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <system_error>

#include "boot/config_merge.hpp"
#include "lb/json.hpp"

namespace lb::boot {
namespace fs = std::filesystem;

Result<Value> read_json_file(const fs::path& file, std::string_view label) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return not_found(fmt::format("{}: cannot read the file", label));
  std::stringstream text;
  text << in.rdbuf();
  auto json = parse_json(text.str());
  if (!json) return Error(ErrorCode::InvalidDefinition, fmt::format("{}: {}", label, json.error().message()));
  return std::move(*json);
}

Result<std::optional<NamedConfig>> load_named_config(const fs::path& dir, std::string_view label_dir,
                                                     std::string_view name, std::string_view env) {
  std::error_code ec;
  const std::string main_name = fmt::format("{}.json", name);
  if (!fs::is_regular_file(dir / main_name, ec)) return std::optional<NamedConfig>{};
  NamedConfig config{Value(Object{}), fmt::format("{}{}", label_dir, main_name)};
  auto main = read_json_file(dir / main_name, config.label);
  if (!main) return std::move(main).error();
  if (!main->is_object())
    return Error(ErrorCode::InvalidDefinition, fmt::format("{}: expected a JSON object", config.label));
  config.merged = std::move(*main);

  std::vector<std::string> overrides{fmt::format("{}.local.json", name)};
  if (!env.empty() && env != "local") overrides.push_back(fmt::format("{}.{}.json", name, env));
  for (const auto& file : overrides) {
    if (!fs::is_regular_file(dir / file, ec)) continue;
    const std::string label = fmt::format("{}{}", label_dir, file);
    auto layer = read_json_file(dir / file, label);
    if (!layer) return std::move(layer).error();
    if (Status merged = merge_config(config.merged, *layer, label); !merged) return merged.error();
  }
  return std::optional<NamedConfig>(std::move(config));
}

}  // namespace lb::boot
