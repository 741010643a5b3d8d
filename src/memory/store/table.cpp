// Table: id generation, unique checks, index maintenance and memory estimates.
#include "memory/store/table.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <functional>
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

Table::Table(Schema schema)
    : serial_([] {
        static std::atomic<std::uint64_t> next{1};
        return next.fetch_add(1, std::memory_order_relaxed);
      }()),
      schema_(std::move(schema)) {}

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
    // A one-key index on a number property keeps its keys as numbers (counts and
    // ranges then search without reading rows).
    const bool number_keys =
        slots.size() == 1 && schema_.slot_property(slots[0]).type.kind == PropertyType::Kind::Number;
    indexes_.push_back(std::make_unique<SecondaryIndex>(definition.name, std::move(keys), std::move(slots),
                                                        definition.unique, number_keys));
  }
}

Row Table::find(ValueView id) const {
  return ids_.find(id);
}

Row Table::find(const Value& id) const {
  // The usual id (a number, a short string) is encoded on the stack.
  constexpr std::size_t kInline = 64;
  if (const std::size_t bound = scalar_size_bound(id); bound != 0 && bound <= kInline) {
    char encoded[kInline];
    encode_scalar(id, encoded);
    return find(ValueView(reinterpret_cast<const std::uint8_t*>(encoded)));
  }
  std::string encoded;
  encode_value(id, encoded);
  return find(ValueView(reinterpret_cast<const std::uint8_t*>(encoded.data())));
}

RowBlocks::Iterator Table::id_position(ValueView id) const {
  // Generated ids arrive in ascending order: check the end first.
  if (id_order_.empty() || compare_views(id_order_.back().id(), id) < 0) return id_order_.end();
  return id_order_.partition_point([&](Row row) { return compare_views(row.id(), id) < 0; });
}

Value Table::generated_id() const {
  // LoopBack converts the counter with the id property's type: "1" for a String id.
  if (schema_.id_property().type.kind == PropertyType::Kind::String) return Value(std::to_string(next_id_));
  return Value(static_cast<long long>(next_id_));
}

Error Table::unique_violation(const SecondaryIndex& index) const {
  std::string keys;
  for (const std::string& key : index.keys()) keys += (keys.empty() ? "" : ",") + key;
  return duplicate_entry(schema_.model_name(), keys);
}

Status Table::check_unique(Row row, Row self) const {
  for (const auto& index : indexes_) {
    if (index->conflict(row, self)) return unique_violation(*index);
  }
  return {};
}

void Table::index_insert(Row row) {
  for (const auto& index : indexes_) index->insert(row);
  for (const auto& geo : geo_) geo->insert(row);
}

void Table::index_erase(Row row) {
  for (const auto& index : indexes_) index->erase(row);
  for (const auto& geo : geo_) geo->erase(row);
}

std::int64_t Table::encode_new(const Object& row) {
  SlotValues slots(schema_, row);
  const Value* id = slots.at(0);
  Value generated;
  if (!id || id->is_null()) {
    generated = generated_id();
    id = &generated;
    slots.set(0, id);
  }
  std::int64_t next = next_id_;
  if (auto number = numeric_id(*id); number && *number > next) next = *number;
  ++next;
  scratch_.clear();
  encode_slots_into(schema_, slots, row, scratch_);
  return next;
}

Result<Row> Table::store_claimed() {
  Row stored(heap_.store(scratch_));
  // The id index and each unique hash are asked to take the row; the first that
  // already holds its key refuses, and what the others took is given back.
  if (!ids_.insert(stored)) {
    heap_.free(stored.body());
    return duplicate_entry(schema_.model_name(), schema_.id_name());
  }
  for (std::size_t i = 0; i < indexes_.size(); ++i) {
    if (!indexes_[i]->claim_key(stored)) {
      for (std::size_t k = i; k-- > 0;) indexes_[k]->erase_key(stored);
      ids_.erase(stored);
      heap_.free(stored.body());
      return unique_violation(*indexes_[i]);
    }
  }
  return stored;
}

void Table::unclaim(Row row) {
  for (const auto& index : indexes_) index->erase_key(row);
  ids_.erase(row);
  heap_.free(row.body());
}

Result<Row> Table::insert(Object row) {
  const std::int64_t next = encode_new(row);
  auto stored = store_claimed();
  if (!stored) return stored;
  id_order_.insert(id_position(stored->id()), *stored);
  for (const auto& index : indexes_) index->insert_entry(*stored);
  for (const auto& geo : geo_) geo->insert(*stored);
  next_id_ = next;
  return stored;
}

Result<std::vector<Row>> Table::insert_all(std::vector<Object> rows) {
  std::vector<Row> stored;
  if (rows.empty()) return stored;
  stored.reserve(rows.size());
  const std::int64_t first_next = next_id_;
  for (Object& row : rows) {
    // The counter moves as each row is encoded (a later row's generated id follows an
    // earlier row's given one) and is put back if the batch fails.
    next_id_ = encode_new(row);
    row = Object();  // freed while still in cache, not in a later pass over the batch
    auto claimed = store_claimed();
    if (!claimed) {
      // All or nothing: take back what this call claimed. The batch is in none of the
      // orders yet: they are filled once all of it has been claimed.
      for (auto it = stored.rbegin(); it != stored.rend(); ++it) unclaim(*it);
      next_id_ = first_next;
      return claimed.error();
    }
    stored.push_back(*claimed);
  }
  // The id order: generated ids come ascending and after every stored one, so the
  // batch is usually appended whole.
  auto id_less = [](Row a, Row b) {
    const ValueView x = a.id(), y = b.id();
    if (x.tag() == Tag::Integer && y.tag() == Tag::Integer) return x.as_integer() < y.as_integer();
    return compare_views(x, y) < 0;
  };
  const bool ascending = (id_order_.empty() || id_less(id_order_.back(), stored.front())) &&
                         std::is_sorted(stored.begin(), stored.end(), id_less);
  if (ascending) {
    id_order_.append(stored);
  } else {
    for (Row row : stored) id_order_.insert(id_position(row.id()), row);
  }
  for (const auto& index : indexes_) index->insert_ordered(stored);
  for (const auto& geo : geo_) geo->insert_many(stored);
  return stored;
}

Result<Row> Table::replace(Row row, const Object& content) {
  Object with_id = content;
  with_id.insert_or_assign(schema_.id_name(), row.id().to_value());
  scratch_.clear();
  encode_row_into(schema_, with_id, scratch_);
  if (auto status = check_unique(Row(reinterpret_cast<const std::uint8_t*>(scratch_.data())), row); !status) {
    return status.error();
  }
  Row stored(heap_.store(scratch_));
  index_erase(row);
  // The id is unchanged, so the row keeps its places in the id index and the id order.
  ids_.replace(row, stored);
  id_order_.assign(id_position(row.id()), stored);
  index_insert(stored);
  heap_.free(row.body());
  return stored;
}

void Table::erase(Row row) {
  index_erase(row);
  ids_.erase(row);
  auto at = id_position(row.id());
  if (at != id_order_.end() && *at == row) id_order_.erase(at);
  heap_.free(row.body());
}

void Table::clear() {
  for (const auto& index : indexes_) index->clear();
  for (const auto& geo : geo_) geo->clear();
  ids_.clear();
  id_order_.clear();
  heap_.clear();
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
  usage.rows = ids_.size();
  // The row bytes' chunks, the id index and the id order.
  usage.row_bytes = heap_.memory_usage() + ids_.memory_usage() + id_order_.memory_usage();
  for (Row row : id_order_) {
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
