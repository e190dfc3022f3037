#include "schedule/periods.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

TEST(PeriodsTest, ParsesWeekdayRangesListsAndSeveralPeriods) {
  auto p = ParsePeriods("Mon-Thu 08:00-18:00; Fri 8:00-14:00;sat,SUNDAY 10:00-12:30");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_EQ(p->size(), 3u);
  EXPECT_EQ((*p)[0].days, 0b0001111u);
  EXPECT_EQ((*p)[0].start_minute, 8 * 60);
  EXPECT_EQ((*p)[0].end_minute, 18 * 60);
  EXPECT_EQ((*p)[1].days, 0b0010000u);
  EXPECT_EQ((*p)[1].end_minute, 14 * 60);
  EXPECT_EQ((*p)[2].days, 0b1100000u);
  EXPECT_EQ((*p)[2].end_minute, 12 * 60 + 30);
  EXPECT_EQ((*p)[1].text, "Fri 8:00-14:00");
}

TEST(PeriodsTest, RangeThatWrapsTheWeekAndPeriodAcrossMidnight) {
  auto p = ParsePeriods("Fri-Mon 22:00-06:00");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ((*p)[0].days, 0b1110001u);
  EXPECT_EQ((*p)[0].Minutes(), 8 * 60);
}

TEST(PeriodsTest, WholeDayAndMidnightEnd) {
  auto all = ParsePeriods("Mon-Sun 00:00-24:00");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ((*all)[0].days, 0b1111111u);
  EXPECT_EQ((*all)[0].Minutes(), kMinutesPerDay);
  auto evening = ParsePeriods("Mon 18:00-00:00");
  ASSERT_TRUE(evening.ok());
  EXPECT_EQ((*evening)[0].Minutes(), 6 * 60);
}

TEST(PeriodsTest, SpacesAroundTheDashAreAccepted) {
  auto p = ParsePeriods("Mon-Fri 08:00 - 18:00");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ((*p)[0].text, "Mon-Fri 08:00-18:00");
  EXPECT_EQ((*p)[0].end_minute, 18 * 60);
}

TEST(PeriodsTest, MalformedPeriodNamesTheBadPart) {
  struct Case {
    const char* text;
    const char* expected;
  } cases[] = {
      {"", "is empty"},
      {"Mon-Fri", "expected DAYS HH:MM-HH:MM"},
      {"Mon-Fri 08:00", "is not a range"},
      {"Mon-Thu 08:00-18:00; Fri 8:00-14:0", "period 2 \"Fri 8:00-14:0\": the end \"14:0\""},
      {"Mon-Fry 08:00-18:00", "\"Mon-Fry\" is not a day"},
      {"Mon 24:00-08:00", "the start \"24:00\""},
      {"Mon 08:60-09:00", "the start \"08:60\""},
      {"Mon 08:00-25:00", "the end \"25:00\""},
      {"Mon 08:00-08:00", "starts and ends at the same time"},
      {"Mon 08:00-18:00;; Tue 08:00-18:00", "period 2 is empty"},
      // The part named is the bad one, not the days swallowing the range.
      {"Mon-Fri 08:00-18:00 extra", "unexpected \"extra\" after the time range"},
      {"Mon-Fri08:60-18:00", "the start \"08:60\""},
      {"08:00-18:00", "no days before the time range"},
      {"Mon-Fri 8-18", "the start \"8\" is not a time"},
      // 00:00-00:00 is empty like 08:00-08:00, not a whole day.
      {"Mon-Fri 00:00-00:00", "an empty period (for a whole day write 00:00-24:00)"},
  };
  for (const auto& c : cases) {
    auto p = ParsePeriods(c.text);
    ASSERT_FALSE(p.ok()) << c.text;
    EXPECT_NE(p.status().message().find(c.expected), std::string::npos)
        << c.text << " -> " << p.status().message();
  }
}

}  // namespace
}  // namespace arm
