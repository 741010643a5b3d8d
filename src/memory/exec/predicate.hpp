// Predicate: a where clause compiled for one query against one table: paths resolved
// to slots, operands encoded once, LIKE patterns tokenised and regular expressions
// compiled once, so testing a row reads its fields in place and allocates nothing.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "lb/filter/bound.hpp"
#include "lb/result.hpp"
#include "memory/exec/field_path.hpp"
#include "memory/store/row_codec.hpp"
#include "memory/store/schema.hpp"

namespace lb::memory {

class Predicate {
 public:
  // The AND of `conjuncts` (none: every row matches). 400 if a regexp does not compile
  // (bind has checked it, so this is a guard, not a path).
  [[nodiscard]] static Result<Predicate> compile(const Schema& schema,
                                                 const std::vector<const filter::BoundWhere*>& conjuncts);
  Predicate() = default;
  Predicate(Predicate&&) noexcept;
  Predicate& operator=(Predicate&&) noexcept;
  ~Predicate();

  [[nodiscard]] bool matches(Row row) const;
  [[nodiscard]] bool always_true() const;

  struct Node;

 private:
  std::unique_ptr<Node> root_;
};

}  // namespace lb::memory
