// Model definition discovery (loopback-boot's findModelDefinitions and its
// default model names).
#include "boot/model_sources.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <system_error>

#include "boot/config_file.hpp"

namespace lb::boot {
namespace fs = std::filesystem;
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// lodash's words(): runs of letters and digits, split where lower case meets upper
// case ("orderItem") and before the last capital of an acronym ("XMLHttp").
std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) out.push_back(std::move(word));
    word.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!is_upper(c) && !is_lower(c) && !is_digit(c)) {
      flush();
      continue;
    }
    if (!word.empty() && is_upper(c)) {
      const char prev = word.back();
      const bool next_lower = i + 1 < text.size() && is_lower(text[i + 1]);
      if (is_lower(prev) || is_digit(prev) || (is_upper(prev) && next_lower)) flush();
    }
    word.push_back(c);
  }
  flush();
  return out;
}

fs::path resolve_source(const fs::path& config_root, const std::string& source) {
  const fs::path path(source);
  if (path.is_absolute()) return path.lexically_normal();
  return (config_root / path).lexically_normal();
}

}  // namespace

std::string model_name_from_file(const std::string& stem) {
  std::string name;
  for (auto word : words(stem)) {
    for (auto& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    name += word;
  }
  return name;
}

std::string display_path(const fs::path& app_dir, const fs::path& path) {
  const fs::path relative = path.lexically_normal().lexically_relative(app_dir.lexically_normal());
  if (relative.empty() || *relative.begin() == "..") return path.lexically_normal().generic_string();
  if (relative == ".") return ".";
  return relative.generic_string();
}

Result<ModelSources> find_model_files(const fs::path& app_dir, const fs::path& config_root,
                                      const std::vector<std::string>& sources) {
  ModelSources found;
  std::error_code ec;
  for (const auto& source : sources) {
    const fs::path dir = resolve_source(config_root, source);
    if (!fs::is_directory(dir, ec)) continue;
    const std::string dir_label = display_path(app_dir, dir);
    if (std::find(found.searched.begin(), found.searched.end(), dir_label) != found.searched.end())
      continue;
    found.searched.push_back(dir_label);

    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string file_name = entry.path().filename().string();
      if (entry.path().extension() == ".json" && !file_name.starts_with("_") &&
          entry.is_regular_file(ec))
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      const std::string label = display_path(app_dir, file);
      auto json = read_json_file(file, label);
      if (!json) return std::move(json).error();
      if (!json->is_object())
        return Error(ErrorCode::InvalidDefinition, fmt::format("{}: expected a JSON object", label));
      Object& definition = json->as_object();
      const Value* name_value = definition.find("name");
      std::string name;
      if (name_value && name_value->is_string() && !name_value->as_string().empty()) {
        name = name_value->as_string();
      } else if (!name_value || name_value->is_null() || name_value->is_string()) {
        // Absent, null or "": loopback-boot names the model after its file.
        name = model_name_from_file(file.stem().string());
        definition.insert_or_assign("name", Value(name));
      } else {
        return Error(ErrorCode::InvalidDefinition,
                     fmt::format("{}: name: expected a non-empty string", label));
      }
      ModelFile model{name, std::move(*json), label};
      auto same = std::find_if(found.files.begin(), found.files.end(),
                               [&](const ModelFile& f) { return f.name == name; });
      if (same != found.files.end()) *same = std::move(model);
      else found.files.push_back(std::move(model));
    }
  }
  return found;
}

}  // namespace lb::boot
