#include "schedule/schedule.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

SysSeconds LocalAt(const std::string& iso) { return *ParseInstant(iso); }

Schedule Make(const std::string& zone, const std::string& running, Holidays h = Holidays()) {
  return Schedule(*FindZone(zone), *ParsePeriods(running), std::move(h));
}

std::string NextUtc(const Schedule& s, const std::string& from) {
  auto t = s.Next(LocalAt(from));
  return t ? FormatUtc(t->at) + " " + DesiredName(t->to) : "none";
}

TEST(ScheduleTest, WeekdaysRunAndWeekendsPark) {
  Schedule s = Make("Europe/Berlin", "Mon-Fri 08:00-18:00");
  EXPECT_EQ(s.At(LocalAt("2026-07-01T10:00:00Z")).state, Desired::kRunning);  // Wed 12:00 CEST
  EXPECT_EQ(s.At(LocalAt("2026-07-01T05:59:59Z")).state, Desired::kParked);
  EXPECT_EQ(s.At(LocalAt("2026-07-01T06:00:00Z")).state, Desired::kRunning);
  EXPECT_EQ(s.At(LocalAt("2026-07-01T16:00:00Z")).state, Desired::kParked);  // 18:00: end excluded
  DesiredState sat = s.At(LocalAt("2026-07-04T10:00:00Z"));
  EXPECT_EQ(sat.state, Desired::kParked);
  EXPECT_EQ(sat.why, "outside Mon-Fri 08:00-18:00 Europe/Berlin");
  EXPECT_EQ(NextUtc(s, "2026-07-03T17:00:00Z"), "2026-07-06T06:00:00Z running");  // Fri -> Mon
}

TEST(ScheduleTest, SeveralPeriodsAndPeriodsAcrossMidnight) {
  Schedule s = Make("UTC", "Mon-Thu 08:00-18:00; Fri 08:00-14:00");
  EXPECT_EQ(NextUtc(s, "2026-07-03T09:00:00Z"), "2026-07-03T14:00:00Z parked");
  Schedule night = Make("UTC", "Mon-Fri 22:00-06:00");
  EXPECT_EQ(night.At(LocalAt("2026-07-07T03:00:00Z")).state, Desired::kRunning);  // Tue, from Mon
  EXPECT_EQ(night.At(LocalAt("2026-07-04T03:00:00Z")).state, Desired::kRunning);  // Sat, from Fri
  EXPECT_EQ(night.At(LocalAt("2026-07-06T03:00:00Z")).state, Desired::kParked);   // Mon: Sun is off
  auto t = night.Between(LocalAt("2026-07-03T12:00:00Z"), LocalAt("2026-07-04T12:00:00Z"));
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(FormatUtc(t[0].at), "2026-07-03T22:00:00Z");
  EXPECT_EQ(t[0].why, "start of Mon-Fri 22:00-06:00");
  EXPECT_EQ(FormatUtc(t[1].at), "2026-07-04T06:00:00Z");
  EXPECT_EQ(t[1].why, "end of Mon-Fri 22:00-06:00");
}

TEST(ScheduleTest, AlwaysRunningHasNoTransition) {
  Schedule s = Make("Europe/Berlin", "Mon-Sun 00:00-24:00");
  EXPECT_EQ(s.At(LocalAt("2026-03-29T01:30:00Z")).state, Desired::kRunning);
  EXPECT_FALSE(s.Next(LocalAt("2026-07-01T00:00:00Z")).has_value());
  EXPECT_FALSE(s.Previous(LocalAt("2026-07-01T00:00:00Z")).has_value());
}

// 08:00 local on the Monday after the change: 06:00 UTC in Berlin in summer,
// 07:00 in winter; 12:00 and 13:00 UTC in New York.
TEST(ScheduleTest, BerlinBothDaylightSavingChanges) {
  Schedule s = Make("Europe/Berlin", "Mon-Fri 08:00-18:00");
  EXPECT_EQ(NextUtc(s, "2026-03-22T12:00:00Z"), "2026-03-23T07:00:00Z running");
  EXPECT_EQ(NextUtc(s, "2026-03-29T12:00:00Z"), "2026-03-30T06:00:00Z running");
  EXPECT_EQ(NextUtc(s, "2026-10-18T12:00:00Z"), "2026-10-19T06:00:00Z running");
  EXPECT_EQ(NextUtc(s, "2026-10-25T12:00:00Z"), "2026-10-26T07:00:00Z running");
  EXPECT_EQ(NextUtc(s, "2026-10-26T12:00:00Z"), "2026-10-26T17:00:00Z parked");
}

TEST(ScheduleTest, NewYorkBothDaylightSavingChanges) {
  Schedule s = Make("America/New_York", "Mon-Fri 08:00-18:00");
  EXPECT_EQ(NextUtc(s, "2026-03-01T18:00:00Z"), "2026-03-02T13:00:00Z running");
  EXPECT_EQ(NextUtc(s, "2026-03-08T18:00:00Z"), "2026-03-09T12:00:00Z running");
  EXPECT_EQ(NextUtc(s, "2026-11-01T18:00:00Z"), "2026-11-02T13:00:00Z running");
}

TEST(ScheduleTest, BoundaryInTheSpringGapHappensAtTheJump) {
  // 02:30 does not exist on 2026-03-29 in Berlin: the period starts at 03:00
  // CEST (01:00 UTC), once.
  Schedule s = Make("Europe/Berlin", "Sun 02:30-12:00");
  EXPECT_EQ(NextUtc(s, "2026-03-28T12:00:00Z"), "2026-03-29T01:00:00Z running");
  EXPECT_EQ(s.At(LocalAt("2026-03-29T00:59:59Z")).state, Desired::kParked);
}

TEST(ScheduleTest, BoundaryInTheAutumnOverlapHappensOnceAtItsFirstOccurrence) {
  // 02:30 happens twice on 2026-10-25 in Berlin: the period ends at the first
  // (00:30 UTC) and stays ended through the second (01:30 UTC).
  Schedule s = Make("Europe/Berlin", "Sat 20:00-02:30");
  auto t = s.Between(LocalAt("2026-10-24T12:00:00Z"), LocalAt("2026-10-25T12:00:00Z"));
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(FormatUtc(t[1].at), "2026-10-25T00:30:00Z");
  EXPECT_EQ(s.At(LocalAt("2026-10-25T01:15:00Z")).state, Desired::kParked);  // 02:15 CET
}

TEST(ScheduleTest, HolidayFromICalendarYearlyRuleParksAllDay) {
  const char cal[] =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"
      "DTSTART;VALUE=DATE:20201225\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Christmas Day\r\n"
      "END:VEVENT\r\nEND:VCALENDAR\r\n";
  Schedule s = Make("Europe/Berlin", "Mon-Fri 08:00-18:00", *Holidays::FromICalendar(cal, "h.ics"));
  DesiredState fri = s.At(LocalAt("2026-12-25T10:00:00Z"));  // a Friday
  EXPECT_EQ(fri.state, Desired::kParked);
  EXPECT_EQ(fri.why, "holiday 2026-12-25 (Christmas Day)");
  auto t = s.Between(LocalAt("2026-12-24T12:00:00Z"), LocalAt("2026-12-28T12:00:00Z"));
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(FormatUtc(t[0].at), "2026-12-24T17:00:00Z");
  EXPECT_EQ(FormatUtc(t[1].at), "2026-12-28T07:00:00Z");
  // A night period is cut at the holiday's midnight.
  Schedule night =
      Make("Europe/Berlin", "Mon-Fri 20:00-02:00", *Holidays::FromICalendar(cal, "h.ics"));
  auto n = night.Between(LocalAt("2026-12-24T12:00:00Z"), LocalAt("2026-12-25T12:00:00Z"));
  ASSERT_EQ(n.size(), 2u);
  EXPECT_EQ(FormatUtc(n[1].at), "2026-12-24T23:00:00Z");
  EXPECT_TRUE(n[1].holiday);
}

TEST(ScheduleTest, OverrideWinsUntilItExpires) {
  Schedule s = Make("Europe/Berlin", "Mon-Fri 08:00-18:00");
  Override o;
  o.state = Desired::kRunning;
  o.since = LocalAt("2026-07-01T17:00:00Z");  // 19:00 CEST
  o.until = LocalAt("2026-07-01T20:00:00Z");  // 22:00 CEST
  o.who = "alice@host";
  o.reason = "release";
  s.set_override(o);
  DesiredState during = s.At(LocalAt("2026-07-01T18:00:00Z"));
  EXPECT_EQ(during.state, Desired::kRunning);
  EXPECT_NE(during.why.find("override by alice@host until 2026-07-01 22:00 CEST (release)"),
            std::string::npos)
      << during.why;
  EXPECT_EQ(s.At(LocalAt("2026-07-01T20:00:00Z")).state, Desired::kParked);
  auto t = s.Between(LocalAt("2026-07-01T12:00:00Z"), LocalAt("2026-07-02T00:00:00Z"));
  ASSERT_EQ(t.size(), 3u);  // 18:00 end, 19:00 override, 22:00 override ended
  EXPECT_TRUE(t[1].by_override);
  EXPECT_EQ(t[1].to, Desired::kRunning);
  EXPECT_EQ(t[2].why, "override ended");
  EXPECT_EQ(t[2].to, Desired::kParked);
}

}  // namespace
}  // namespace arm
