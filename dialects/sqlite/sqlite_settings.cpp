// SqliteSettings::from_config: the sqlite3 data source settings, checked.
#include "sqlite/sqlite_settings.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

namespace lb::sqlite {

Result<SqliteSettings> SqliteSettings::from_config(const ConnectorConfig& config) {
  SqliteSettings settings;
  const Value* file = config.settings.is_object() ? config.settings.find("file") : nullptr;
  if (file && !file->is_null()) {
    const std::string* path = file->if_string();
    if (!path || path->empty()) {
      return invalid_input(fmt::format("data source {}: settings.file: expected a file path or \":memory:\"",
                                       config.data_source));
    }
    if (*path != ":memory:") {
      std::filesystem::path resolved(*path);
      if (resolved.is_relative() && !config.base_dir.empty()) resolved = config.base_dir / resolved;
      settings.file = resolved.string();
    }
  }
  const Value* timeout = config.settings.is_object() ? config.settings.find("busyTimeout") : nullptr;
  if (timeout && !timeout->is_null()) {
    if (!timeout->is_number() || !std::isfinite(timeout->as_double()) || timeout->as_double() < 0 ||
        timeout->as_double() > 2147483647.0) {
      return invalid_input(fmt::format("data source {}: settings.busyTimeout: expected a number of milliseconds "
                                       "from 0 to 2147483647",
                                       config.data_source));
    }
    settings.busy_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout->as_double()));
  }
  return settings;
}

}  // namespace lb::sqlite
