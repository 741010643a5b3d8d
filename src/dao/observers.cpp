// Observer lists, the hook point names, and the running of one operation's hooks.
#include "dao/observers.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "lb/instance.hpp"
#include "lb/model.hpp"

namespace lb {

namespace {
constexpr std::array<std::string_view, kHookPointCount> kHookNames = {
    "access", "loaded", "before save", "persist", "after save", "before delete", "after delete"};
}

std::optional<HookPoint> parse_hook_point(std::string_view name) {
  for (int i = 0; i < kHookPointCount; ++i)
    if (kHookNames[static_cast<std::size_t>(i)] == name) return static_cast<HookPoint>(i);
  return std::nullopt;
}

std::string_view hook_point_name(HookPoint point) { return kHookNames[static_cast<std::size_t>(point)]; }

namespace dao {

std::atomic<long> observers_in_process{0};

std::shared_ptr<const std::vector<Observer>> Observers::snapshot(HookPoint point) const {
  std::lock_guard lock(mutex);
  return lists[static_cast<std::size_t>(point)];
}

std::shared_ptr<const std::vector<std::pair<ModelEvent, EventListener>>> Observers::listener_snapshot() const {
  std::lock_guard lock(mutex);
  return listeners;
}

HookRun::HookRun(Model& model, const Options& options)
    : model_(model), options_(options), any_(observers_in_process.load(std::memory_order_acquire) != 0) {}

// The model and its bases, root first: LoopBack runs a base model's observers before
// the model's own. Bases count only when attached (they are Models of their own).
const std::vector<const Model*>& HookRun::chain() const {
  if (!chain_.empty()) return chain_;
  chain_.push_back(&model_);
  const ModelDefinition* definition = &model_.definition();
  // Guard against a cycle in a malformed registry: no chain is deeper than this.
  for (int depth = 0; depth < 64 && !definition->base.empty(); ++depth) {
    if (const Model* base = model_.related_model(definition->base)) chain_.push_back(base);
    definition = model_.registry().find(definition->base);
    if (definition == nullptr) break;
  }
  std::reverse(chain_.begin(), chain_.end());
  return chain_;
}

bool HookRun::observed(HookPoint point) const {
  if (!any_) return false;
  std::uint8_t& known = observed_[static_cast<std::size_t>(point)];
  if (known == 0) {
    known = 1;
    for (const Model* model : chain()) {
      auto list = model->observers_->snapshot(point);
      if (list && !list->empty()) known = 2;
    }
  }
  return known == 2;
}

Status HookRun::notify(HookContext& context) const {
  if (!any_) return {};
  for (const Model* model : chain()) {
    auto list = model->observers_->snapshot(context.point);
    if (!list) continue;
    for (const Observer& observer : *list) {
      if (Status status = observer(context); !status) return status;
    }
  }
  return {};
}

void HookRun::emit(ModelEvent event, const Instance* instance, const Value* id, const Value* where) const {
  if (!any_) return;
  auto listeners = model_.observers_->listener_snapshot();
  if (!listeners) return;
  ModelEventData data{model_, event, instance, id, where};
  for (const auto& [wanted, listener] : *listeners)
    if (wanted == event) listener(data);
}

}  // namespace dao

// --- Registration (Model's methods) --------------------------------------------------

void Model::observe(HookPoint point, Observer observer) {
  std::lock_guard lock(observers_->mutex);
  auto& list = observers_->lists[static_cast<std::size_t>(point)];
  auto next = list ? std::make_shared<std::vector<Observer>>(*list) : std::make_shared<std::vector<Observer>>();
  next->push_back(std::move(observer));
  list = std::move(next);
  dao::observers_in_process.fetch_add(1, std::memory_order_release);
}

Status Model::observe(std::string_view point, Observer observer) {
  auto parsed = parse_hook_point(point);
  if (!parsed) {
    return invalid_input(fmt::format("{}: \"{}\" is not an operation hook (access, loaded, before save, persist, "
                                     "after save, before delete, after delete)",
                                     name(), point));
  }
  observe(*parsed, std::move(observer));
  return {};
}

void Model::clear_observers(HookPoint point) {
  std::lock_guard lock(observers_->mutex);
  auto& list = observers_->lists[static_cast<std::size_t>(point)];
  if (list) dao::observers_in_process.fetch_sub(static_cast<long>(list->size()), std::memory_order_release);
  list.reset();
}

void Model::on(ModelEvent event, EventListener listener) {
  std::lock_guard lock(observers_->mutex);
  auto& list = observers_->listeners;
  auto next = list ? std::make_shared<std::vector<std::pair<ModelEvent, EventListener>>>(*list)
                   : std::make_shared<std::vector<std::pair<ModelEvent, EventListener>>>();
  next->emplace_back(event, std::move(listener));
  list = std::move(next);
  dao::observers_in_process.fetch_add(1, std::memory_order_release);
}

}  // namespace lb
