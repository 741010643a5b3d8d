// EmbeddedAccessor: the methods of embedsOne and embedsMany relations, whose rows live
// inside the owner's property. Every write validates the item with the embedded
// model's validations and saves the owner through its own write path (so the owner's
// hooks and validations run), and runs the embedded model's own before/after save or
// delete observers around that save, as LoopBack does. RelationAccessor delegates to it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "lb/filter_input.hpp"
#include "lb/instance.hpp"
#include "lb/relation.hpp"
#include "lb/result.hpp"
#include "lb/transaction.hpp"
#include "lb/value.hpp"

namespace lb::dao {

class HookRun;

class EmbeddedAccessor {
 public:
  EmbeddedAccessor(Instance& owner, const Relation& relation, Model& target)
      : owner_(&owner), relation_(&relation), target_(&target) {}

  // The writes run the embedded model's observers (docs/validation-and-hooks.md,
  // "Embedded models"): an error from one aborts the write (nothing is stored when it
  // comes before the owner's save), and what a before-save observer changes is stored.

  // --- embedsOne ---
  [[nodiscard]] Result<std::optional<Instance>> get() const;
  // Patches the embedded value and saves the whole owner (creates the value when there
  // is none, as LoopBack does).
  [[nodiscard]] Result<Instance> update(const Value& data, const Options& options) const;
  // Unsets the property and saves the whole owner; 1, or 0 when there was nothing.
  [[nodiscard]] Result<std::int64_t> destroy(const Options& options) const;

  // --- embedsMany: reads apply the filter in memory, by the memory connector's rules ---
  [[nodiscard]] Result<std::vector<Instance>> find(const FilterInput& filter, const Options& options) const;
  [[nodiscard]] Result<Instance> find_by_id(const Value& id) const;
  [[nodiscard]] Result<std::int64_t> count(const WhereInput& where, const Options& options) const;
  [[nodiscard]] bool exists(const Value& id) const;
  [[nodiscard]] std::optional<Instance> at(std::int64_t index) const;
  [[nodiscard]] Result<Instance> update_by_id(const Value& id, const Value& data, const Options& options) const;
  // 1, or 0 when no item has this id (LoopBack reports nothing either way).
  [[nodiscard]] Result<std::int64_t> destroy_by_id(const Value& id, const Options& options) const;
  // Saves the owner even when nothing matched (LoopBack does, and its hooks fire); no
  // item hooks, as in LoopBack.
  [[nodiscard]] Result<std::int64_t> destroy_all(const WhereInput& where, const Options& options) const;

  // --- Both ---
  // The item, with a generated id for an embedsMany whose model has a numeric id,
  // validated, put in the owner's property and the owner saved.
  [[nodiscard]] Result<Instance> create(const Value& data, const Options& options) const;
  // The same item, set on this owner copy only (nothing validated or saved).
  [[nodiscard]] Result<Instance> build(const Value& data) const;

 private:
  [[nodiscard]] Array items() const;
  // `data` as a full item: the relation's `properties` copied in, types converted,
  // defaults filled in; `list` (embedsMany) gives the next numeric id.
  [[nodiscard]] Result<Object> make_item(const Value& data, const Array* list) const;
  // What a before-save observer left in an item, made an item again (types converted,
  // defaults filled in, as `make_item` does).
  [[nodiscard]] Result<Object> conform(const Instance& item) const;
  // 422 from the embedded model's validations. A duplicate id in an embedsMany list is
  // the owner's validation's to find, when the owner is saved (as in LoopBack).
  [[nodiscard]] Status check(const Object& item, const Options& options) const;
  // Stores `value` in the owner's property: a patch of a stored owner, a save of a new one.
  // `changed_in_place`: the owner copy holds `value` before the patch, so the owner's
  // before-save observers see it in currentInstance already, as LoopBack's do (its
  // methods change the owner's list in place; only destroyAll builds a new one). On
  // failure the owner copy keeps its old value.
  [[nodiscard]] Status save_owner(Value value, const Options& options, bool changed_in_place = true) const;
  // Stores `value` in the owner's property by saving the whole owner (LoopBack's
  // embedsOne update and destroy do); on failure the owner copy keeps its old value.
  [[nodiscard]] Status save_whole_owner(Value value, const Options& options) const;
  // The end of embedsOne's create and update: `item` checked, stored in the owner (by
  // saving the whole owner when `whole_owner`, as update does), and after save
  // {instance} run on what was stored, which is returned.
  [[nodiscard]] Result<Instance> store_one(HookRun& run, Object item, const Options& options, bool whole_owner) const;
  // Positions (in the owner's list) of the items `syntax` selects, in its order.
  [[nodiscard]] Result<std::vector<std::size_t>> select(const Array& list, filter::Syntax syntax,
                                                        const Options& options) const;
  [[nodiscard]] Instance instance(const Value& item) const;

  Instance* owner_;
  const Relation* relation_;
  Model* target_;
};

// The owner-side checks LoopBack adds for an embedded relation (App::attach installs
// them on the declaring model): every item valid by the embedded model's validations
// (code "invalid"), and for embedsMany no two items with the same id (code "uniqueness").
Status add_embedded_validations(Model& owner, const Relation& relation);

}  // namespace lb::dao
