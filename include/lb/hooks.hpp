// Operation hooks and model events, as LoopBack's Model.observe() and its "changed" /
// "deleted" events have them. An observer sees one step of one operation through a
// HookContext and may change what LoopBack lets that step change, or abort the
// operation by returning an error (which reaches the caller unchanged; nothing is
// written). Which steps fire for which operation, and in which order, follows
// LoopBack's DAO (docs/validation-and-hooks.md has the table).
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "lb/result.hpp"
#include "lb/transaction.hpp"
#include "lb/value.hpp"

namespace lb {

class Instance;
class Model;

// LoopBack's names: "access", "loaded", "before save", "persist", "after save",
// "before delete", "after delete".
enum class HookPoint { Access, Loaded, BeforeSave, Persist, AfterSave, BeforeDelete, AfterDelete };
inline constexpr int kHookPointCount = 7;

[[nodiscard]] std::optional<HookPoint> parse_hook_point(std::string_view name);
[[nodiscard]] std::string_view hook_point_name(HookPoint point);

// What one step of an operation shows its observers. The pointers that a step does not
// carry are null, as LoopBack leaves the keys out of its `ctx`:
//   access          query
//   loaded          data (the row as read or written), is_new_instance on writes
//   before save     instance (create, save, replace), or where + data (updateAll), or
//                   data + current_instance (patches, upserts of existing rows)
//   persist         data (what goes to the connector), current_instance, where on updates
//   after save      instance, or where + data + info (updateAll)
//   before delete   where, instance when deleting one instance
//   after delete    where, instance when deleting one instance, info
struct HookContext {
  Model& model;
  HookPoint point;
  // The operation's options (its transaction among them).
  const Options& options;
  // Shared by every step of one operation: a before-save observer can leave something
  // here for the after-save one.
  Object& hook_state;

  // The filter as LoopBack's JSON filter object ({"where": ..., "order": ...});
  // observers may change it (to narrow a query, say) and the operation uses the result.
  Value* query = nullptr;
  // A where clause (JSON); changeable in before delete and in updateAll's before save.
  Value* where = nullptr;
  // The record being written (before save: change it to change the write) or written.
  Instance* instance = nullptr;
  // The data being written or read; changeable in before save, persist and loaded.
  Object* data = nullptr;
  // The stored record a patch applies to.
  const Instance* current_instance = nullptr;
  // Whether the write creates a record (set on the save steps of writes that may create).
  std::optional<bool> is_new_instance;
  // After updateAll and deleteAll: {"count": N}.
  const Object* info = nullptr;
};

// Returns an error to abort the operation.
using Observer = std::function<Status(HookContext&)>;

// Model events fire after a change is stored and cannot change anything: "changed" with
// the stored record after every write of one record, "deleted" with the id after a
// record is deleted, "deletedAll" with the where after deleteAll.
enum class ModelEvent { Changed, Deleted, DeletedAll };

struct ModelEventData {
  Model& model;
  ModelEvent event;
  const Instance* instance = nullptr;  // Changed
  const Value* id = nullptr;           // Deleted
  const Value* where = nullptr;        // DeletedAll
};

using EventListener = std::function<void(const ModelEventData&)>;

}  // namespace lb
