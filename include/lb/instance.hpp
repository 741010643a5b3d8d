// lb::Instance: one record of a model, as LoopBack's model instances are: its data,
// whether it is stored yet, and the PersistedModel prototype methods (save, patch,
// replace, destroy, reload). Results of Model operations are Instances; they are
// copies, so changing one changes nothing stored until it is saved.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lb/record.hpp"
#include "lb/relation_accessor.hpp"
#include "lb/result.hpp"
#include "lb/transaction.hpp"
#include "lb/value.hpp"

namespace lb {

class Model;

class Instance {
 public:
  // `persisted` says whether `data` came from the data source (false: a new record,
  // as `new Model(data)` in LoopBack; save() creates it).
  Instance(Model& model, Object data, bool persisted);
  // A record as found: decoded to an Object the first time anything reads it (from
  // any thread: reading an Instance from several threads at once is safe).
  Instance(Model& model, Record record, bool persisted);
  Instance(const Instance& other);
  Instance(Instance&& other) noexcept;
  Instance& operator=(const Instance& other);
  Instance& operator=(Instance&& other) noexcept;
  ~Instance() = default;

  [[nodiscard]] Model& model() const { return *model_; }
  // Every property the record holds (hidden ones included), definition order first.
  [[nodiscard]] const Object& data() const {
    return decoded_.load(std::memory_order_acquire) ? data_ : decode();
  }
  // The property's value, or null when absent.
  [[nodiscard]] const Value& get(std::string_view property) const;
  // The same, by value, without decoding the rest of a record as found (include and
  // relation methods read keys this way from rows nobody may read in full).
  [[nodiscard]] Value read(std::string_view property) const;
  // read() of one property of many Instances, in their order: rows found by the same
  // query are read together, the property looked up once.
  [[nodiscard]] static std::vector<Value> read_each(std::span<const Instance> rows, std::string_view property);
  // The same as plain integers into `out` (cleared first), when every value is an
  // integer or a double equal to one (see RecordSource::integers); false otherwise.
  [[nodiscard]] static bool read_integers(std::span<const Instance> rows, std::string_view property,
                                          std::vector<std::int64_t>& out);
  // Changes the copy only; save() stores it.
  void set(std::string_view property, Value value);
  // The id value (null for a new record without one).
  [[nodiscard]] const Value& id() const;
  [[nodiscard]] bool is_new_record() const { return !persisted_; }

  // Runs the model's validations on the record as it is now (LoopBack's isValid): ok,
  // or the 422 ValidationError whose details list every failure by property; other
  // errors (a uniqueness check that could not query) pass through.
  [[nodiscard]] Status validate(const Options& options = {}) const;
  [[nodiscard]] bool is_valid(const Options& options = {}) const { return static_cast<bool>(validate(options)); }

  // Creates the record when new, otherwise replaces the stored one with this data.
  Status save(const Options& options = {});
  // Changes the given properties (LoopBack's patchAttributes = updateAttributes);
  // 404 when the record no longer exists, 400 when `data` changes the id of a model
  // with forceId.
  Status patch_attributes(const Value& data, const Options& options = {});
  Status update_attributes(const Value& data, const Options& options = {}) {
    return patch_attributes(data, options);
  }
  Status update_attribute(std::string_view property, Value value, const Options& options = {});
  // Replaces every property but the id.
  Status replace_attributes(const Value& data, const Options& options = {});
  // Deletes the record; afterwards is_new_record() is true again.
  Status destroy(const Options& options = {});
  // Reads the record again; 404 when it no longer exists.
  Status reload(const Options& options = {});

  // LoopBack's relation methods for the relation called `name` (author.related("posts")
  // .find(), post.related("author").get(); see relation_accessor.hpp). The accessor
  // refers to this Instance. 400 when the model has no such relation.
  [[nodiscard]] Result<RelationAccessor> related(std::string_view name);

  // Related records a filter's `include` loaded, by relation name: a to-many relation's
  // list (empty when nothing is related), a to-one relation's record (or none).
  // nullptr when the relation was not included. The records are shared by copies of
  // this Instance and stay valid as long as one of them does (the span itself, as
  // long as this Instance is not changed).
  [[nodiscard]] const std::span<const Instance>* included(std::string_view relation) const;
  // Names of the relations included, in the order the filter named them.
  [[nodiscard]] std::vector<std::string> included_relations() const;
  // Attaches related records under `relation` (replacing any already there), as
  // include does; to_value() then writes them after the properties.
  void set_included(std::string relation, bool to_many, std::vector<Instance> rows);
  // Which of a set_included call's rows one parent gets: rows[first, first + count).
  struct RowRange {
    std::uint32_t first = 0;
    std::uint32_t count = 0;
  };
  // set_included for many parents at once, as include attaches one relation level:
  // parents[p] gets the rows of ranges[p]. The rows are kept once for all parents
  // (ranges may overlap: a row several parents share is kept once).
  static void set_included(std::span<Instance> parents, const std::string& relation, bool to_many,
                           std::vector<Instance> rows, std::span<const RowRange> ranges);
  // Removes properties from the copy (include uses it for keys it had to read that the
  // filter's `fields` left out).
  void drop_properties(const std::vector<std::string>& names);

  // LoopBack's toJSON: properties in definition order, then the ones a non-strict model
  // does not define; hidden properties removed; then included relations, whose own
  // protected properties are removed too. Dates stay lb::Date (to_json_text()
  // writes them as ISO strings).
  [[nodiscard]] Value to_value() const;
  [[nodiscard]] std::string to_json() const;

 private:
  friend class Model;
  struct Included;
  struct IncludedList;
  struct IncludedLevel;
  [[nodiscard]] Value to_value(bool nested) const;
  [[nodiscard]] static std::shared_ptr<IncludedList> detached_copy(const std::shared_ptr<const IncludedList>& list);
  const Object& decode() const;
  // The data, moved out (the Instance is left empty).
  [[nodiscard]] Object take_data() &&;
  // The data to change: decoded, and the record as found let go.
  Object& own_data();

  Model* model_;
  mutable Record record_;
  mutable Object data_;
  mutable std::atomic<bool> decoded_;
  bool persisted_;
  // Shared by copies; replaced, never changed in place, when set_included() runs.
  std::shared_ptr<const IncludedList> included_;
};

}  // namespace lb
