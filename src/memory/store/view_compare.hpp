// The one ordering of encoded values that indexes, sorting and equality share: the
// order of lb::Value (value.hpp), except that absent and null are the same lowest
// value, since a SQL connector cannot tell a missing property from a NULL column.
#pragma once

#include "memory/store/value_view.hpp"

namespace lb::memory {

// <0, 0, >0. Numbers compare numerically across Integer and Number (NaN lowest),
// strings bytewise, dates by instant, arrays and objects element by element.
[[nodiscard]] int compare_views(ValueView a, ValueView b);

// A view of kinds `gt`/`lt`/`between` may compare: numbers, strings, dates.
enum class ComparableKind { None, Number, String, Date };
[[nodiscard]] ComparableKind comparable_kind(ValueView v);

}  // namespace lb::memory
