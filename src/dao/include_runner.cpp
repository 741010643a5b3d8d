// Include, connector-agnostic: for each relation, the keys of every parent are
// collected and the related rows fetched in one query (`key inq [...]`, the relation's
// and the include's scope ANDed in, the target's default scope applied), then handed
// out to the parents. A scope's limit and skip apply per parent, as a user means them:
// in the same query when the connector pages per key (a window function on SQL),
// else here on the rows of each parent. Nested includes run once per level on all the
// rows of that level that some parent keeps.
#include "dao/include_runner.hpp"

#include <boost/unordered/unordered_flat_map.hpp>
#include <boost/unordered/unordered_flat_set.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <memory>
#include <span>

#include "dao/default_scope.hpp"
#include "dao/key_hash.hpp"
#include "dao/observers.hpp"
#include "value/exact_integer.hpp"
#include "lb/model.hpp"
#include "lb/relation.hpp"

namespace lb::dao {
namespace {

using filter::BoundInclude;
using filter::Syntax;
using filter::WhereNode;

// Integer keys spread over a range no more than a few times wider than their number,
// as ids and the foreign keys pointing at them usually are: each key then has a slot
// in an array, found by subtraction instead of a hash probe.
struct DenseRange {
  std::int64_t min = 0;
  std::size_t width = 0;

  // The range of `keys` when it is dense; nullopt otherwise.
  static std::optional<DenseRange> of(std::span<const std::int64_t> keys) {
    if (keys.empty()) return std::nullopt;
    const auto [low, high] = std::minmax_element(keys.begin(), keys.end());
    return of_bounds(*low, *high, keys.size());
  }
  // Whether `key` is in the range, and its slot there.
  [[nodiscard]] bool slot(std::int64_t key, std::size_t& at) const {
    at = static_cast<std::size_t>(static_cast<std::uint64_t>(key) - static_cast<std::uint64_t>(min));
    return key >= min && at < width;
  }

 private:
  static std::optional<DenseRange> of_bounds(std::int64_t low, std::int64_t high, std::size_t count) {
    const auto span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
    if (span >= 4 * static_cast<std::uint64_t>(count) + 64) return std::nullopt;
    return DenseRange{low, static_cast<std::size_t>(span) + 1};
  }
};

// The keys of a level's rows for one property, read once: plain integers when every
// one is an integer (ids and foreign keys, the usual case: no Value per row to build,
// hash and destroy), else Values.
class KeyColumn {
 public:
  KeyColumn(std::span<const Instance> rows, std::string_view property) {
    integral_ = Instance::read_integers(rows, property, integers_);
    if (!integral_) {
      integers_.clear();
      values_ = Instance::read_each(rows, property);
    }
  }
  [[nodiscard]] bool integral() const { return integral_; }
  [[nodiscard]] const std::vector<std::int64_t>& integers() const { return integers_; }
  [[nodiscard]] const std::vector<Value>& values() const { return values_; }
  [[nodiscard]] std::vector<Value> take_values() { return std::move(values_); }

 private:
  bool integral_ = false;
  std::vector<std::int64_t> integers_;
  std::vector<Value> values_;
};

// Distinct non-null values, in first-seen order (the order rows were found).
class KeySet {
 public:
  // Room for `expected` keys up front: growing the set rehashes it each time.
  explicit KeySet(std::size_t expected) {
    seen_integers_.reserve(expected);
    keys_.reserve(expected);
  }
  // The distinct keys of a column.
  explicit KeySet(const KeyColumn& column) {
    if (column.integral()) {
      const std::vector<std::int64_t>& keys = column.integers();
      keys_.reserve(keys.size());
      if (const auto dense = DenseRange::of(keys)) {
        std::vector<bool> seen(dense->width, false);
        for (std::int64_t key : keys) {
          std::size_t at;
          (void)dense->slot(key, at);
          if (!seen[at]) {
            seen[at] = true;
            keys_.emplace_back(static_cast<long long>(key));
          }
        }
      } else {
        seen_integers_.reserve(keys.size());
        for (std::int64_t key : keys)
          if (seen_integers_.insert(key).second) keys_.emplace_back(static_cast<long long>(key));
      }
      return;
    }
    const std::vector<Value>& keys = column.values();
    keys_.reserve(keys.size());
    seen_integers_.reserve(keys.size());
    for (const Value& key : keys) add(key);
  }
  void add(const Value& key) {
    if (std::int64_t integer; exact_integer(key, integer)) {
      if (seen_integers_.insert(integer).second) keys_.push_back(key);
      return;
    }
    if (key.is_null()) return;
    if (seen_.insert(key).second) keys_.push_back(key);
  }
  [[nodiscard]] bool empty() const { return keys_.empty(); }
  [[nodiscard]] Array take() { return std::move(keys_); }

 private:
  boost::unordered_flat_set<std::int64_t> seen_integers_;
  boost::unordered_flat_set<Value, KeyHash, KeyEqual> seen_;  // keys of other kinds
  Array keys_;
};

WhereNode inq_condition(const std::string& property, Array keys) {
  WhereNode node;
  node.kind = WhereNode::Kind::Condition;
  node.condition.path = {property};
  node.condition.op = filter::Operator::Inq;
  node.condition.operand = Value(std::move(keys));
  return node;
}

// The include's scope merged over the relation's own `scope` setting.
Result<Syntax> scope_syntax(const Relation& relation, const BoundInclude& include) {
  Syntax scope = include.unbound_scope ? *include.unbound_scope : Syntax{};
  if (relation.definition->scope.is_object()) {
    auto relation_scope = parse_scope(relation.definition->scope, "relation scope");
    if (!relation_scope) return relation_scope.error();
    scope = merge_scope(*relation_scope, std::move(scope));
  }
  return scope;
}

// Adds `keys` to a query's fields when it names fields and leaves them out; returns
// the ones added, to be dropped from the rows afterwards.
std::vector<std::string> require_fields(filter::Bound& bound, const std::vector<std::string>& keys) {
  std::vector<std::string> added;
  if (!bound.fields) return added;
  for (const std::string& key : keys) {
    if (std::find(bound.fields->begin(), bound.fields->end(), key) != bound.fields->end()) continue;
    bound.fields->push_back(key);
    added.push_back(key);
  }
  return added;
}

Error not_attached(const Model& model, const Relation& relation, const std::string& target) {
  return Error(ErrorCode::Internal, fmt::format("Relation \"{}\" of {} model: the model \"{}\" is not attached to a "
                                                "data source",
                                                relation.name, model.name(), target));
}

// Row numbers of a query's result (what the per-parent lists hold).
using RowIndex = std::uint32_t;
using RowSpan = std::span<const RowIndex>;

// A query's rows grouped by the value of one key: each distinct key's rows, in the
// order the query returned them, as one range of a shared array (no list per key: a
// level of a few thousand rows would otherwise allocate one per parent).
class Groups {
 public:
  void build(const std::vector<Instance>& rows, const std::string& key) {
    KeyColumn keys(rows, key);
    std::vector<RowIndex> group_of(rows.size());
    std::vector<RowIndex> sizes;
    // Each row's group: a new one (numbered in first-seen order) for a key not seen.
    auto assign = [&](std::size_t i, RowIndex& slot) {
      const auto next = static_cast<RowIndex>(sizes.size());
      if (slot == kNoGroup) {
        slot = next;
        sizes.push_back(0);
      }
      group_of[i] = slot;
      ++sizes[slot];
    };
    if (keys.integral()) {
      const std::vector<std::int64_t>& integers = keys.integers();
      dense_ = DenseRange::of(integers);
      if (dense_) {
        dense_groups_.assign(dense_->width, kNoGroup);
        for (std::size_t i = 0; i < integers.size(); ++i) {
          std::size_t at;
          (void)dense_->slot(integers[i], at);
          assign(i, dense_groups_[at]);
        }
      } else {
        integers_.reserve(integers.size());
        for (std::size_t i = 0; i < integers.size(); ++i)
          assign(i, integers_.try_emplace(integers[i], kNoGroup).first->second);
      }
    } else {
      std::vector<Value> values = keys.take_values();
      integers_.reserve(values.size());
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::int64_t integer; exact_integer(values[i], integer)) {
          assign(i, integers_.try_emplace(integer, kNoGroup).first->second);
        } else {
          assign(i, others_.try_emplace(std::move(values[i]), kNoGroup).first->second);
        }
      }
    }
    starts_.assign(sizes.size() + 1, 0);
    for (std::size_t g = 0; g < sizes.size(); ++g) starts_[g + 1] = starts_[g] + sizes[g];
    members_.resize(rows.size());
    std::vector<RowIndex> next(starts_.begin(), starts_.end() - 1);
    for (std::size_t i = 0; i < rows.size(); ++i) members_[next[group_of[i]]++] = static_cast<RowIndex>(i);
  }
  // The rows whose key equals `key`, in query order (none for an unknown key).
  [[nodiscard]] RowSpan find(std::int64_t key) const {
    RowIndex group = kNoGroup;
    if (dense_) {
      if (std::size_t at; dense_->slot(key, at)) group = dense_groups_[at];
    } else if (auto found = integers_.find(key); found != integers_.end()) {
      group = found->second;
    }
    return rows_of(group);
  }
  [[nodiscard]] RowSpan find(const Value& key) const {
    if (std::int64_t integer; exact_integer(key, integer)) return find(integer);
    auto found = others_.find(key);
    return rows_of(found == others_.end() ? kNoGroup : found->second);
  }
  // The rows of the i-th key of `keys`.
  [[nodiscard]] RowSpan find(const KeyColumn& keys, std::size_t i) const {
    return keys.integral() ? find(keys.integers()[i]) : find(keys.values()[i]);
  }

 private:
  static constexpr RowIndex kNoGroup = UINT32_MAX;
  [[nodiscard]] RowSpan rows_of(RowIndex group) const {
    if (group == kNoGroup) return {};
    return RowSpan(members_.data() + starts_[group], starts_[group + 1] - starts_[group]);
  }
  // Integer keys (and doubles equal to one) apart from the rest (see exact_integer):
  // in an array when every key is one and they are dense, else in a map.
  std::optional<DenseRange> dense_;
  std::vector<RowIndex> dense_groups_;
  boost::unordered_flat_map<std::int64_t, RowIndex> integers_;
  boost::unordered_flat_map<Value, RowIndex, KeyHash, KeyEqual> others_;
  std::vector<RowIndex> starts_{0};
  std::vector<RowIndex> members_;
};

// Runs `syntax` (with `key inq keys` ANDed in) on `target` and groups the rows by
// `key`. Limit and skip come off the query and apply per group when the connector
// does not page per key.
struct GroupedQuery {
  std::vector<Instance> rows;
  Groups groups;
  std::optional<std::int64_t> limit;
  std::int64_t skip = 0;
  std::vector<filter::BoundInclude> nested;
  std::vector<std::string> dropped;  // fields read only for grouping or nested includes
};

// How a scope's limit and skip reach the rows: per parent by src/dao after one
// unpaged query, or by the connector itself (Bound::limit_per_key) when it can page
// per key and each parent's rows are exactly the rows of one key.
enum class Paging { InDao, PerKey };

Paging paging_for(const Model& target, const Relation& relation) {
  if (relation.type != RelationType::HasMany || relation.has_through()) return Paging::InDao;
  return target.data_source().connector().capabilities().limit_per_key ? Paging::PerKey : Paging::InDao;
}

Result<GroupedQuery> grouped_query(Model& target, Syntax syntax, const std::string& key, Array keys,
                                   const Options& options, Paging paging = Paging::InDao) {
  GroupedQuery out;
  // Keys go to the connector in lists no longer than a filter may hold: a result set
  // larger than that takes a query per chunk, never one per row.
  const std::size_t chunk = std::max<std::size_t>(1, target.bind_options().limits.max_inq_size);
  const bool observes_access = HookRun(target, options_for(target, options)).observed(HookPoint::Access);
  for (std::size_t begin = 0; begin < keys.size(); begin += chunk) {
    const std::size_t end = std::min(keys.size(), begin + chunk);
    Syntax part = syntax;
    part.where = and_where(inq_condition(key, Array(std::make_move_iterator(keys.begin() + static_cast<std::ptrdiff_t>(begin)),
                                                    std::make_move_iterator(keys.begin() + static_cast<std::ptrdiff_t>(end)))),
                           std::move(part.where));
    // The query as the target's "access" observers see it (as LoopBack's include
    // queries show it: the key list, the scope).
    // Copied only when someone observes: the copy holds the whole key list.
    std::shared_ptr<const Syntax> shown;
    if (observes_access) shown = std::make_shared<const Syntax>(part);
    auto bound = target.bind_filter(FilterInput(std::move(part)));
    if (!bound) return bound.error();
    if (begin == 0) {
      out.limit = bound->limit;
      out.skip = bound->skip;
      out.nested = bound->include;
      auto nested_keys = include_keys(target, out.nested);
      if (!nested_keys) return nested_keys.error();
      nested_keys->push_back(key);
      out.dropped = require_fields(*bound, *nested_keys);
    } else {
      (void)require_fields(*bound, out.dropped);
    }
    if (paging == Paging::PerKey && (bound->limit || bound->skip != 0)) {
      bound->limit_per_key = key;
      out.limit.reset();
      out.skip = 0;
    } else {
      bound->limit.reset();
      bound->skip = 0;
    }
    bound->include.clear();
    auto rows = target.find(PreparedFilter(std::make_shared<const filter::Bound>(std::move(bound).value()), shown),
                            options_for(target, options));
    if (!rows) return rows.error();
    if (out.rows.empty()) {
      out.rows = std::move(rows).value();
    } else {
      std::move(rows->begin(), rows->end(), std::back_inserter(out.rows));
    }
  }
  out.groups.build(out.rows, key);
  return out;
}

// A group's rows after the scope's skip and limit.
RowSpan page(RowSpan group, std::int64_t skip, std::optional<std::int64_t> limit) {
  const std::size_t begin = std::min(group.size(), static_cast<std::size_t>(std::max<std::int64_t>(skip, 0)));
  std::size_t end = group.size();
  if (limit && *limit > 0) end = std::min(end, begin + static_cast<std::size_t>(*limit));
  return group.subspan(begin, end - begin);
}

// Each parent's related rows, as row numbers of the query: ranges of its groups, or of
// lists built here for the relations whose rows per parent are not one group.
struct PerParent {
  explicit PerParent(std::size_t parents) : rows(parents) {}
  std::vector<RowSpan> rows;
  std::vector<std::vector<RowIndex>> built;  // backing for the lists built

  void set_built(std::size_t parent, std::vector<RowIndex> list, std::int64_t skip, std::optional<std::int64_t> limit) {
    built.push_back(std::move(list));
    rows[parent] = page(built.back(), skip, limit);
  }
};

// Runs the nested includes on the rows some parent keeps, drops the fields read only
// for the include machinery, and attaches each parent's rows: one array of rows for
// the whole level, each parent a range of it.
Status attach(Model& target, std::vector<Instance>& parents, const Relation& relation, GroupedQuery& query,
              const PerParent& per_parent, const Options& options) {
  const std::size_t n = parents.size();
  std::vector<Instance::RowRange> ranges(n);
  // The common case: every row goes to exactly one parent (a hasMany without a
  // per-parent limit, or paged by the connector), each parent's rows one run of the
  // query's order (children stored parent by parent). The rows then stay where the
  // query put them.
  std::vector<RowIndex> uses(query.rows.size(), 0);
  bool runs = true;
  for (RowSpan indexes : per_parent.rows) {
    for (std::size_t k = 0; k < indexes.size(); ++k) {
      ++uses[indexes[k]];
      runs = runs && indexes[k] == indexes[0] + k;
    }
  }
  const bool each_once = std::all_of(uses.begin(), uses.end(), [](RowIndex u) { return u == 1; });
  if (each_once && runs) {
    if (!query.nested.empty()) {
      if (Status status = run_includes(target, query.rows, query.nested, options_for(target, options)); !status)
        return status;
    }
    for (Instance& row : query.rows) row.drop_properties(query.dropped);
    for (std::size_t p = 0; p < n; ++p) {
      const RowSpan indexes = per_parent.rows[p];
      if (!indexes.empty()) ranges[p] = {indexes[0], static_cast<std::uint32_t>(indexes.size())};
    }
    Instance::set_included(parents, relation.name, relation.multiple, std::move(query.rows), ranges);
    return {};
  }
  // Otherwise the rows some parent keeps, in the order parents first use them.
  constexpr RowIndex kNotKept = UINT32_MAX;
  std::vector<RowIndex> kept_index(query.rows.size(), kNotKept);
  std::vector<Instance> kept;
  for (RowSpan indexes : per_parent.rows)
    for (RowIndex i : indexes)
      if (kept_index[i] == kNotKept) {
        kept_index[i] = static_cast<RowIndex>(kept.size());
        kept.push_back(std::move(query.rows[i]));
      }
  if (!query.nested.empty()) {
    if (Status status = run_includes(target, kept, query.nested, options_for(target, options)); !status) return status;
  }
  for (Instance& row : kept) row.drop_properties(query.dropped);
  // A parent whose rows are one run of `kept` (always so for a to-one relation) points
  // at it; one whose rows are not (a row shared with another parent in between) gets
  // copies of them after the kept rows.
  std::vector<RowIndex> copies;
  for (std::size_t p = 0; p < n; ++p) {
    const RowSpan indexes = per_parent.rows[p];
    if (indexes.empty()) continue;
    const RowIndex first = kept_index[indexes[0]];
    bool run = true;
    for (std::size_t k = 1; k < indexes.size() && run; ++k) run = kept_index[indexes[k]] == first + k;
    if (run) {
      ranges[p] = {first, static_cast<std::uint32_t>(indexes.size())};
      continue;
    }
    ranges[p] = {static_cast<std::uint32_t>(kept.size() + copies.size()), static_cast<std::uint32_t>(indexes.size())};
    for (RowIndex i : indexes) copies.push_back(kept_index[i]);
  }
  kept.reserve(kept.size() + copies.size());
  for (RowIndex k : copies) kept.push_back(kept[k]);
  Instance::set_included(parents, relation.name, relation.multiple, std::move(kept), ranges);
  return {};
}

Status include_direct(Model& target, std::vector<Instance>& parents, const Relation& relation, Syntax scope,
                      const Options& options) {
  // Each parent's key, read once (a read decodes it from the row).
  const KeyColumn parent_keys(parents, relation.key_from);
  KeySet keys = relation.type == RelationType::ReferencesMany ? KeySet(parents.size()) : KeySet(parent_keys);
  if (relation.type == RelationType::ReferencesMany && !parent_keys.integral()) {
    for (const Value& key : parent_keys.values())
      if (const Array* ids = key.if_array())
        for (const Value& id : *ids) keys.add(id);
  }
  PerParent per_parent(parents.size());
  if (keys.empty()) {
    GroupedQuery none;
    return attach(target, parents, relation, none, per_parent, options);
  }
  auto query = grouped_query(target, std::move(scope), relation.key_to, keys.take(), options,
                             paging_for(target, relation));
  if (!query) return query.error();
  for (std::size_t p = 0; p < parents.size(); ++p) {
    switch (relation.type) {
      case RelationType::ReferencesMany: {
        // In the order of the parent's id list (a parent's key is a list of ids, or none).
        std::vector<RowIndex> rows;
        if (const Array* ids = parent_keys.integral() ? nullptr : parent_keys.values()[p].if_array())
          for (const Value& id : *ids)
            if (RowSpan group = query->groups.find(id); !group.empty()) rows.push_back(group.front());
        per_parent.set_built(p, std::move(rows), query->skip, query->limit);
        break;
      }
      case RelationType::HasMany:
        per_parent.rows[p] = page(query->groups.find(parent_keys, p), query->skip, query->limit);
        break;
      default: {  // to-one: the first match
        const RowSpan group = query->groups.find(parent_keys, p);
        per_parent.rows[p] = group.first(std::min<std::size_t>(1, group.size()));
        break;
      }
    }
  }
  return attach(target, parents, relation, *query, per_parent, options);
}

// hasMany through (and hasAndBelongsToMany): the parents' links from the through
// model first, then the targets they name, in the target query's order.
Status include_through(const Model& model, Model& target, std::vector<Instance>& parents, const Relation& relation,
                       Syntax scope, const Options& options) {
  Model* through = model.related_model(relation.through->name);
  if (!through) return not_attached(model, relation, relation.through->name);
  const KeyColumn keys_from(parents, relation.key_from);
  KeySet parent_keys(keys_from);
  PerParent per_parent(parents.size());
  if (parent_keys.empty()) {
    GroupedQuery none;
    return attach(target, parents, relation, none, per_parent, options);
  }
  Syntax links_syntax;
  links_syntax.fields = filter::FieldsSpec{{{relation.key_to, true}, {relation.key_through, true}}};
  auto links = grouped_query(*through, std::move(links_syntax), relation.key_to, parent_keys.take(), options);
  if (!links) return links.error();
  const KeyColumn keys_through(links->rows, relation.key_through);
  KeySet target_keys(keys_through);
  if (target_keys.empty()) {
    GroupedQuery none;
    return attach(target, parents, relation, none, per_parent, options);
  }
  const std::string target_key = target.id_name();
  auto query = grouped_query(target, std::move(scope), target_key, target_keys.take(), options);
  if (!query) return query.error();
  // Each target row's position in the target query, to keep that order per parent.
  for (std::size_t p = 0; p < parents.size(); ++p) {
    RowSpan group = links->groups.find(keys_from, p);
    if (group.empty()) continue;
    std::vector<RowIndex> rows;
    for (RowIndex link : group) {
      RowSpan found = query->groups.find(keys_through, link);
      if (!found.empty()) rows.push_back(found.front());
    }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    per_parent.set_built(p, std::move(rows), query->skip, query->limit);
  }
  return attach(target, parents, relation, *query, per_parent, options);
}

// A polymorphic belongsTo: each parent names its target model in the discriminator.
// One query per target model named, on the parents naming it; a parent naming no
// attached model gets nothing.
Status include_polymorphic(const Model& model, std::vector<Instance>& parents, const Relation& relation,
                           const BoundInclude& include, const Options& options) {
  std::vector<std::pair<std::string, std::vector<std::size_t>>> by_type;
  for (std::size_t p = 0; p < parents.size(); ++p) {
    const std::string* type = parents[p].get(relation.discriminator).if_string();
    if (!type) {
      parents[p].set_included(relation.name, false, {});
      continue;
    }
    auto group = std::find_if(by_type.begin(), by_type.end(), [&](const auto& g) { return g.first == *type; });
    if (group == by_type.end()) group = by_type.insert(by_type.end(), {*type, {}});
    group->second.push_back(p);
  }
  for (auto& [type, indexes] : by_type) {
    Model* target = model.related_model(type);
    std::vector<Instance> subset;
    subset.reserve(indexes.size());
    for (std::size_t p : indexes) subset.push_back(std::move(parents[p]));
    Status status;
    if (!target) {
      for (Instance& parent : subset) parent.set_included(relation.name, false, {});
    } else {
      Relation concrete = relation;
      concrete.to = &target->definition();
      concrete.key_to = target->id_name();
      concrete.polymorphic = false;
      auto scope = scope_syntax(relation, include);
      status = scope ? include_direct(*target, subset, concrete, std::move(scope).value(), options)
                     : Status(scope.error());
    }
    for (std::size_t i = 0; i < indexes.size(); ++i) parents[indexes[i]] = std::move(subset[i]);
    if (!status) return status;
  }
  return {};
}

// Embedded relations keep their rows inside the parent: include hands them out as
// instances of the embedded model, read from the storing property.
Status include_embedded(Model& target, std::vector<Instance>& parents, const Relation& relation) {
  for (Instance& parent : parents) {
    std::vector<Instance> rows;
    const Value& stored = parent.get(relation.key_from);
    if (const Array* items = stored.if_array()) {
      for (const Value& item : *items)
        if (const Object* object = item.if_object()) rows.push_back(target.make_instance(*object, true));
    } else if (const Object* object = stored.if_object()) {
      rows.push_back(target.make_instance(*object, true));
    }
    parent.set_included(relation.name, relation.multiple, std::move(rows));
  }
  return {};
}

}  // namespace

Options options_for(const Model& target, const Options& options) {
  if (options.transaction && &options.transaction->data_source() != &target.data_source()) return Options{};
  return options;
}

Result<std::vector<std::string>> include_keys(const Model& model, const std::vector<filter::BoundInclude>& includes) {
  std::vector<std::string> keys;
  for (const BoundInclude& include : includes) {
    auto relation = model.relation(include.relation->name);
    if (!relation) return relation.error();
    if (relation->polymorphic && relation->type == RelationType::BelongsTo) keys.push_back(relation->discriminator);
    if (std::find(keys.begin(), keys.end(), relation->key_from) == keys.end()) keys.push_back(relation->key_from);
  }
  return keys;
}

Status run_includes(const Model& model, std::vector<Instance>& parents,
                    const std::vector<filter::BoundInclude>& includes, const Options& options) {
  for (const BoundInclude& include : includes) {
    auto relation = model.relation(include.relation->name);
    if (!relation) return relation.error();
    if (relation->polymorphic && relation->type == RelationType::BelongsTo) {
      if (parents.empty()) continue;
      if (Status status = include_polymorphic(model, parents, *relation, include, options); !status) return status;
      continue;
    }
    if (relation->polymorphic && relation->has_through()) {
      return Error(ErrorCode::InvalidInput,
                   fmt::format("filter.include: including the polymorphic through relation \"{}\" is not supported yet",
                               relation->name));
    }
    Model* target = model.related_model(relation->to->name);
    if (!target) return not_attached(model, *relation, relation->to->name);
    if (relation->type == RelationType::EmbedsOne || relation->type == RelationType::EmbedsMany) {
      if (Status status = include_embedded(*target, parents, *relation); !status) return status;
      continue;
    }
    if (parents.empty()) continue;
    auto scope = scope_syntax(*relation, include);
    if (!scope) return scope.error();
    if (relation->polymorphic) {
      // The target rows that point back at this model name it in their discriminator.
      WhereNode named;
      named.kind = WhereNode::Kind::Condition;
      named.condition.path = {relation->discriminator};
      named.condition.operand = Value(model.name());
      scope->where = and_where(std::move(named), std::move(scope->where));
    }
    Status status = relation->has_through()
                        ? include_through(model, *target, parents, *relation, std::move(scope).value(), options)
                        : include_direct(*target, parents, *relation, std::move(scope).value(), options);
    if (!status) return status;
  }
  return {};
}

}  // namespace lb::dao
