// The ISO-8601 subset JavaScript's Date.parse accepts, as a Spirit X3 grammar (kept in
// its own translation unit: X3 is slow to compile). parse_iso8601 (date.cpp) tries the
// canonical form first and comes here for everything else.
#include <boost/spirit/home/x3.hpp>

#include <optional>
#include <string>

#include "value/iso8601.hpp"

namespace lb {
namespace {

namespace x3 = boost::spirit::x3;

struct Fields {
  int year = 0;
  unsigned month = 1, day = 1, hour = 0, minute = 0, second = 0, ms = 0;
  int offset_minutes = 0;  // to subtract to reach UTC
};

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int y, unsigned m) {
  static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

}  // namespace

std::optional<Date> parse_iso8601_general(std::string_view text) {
  Fields f;
  int sign = 1;
  char tz_sign = '+';
  unsigned tz_hour = 0, tz_minute = 0;
  std::string fraction;

  const x3::uint_parser<unsigned, 10, 2, 2> two;
  const x3::uint_parser<unsigned, 10, 4, 4> four;
  const x3::uint_parser<unsigned, 10, 6, 6> six;

  auto set_year4 = [&](auto& ctx) { f.year = static_cast<int>(x3::_attr(ctx)); };
  auto set_year6 = [&](auto& ctx) { f.year = sign * static_cast<int>(x3::_attr(ctx)); };
  auto set_minus = [&](auto&) { sign = -1; };
  auto set_month = [&](auto& ctx) { f.month = x3::_attr(ctx); };
  auto set_day = [&](auto& ctx) { f.day = x3::_attr(ctx); };
  auto set_hour = [&](auto& ctx) { f.hour = x3::_attr(ctx); };
  auto set_minute = [&](auto& ctx) { f.minute = x3::_attr(ctx); };
  auto set_second = [&](auto& ctx) { f.second = x3::_attr(ctx); };
  auto add_fraction = [&](auto& ctx) { fraction += x3::_attr(ctx); };
  auto set_tz_sign = [&](auto& ctx) { tz_sign = x3::_attr(ctx); };
  auto set_tz_hour = [&](auto& ctx) { tz_hour = x3::_attr(ctx); };
  auto set_tz_minute = [&](auto& ctx) { tz_minute = x3::_attr(ctx); };

  const auto year = four[set_year4] | ((x3::lit('+') | x3::lit('-')[set_minus]) >> six[set_year6]);
  const auto date = year >> -('-' >> two[set_month] >> -('-' >> two[set_day]));
  const auto zone = x3::lit('Z') | x3::lit('z') |
                    (x3::char_("+-")[set_tz_sign] >> two[set_tz_hour] >> -x3::lit(':') >> two[set_tz_minute]);
  const auto time = two[set_hour] >> ':' >> two[set_minute] >>
                    -(':' >> two[set_second] >> -(x3::lit('.') >> (+x3::digit)[add_fraction]));
  const auto grammar = date >> -((x3::lit('T') | x3::lit('t') | x3::lit(' ')) >> time >> -zone);

  auto first = text.begin();
  if (!x3::parse(first, text.end(), grammar) || first != text.end()) return std::nullopt;

  if (f.month < 1 || f.month > 12) return std::nullopt;
  if (f.day < 1 || f.day > days_in_month(f.year, f.month)) return std::nullopt;
  // 24:00:00.000 is the end of the day, as in ECMAScript; nothing later.
  if (f.hour == 24) {
    if (f.minute != 0 || f.second != 0 || fraction.find_first_not_of('0') != std::string::npos)
      return std::nullopt;
  } else if (f.hour > 23) {
    return std::nullopt;
  }
  if (f.minute > 59 || f.second > 59 || tz_hour > 23 || tz_minute > 59) return std::nullopt;
  if (f.year == 0 && sign < 0) return std::nullopt;  // "-000000" is invalid in ECMAScript
  for (std::size_t i = 0; i < 3; ++i) f.ms = f.ms * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);

  Date d = date_from_civil(f.year, f.month, f.day, f.hour, f.minute, f.second, f.ms);
  const std::int64_t offset = (tz_hour * 60LL + tz_minute) * 60'000LL;
  d.ms_since_epoch += tz_sign == '+' ? -offset : offset;
  // ECMAScript's time range: ±8.64e15 ms around the epoch.
  if (d.ms_since_epoch > 8'640'000'000'000'000LL || d.ms_since_epoch < -8'640'000'000'000'000LL)
    return std::nullopt;
  return d;
}

}  // namespace lb
