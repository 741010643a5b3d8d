// lb::Date to and from PostgreSQL's text form of timestamptz. The connector sets the
// session to UTC and ISO output, so the server writes "2024-01-10 00:00:00.5+00", and
// "... BC" before year 1; JavaScript's years beyond 9999 and before 1 are written the
// same way, since the server does not read ISO-8601's "+YYYYYY" form.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lb/value.hpp"

namespace lb::postgres {

// The text to bind a Date as ($n::timestamptz).
[[nodiscard]] std::string timestamp_text(Date date);
// A timestamptz, timestamp or date column's text; nullopt for anything else (including
// 'infinity', which no lb::Date holds).
[[nodiscard]] std::optional<Date> parse_timestamp(std::string_view text);

}  // namespace lb::postgres
