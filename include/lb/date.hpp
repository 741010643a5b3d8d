// ISO-8601 dates as LoopBack reads and writes them (JavaScript's Date.toISOString and
// the ISO subset of Date.parse), converted to and from lb::Date.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lb/value.hpp"

namespace lb {

// Accepts "YYYY", "YYYY-MM", "YYYY-MM-DD" (UTC midnight) and
// "YYYY-MM-DDTHH:mm[:ss[.sss...]][Z|+HH:mm|-HH:mm]" (a space may replace "T"; no
// offset means UTC, since lb has no local time zone), and the extended years
// "+YYYYYY"/"-YYYYYY". Fractions beyond milliseconds are truncated. Rejects out-of-range
// fields (month 13, Feb 30, hour 25). nullopt when the text is not such a date.
[[nodiscard]] std::optional<Date> parse_iso8601(std::string_view text);

// "2020-01-02T03:04:05.006Z"; years outside 0..9999 use the "+YYYYYY" form as
// JavaScript does.
[[nodiscard]] std::string format_iso8601(Date date);

// Civil-calendar helpers (proleptic Gregorian, UTC).
[[nodiscard]] Date date_from_civil(int year, unsigned month, unsigned day, unsigned hour = 0,
                                   unsigned minute = 0, unsigned second = 0, unsigned ms = 0);

}  // namespace lb
