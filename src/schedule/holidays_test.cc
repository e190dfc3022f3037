#include "schedule/holidays.h"

#include <gtest/gtest.h>

#include "tests/testing/mem_file_system.h"

namespace arm {
namespace {

date::local_days Day(int y, unsigned m, unsigned d) {
  return date::local_days{date::year{y} / m / d};
}

// As a calendar app exports public holidays: yearly all-day events, one of
// them by weekday rule, one moved by an EXDATE, one spanning two days.
const char kCalendar[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//holidays//EN\r\n"
    "BEGIN:VEVENT\r\nUID:1@test\r\nDTSTART;VALUE=DATE:20201225\r\nDTEND;VALUE=DATE:20201227\r\n"
    "RRULE:FREQ=YEARLY\r\nSUMMARY:Christmas\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:2@test\r\nDTSTART;VALUE=DATE:20201126\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH\r\nSUMMARY:Thanksgiving\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:3@test\r\nDTSTART;VALUE=DATE:20200501\r\nRRULE:FREQ=YEARLY\r\n"
    "EXDATE;VALUE=DATE:20270501\r\nSUMMARY:Labour Day\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:4@test\r\nDTSTART;VALUE=DATE:20260814\r\nSUMMARY:Team day\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";

TEST(HolidaysTest, ICalendarYearlyRulesExpandToEveryYear) {
  auto h = Holidays::FromICalendar(kCalendar, "holidays.ics");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  ASSERT_NE(h->Find(Day(2026, 12, 25)), nullptr);
  EXPECT_EQ(*h->Find(Day(2026, 12, 25)), "Christmas");
  EXPECT_NE(h->Find(Day(2031, 12, 26)), nullptr);  // DTEND: two days
  EXPECT_EQ(h->Find(Day(2031, 12, 27)), nullptr);
  EXPECT_NE(h->Find(Day(2026, 11, 26)), nullptr);  // 4th Thursday of November
  EXPECT_NE(h->Find(Day(2027, 11, 25)), nullptr);
  EXPECT_EQ(h->Find(Day(2027, 11, 26)), nullptr);
  EXPECT_NE(h->Find(Day(2026, 5, 1)), nullptr);
  EXPECT_EQ(h->Find(Day(2027, 5, 1)), nullptr);  // EXDATE
  EXPECT_NE(h->Find(Day(2026, 8, 14)), nullptr);
  EXPECT_EQ(h->Find(Day(2027, 8, 14)), nullptr);   // no rule: once
  EXPECT_EQ(h->Find(Day(2019, 12, 25)), nullptr);  // before DTSTART
  EXPECT_EQ(h->source(), "holidays.ics (4 events)");
}

// A holiday is a whole day: a timed event (a meeting exported with the
// holidays) is skipped with a warning naming it, and the rest still counts.
TEST(HolidaysTest, TimedEventIsSkippedWithAWarningNamingIt) {
  std::string cal =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:20261224T120000Z\r\n"
      "SUMMARY:Party\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:2\r\n"
      "DTSTART;VALUE=DATE:20261225\r\nSUMMARY:Christmas\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  auto h = Holidays::FromICalendar(cal, "h.ics");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  ASSERT_EQ(h->warnings().size(), 1u);
  EXPECT_NE(h->warnings()[0].find("h.ics: event 1 \"Party\" is not an all-day event"),
            std::string::npos)
      << h->warnings()[0];
  EXPECT_NE(h->warnings()[0].find("skipped"), std::string::npos);
  EXPECT_EQ(h->Find(Day(2026, 12, 24)), nullptr);
  EXPECT_NE(h->Find(Day(2026, 12, 25)), nullptr);
}

// A SUMMARY that is not UTF-8 ended in a JSON exception downstream: it is
// kept escaped, with a warning.
TEST(HolidaysTest, SummaryThatIsNotUtf8IsEscaped) {
  std::string cal =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\n"
      "DTSTART;VALUE=DATE:20261225\r\nSUMMARY:X\xffmas\x1b[31m\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  auto h = Holidays::FromICalendar(cal, "h.ics");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  ASSERT_NE(h->Find(Day(2026, 12, 25)), nullptr);
  EXPECT_EQ(*h->Find(Day(2026, 12, 25)), "X\\xffmas\\x1b[31m");
  ASSERT_EQ(h->warnings().size(), 1u);
  EXPECT_NE(h->warnings()[0].find("not valid UTF-8"), std::string::npos);
}

// 300 daily events took 52 s a run when every recurrence was expanded to
// 2100. Now a year is expanded when a day of it is asked for: the work is
// bounded by the years looked at, counted in steps, not timed.
TEST(HolidaysTest, ManyDailyEventsExpandOnlyTheYearsAskedFor) {
  std::string cal = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n";
  for (int i = 0; i < 300; ++i)
    cal += "BEGIN:VEVENT\r\nUID:" + std::to_string(i) +
           "\r\nDTSTART;VALUE=DATE:20200101\r\nRRULE:FREQ=DAILY\r\nSUMMARY:d" + std::to_string(i) +
           "\r\nEND:VEVENT\r\n";
  cal += "END:VCALENDAR\r\n";
  auto h = Holidays::FromICalendar(cal, "daily.ics");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->expansion_steps(), 0);
  EXPECT_NE(h->Find(Day(2026, 7, 6)), nullptr);
  EXPECT_NE(h->Find(Day(2026, 12, 31)), nullptr);
  EXPECT_NE(h->Find(Day(2027, 1, 1)), nullptr);
  // Two years, 300 events, one step a day (and the one that ends each walk).
  EXPECT_LE(h->expansion_steps(), 2 * 300 * 367);
  EXPECT_GE(h->expansion_steps(), 2 * 300 * 365);
}

// A rule with COUNT is expanded whole when the file is read (libical cannot
// jump it to a year): a daily rule that started 26 years ago still counts
// today, and the tenth yearly occurrence is the last.
TEST(HolidaysTest, RuleWithCountIsExpandedWholeToItsLastOccurrence) {
  std::string cal =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\n"
      "DTSTART;VALUE=DATE:20201003\r\nRRULE:FREQ=YEARLY;COUNT=10\r\nSUMMARY:Unity\r\n"
      "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20000101\r\n"
      "RRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=5000\r\nSUMMARY:d\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  auto h = Holidays::FromICalendar(cal, "h.ics");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_TRUE(h->warnings().empty());
  ASSERT_NE(h->Find(Day(2029, 10, 3)), nullptr);
  EXPECT_EQ(*h->Find(Day(2029, 10, 3)), "Unity");
  EXPECT_EQ(h->Find(Day(2030, 10, 3)), nullptr);  // the 11th
  ASSERT_NE(h->Find(Day(2026, 12, 5)), nullptr);  // a Saturday, 26 years on
  EXPECT_EQ(h->Find(Day(2026, 12, 7)), nullptr);  // a Monday
}

// Counted rules beyond the file's bound are read in part, and a warning
// says so (they were dropped in silence).
TEST(HolidaysTest, CountedRulesBeyondTheBoundAreCutWithAWarning) {
  std::string cal = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n";
  for (int i = 0; i < 2; ++i)
    cal += "BEGIN:VEVENT\r\nUID:" + std::to_string(i) +
           "\r\nDTSTART;VALUE=DATE:19000101\r\nRRULE:FREQ=DAILY;COUNT=1000000\r\nSUMMARY:d" +
           std::to_string(i) + "\r\nEND:VEVENT\r\n";
  cal += "END:VCALENDAR\r\n";
  auto h = Holidays::FromICalendar(cal, "h.ics");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  ASSERT_EQ(h->warnings().size(), 1u);
  EXPECT_NE(h->warnings()[0].find("(COUNT=1000000): only its first occurrences are read"),
            std::string::npos)
      << h->warnings()[0];
  EXPECT_NE(h->Find(Day(2026, 12, 7)), nullptr);  // the first rule reaches 2100
}

// A rule more frequent than daily on an all-day event is skipped, not walked
// second by second.
TEST(HolidaysTest, RuleMoreFrequentThanDailyIsSkipped) {
  std::string cal =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\n"
      "DTSTART;VALUE=DATE:20200101\r\nRRULE:FREQ=SECONDLY\r\nSUMMARY:s\r\nEND:VEVENT\r\n"
      "END:VCALENDAR\r\n";
  auto h = Holidays::FromICalendar(cal, "h.ics");
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->Find(Day(2026, 1, 1)), nullptr);
  ASSERT_EQ(h->warnings().size(), 1u);
  EXPECT_NE(h->warnings()[0].find("more often than daily"), std::string::npos);
}

TEST(HolidaysTest, NotACalendarIsRefused) {
  EXPECT_FALSE(Holidays::FromICalendar("hello", "h.ics").ok());
  EXPECT_FALSE(
      Holidays::FromICalendar("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "h.ics").ok());
}

TEST(HolidaysTest, IsoDateListOrFilePath) {
  testing::MemFileSystem fs;
  auto list = Holidays::Load(fs, "2026-12-24, 2026-12-31");
  ASSERT_TRUE(list.ok());
  EXPECT_NE(list->Find(Day(2026, 12, 31)), nullptr);
  EXPECT_EQ(list->Find(Day(2026, 12, 25)), nullptr);
  EXPECT_EQ(list->source(), "2 dates");
  auto bad = Holidays::Load(fs, "2026-12-24 2026-13-01");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("\"2026-13-01\" is not a date"), std::string::npos);
  auto missing = Holidays::Load(fs, "config/holidays.ics");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("no such file"), std::string::npos);
  fs.SetFile("config/holidays.ics", kCalendar);
  auto file = Holidays::Load(fs, "config/holidays.ics");
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_NE(file->Find(Day(2026, 12, 25)), nullptr);
  EXPECT_TRUE(Holidays::Load(fs, "")->empty());
}

}  // namespace
}  // namespace arm
