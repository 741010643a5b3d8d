// Validations: the declaration calls (LoopBack's validatesXOf), each checking its
// arguments once so that running a rule can never fail for a reason of its own.
#include "lb/validation.hpp"

#include <fmt/format.h>

#include <utility>

#include "dao/validation/rule.hpp"
#include "lb/error.hpp"

namespace lb {
namespace {

Status check_property(const std::string& property, const char* call) {
  if (property.empty()) return invalid_input(fmt::format("{}: the property name is empty", call));
  return {};
}

}  // namespace

const char* validation_kind_name(ValidationKind kind) {
  switch (kind) {
    case ValidationKind::Presence: return "presence";
    case ValidationKind::Absence: return "absence";
    case ValidationKind::Length: return "length";
    case ValidationKind::Format: return "format";
    case ValidationKind::Inclusion: return "inclusion";
    case ValidationKind::Exclusion: return "exclusion";
    case ValidationKind::Numericality: return "numericality";
    case ValidationKind::Uniqueness: return "uniqueness";
    case ValidationKind::Date: return "date";
    case ValidationKind::Custom: return "custom";
  }
  return "custom";
}

Validations::Validations() : rules_(std::make_unique<std::vector<Rule>>()) {}
Validations::~Validations() = default;
Validations::Validations(Validations&&) noexcept = default;
Validations& Validations::operator=(Validations&&) noexcept = default;

const std::vector<Validations::Rule>& Validations::rules() const {
  static const std::vector<Rule> kNone;
  return rules_ ? *rules_ : kNone;
}

bool Validations::empty() const { return rules().empty(); }

bool Validations::needs_queries() const {
  for (const Rule& rule : rules()) {
    if (rule.is_async()) return true;
  }
  return false;
}

// A moved-from Validations has no vector; declaring on it starts a new one.
static std::vector<Validations::Rule>& rules_of(std::unique_ptr<std::vector<Validations::Rule>>& rules) {
  if (!rules) rules = std::make_unique<std::vector<Validations::Rule>>();
  return *rules;
}

Status Validations::validates_presence_of(std::string property, ValidationOptions options) {
  if (auto ok = check_property(property, "validatesPresenceOf"); !ok) return ok;
  Rule rule;
  rule.kind = ValidationKind::Presence;
  rule.property = std::move(property);
  rule.options = std::move(options);
  rules_of(rules_).push_back(std::move(rule));
  return {};
}

Status Validations::validates_absence_of(std::string property, ValidationOptions options) {
  if (auto ok = check_property(property, "validatesAbsenceOf"); !ok) return ok;
  Rule rule;
  rule.kind = ValidationKind::Absence;
  rule.property = std::move(property);
  rule.options = std::move(options);
  rules_of(rules_).push_back(std::move(rule));
  return {};
}

Status Validations::validates_length_of(std::string property, LengthBounds bounds, ValidationOptions options) {
  if (auto ok = check_property(property, "validatesLengthOf"); !ok) return ok;
  if (!bounds.min && !bounds.max && !bounds.is)
    return invalid_input(fmt::format("validatesLengthOf `{}`: expected min, max or is", property));
  if (bounds.min && bounds.max && *bounds.min > *bounds.max)
    return invalid_input(fmt::format("validatesLengthOf `{}`: min {} is greater than max {}", property,
                                     *bounds.min, *bounds.max));
  Rule rule;
  rule.kind = ValidationKind::Length;
  rule.property = std::move(property);
  rule.bounds = bounds;
  rule.options = std::move(options);
  rules_of(rules_).push_back(std::move(rule));
  return {};
}

Status Validations::validates_format_of(std::string property, std::string pattern, ValidationOptions options,
                                        bool without) {
  if (auto ok = check_property(property, "validatesFormatOf"); !ok) return ok;
  RE2::Options re2_options;
  re2_options.set_log_errors(false);
  auto compiled = std::make_shared<const RE2>(pattern, re2_options);
  if (!compiled->ok())
    return invalid_input(fmt::format("validatesFormatOf `{}`: invalid regular expression /{}/: {}", property,
                                     pattern, compiled->error()));
  Rule rule;
  rule.kind = ValidationKind::Format;
  rule.property = std::move(property);
  rule.pattern = std::move(compiled);
  rule.without = without;
  rule.options = std::move(options);
  rules_of(rules_).push_back(std::move(rule));
  return {};
}

Status Validations::validates_inclusion_of(std::string property, Array allowed, ValidationOptions options) {
  if (auto ok = check_property(property, "validatesInclusionOf"); !ok) return ok;
  Rule rule;
  rule.kind = ValidationKind::Inclusion;
  rule.property = std::move(property);
  rule.values = std::move(allowed);
  rule.options = std::move(options);
  rules_of(rules_).push_back(std::move(rule));
  return {};
}

Status Validations::validates_exclusion_of(std::string property, Array reserved, ValidationOptions options) {
  if (auto ok = check_property(property, "validatesExclusionOf"); !ok) return ok;
  Rule rule;
  rule.kind = ValidationKind::Exclusion;
  rule.property = std::move(property);
  rule.values = std::move(reserved);
  rule.options = std::move(options);
  rules_of(rules_).push_back(std::move(rule));
  return {};
}

Status Validations::validates_numericality_of(std::string property, bool integer_only, ValidationOptions options) {
  if (auto ok = check_property(property, "validatesNumericalityOf"); !ok) return ok;
  Rule rule;
  rule.kind = ValidationKind::Numericality;
  rule.property = std::move(property);
  rule.integer_only = integer_only;
  rule.options = std::move(options);
  rules_of(rules_).push_back(std::move(rule));
  return {};
}

Status Validations::validates_uniqueness_of(std::string property, UniquenessScope scope, ValidationOptions options) {
  if (auto ok = check_property(property, "validatesUniquenessOf"); !ok) return ok;
  for (const std::string& scoped : scope.scoped_to) {
    if (scoped.empty())
      return invalid_input(fmt::format("validatesUniquenessOf `{}`: a scopedTo property name is empty", property));
  }
  Rule rule;
  rule.kind = ValidationKind::Uniqueness;
  rule.property = std::move(property);
  rule.scope = std::move(scope);
  rule.options = std::move(options);
  rules_of(rules_).push_back(std::move(rule));
  return {};
}

Status Validations::validates_date_of(std::string property, ValidationOptions options) {
  if (auto ok = check_property(property, "validatesDateOf"); !ok) return ok;
  Rule rule;
  rule.kind = ValidationKind::Date;
  rule.property = std::move(property);
  rule.options = std::move(options);
  rules_of(rules_).push_back(std::move(rule));
  return {};
}

Status Validations::validate(std::string property, Validator validator, ValidationOptions options) {
  if (auto ok = check_property(property, "validate"); !ok) return ok;
  if (!validator) return invalid_input(fmt::format("validate `{}`: the validator is empty", property));
  Rule rule;
  rule.kind = ValidationKind::Custom;
  rule.property = std::move(property);
  rule.validator = std::move(validator);
  rule.options = std::move(options);
  rules_of(rules_).push_back(std::move(rule));
  return {};
}

Status Validations::validate_async(std::string property, AsyncValidator validator, ValidationOptions options) {
  if (auto ok = check_property(property, "validateAsync"); !ok) return ok;
  if (!validator) return invalid_input(fmt::format("validateAsync `{}`: the validator is empty", property));
  Rule rule;
  rule.kind = ValidationKind::Custom;
  rule.property = std::move(property);
  rule.async_validator = std::move(validator);
  rule.options = std::move(options);
  rules_of(rules_).push_back(std::move(rule));
  return {};
}

}  // namespace lb
