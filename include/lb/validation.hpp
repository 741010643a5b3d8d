// A model's validations, as LoopBack's Model.validatesXOf() declare them: what each
// checks, its options (message, code, allowNull, allowBlank, if/unless), and custom
// validators, synchronous or asynchronous. Declared from C++ here or in the model
// JSON's `validations` section (docs/validation-and-hooks.md); run by Instance::validate()
// and by the write operations, which report every failure in one 422 ValidationError.
#pragma once

#include <cstddef>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lb/result.hpp"
#include "lb/transaction.hpp"
#include "lb/value.hpp"

namespace lb {

class Instance;
class ModelDefinition;

enum class ValidationKind {
  Presence,
  Absence,
  Length,
  Format,
  Inclusion,
  Exclusion,
  Numericality,
  Uniqueness,
  Date,
  Custom,
};

// Options every validation takes.
struct ValidationOptions {
  // Replaces the default message ("can't be blank"...).
  std::optional<std::string> message;
  // Per failure, for validations that fail in several ways: length ("min", "max",
  // "is"), numericality ("int", "number"), and allowNull/allowBlank ("null", "blank").
  std::map<std::string, std::string, std::less<>> messages;
  // Replaces the code reported in details.codes.
  std::optional<std::string> code;
  // A null (or missing) value passes; a blank one ("" or []) too with allow_blank.
  bool allow_null = false;
  bool allow_blank = false;
  // The validation runs only when the named property is truthy (if) or falsy (unless),
  // or when the predicate says so.
  std::optional<std::string> if_property;
  std::optional<std::string> unless_property;
  std::function<bool(const Instance&)> if_predicate;
  std::function<bool(const Instance&)> unless_predicate;
};

// Lengths as JavaScript counts them: UTF-16 code units of a string, elements of an
// array, bytes of a Buffer. The helpers spare designated initializers, which GCC 12's
// -Wextra reports when they leave members out.
struct LengthBounds {
  std::optional<std::size_t> min;
  std::optional<std::size_t> max;
  std::optional<std::size_t> is;

  static LengthBounds at_least(std::size_t n) { return {n, std::nullopt, std::nullopt}; }
  static LengthBounds at_most(std::size_t n) { return {std::nullopt, n, std::nullopt}; }
  static LengthBounds between(std::size_t low, std::size_t high) { return {low, high, std::nullopt}; }
  static LengthBounds exactly(std::size_t n) { return {std::nullopt, std::nullopt, n}; }
};

struct UniquenessScope {
  // Properties whose values must also match for two records to clash.
  std::vector<std::string> scoped_to;
  bool ignore_case = false;
};

// A custom validator: true when the record is valid.
using Validator = std::function<bool(const Instance&, const Options&)>;
// An asynchronous one: the record is valid when the future yields true. Every
// asynchronous validator of a record runs before any result is awaited.
using AsyncValidator = std::function<std::future<bool>(const Instance&, const Options&)>;

class Validations {
 public:
  // The validations `definition` declares: `required` properties (presence, first) and
  // its `validations` section. A malformed section is a 400 naming the entry.
  [[nodiscard]] static Result<Validations> from_definition(const ModelDefinition& definition);

  Validations();
  ~Validations();
  Validations(Validations&&) noexcept;
  Validations& operator=(Validations&&) noexcept;
  Validations(const Validations&) = delete;
  Validations& operator=(const Validations&) = delete;

  // Each returns 400 for arguments that cannot work (a pattern RE2 rejects, bounds that
  // contradict each other, an empty property name).
  Status validates_presence_of(std::string property, ValidationOptions options = {});
  Status validates_absence_of(std::string property, ValidationOptions options = {});
  Status validates_length_of(std::string property, LengthBounds bounds, ValidationOptions options = {});
  // `pattern` is an RE2 expression the value must match (`with`), or must not (`without`).
  Status validates_format_of(std::string property, std::string pattern, ValidationOptions options = {},
                             bool without = false);
  Status validates_inclusion_of(std::string property, Array allowed, ValidationOptions options = {});
  Status validates_exclusion_of(std::string property, Array reserved, ValidationOptions options = {});
  // A number; with `integer_only`, a whole one.
  Status validates_numericality_of(std::string property, bool integer_only = false,
                                   ValidationOptions options = {});
  // No other record has the same value (within `scope`). The check queries the model;
  // on connectors with unique indexes an index on the same properties also guards
  // against concurrent writers (see docs/validation-and-hooks.md).
  Status validates_uniqueness_of(std::string property, UniquenessScope scope = {}, ValidationOptions options = {});
  Status validates_date_of(std::string property, ValidationOptions options = {});
  Status validate(std::string property, Validator validator, ValidationOptions options = {});
  Status validate_async(std::string property, AsyncValidator validator, ValidationOptions options = {});

  [[nodiscard]] bool empty() const;
  // Whether any validation queries the data source (uniqueness, asynchronous ones).
  [[nodiscard]] bool needs_queries() const;

  // The rules in declaration order; defined in src/dao (opaque here: they hold RE2
  // patterns and functions).
  struct Rule;
  [[nodiscard]] const std::vector<Rule>& rules() const;

 private:
  std::unique_ptr<std::vector<Rule>> rules_;
};

}  // namespace lb
