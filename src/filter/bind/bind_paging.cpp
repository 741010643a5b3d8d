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

// A whole non-negative number from a number or numeric text; nullopt otherwise.
std::optional<std::int64_t> whole_number(const Value& value) {
  Value number = value;
  if (value.is_string()) {
    auto parsed = parse_number_text(value.as_string());
    if (!parsed) return std::nullopt;
    number = std::move(*parsed);
  }
  if (number.is_integer()) {
    if (number.as_integer() < 0) return std::nullopt;
    return number.as_integer();
  }
  if (!number.is_double()) return std::nullopt;
  const double d = number.as_double();
  // 2^63 is the first double past int64's range.
  if (!std::isfinite(d) || d < 0 || d != std::floor(d) || d >= 9223372036854775808.0)
    return std::nullopt;
  return static_cast<std::int64_t>(d);
}

}  // namespace

Result<Paging> bind_paging(const Syntax& syntax, const BindScope& scope) {
  Paging out;
  if (syntax.limit && !syntax.limit->is_null()) {
    auto limit = whole_number(*syntax.limit);
    if (!limit)
      return bind_error(
          join_key_path(scope.key_path, "limit"),
          fmt::format("The limit parameter {} is not valid", describe_value(*syntax.limit)));
    if (*limit > 0) out.limit = *limit;
  }
  // skip wins over offset when both are given.
  const std::optional<Value>& skip =
      syntax.skip && !syntax.skip->is_null() ? syntax.skip : syntax.offset;
  const char* skip_key = syntax.skip && !syntax.skip->is_null() ? "skip" : "offset";
  if (skip && !skip->is_null()) {
    auto n = whole_number(*skip);
    if (!n)
      return bind_error(
          join_key_path(scope.key_path, skip_key),
          fmt::format("The offset/skip parameter {} is not valid", describe_value(*skip)));
    out.skip = *n;
  }
  return out;
}

}  // namespace lb::filter::detail
