// The two readers behind lb::parse_iso8601: a direct reader for the canonical form
// JSON.stringify writes ("YYYY-MM-DDTHH:MM:SS.sssZ", what most clients send), and the
// general Spirit X3 grammar. Tests check that they agree wherever the first answers.
#pragma once

#include <optional>
#include <string_view>

#include "lb/date.hpp"

namespace lb {

// nullopt for anything that is not exactly the canonical form with in-range fields
// (hour 24 included: the general grammar owns that rule).
[[nodiscard]] std::optional<Date> parse_iso8601_canonical(std::string_view text);
[[nodiscard]] std::optional<Date> parse_iso8601_general(std::string_view text);

}  // namespace lb
