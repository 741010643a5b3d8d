// App::boot: reads a LoopBack 3 application directory (or the flat layout) the way
// loopback-boot does: data sources, model definitions from model-config.json's
// sources, then each configured model attached to its data source. docs/boot.md.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

#include "boot/config_file.hpp"
#include "boot/config_variables.hpp"
#include "boot/model_sources.hpp"
#include "lb/app.hpp"

namespace lb {
namespace {
namespace fs = std::filesystem;

// Where an application keeps its configuration: LoopBack 3 puts it under server/,
// the flat layout in the application directory itself.
struct Layout {
  fs::path config_root;
  std::string label_dir;                     // "server/" or ""
  std::vector<std::string> default_sources;  // when model-config.json has no _meta.sources
};

Layout find_layout(const fs::path& app_dir) {
  std::error_code ec;
  const fs::path server = app_dir / "server";
  if (fs::is_regular_file(server / "datasources.json", ec) ||
      fs::is_regular_file(server / "model-config.json", ec))
    return {server, "server/", {"../common/models", "./models"}};
  return {app_dir, "", {"./models"}};
}

// LoopBack's built-in models (loopback/lib/builtin-models.js). A model-config.json
// entry naming one that the application does not define itself is skipped: the
// built-in models come with src/access.
bool is_loopback_builtin(std::string_view name) {
  static constexpr std::array<std::string_view, 11> kBuiltins{
      "AccessToken", "ACL", "Application", "Change", "Checkpoint", "Email",
      "KeyValueModel", "Role", "RoleMapping", "Scope", "User"};
  return std::find(kBuiltins.begin(), kBuiltins.end(), name) != kBuiltins.end();
}

Error config_error(std::string_view label, const std::string& message) {
  return Error(ErrorCode::InvalidDefinition, fmt::format("{}: {}", label, message));
}

// Prefixes an error from a lower layer with the file and the entry it arose from
// (unless the message names the entry already), keeping its code.
Error located(const Error& error, std::string_view file, const std::string& entry) {
  const std::string message = error.message().starts_with(entry)
                                  ? fmt::format("{}: {}", file, error.message())
                                  : fmt::format("{}: {}: {}", file, entry, error.message());
  Error out(error.code(), message, error.name(), error.details());
  if (!error.loopback_code().empty()) out.with_loopback_code(error.loopback_code());
  return out;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

// model-config.json's `_meta.sources`, or the layout's default.
Result<std::vector<std::string>> model_sources(const Object& model_config, const std::string& label,
                                               const Layout& layout) {
  const Value* meta = model_config.find("_meta");
  if (!meta || meta->is_null()) return layout.default_sources;
  if (!meta->is_object()) return config_error(label, "_meta: expected an object");
  const Value* sources = meta->find("sources");
  if (!sources || sources->is_null()) return layout.default_sources;
  if (!sources->is_array()) return config_error(label, "_meta.sources: expected an array of directories");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < sources->as_array().size(); ++i) {
    const Value& source = sources->as_array()[i];
    if (!source.is_string())
      return config_error(label, fmt::format("_meta.sources[{}]: expected a directory name", i));
    out.push_back(source.as_string());
  }
  return out;
}

// One model-config.json entry, checked.
struct ModelEntry {
  std::string model;
  std::string data_source;  // empty: not attached ("dataSource": null, false or absent)
};

Result<std::vector<ModelEntry>> model_entries(const Object& model_config, const std::string& label) {
  std::vector<ModelEntry> entries;
  for (const auto& [name, entry] : model_config) {
    if (name == "_meta") continue;
    if (!entry.is_object())
      return config_error(label, fmt::format("model \"{}\": expected an object such as "
                                             "{{\"dataSource\": \"db\"}}", name));
    const Object& settings = entry.as_object();
    const Value* options = settings.find("options");
    auto has = [](const Value* object, std::string_view key) {
      return object && object->is_object() && object->find(key) != nullptr;
    };
    if (settings.contains("properties") || settings.contains("base") || settings.contains("plural") ||
        has(options, "base") || has(options, "plural"))
      return config_error(label, fmt::format("model \"{}\": the data is in the unsupported "
                                             "LoopBack 1.x format (properties, base and plural "
                                             "belong in the model definition file)", name));
    ModelEntry checked{name, {}};
    if (const Value* data_source = settings.find("dataSource")) {
      if (data_source->is_string()) {
        checked.data_source = data_source->as_string();
      } else if (!data_source->is_null() && !(data_source->is_bool() && !data_source->as_bool())) {
        return config_error(label, fmt::format("model \"{}\": dataSource: expected a data source "
                                               "name, or null", name));
      }
    }
    entries.push_back(std::move(checked));
  }
  return entries;
}

std::string node_env() {
  auto env = boot::environment_variable("NODE_ENV");
  return env && !env->empty() ? *env : "development";
}

}  // namespace

Result<App> App::boot(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return not_found(fmt::format("application directory not found: {}", dir.string()));
  const Layout layout = find_layout(dir);
  const std::string env = node_env();

  auto data_sources = boot::load_named_config(layout.config_root, layout.label_dir, "datasources", env);
  if (!data_sources) return std::move(data_sources).error();
  if (!*data_sources)
    return not_found(fmt::format("{}: no datasources.json (looked in {} and {})", dir.string(),
                                 (dir / "server").string(), dir.string()));

  auto model_config = boot::load_named_config(layout.config_root, layout.label_dir, "model-config", env);
  if (!model_config) return std::move(model_config).error();
  const std::string config_label =
      *model_config ? (*model_config)->label : layout.label_dir + "model-config.json";
  const Object no_models;
  const Object& models = *model_config ? (*model_config)->merged.as_object() : no_models;

  auto sources = model_sources(models, config_label, layout);
  if (!sources) return std::move(sources).error();
  auto entries = model_entries(models, config_label);
  if (!entries) return std::move(entries).error();
  auto files = boot::find_model_files(dir, layout.config_root, *sources);
  if (!files) return std::move(files).error();

  App app;
  std::vector<std::pair<Value, std::string>> definitions;
  definitions.reserve(files->files.size());
  for (auto& file : files->files) definitions.emplace_back(std::move(file.definition), file.label);
  if (auto defined = app.registry().define_all(definitions); !defined) return std::move(defined).error();
  if (Status references = app.registry().validate_references(); !references) return references.error();

  // Every configured model must exist before anything is attached.
  for (const auto& entry : *entries) {
    if (app.registry().find(entry.model) || is_loopback_builtin(entry.model)) continue;
    const std::string looked_in = files->searched.empty()
                                      ? fmt::format("no model source directory exists: {}", join(*sources))
                                      : fmt::format("looked in {}", join(files->searched));
    return not_found(fmt::format("{}: model \"{}\" is not defined ({})", config_label, entry.model,
                                 looked_in));
  }

  const std::string& sources_label = (*data_sources)->label;
  for (const auto& [name, settings] : (*data_sources)->merged.as_object()) {
    if (!settings.is_object())
      return config_error(sources_label, fmt::format("data source \"{}\": expected an object such as "
                                                     "{{\"connector\": \"memory\"}}", name));
    const Value resolved = boot::resolve_variables(settings, boot::environment_variable);
    auto added = app.add_data_source(name, resolved, dir);
    if (!added)
      return located(added.error(), sources_label, fmt::format("data source \"{}\"", name));
  }

  for (const auto& entry : *entries) {
    if (entry.data_source.empty()) continue;
    if (!app.registry().find(entry.model)) continue;  // a LoopBack built-in not defined yet
    if (!app.find_data_source(entry.data_source))
      return not_found(fmt::format("{}: model \"{}\" is referencing a data source that does not "
                                   "exist: \"{}\"", config_label, entry.model, entry.data_source));
    auto attached = app.attach(entry.model, entry.data_source);
    if (!attached) return located(attached.error(), config_label, fmt::format("model \"{}\"", entry.model));
  }
  return app;
}

}  // namespace lb
