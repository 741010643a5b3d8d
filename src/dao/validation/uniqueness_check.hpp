// validatesUniquenessOf's query: whether another record of the model holds the same
// value (within scopedTo; case-insensitively with ignoreCase).
#pragma once

#include <string>
#include <string_view>

#include "dao/validation/rule.hpp"
#include "lb/instance.hpp"
#include "lb/result.hpp"
#include "lb/transaction.hpp"

namespace lb::dao {

// Counts the clashing records through instance.model() with `options` (so a transaction
// sees its own writes; the default scope applies, as in LoopBack's find). A blank value
// is unique. A record that is not new never clashes with itself.
[[nodiscard]] Result<bool> is_unique(const Instance& instance, const Validations::Rule& rule, const Options& options);

// `text` as a regular expression matching exactly itself: every ASCII punctuation
// character but `_` escaped, which RE2, the SQL dialects' regex engines and JavaScript
// all read as the literal.
[[nodiscard]] std::string escape_regexp(std::string_view text);

}  // namespace lb::dao
