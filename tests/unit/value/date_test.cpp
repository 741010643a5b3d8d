// ISO-8601 parsing and formatting of lb::Date.
#include "lb/date.hpp"

#include <gtest/gtest.h>

#include "support/golden.hpp"

namespace lb {
namespace {

// Each case: a date string in; the normalised ISO form or "invalid" out.
TEST(Iso8601, GoldenCases) {
  lb::testing::run_golden_file("golden/value/iso8601.txt", [](const std::string& input) {
    std::string out;
    std::size_t start = 0;
    while (start <= input.size()) {
      std::size_t end = input.find('\n', start);
      if (end == std::string::npos) end = input.size();
      auto d = parse_iso8601(std::string_view(input).substr(start, end - start));
      out += d ? format_iso8601(*d) : "invalid";
      out += '\n';
      start = end + 1;
    }
    return out;
  });
}

TEST(Iso8601, FormatsExtendedYearsLikeJavaScript) {
  EXPECT_EQ(format_iso8601(date_from_civil(-1, 1, 1)), "-000001-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(date_from_civil(10000, 1, 1)), "+010000-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(Date{-1}), "1969-12-31T23:59:59.999Z");
}

TEST(Iso8601, RoundTripsEveryDayOfALeapCentury) {
  for (std::int64_t day = -40000; day < 40000; day += 7) {
    Date d{day * 86'400'000 + 12'345};
    auto back = parse_iso8601(format_iso8601(d));
    ASSERT_TRUE(back) << format_iso8601(d);
    EXPECT_EQ(back->ms_since_epoch, d.ms_since_epoch);
  }
}

}  // namespace
}  // namespace lb
