#include "schedule/zone.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

LocalSeconds Local(int y, unsigned m, unsigned d, int h, int min) {
  return LocalSeconds{date::local_days{date::year{y} / m / d}.time_since_epoch() +
                      std::chrono::hours(h) + std::chrono::minutes(min)};
}

TEST(ZoneTest, UnknownZoneSuggestsTheClosestNames) {
  auto z = FindZone("Europe/Berln");
  ASSERT_FALSE(z.ok());
  EXPECT_NE(z.status().message().find("did you mean Europe/Berlin"), std::string::npos)
      << z.status().message();
  auto city = FindZone("Berlin");
  ASSERT_FALSE(city.ok());
  EXPECT_NE(city.status().message().find("Europe/Berlin"), std::string::npos);
  EXPECT_TRUE(FindZone("America/New_York").ok());
  EXPECT_TRUE(FindZone("UTC").ok());
}

TEST(ZoneTest, TimeSkippedBySpringForwardIsTheInstantOfTheJump) {
  auto berlin = *FindZone("Europe/Berlin");
  // 2026-03-29: 02:00 CET -> 03:00 CEST at 01:00 UTC; 02:30 does not exist.
  EXPECT_EQ(FormatUtc(ToInstant(berlin, Local(2026, 3, 29, 2, 30))), "2026-03-29T01:00:00Z");
  EXPECT_EQ(FormatUtc(ToInstant(berlin, Local(2026, 3, 29, 3, 0))), "2026-03-29T01:00:00Z");
  auto ny = *FindZone("America/New_York");
  // 2026-03-08: 02:00 EST -> 03:00 EDT at 07:00 UTC.
  EXPECT_EQ(FormatUtc(ToInstant(ny, Local(2026, 3, 8, 2, 15))), "2026-03-08T07:00:00Z");
}

TEST(ZoneTest, TimeRepeatedByFallBackIsItsFirstOccurrence) {
  auto berlin = *FindZone("Europe/Berlin");
  // 2026-10-25: 03:00 CEST -> 02:00 CET; 02:30 happens at 00:30 and 01:30 UTC.
  EXPECT_EQ(FormatUtc(ToInstant(berlin, Local(2026, 10, 25, 2, 30))), "2026-10-25T00:30:00Z");
  auto ny = *FindZone("America/New_York");
  // 2026-11-01: 01:30 happens at 05:30 (EDT) and 06:30 UTC (EST).
  EXPECT_EQ(FormatUtc(ToInstant(ny, Local(2026, 11, 1, 1, 30))), "2026-11-01T05:30:00Z");
}

TEST(ZoneTest, ParsesInstantsWithOffsets) {
  EXPECT_EQ(FormatUtc(*ParseInstant("2026-03-30T08:00:00+02:00")), "2026-03-30T06:00:00Z");
  EXPECT_EQ(FormatUtc(*ParseInstant("2026-03-30T06:00Z")), "2026-03-30T06:00:00Z");
  EXPECT_EQ(FormatUtc(*ParseInstant("2026-03-30 01:00:00.250-0500")), "2026-03-30T06:00:00Z");
  for (const char* bad : {"2026-03-30T08:00:00", "2026-02-30T08:00Z", "tomorrow",
                          "2026-03-30T25:00Z", "2026-03-30T08:00+2"}) {
    EXPECT_FALSE(ParseInstant(bad).ok()) << bad;
  }
}

TEST(ZoneTest, LocalTimesForOverridesAreInTheScheduleZone) {
  auto berlin = *FindZone("Europe/Berlin");
  SysSeconds now = *ParseInstant("2026-07-01T10:00:00Z");  // 12:00 CEST
  EXPECT_EQ(FormatUtc(*ParseInstantOrLocal("22:00", berlin, now)), "2026-07-01T20:00:00Z");
  EXPECT_EQ(FormatUtc(*ParseInstantOrLocal("2026-07-02T08:00", berlin, now)),
            "2026-07-02T06:00:00Z");
  EXPECT_EQ(FormatUtc(*ParseInstantOrLocal("2026-07-02T08:00:00Z", berlin, now)),
            "2026-07-02T08:00:00Z");
  EXPECT_FALSE(ParseInstantOrLocal("10pm", berlin, now).ok());
  EXPECT_EQ(FormatOffset(berlin, now), "2026-07-01T12:00:00+02:00");
}

}  // namespace
}  // namespace arm
