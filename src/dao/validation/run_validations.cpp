// The runner. LoopBack keys validations by property in the order each property got its
// first one, runs the synchronous ones property by property, then reports the
// asynchronous ones (uniqueness, validateAsync) as they finish, then unknown
// properties; a ValidationError lists properties in the order their first failure
// arrived. Failures found before (coercion, forceId) sit where LoopBack's own check for
// them would: at the start of their property's list.
#include "dao/validation/run_validations.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <exception>
#include <future>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dao/validation/rule_check.hpp"
#include "dao/validation/uniqueness_check.hpp"
#include "lb/model.hpp"

namespace lb::dao {
namespace {

using Entry = ValidationErrors::Entry;

// JavaScript truthiness of a property value for if/unless.
bool truthy(const Value* value) {
  if (value == nullptr) return false;
  switch (value->kind()) {
    case Value::Kind::Null: return false;
    case Value::Kind::Bool: return value->as_bool();
    case Value::Kind::Integer: return value->as_integer() != 0;
    case Value::Kind::Number: return value->as_double() != 0 && !std::isnan(value->as_double());
    case Value::Kind::String: return !value->as_string().empty();
    default: return true;
  }
}

// if/unless name a property, or juggler's instance method isNewRecord. A property the
// record does not have counts as false (juggler runs an `if` whose property is
// missing and skips such an `unless`, which depends on whether the connector returned
// the missing column as null: see docs/compatibility.md).
bool condition_holds(const Instance& instance, const std::string& name) {
  if (name == "isNewRecord") return instance.is_new_record();
  return truthy(instance.data().find(name));
}

bool applies(const Validations::Rule& rule, const Instance& instance) {
  const ValidationOptions& options = rule.options;
  if (options.if_property && !condition_holds(instance, *options.if_property)) return false;
  if (options.unless_property && condition_holds(instance, *options.unless_property)) return false;
  if (options.if_predicate && !options.if_predicate(instance)) return false;
  if (options.unless_predicate && options.unless_predicate(instance)) return false;
  return true;
}

// What the message shows as the value: the record's toJSON value, so a hidden property
// prints as undefined (and its value never reaches an error message).
std::string shown_value(const Instance& instance, const std::string& property) {
  if (instance.model().definition().is_hidden(property)) return describe_for_validation(std::nullopt);
  const Value* value = instance.data().find(property);
  return describe_for_validation(value ? std::optional<Value>(*value) : std::nullopt);
}

Entry failure_entry(const Instance& instance, const Validations::Rule& rule, const Failure& failure) {
  return Entry{rule.property, failure_code(rule, failure), failure_message(rule, failure),
               shown_value(instance, rule.property)};
}

std::string validator_failed(const Validations::Rule& rule, const char* what) {
  return "The validator of `" + rule.property + "` failed: " + what;
}

}  // namespace

Status run_validations(const Instance& instance, const Options& options, ValidationErrors& errors) {
  const std::vector<Validations::Rule>& rules = instance.model().validations().rules();
  if (rules.empty()) return {};
  std::vector<Entry> prior = errors.take_entries();

  // The common case first: nothing failed while preparing the data and every rule is a
  // synchronous built-in one that passes. Saying so needs none of the bookkeeping below
  // (which runs, from the start, as soon as anything fails).
  if (prior.empty()) {
    bool clean = true;
    for (const Validations::Rule& rule : rules) {
      if (rule.async_validator || rule.kind == ValidationKind::Uniqueness || rule.kind == ValidationKind::Custom) {
        clean = false;
        break;
      }
      if (!applies(rule, instance)) continue;
      if (!check_rule(rule, instance.data().find(rule.property)).empty()) {
        clean = false;
        break;
      }
    }
    if (clean) return {};
  }

  // Properties in the order of their first rule; each rule's slot in that order.
  std::vector<std::string_view> attrs;
  std::vector<std::size_t> attr_of(rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    std::size_t at = 0;
    while (at < attrs.size() && attrs[at] != rules[i].property) ++at;
    if (at == attrs.size()) attrs.push_back(rules[i].property);
    attr_of[i] = at;
  }
  auto has_prior = [&](std::string_view property, std::string_view code) {
    for (const Entry& entry : prior) {
      if (entry.property == property && entry.code == code) return true;
    }
    return false;
  };

  // A number property whose value did not convert holds NaN in LoopBack, which its
  // rules then judge (presence: blank; numericality: not a number). Those rules see NaN
  // here too, and when one fails, it reports the property instead of the conversion.
  const Value not_a_number(std::numeric_limits<double>::quiet_NaN());
  auto value_of = [&](const std::string& property) -> const Value* {
    const PropertyDefinition* defined = instance.model().definition().property(property);
    if (defined && defined->type.kind == PropertyType::Kind::Number && has_prior(property, "number"))
      return &not_a_number;
    return instance.data().find(property);
  };
  std::vector<std::string> judged_nan;  // properties whose NaN a rule reported

  std::vector<std::vector<Entry>> sync_failures(attrs.size());
  std::vector<std::vector<Entry>> async_failures(attrs.size());
  std::vector<std::pair<std::size_t, std::future<bool>>> pending;
  std::optional<Error> failed;  // the first error that is not a validation failure

  // Asynchronous validators start first, so they all run while the rest is checked.
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const Validations::Rule& rule = rules[i];
    if (!rule.async_validator || !applies(rule, instance)) continue;
    try {
      pending.emplace_back(i, rule.async_validator(instance, options));
    } catch (const std::exception& error) {
      if (!failed) failed = internal_error(validator_failed(rule, error.what()));
    }
  }
  for (std::size_t i = 0; i < rules.size() && !failed; ++i) {
    const Validations::Rule& rule = rules[i];
    if (rule.async_validator || !applies(rule, instance)) continue;
    // A value that could not become a Date is present (LoopBack holds an Invalid Date);
    // only the date failure found while preparing reports it.
    if ((rule.kind == ValidationKind::Presence || rule.kind == ValidationKind::Date) &&
        has_prior(rule.property, "date"))
      continue;
    if (rule.kind == ValidationKind::Uniqueness) {
      auto unique = is_unique(instance, rule, options);
      if (!unique) {
        failed = unique.error();
      } else if (!*unique) {
        async_failures[attr_of[i]].push_back(failure_entry(instance, rule, ""));
      }
      continue;
    }
    if (rule.kind == ValidationKind::Custom) {
      bool valid = false;
      try {
        valid = rule.validator(instance, options);
      } catch (const std::exception& error) {
        failed = internal_error(validator_failed(rule, error.what()));
        break;
      }
      if (!valid) sync_failures[attr_of[i]].push_back(failure_entry(instance, rule, ""));
      continue;
    }
    const Value* value = value_of(rule.property);
    for (const Failure& failure : check_rule(rule, value)) {
      Entry entry = failure_entry(instance, rule, failure);
      if (value == &not_a_number) {
        entry.shown_value = describe_for_validation(not_a_number);
        judged_nan.push_back(rule.property);
      }
      sync_failures[attr_of[i]].push_back(std::move(entry));
    }
  }
  for (auto& [index, future] : pending) {
    try {
      if (!future.get()) async_failures[attr_of[index]].push_back(failure_entry(instance, rules[index], ""));
    } catch (const std::exception& error) {
      if (!failed) failed = internal_error(validator_failed(rules[index], error.what()));
    }
  }
  if (failed) {
    for (Entry& entry : prior) errors.add(std::move(entry));
    return *failed;
  }

  // Earlier failures on properties without rules (forceId's absence of the id, which
  // juggler declares before any property's) come first; unknown properties last.
  std::erase_if(prior, [&](const Entry& entry) {
    return entry.code == "number" && std::find(judged_nan.begin(), judged_nan.end(), entry.property) != judged_nan.end();
  });
  auto is_unknown = [](const Entry& entry) { return entry.code == "unknown-property"; };
  auto in_attrs = [&](const std::string& property) {
    for (std::string_view attr : attrs) {
      if (attr == property) return true;
    }
    return false;
  };
  for (const Entry& entry : prior) {
    if (!is_unknown(entry) && !in_attrs(entry.property)) errors.add(entry);
  }
  for (std::size_t at = 0; at < attrs.size(); ++at) {
    for (const Entry& entry : prior) {
      if (!is_unknown(entry) && entry.property == attrs[at]) errors.add(entry);
    }
    for (Entry& entry : sync_failures[at]) errors.add(std::move(entry));
  }
  for (auto& list : async_failures) {
    for (Entry& entry : list) errors.add(std::move(entry));
  }
  for (Entry& entry : prior) {
    if (is_unknown(entry)) errors.add(std::move(entry));
  }
  return {};
}

}  // namespace lb::dao
