// Table: one model's rows in the memory connector. Rows live in a Boost.Multi-Index
// container with a unique id index; secondary indexes and R-trees hang off it and are
// kept in step by every write. The table owns a shared_mutex but does not lock it:
// the connector takes it around each call, so one call is one critical section.
#pragma once

#include <boost/multi_index/identity.hpp>
#include <boost/multi_index/ordered_index.hpp>
#include <boost/multi_index_container.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <vector>

#include "lb/model_definition.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"
#include "memory/store/geo_index.hpp"
#include "memory/store/memory_usage.hpp"
#include "memory/store/row_codec.hpp"
#include "memory/store/schema.hpp"
#include "memory/store/secondary_index.hpp"

namespace lb::memory {

// Rows ordered by id (Value order: numbers numerically, strings bytewise); a view
// probe finds a row by an encoded id without building a row.
struct IdLess {
  bool operator()(const EncodedRow& a, const EncodedRow& b) const {
    return compare_views(a.id(), b.id()) < 0;
  }
  bool operator()(const EncodedRow& a, ValueView b) const { return compare_views(a.id(), b) < 0; }
  bool operator()(ValueView a, const EncodedRow& b) const { return compare_views(a, b.id()) < 0; }
};

class Table {
 public:
  using Rows = boost::multi_index_container<
      EncodedRow, boost::multi_index::indexed_by<boost::multi_index::ordered_unique<
                      boost::multi_index::identity<EncodedRow>, IdLess>>>;

  // 400 for models the memory engine cannot store (composite ids).
  [[nodiscard]] static Result<std::unique_ptr<Table>> create(const ModelDefinition& model);

  [[nodiscard]] std::shared_mutex& mutex() const { return mutex_; }
  [[nodiscard]] const Schema& schema() const { return schema_; }
  [[nodiscard]] const ModelDefinition& model() const { return schema_.model(); }
  [[nodiscard]] std::size_t size() const { return rows_.size(); }
  [[nodiscard]] const Rows& rows() const { return rows_; }
  [[nodiscard]] const std::vector<std::unique_ptr<SecondaryIndex>>& indexes() const { return indexes_; }
  [[nodiscard]] const std::vector<std::unique_ptr<GeoIndex>>& geo_indexes() const { return geo_; }

  [[nodiscard]] const EncodedRow* find(ValueView id) const;
  [[nodiscard]] const EncodedRow* find(const Value& id) const;

  // Inserts a row, generating its id when absent (LoopBack's memory counter).
  // 409 for a duplicate id or unique key; nothing changes on error.
  Result<const EncodedRow*> insert(Object row);
  // Replaces a stored row's content (its id is kept). 409 on a unique key conflict,
  // leaving the row as it was.
  Status replace(const EncodedRow* row, const Object& content);
  void erase(const EncodedRow* row);
  void clear();

  // The id the next generated row gets, and LoopBack's rule for moving it.
  [[nodiscard]] std::int64_t next_id() const { return next_id_; }
  void set_next_id(std::int64_t next) { next_id_ = next; }

  [[nodiscard]] MemoryUsage memory_usage() const;

 private:
  explicit Table(Schema schema) : schema_(std::move(schema)) {}
  void build_indexes();
  [[nodiscard]] Status check_unique(const EncodedRow& row, const EncodedRow* self) const;
  void index_insert(const EncodedRow* row);
  void index_erase(const EncodedRow* row);
  [[nodiscard]] Value generated_id() const;

  mutable std::shared_mutex mutex_;
  Schema schema_;
  Rows rows_;
  std::vector<std::unique_ptr<SecondaryIndex>> indexes_;
  std::vector<std::unique_ptr<GeoIndex>> geo_;
  std::int64_t next_id_ = 1;
};

// The raw size of a value, the yardstick of the memory target: 8 per number or date,
// 1 per boolean, string and buffer bytes, 16 per GeoPoint, the sum for containers
// (object keys counted as strings), 0 for null.
[[nodiscard]] std::size_t raw_value_size(ValueView value);

}  // namespace lb::memory
