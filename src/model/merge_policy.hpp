// LoopBack's rules for merging a base model's settings into a subclass's settings
// (juggler's getMergePolicy and mergeSettings), including `configureModelMerge`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lb/result.hpp"
#include "lb/value.hpp"
#include "model/key_path.hpp"

namespace lb::model {

// How one top-level setting merges. All false means a deep merge: objects merge key by
// key, arrays keep the base's elements and append the child's new ones.
struct MergeRule {
  bool replace = false;  // the child's value replaces the base's
  bool patch = false;    // the child's entries replace the base's same-named entries
  bool rank = false;     // array elements remember the model that declared them (acls)
};

class MergePolicy {
 public:
  // juggler's default policy, used unless the child sets configureModelMerge.
  static MergePolicy legacy();
  // `"configureModelMerge": true`: the policy juggler recommends since 3.6.2.
  static MergePolicy recommended();
  // The policy a child's own settings ask for (configureModelMerge true, an object of
  // rules, or absent).
  [[nodiscard]] static Result<MergePolicy> for_settings(const Object& child_settings,
                                                        const KeyPath& path);

  [[nodiscard]] MergeRule rule(std::string_view key) const;
  // Whether a child value removes the inherited setting (`__delete`; null in the
  // recommended policy, nothing in the legacy one).
  [[nodiscard]] bool deletes(const Value& child_value) const;

 private:
  std::vector<std::pair<std::string, MergeRule>> rules_;
  std::optional<Value> delete_marker_;
  MergeRule default_rule_;
};

// The base's settings with the child's merged in by `policy`; keys keep the base's
// order, new keys are appended in the child's order.
[[nodiscard]] Object merge_settings(const Object& base, const Object& child,
                                    const MergePolicy& policy);

// juggler's deepMergeProperty: `extras` merged into `base` (nullptr when absent).
[[nodiscard]] Value deep_merge(const Value* base, const Value& extras);

}  // namespace lb::model
