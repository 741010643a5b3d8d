// Civil-calendar arithmetic and ISO-8601 formatting for lb::Date (UTC, milliseconds).
#include <fmt/format.h>

#include <cstdlib>

#include "lb/date.hpp"
#include "value/iso8601.hpp"

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

std::optional<Date> parse_iso8601_canonical(std::string_view text) {
  if (text.size() != 24 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != '.' || text[23] != 'Z')
    return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  auto digit = [&](std::size_t i) { return static_cast<unsigned>(text[i] - '0'); };
  auto two = [&](std::size_t i) { return digit(i) * 10 + digit(i + 1); };
  const int year = static_cast<int>(two(0) * 100 + two(2));
  const unsigned month = two(5), day = two(8), hour = two(11), minute = two(14), second = two(17),
                 ms = digit(20) * 100 + two(21);
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return std::nullopt;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const unsigned month_days = month == 2 && leap ? 29 : kDays[month - 1];
  if (day < 1 || day > month_days || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  return date_from_civil(year, month, day, hour, minute, second, ms);
}

std::optional<Date> parse_iso8601(std::string_view text) {
  if (auto canonical = parse_iso8601_canonical(text)) return canonical;
  return parse_iso8601_general(text);
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
