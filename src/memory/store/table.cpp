// Table: id generation, unique checks, index maintenance and memory estimates.
#include "memory/store/table.hpp"

#include <fmt/format.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <algorithm>
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

Result<std::vector<Row>> Table::insert_all(std::vector<Object> rows) { return insert_batch(rows); }

std::size_t Table::map_slots(const Object& row, bool& in_order) {
  const RowLayout& layout = *schema_.layout();
  const std::vector<std::size_t>& order = layout.definition_order;
  std::fill(slot_values_.begin(), slot_values_.end(), nullptr);
  std::size_t extras = 0;
  std::size_t next = 0;  // the definition-order position after the last key's
  for (const auto& [key, value] : row) {
    // Keys usually follow the definition order, some left out (the generated id): the
    // properties from the last key's on are tried first.
    std::size_t at = next;
    while (at < order.size() && !same_bytes(layout.slot_names[order[at]], key)) ++at;
    if (at == order.size()) {
      const auto slot = layout.slot_of(key);
      if (!slot) {
        ++extras;
        in_order = false;
        continue;
      }
      in_order = false;
      at = static_cast<std::size_t>(std::find(order.begin(), order.end(), *slot) - order.begin());
    }
    next = at + 1;
    slot_values_[order[at]] = &value;
  }
  return extras;
}

namespace {

// Writes one row straight into a RowHeap, value by value: room for a usual row first,
// then the row so far moved to a fresh chunk whenever the next value does not fit.
// `reserve` bytes are kept back for the Absent bytes the caller writes (one per slot
// at most), so those need no check.
class HeapWriter {
 public:
  HeapWriter(RowHeap& heap, std::size_t reserve) : heap_(heap), reserve_(reserve) {
    start_ = reinterpret_cast<char*>(heap_.begin_write(kRoom + reserve_));
    p_ = start_;
    limit_ = reinterpret_cast<const char*>(heap_.write_limit()) - reserve_;
  }
  [[nodiscard]] std::uint32_t offset() const { return static_cast<std::uint32_t>(p_ - start_); }
  // False for a value that is no scalar, or a row grown too large.
  [[nodiscard]] bool put(const Value& value) {
    for (;;) {
      std::size_t need = 0;
      if (char* end = encode_scalar_within(value, p_, limit_, need)) {
        p_ = end;
        return true;
      }
      if (need == 0 || !grow(need)) return false;
    }
  }
  void absent() { *p_++ = static_cast<char>(Tag::Absent); }
  [[nodiscard]] const std::uint8_t* finish() { return heap_.finish_write(offset()); }

 private:
  static constexpr std::size_t kRoom = 128;
  bool grow(std::size_t need) {
    const std::size_t at = offset();
    if (at + need + reserve_ >= RowHeap::kLarge) return false;
    start_ = reinterpret_cast<char*>(heap_.extend_write(at, need + reserve_ + kRoom));
    p_ = start_ + at;
    limit_ = reinterpret_cast<const char*>(heap_.write_limit()) - reserve_;
    return true;
  }

  RowHeap& heap_;
  std::size_t reserve_;
  char* start_;
  char* p_;
  const char* limit_;
};

}  // namespace

const std::uint8_t* Table::store_scalars() {
  const std::size_t n = schema_.slot_count();
  HeapWriter writer(heap_, n + 1);
  for (std::size_t slot = 0; slot < n; ++slot) {
    offsets_[slot] = writer.offset();
    if (const Value* value = slot_values_[slot]) {
      if (!writer.put(*value)) return nullptr;
    } else {
      writer.absent();
    }
  }
  offsets_[n] = writer.offset();
  writer.absent();  // no extras
  return finish_views(writer.finish());
}

const std::uint8_t* Table::store_in_order(const Object& row, const Value& generated, const Value*& id_key) {
  const std::size_t n = schema_.slot_count();
  const std::string* names = schema_.layout()->slot_names.data();
  HeapWriter writer(heap_, n + 1);
  auto it = row.begin();
  const auto end = row.end();
  id_key = nullptr;
  if (it != end && same_bytes(names[0], it->first)) id_key = &(it++)->second;
  offsets_[0] = 0;
  if (!writer.put(id_key && !id_key->is_null() ? *id_key : generated)) return nullptr;
  std::size_t slot = 1;
  for (; it != end; ++it) {
    std::size_t at = slot;
    while (at < n && !same_bytes(names[at], it->first)) ++at;
    if (at == n) return nullptr;  // out of order, undefined, or the id again
    for (; slot < at; ++slot) {
      offsets_[slot] = writer.offset();
      writer.absent();
    }
    offsets_[slot] = writer.offset();
    if (!writer.put(it->second)) return nullptr;
    ++slot;
  }
  for (; slot <= n; ++slot) {  // the properties left out, then no extras
    offsets_[slot] = writer.offset();
    writer.absent();
  }
  return finish_views(writer.finish());
}

const std::uint8_t* Table::finish_views(const std::uint8_t* body) {
  for (std::size_t slot = 0; slot < views_.size(); ++slot) views_[slot] = ValueView(body + offsets_[slot]);
  return body;
}

Result<std::vector<Row>> Table::insert_batch(const std::vector<Object>& rows, bool* as_given, std::int64_t* first_id) {
  std::vector<Row> stored;
  const std::size_t n = schema_.slot_count();
  const bool generated_numbers = schema_.id_property().type.kind != PropertyType::Kind::String;
  bool given = schema_.slots_in_definition_order() && generated_numbers;
  if (first_id) *first_id = next_id_;
  if (rows.empty()) {
    if (as_given) *as_given = given;
    return stored;
  }
  stored.reserve(rows.size());
  slot_values_.resize(n);
  views_.resize(n + 1);
  offsets_.resize(n + 1);
  for (const auto& index : indexes_) index->begin_batch(rows.size());
  const std::int64_t first_next = next_id_;
  // All or nothing: what this call claimed is taken back when a row is refused (the
  // batch is in none of the orders yet: they are filled once all of it is claimed).
  auto refuse = [&](Error error) -> Result<std::vector<Row>> {
    for (auto it = stored.rbegin(); it != stored.rend(); ++it) unclaim(*it);
    for (const auto& index : indexes_) index->drop_batch();
    for (const auto& geo : geo_) geo->drop_batch();
    next_id_ = first_next;
    return error;
  };
  // Rows of an id-first model usually list their properties in definition order (the
  // generated id left out): encoded as they are walked, with no map to slots.
  const bool ordered = schema_.slots_in_definition_order() && generated_numbers;
  Value generated;
  bool ids_ascending = true;
  std::int64_t last_id = 0;
  for (const Object& row : rows) {
    generated = generated_numbers ? Value(static_cast<long long>(next_id_)) : generated_id();
    const Value* id_key = nullptr;  // the row's own id entry
    bool in_order = true;
    std::size_t extras = 0;
    const std::uint8_t* body = ordered ? store_in_order(row, generated, id_key) : nullptr;
    if (!body) {
      extras = map_slots(row, in_order);
      id_key = slot_values_[0];
      if (!id_key || id_key->is_null()) slot_values_[0] = &generated;
      // A row of scalars (the usual kind) is written straight into the heap.
      body = extras == 0 ? store_scalars() : nullptr;
      if (!body) {
        scratch_.clear();
        encode_values_into(schema_, slot_values_.data(), extras, row, scratch_);
        body = heap_.store(scratch_);
        const std::uint8_t* p = body;
        for (std::size_t slot = 0; slot <= n; ++slot) {
          views_[slot] = ValueView(p);
          p = views_[slot].end();
        }
      }
    }
    const bool id_generated = !id_key || id_key->is_null();
    const Value& id = id_generated ? generated : *id_key;
    given = given && !id_key && in_order && extras == 0;
    // The counter moves as each row is encoded (a later row's generated id follows an
    // earlier row's given one) and is put back if the batch fails.
    std::int64_t next = next_id_;
    const auto number = id_generated && generated_numbers ? std::optional<std::int64_t>(next) : numeric_id(id);
    if (number && *number > next) next = *number;
    next_id_ = next + 1;
    // Whole-number ids, each above the last (the generated ones are), are in id order.
    ids_ascending = ids_ascending && number && (stored.empty() || *number > last_id);
    if (number) last_id = *number;
    std::int64_t integer_id = 0;
    const bool integer = id.is_integer();
    if (integer) integer_id = id_generated ? *number : id.as_integer();
    const Row written(body);
    // The id index and each unique hash are asked to take the row; the first that
    // already holds its key refuses, and what the others took is given back.
    if (!ids_.insert(written)) {
      heap_.free(written.body());
      return refuse(duplicate_entry(schema_.model_name(), schema_.id_name()));
    }
    // (A refused row's place in the batches goes with the whole batch's.)
    for (std::size_t i = 0; i < indexes_.size(); ++i) {
      if (!indexes_[i]->add_to_batch(written, views_.data(), integer ? &integer_id : nullptr)) {
        for (std::size_t k = i; k-- > 0;) indexes_[k]->erase_key(written);
        ids_.erase(written);
        heap_.free(written.body());
        return refuse(unique_violation(*indexes_[i]));
      }
    }
    for (const auto& geo : geo_) geo->add_to_batch(written, views_[geo->slot()]);
    stored.push_back(written);
  }
  // The id order: generated ids come ascending and after every stored one, so the
  // batch is usually appended whole.
  auto id_less = [](Row a, Row b) {
    const ValueView x = a.id(), y = b.id();
    if (x.tag() == Tag::Integer && y.tag() == Tag::Integer) return x.as_integer() < y.as_integer();
    return compare_views(x, y) < 0;
  };
  const bool ascending = (id_order_.empty() || id_less(id_order_.back(), stored.front())) &&
                         (ids_ascending || std::is_sorted(stored.begin(), stored.end(), id_less));
  if (ascending) {
    id_order_.append(stored);
  } else {
    for (Row row : stored) id_order_.insert(id_position(row.id()), row);
  }
  for (const auto& index : indexes_) index->end_batch();
  for (const auto& geo : geo_) geo->end_batch();
  if (as_given) *as_given = given;
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
