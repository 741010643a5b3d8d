// limit, skip and offset, checked with LoopBack's messages. Deliberate differences: a
// skip alone implies no limit (LoopBack quietly applies 100), and a limit of 0 or "0"
// means none (LoopBack treats 0 so but refuses "0").
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "filter/bind/binder.hpp"
#include "filter/bind/coerce.hpp"

namespace lb::filter::detail {
namespace {

// A whole non-negative number from a number or numeric text; -1 otherwise (a plain
// integer return, cheaper than an optional on this path).
std::int64_t whole_number(const Value& value) {
  if (value.is_integer()) return value.as_integer() < 0 ? -1 : value.as_integer();
  if (value.is_string()) {
    // Query strings give digits: read without building a Value.
    if (std::int64_t digits = 0; parse_digits(value.as_string(), digits)) return digits;
    auto parsed = parse_number_text(value.as_string());
    return parsed ? whole_number(*parsed) : -1;
  }
  if (!value.is_double()) return -1;
  const double d = value.as_double();
  // 2^63 is the first double past int64's range.
  if (!std::isfinite(d) || d < 0 || d != std::floor(d) || d >= 9223372036854775808.0) return -1;
  return static_cast<std::int64_t>(d);
}

}  // namespace

Status bind_paging(const Syntax& syntax, const BindScope& scope, Paging& out) {
  if (syntax.limit && !syntax.limit->is_null()) {
    const std::int64_t limit = whole_number(*syntax.limit);
    if (limit < 0)
      return bind_error(
          scope.key_path.member("limit"),
          fmt::format("The limit parameter {} is not valid", describe_value(*syntax.limit)));
    if (limit > 0) out.limit = limit;
  }
  // skip wins over offset when both are given.
  const std::optional<Value>& skip =
      syntax.skip && !syntax.skip->is_null() ? syntax.skip : syntax.offset;
  const char* skip_key = syntax.skip && !syntax.skip->is_null() ? "skip" : "offset";
  if (skip && !skip->is_null()) {
    const std::int64_t n = whole_number(*skip);
    if (n < 0)
      return bind_error(
          scope.key_path.member(skip_key),
          fmt::format("The offset/skip parameter {} is not valid", describe_value(*skip)));
    out.skip = n;
  }
  return {};
}

}  // namespace lb::filter::detail
