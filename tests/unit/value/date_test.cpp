// ISO-8601 parsing and formatting of lb::Date.
#include "lb/date.hpp"

#include <gtest/gtest.h>

#include "support/golden.hpp"
#include "value/iso8601.hpp"

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

// The canonical reader must agree with the general grammar wherever it answers, and
// answer for every in-range canonical text.
TEST(Iso8601, CanonicalReaderAgreesWithTheGrammar) {
  for (const char* text :
       {"2024-01-01T00:00:00.000Z", "1970-01-01T00:00:00.000Z", "0000-01-01T00:00:00.000Z",
        "9999-12-31T23:59:59.999Z", "2024-02-29T12:34:56.789Z", "2023-02-29T00:00:00.000Z",
        "2100-02-29T00:00:00.000Z", "2000-02-29T00:00:00.000Z", "2024-04-31T00:00:00.000Z",
        "2024-13-01T00:00:00.000Z", "2024-00-01T00:00:00.000Z", "2024-01-00T00:00:00.000Z",
        "2024-01-01T24:00:00.000Z", "2024-01-01T24:00:00.001Z", "2024-01-01T23:60:00.000Z",
        "2024-01-01T23:59:60.000Z", "2024-01-01t00:00:00.000Z", "2024-01-01T00:00:00.000z",
        "2024-01-01T00:00:00.000+01:00", "2024-01-01T00:00:00Z", "2024-01-01",
        "2024-01-01T0a:00:00.000Z", "+002024-01-01T00:00:00.000Z", "2024-1-01T00:00:00.000Z"}) {
    const auto general = parse_iso8601_general(text);
    if (const auto canonical = parse_iso8601_canonical(text)) {
      ASSERT_TRUE(general) << text;
      EXPECT_EQ(canonical->ms_since_epoch, general->ms_since_epoch) << text;
    }
    EXPECT_EQ(parse_iso8601(text).has_value(), general.has_value()) << text;
  }
  for (std::int64_t ms = -62'000'000'000'000; ms < 253'000'000'000'000; ms += 977'777'777'777) {
    const std::string text = format_iso8601(Date{ms});
    const auto canonical = parse_iso8601_canonical(text);
    ASSERT_TRUE(canonical) << text;
    EXPECT_EQ(canonical->ms_since_epoch, ms) << text;
  }
}

}  // namespace
}  // namespace lb
