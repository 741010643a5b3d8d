// Table: id generation, unique checks, index maintenance and memory estimates.
#include "memory/store/table.hpp"

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace lb::memory {
namespace {

Error duplicate_entry(const std::string& model, const std::string& what) {
  return Error(ErrorCode::Conflict, fmt::format("Duplicate entry for {}.{}", model, what));
}

// LoopBack moves its counter past a given numeric id; other ids leave it to count on.
std::optional<std::int64_t> numeric_id(const Value& id) {
  if (id.is_integer()) return id.as_integer();
  if (id.is_double()) {
    double d = id.as_double();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

}  // namespace

Result<std::unique_ptr<Table>> Table::create(const ModelDefinition& model) {
  auto schema = Schema::build(model);
  if (!schema) return std::move(schema).error();
  std::unique_ptr<Table> table(new Table(std::move(*schema)));
  table->build_indexes();
  return table;
}

void Table::build_indexes() {
  for (const IndexDefinition& definition : model().indexes) {
    std::vector<std::string> keys;
    std::vector<std::size_t> slots;
    bool usable = !definition.keys.empty();
    for (const auto& [key, direction] : definition.keys) {
      auto slot = schema_.slot_of(key);
      if (!slot) {
        usable = false;  // a nested path or an undefined property: nothing to index by
        break;
      }
      keys.push_back(key);
      slots.push_back(*slot);
    }
    if (!usable) continue;
    if (slots.size() == 1 && schema_.slot_property(slots[0]).type.kind == PropertyType::Kind::GeoPoint) {
      geo_.push_back(std::make_unique<GeoIndex>(keys[0], slots[0]));
      continue;
    }
    indexes_.push_back(std::make_unique<SecondaryIndex>(definition.name, std::move(keys),
                                                        std::move(slots), definition.unique));
  }
}

const EncodedRow* Table::find(ValueView id) const {
  auto it = rows_.find(id, IdLess{});
  return it == rows_.end() ? nullptr : &*it;
}

const EncodedRow* Table::find(const Value& id) const {
  std::string encoded;
  encode_value(id, encoded);
  return find(ValueView(reinterpret_cast<const std::uint8_t*>(encoded.data())));
}

Value Table::generated_id() const {
  // LoopBack converts the counter with the id property's type: "1" for a String id.
  if (schema_.id_property().type.kind == PropertyType::Kind::String) return Value(std::to_string(next_id_));
  return Value(static_cast<long long>(next_id_));
}

Status Table::check_unique(const EncodedRow& row, const EncodedRow* self) const {
  for (const auto& index : indexes_) {
    if (index->conflict(row, self)) {
      std::string keys;
      for (const std::string& key : index->keys()) keys += (keys.empty() ? "" : ",") + key;
      return duplicate_entry(schema_.model_name(), keys);
    }
  }
  return {};
}

void Table::index_insert(const EncodedRow* row) {
  for (const auto& index : indexes_) index->insert(row);
  for (const auto& geo : geo_) geo->insert(row);
}

void Table::index_erase(const EncodedRow* row) {
  for (const auto& index : indexes_) index->erase(row);
  for (const auto& geo : geo_) geo->erase(row);
}

Result<const EncodedRow*> Table::insert(Object row) {
  const std::string& id_name = schema_.id_name();
  Value* id = row.find(id_name);
  if (!id || id->is_null()) {
    row.insert_or_assign(id_name, generated_id());
    id = row.find(id_name);
  }
  std::int64_t next = next_id_;
  if (auto number = numeric_id(*id); number && *number > next) next = *number;
  ++next;

  EncodedRow encoded = encode_row(schema_, row);
  if (find(encoded.id())) return duplicate_entry(schema_.model_name(), id_name);
  if (auto status = check_unique(encoded, nullptr); !status) return status.error();
  auto [it, inserted] = rows_.insert(std::move(encoded));
  (void)inserted;
  index_insert(&*it);
  next_id_ = next;
  return &*it;
}

Status Table::replace(const EncodedRow* row, const Object& content) {
  Object with_id = content;
  with_id.insert_or_assign(schema_.id_name(), row->id().to_value());
  EncodedRow encoded = encode_row(schema_, with_id);
  if (auto status = check_unique(encoded, row); !status) return status;
  auto it = rows_.find(row->id(), IdLess{});
  index_erase(row);
  // The id is unchanged, so the row keeps its place (and its address) in the id index.
  rows_.modify(it, [&](EncodedRow& stored) { stored = std::move(encoded); });
  index_insert(row);
  return {};
}

void Table::erase(const EncodedRow* row) {
  index_erase(row);
  rows_.erase(rows_.find(row->id(), IdLess{}));
}

void Table::clear() {
  for (const auto& index : indexes_) index->clear();
  for (const auto& geo : geo_) geo->clear();
  rows_.clear();
}

std::size_t raw_value_size(ValueView value) {
  switch (value.tag()) {
    case Tag::Absent:
    case Tag::Null:
      return 0;
    case Tag::False:
    case Tag::True:
      return 1;
    case Tag::Integer:
    case Tag::Number:
    case Tag::Date:
      return 8;
    case Tag::GeoPoint:
      return 16;
    case Tag::String:
    case Tag::Buffer:
      return value.as_string().size();
    case Tag::Array: {
      std::size_t size = 0;
      value.for_each_element([&](ValueView element) {
        size += raw_value_size(element);
        return true;
      });
      return size;
    }
    case Tag::Object: {
      std::size_t size = 0;
      value.for_each_member([&](std::string_view key, ValueView member) {
        size += key.size() + raw_value_size(member);
        return true;
      });
      return size;
    }
  }
  return 0;
}

MemoryUsage Table::memory_usage() const {
  MemoryUsage usage;
  usage.rows = rows_.size();
  // An id index node: the EncodedRow (one pointer) plus parent/colour, left, right.
  const std::size_t node = allocation_size(sizeof(EncodedRow) + 3 * sizeof(void*));
  for (const EncodedRow& row : rows_) {
    usage.row_bytes += node + allocation_size(row.allocated_bytes());
    const std::uint8_t* p = row.body();
    for (std::size_t slot = 0; slot <= schema_.slot_count(); ++slot) {
      ValueView value(p);
      usage.value_bytes += raw_value_size(value);
      p = value.end();
    }
  }
  for (const auto& index : indexes_) usage.index_bytes += index->memory_usage();
  for (const auto& geo : geo_) usage.index_bytes += geo->memory_usage();
  return usage;
}

}  // namespace lb::memory
