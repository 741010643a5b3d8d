// lb::RelationAccessor: LoopBack's relation methods on one instance
// (`author.posts.find(...)`, `post.author.get()`, `post.tags.add(tag)`), from
// Instance::related("posts"). Every query and write goes through the related model's
// own operations, narrowed to the rows that belong to this instance, so it behaves the
// same on every connector. A method the relation type does not have is a 400.
//
//   hasMany, hasOne (to-many methods on hasMany only), hasMany through,
//   hasAndBelongsToMany, referencesMany:
//       find, find_one, find_by_id, count, exists, create, build, update_by_id,
//       destroy_by_id, update_all, destroy_all; add and remove on through,
//       hasAndBelongsToMany and referencesMany
//   belongsTo, hasOne: get, create, build, update, destroy
//   embedsOne: get, create, build, update (creates when empty), destroy
//   embedsMany: find, find_one, find_by_id, count, exists, at, create, build,
//       update_by_id, destroy_by_id, destroy_all
//
// Embedded relations keep their items in the owner's property: reads apply filters in
// memory (the memory connector's rules), writes validate the item with the embedded
// model's validations and then save the owner (patch_attributes, or save when new).
//
// A write through a relation never moves a row to another parent: changing the
// foreign key in update_by_id or update is refused (LoopBack's "Cannot override
// foreign key"), and find_by_id of a row that belongs to another parent is a 404.
// The accessor refers to its Instance, which must outlive it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "lb/filter/syntax.hpp"
#include "lb/filter_input.hpp"
#include "lb/relation.hpp"
#include "lb/result.hpp"
#include "lb/transaction.hpp"
#include "lb/value.hpp"

namespace lb {

class Instance;
class Model;

class RelationAccessor {
 public:
  RelationAccessor(Instance& owner, Relation relation, Model& target, Model* through);

  [[nodiscard]] const Relation& relation() const { return relation_; }

  // --- To-many ---
  [[nodiscard]] Result<std::vector<Instance>> find(const FilterInput& filter = {}, const Options& options = {}) const;
  [[nodiscard]] Result<std::optional<Instance>> find_one(const FilterInput& filter = {},
                                                         const Options& options = {}) const;
  // 404 when no related row has this id.
  [[nodiscard]] Result<Instance> find_by_id(const Value& id, const FilterInput& filter = {},
                                            const Options& options = {}) const;
  [[nodiscard]] Result<std::int64_t> count(const WhereInput& where = {}, const Options& options = {}) const;
  [[nodiscard]] Result<bool> exists(const Value& id, const Options& options = {}) const;
  [[nodiscard]] Result<Instance> update_by_id(const Value& id, const Value& data, const Options& options = {}) const;
  // Returns how many rows were deleted (1); 404 when no related row has this id (an
  // embedsMany returns 0, as LoopBack reports nothing).
  [[nodiscard]] Result<std::int64_t> destroy_by_id(const Value& id, const Options& options = {}) const;
  [[nodiscard]] Result<std::int64_t> update_all(const WhereInput& where, const Value& data,
                                                const Options& options = {}) const;
  [[nodiscard]] Result<std::int64_t> destroy_all(const WhereInput& where = {}, const Options& options = {}) const;
  // Through and hasAndBelongsToMany: links the row with id `target_id` (the link row,
  // with `link_data` in it, is returned). referencesMany: adds the id to the list (the
  // related row is returned). 404 when there is no such row.
  [[nodiscard]] Result<Instance> add(const Value& target_id, const Value& link_data = Value(),
                                     const Options& options = {}) const;
  // Unlinks (through) or takes the id off the list (referencesMany); the row stays.
  Status remove(const Value& target_id, const Options& options = {}) const;

  // embedsMany: the item at `index` in the owner's list, or none.
  [[nodiscard]] Result<std::optional<Instance>> at(std::int64_t index) const;

  // --- To-one (belongsTo, hasOne) ---
  [[nodiscard]] Result<std::optional<Instance>> get(const Options& options = {}) const;
  [[nodiscard]] Result<Instance> update(const Value& data, const Options& options = {}) const;
  // Returns how many rows were deleted (0 when there was none).
  [[nodiscard]] Result<std::int64_t> destroy(const Options& options = {}) const;

  // --- Both ---
  // Creates a related row with the keys that tie it to this instance (a belongsTo sets
  // and saves this instance's foreign key; through creates the link too).
  [[nodiscard]] Result<Instance> create(const Value& data, const Options& options = {}) const;
  // The same row, not saved.
  [[nodiscard]] Result<Instance> build(const Value& data) const;

 private:
  [[nodiscard]] bool to_many() const;
  // embedsOne / embedsMany: the methods run on the owner's property
  // (src/dao/embedded_accessor.hpp).
  [[nodiscard]] bool embedded() const;
  [[nodiscard]] Status expect(bool allowed, const char* method) const;
  [[nodiscard]] const Value& owner_key() const;
  // The condition that narrows the target to this instance's related rows (ids for
  // through and referencesMany, read now), with the relation's scope where.
  [[nodiscard]] Result<filter::WhereNode> related_where(const Options& options) const;
  // `filter` narrowed to the related rows, the relation's scope merged under it.
  [[nodiscard]] Result<filter::Syntax> scoped_filter(const FilterInput& filter, const Options& options) const;
  [[nodiscard]] Result<filter::WhereNode> scoped_where(const WhereInput& where, const Options& options) const;
  [[nodiscard]] Result<Array> through_ids(const Options& options) const;
  // `data` with the keys (and the relation's `properties`) that tie a new row here.
  [[nodiscard]] Result<Value> keyed_data(const Value& data) const;
  [[nodiscard]] Status check_foreign_key(const Value& data) const;

  Instance* owner_;
  Relation relation_;
  Model* target_;
  Model* through_;
};

}  // namespace lb
