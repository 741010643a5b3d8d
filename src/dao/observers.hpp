// A model's operation-hook observers and event listeners, and HookRun: the hooks of
// one operation (its hookState, and whether anything observes at all, so that an
// operation on a model nobody observes pays one atomic load per step).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "lb/hooks.hpp"

namespace lb::dao {

struct Observers {
  // Copy-on-write: an operation takes a snapshot of the list it runs, so observers
  // can be added while operations run.
  std::array<std::shared_ptr<const std::vector<Observer>>, kHookPointCount> lists;
  std::shared_ptr<const std::vector<std::pair<ModelEvent, EventListener>>> listeners;
  mutable std::mutex mutex;

  [[nodiscard]] std::shared_ptr<const std::vector<Observer>> snapshot(HookPoint point) const;
  [[nodiscard]] std::shared_ptr<const std::vector<std::pair<ModelEvent, EventListener>>> listener_snapshot() const;
};

// How many observers and listeners exist in the process: while none do, no operation
// looks further.
extern std::atomic<long> observers_in_process;

class HookRun {
 public:
  HookRun(Model& model, const Options& options);
  HookRun(const HookRun&) = delete;
  HookRun& operator=(const HookRun&) = delete;

  // Whether any observer exists in the process (false: every step is skipped).
  [[nodiscard]] bool active() const { return any_; }
  // Whether anything (the model or a base model) observes `point`.
  [[nodiscard]] bool observed(HookPoint point) const;
  // A context for `point` with this run's model, options and hookState; fill in the
  // step's fields and pass it to notify().
  [[nodiscard]] HookContext context(HookPoint point) {
    return HookContext{model_, point, options_, hook_state_, nullptr, nullptr, nullptr, nullptr, nullptr,
                       std::nullopt, nullptr};
  }
  // Runs every observer of ctx.point, base models' first; the first error stops them.
  [[nodiscard]] Status notify(HookContext& context) const;
  // Tells the listeners of `event` (no-op when there are none).
  void emit(ModelEvent event, const Instance* instance, const Value* id, const Value* where) const;

  [[nodiscard]] Model& model() const { return model_; }
  [[nodiscard]] const Options& options() const { return options_; }

 private:
  // The model and its attached bases, root first; found once per operation.
  [[nodiscard]] const std::vector<const Model*>& chain() const;

  Model& model_;
  const Options& options_;
  Object hook_state_;
  bool any_;
  mutable std::vector<const Model*> chain_;
  // observed() per point, once known (0 unknown, 1 no, 2 yes): an operation asks often.
  mutable std::array<std::uint8_t, kHookPointCount> observed_{};
};

}  // namespace lb::dao
