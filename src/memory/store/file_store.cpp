// FileStore: reading and atomically rewriting the memory connector's file.
#include "memory/store/file_store.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "lb/date.hpp"
#include "lb/json.hpp"

namespace lb::memory {
namespace {

Error file_error(const std::filesystem::path& file, const std::string& what) {
  return Error(ErrorCode::InvalidDefinition, fmt::format("memory file {}: {}", file.string(), what));
}

}  // namespace

Value from_stored_json(Value value, const PropertyType& type) {
  using Kind = PropertyType::Kind;
  switch (type.kind) {
    case Kind::Date:
      if (const std::string* text = value.if_string()) {
        if (auto date = parse_iso8601(*text)) return Value(*date);
      } else if (value.is_number()) {
        return Value(Date{static_cast<std::int64_t>(value.as_double())});
      }
      return value;
    case Kind::GeoPoint:
      if (value.is_object()) {
        const Value* lat = value.find("lat");
        const Value* lng = value.find("lng");
        if (lat && lng && lat->is_number() && lng->is_number()) {
          return Value(GeoPoint{lat->as_double(), lng->as_double()});
        }
      }
      return value;
    case Kind::Buffer:
      if (value.is_object()) {
        const Value* data = value.find("data");
        if (data && data->is_array()) {
          Buffer buffer;
          for (const Value& byte : data->as_array()) {
            if (!byte.is_integer()) return value;
            buffer.bytes.push_back(static_cast<std::uint8_t>(byte.as_integer()));
          }
          return Value(std::move(buffer));
        }
      }
      return value;
    case Kind::Array:
      if (value.is_array() && type.element) {
        for (Value& element : value.as_array()) element = from_stored_json(std::move(element), *type.element);
      }
      return value;
    case Kind::Object:
      if (value.is_object() && type.nested) {
        for (auto& [key, member] : value.as_object()) {
          if (const PropertyDefinition* property = type.nested->property(key)) {
            member = from_stored_json(std::move(member), property->type);
          }
        }
      }
      return value;
    default:
      return value;
  }
}

std::string id_key(const Value& id) {
  if (const std::string* text = id.if_string()) return *text;
  return id.to_json();
}

Result<std::unique_ptr<FileStore>> FileStore::open(std::filesystem::path file) {
  std::unique_ptr<FileStore> store(new FileStore(std::move(file)));
  std::ifstream in(store->file_, std::ios::binary);
  if (!in) return store;  // no file yet: the first write creates it
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().empty()) return store;
  JsonLimits limits;
  limits.max_bytes = std::size_t{1} << 34;  // the whole data set lives in this one file
  auto parsed = parse_json(text.str(), limits);
  if (!parsed) return file_error(store->file_, parsed.error().message());
  if (!parsed->is_object()) return file_error(store->file_, "expected a JSON object");
  if (const Value* ids = parsed->find("ids"); ids && !ids->is_null()) {
    if (!ids->is_object()) return file_error(store->file_, "\"ids\" must be an object");
    store->ids_ = ids->as_object();
  }
  if (const Value* models = parsed->find("models"); models && !models->is_null()) {
    if (!models->is_object()) return file_error(store->file_, "\"models\" must be an object");
    store->models_ = models->as_object();
  }
  return store;
}

Result<FileStore::Section> FileStore::section(const ModelDefinition& model) const {
  std::lock_guard lock(mutex_);
  Section section;
  if (const Value* next = ids_.find(model.name); next && next->is_number()) {
    section.next_id = static_cast<std::int64_t>(next->as_double());
  }
  const Value* rows = models_.find(model.name);
  if (!rows || !rows->is_object()) return section;
  for (const auto& [key, text] : rows->as_object()) {
    // LoopBack stores each row as JSON text; older files may hold the object itself.
    Result<Value> row = text.is_string() ? parse_json(text.as_string()) : Result<Value>(text);
    if (!row || !row->is_object()) {
      return file_error(file_, fmt::format("models.{}.{}: expected a row as JSON object text", model.name, key));
    }
    Object converted = std::move(row->as_object());
    for (auto& [name, value] : converted) {
      if (const PropertyDefinition* property = model.property(name)) {
        value = from_stored_json(std::move(value), property->type);
      }
    }
    section.rows.push_back(std::move(converted));
  }
  return section;
}

Status FileStore::write_section(const std::string& model, std::int64_t next_id,
                                std::vector<std::pair<std::string, std::string>> rows) {
  std::lock_guard lock(mutex_);
  Object section;
  section.reserve(rows.size());
  for (auto& [key, text] : rows) section.push_back(std::move(key), Value(std::move(text)));
  ids_.insert_or_assign(model, Value(static_cast<long long>(next_id)));
  models_.insert_or_assign(model, Value(std::move(section)));
  Object document;
  document.push_back("ids", Value(ids_));
  document.push_back("models", Value(models_));
  return write_file(to_pretty_json(Value(std::move(document))));
}

Status FileStore::write_file(const std::string& text) const {
  auto unavailable = [&](const std::string& step) {
    return Error(ErrorCode::Unavailable,
                 fmt::format("memory file {}: {} failed: {}", file_.string(), step, std::strerror(errno)));
  };
  std::filesystem::path temp = file_;
  temp += fmt::format(".tmp-{}", static_cast<long>(::getpid()));
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return unavailable("open");
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      auto error = unavailable("write");
      ::close(fd);
      ::unlink(temp.c_str());
      return error;
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    auto error = unavailable("fsync");
    ::close(fd);
    ::unlink(temp.c_str());
    return error;
  }
  ::close(fd);
  if (::rename(temp.c_str(), file_.c_str()) != 0) {
    auto error = unavailable("rename");
    ::unlink(temp.c_str());
    return error;
  }
  return {};
}

}  // namespace lb::memory
