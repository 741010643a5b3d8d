// Civil-calendar arithmetic and ISO-8601 formatting for lb::Date (UTC, milliseconds).
#include <fmt/format.h>

#include <cstdlib>

#include "lb/date.hpp"

namespace lb {
namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

Date date_from_civil(int year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                     unsigned second, unsigned ms) {
  const std::int64_t days = days_from_civil(year, month, day);
  return Date{days * kMsPerDay + hour * 3'600'000LL + minute * 60'000LL + second * 1000LL + ms};
}

std::string format_iso8601(Date date) {
  const std::int64_t days = floor_div(date.ms_since_epoch, kMsPerDay);
  std::int64_t rest = date.ms_since_epoch - days * kMsPerDay;
  const Civil c = civil_from_days(days);
  const auto hour = rest / 3'600'000;
  rest %= 3'600'000;
  const auto minute = rest / 60'000;
  rest %= 60'000;
  const auto second = rest / 1000;
  const auto ms = rest % 1000;
  std::string year;
  if (c.year >= 0 && c.year <= 9999)
    year = fmt::format("{:04}", c.year);
  else
    year = fmt::format("{}{:06}", c.year < 0 ? '-' : '+', std::llabs(c.year));
  return fmt::format("{}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", year, c.month, c.day, hour, minute, second,
                     ms);
}

}  // namespace lb
