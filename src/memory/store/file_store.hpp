// FileStore: the memory connector's `file` setting, in LoopBack's memory-connector
// format, so a file written by either side loads in the other:
//   {"ids": {"Item": 4}, "models": {"Item": {"1": "<the row as JSON text>", ...}}}
// The whole file is rewritten after every change, atomically (a temporary file in the
// same directory, fsync, rename), so a crash leaves the old file or the new one.
// Sections of models this process never defines are kept as read. Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "lb/model_definition.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb::memory {

class FileStore {
 public:
  // Reads the file if it exists (a missing file is an empty store). 400 naming the
  // file when it is not valid JSON of the expected shape.
  [[nodiscard]] static Result<std::unique_ptr<FileStore>> open(std::filesystem::path file);

  [[nodiscard]] const std::filesystem::path& path() const { return file_; }

  struct Section {
    std::optional<std::int64_t> next_id;  // the "ids" entry
    std::vector<Object> rows;             // in file order, values converted to property types
  };
  // The model's rows as stored in the file. 400 naming the file and row when a row's
  // text is not a JSON object.
  [[nodiscard]] Result<Section> section(const ModelDefinition& model) const;

  // Replaces the model's section (rows: id key and row JSON text, in order) and
  // rewrites the file. 503 when the file cannot be written; the previous file stays.
  [[nodiscard]] Status write_section(const std::string& model, std::int64_t next_id,
                                     std::vector<std::pair<std::string, std::string>> rows);

 private:
  explicit FileStore(std::filesystem::path file) : file_(std::move(file)) {}
  [[nodiscard]] Status write_file(const std::string& text) const;

  std::filesystem::path file_;
  mutable std::mutex mutex_;
  Object ids_;
  Object models_;
};

// A JSON value read back from the file as a property of `type`: ISO strings to Date,
// {lat, lng} to GeoPoint, {"type":"Buffer","data":[...]} to Buffer, element-wise for
// arrays and member-wise for inline objects. Values that do not fit stay as read.
[[nodiscard]] Value from_stored_json(Value value, const PropertyType& type);

// The text of an id as a key of the file's "models" section ("1", "abc").
[[nodiscard]] std::string id_key(const Value& id);

}  // namespace lb::memory
