// Timestamps as PostgreSQL writes them in ISO DateStyle: "YYYY-MM-DD HH:MM:SS[.f+]"
// then an offset ("+00", "+05:30", "-03:00:15") for timestamptz, none for timestamp,
// then " BC" for years before 1 (1 BC is the astronomical year 0).
#include "postgres/timestamp_text.hpp"

#include <fmt/format.h>

#include <charconv>

#include "lb/date.hpp"

namespace lb::postgres {
namespace {

// Reads `count` digits (or, with count 0, one or more) at `pos`.
bool read_number(std::string_view text, std::size_t& pos, std::size_t count, long long& out) {
  const std::size_t start = pos;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && (count == 0 || pos - start < count)) ++pos;
  if (pos == start || (count != 0 && pos - start != count)) return false;
  std::from_chars(text.data() + start, text.data() + pos, out);
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

std::string timestamp_text(Date date) {
  std::string iso = format_iso8601(date);  // "2024-01-10T00:00:00.000Z" or "+100000-..."/"-000001-..."
  if (iso.empty()) return iso;
  const bool signed_year = iso[0] == '+' || iso[0] == '-';
  if (!signed_year && iso.compare(0, 4, "0000") != 0) return iso;  // years 1 to 9999 as they are
  const std::size_t start = signed_year ? 1 : 0;
  const std::size_t dash = iso.find('-', start);
  long long year = 0;
  std::from_chars(iso.data() + start, iso.data() + dash, year);
  if (iso[0] == '-') year = -year;
  const std::string rest = iso.substr(dash);  // "-MM-DDTHH:MM:SS.mmmZ"
  if (year >= 1) return fmt::format("{:04}{}", year, rest);
  return fmt::format("{:04}{} BC", 1 - year, rest);
}

std::optional<Date> parse_timestamp(std::string_view text) {
  std::size_t pos = 0;
  long long year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_number(text, pos, 0, year) || !expect(text, pos, '-') || !read_number(text, pos, 2, month) ||
      !expect(text, pos, '-') || !read_number(text, pos, 2, day)) {
    return std::nullopt;
  }
  std::int64_t ms = 0;
  std::int64_t offset_seconds = 0;
  if (pos < text.size() && (text[pos] == ' ' || text[pos] == 'T')) {
    ++pos;
    if (!read_number(text, pos, 2, hour) || !expect(text, pos, ':') || !read_number(text, pos, 2, minute) ||
        !expect(text, pos, ':') || !read_number(text, pos, 2, second)) {
      return std::nullopt;
    }
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      // Microseconds at most; lb keeps milliseconds (truncated, as JavaScript does).
      int digits = 0;
      std::int64_t fraction = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (digits < 3) fraction = fraction * 10 + (text[pos] - '0');
        ++digits;
        ++pos;
      }
      if (digits == 0) return std::nullopt;
      for (int d = digits; d < 3; ++d) fraction *= 10;
      ms = fraction;
    }
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      const int sign = text[pos] == '-' ? -1 : 1;
      ++pos;
      long long oh = 0, om = 0, os = 0;
      if (!read_number(text, pos, 2, oh)) return std::nullopt;
      if (pos < text.size() && text[pos] == ':') {
        ++pos;
        if (!read_number(text, pos, 2, om)) return std::nullopt;
        if (pos < text.size() && text[pos] == ':') {
          ++pos;
          if (!read_number(text, pos, 2, os)) return std::nullopt;
        }
      }
      offset_seconds = sign * (oh * 3600 + om * 60 + os);
    }
  }
  if (text.substr(pos) == " BC") {
    year = 1 - year;
    pos = text.size();
  }
  if (pos != text.size() || month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 ||
      second > 60) {
    return std::nullopt;
  }
  // date_from_civil takes the year as an int and the rest unsigned; PostgreSQL's range
  // (4713 BC to 294276 AD) fits.
  const Date midnight = date_from_civil(static_cast<int>(year), static_cast<unsigned>(month),
                                        static_cast<unsigned>(day));
  const std::int64_t time_ms = ((hour * 60 + minute) * 60 + second) * 1000 + ms;
  return Date{midnight.ms_since_epoch + time_ms - offset_seconds * 1000};
}

}  // namespace lb::postgres
