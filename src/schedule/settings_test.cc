#include "schedule/settings.h"

#include <gtest/gtest.h>

#include "tests/testing/mem_file_system.h"

namespace arm {
namespace {

class ScheduleSettingsTest : public ::testing::Test {
 protected:
  ScheduleSettingsTest() {
    config_.schedule_timezone = "Europe/Berlin";
    config_.schedule_running = "Mon-Fri 08:00-18:00";
  }
  // The error message of loading with `key` set to `value` in the file.
  std::string ErrorWith(const std::string& key, const std::string& value) {
    Status set = SetConfigValue(&config_, key, value, "test.conf:3");
    if (!set.ok()) return set.message();
    auto s = LoadScheduleSettings(fs_, config_);
    return s.ok() ? "" : s.status().message();
  }
  testing::MemFileSystem fs_;
  ProjectConfig config_;
};

TEST_F(ScheduleSettingsTest, ValidSettings) {
  fs_.SetFile("h.ics",
              "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"
              "DTSTART;VALUE=DATE:20261225\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
  config_.schedule_holidays = "h.ics";
  config_.schedule_enforce = true;
  config_.schedule_override_max_days = "14";
  auto s = LoadScheduleSettings(fs_, config_);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(s->enforce);
  EXPECT_EQ(s->override_max, std::chrono::hours(24 * 14));
  EXPECT_EQ(s->schedule->Describe(), "Mon-Fri 08:00-18:00 Europe/Berlin");
}

TEST_F(ScheduleSettingsTest, BadInputForEveryKeyNamesWhereAndWhat) {
  EXPECT_EQ(ErrorWith("SCHEDULE_TIMEZONE", "Europe/Berln"),
            "test.conf:3: SCHEDULE_TIMEZONE: unknown time zone \"Europe/Berln\" (did you mean "
            "Europe/Berlin?)");
  config_.schedule_timezone = "Europe/Berlin";
  EXPECT_EQ(ErrorWith("SCHEDULE_RUNNING", "Mon-Fri 08:00-18:00; Sat 10-12"),
            "test.conf:3: SCHEDULE_RUNNING: period 2 \"Sat 10-12\": the start \"10\" is not a "
            "time (00:00 to 23:59)");
  config_.schedule_running = "Mon-Fri 08:00-18:00";
  EXPECT_EQ(ErrorWith("SCHEDULE_HOLIDAYS", "2026-12-24 2026-12-32"),
            "test.conf:3: SCHEDULE_HOLIDAYS: \"2026-12-32\" is not a date (YYYY-MM-DD)");
  EXPECT_NE(ErrorWith("SCHEDULE_HOLIDAYS", "missing.ics").find("missing.ics: no such file"),
            std::string::npos);
  config_.schedule_holidays.clear();
  for (const char* bad : {"0", "366", "7d", ""}) {
    EXPECT_NE(ErrorWith("SCHEDULE_OVERRIDE_MAX_DAYS", bad)
                  .find("SCHEDULE_OVERRIDE_MAX_DAYS must be a whole number of days from 1 to 365"),
              std::string::npos)
        << bad;
  }
  config_.schedule_override_max_days = "7";
  EXPECT_EQ(ErrorWith("SCHEDULE_ENFORCE", "sometimes"),
            "test.conf:3: SCHEDULE_ENFORCE must be true or false (or yes/no, 1/0), got "
            "\"sometimes\"");
}

TEST_F(ScheduleSettingsTest, RunningWithoutZoneIsRefusedAndNothingIsNotFound) {
  config_.schedule_timezone.clear();
  auto s = LoadScheduleSettings(fs_, config_);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("SCHEDULE_TIMEZONE is not"), std::string::npos);
  config_.schedule_running.clear();
  EXPECT_TRUE(LoadScheduleSettings(fs_, config_).status().IsNotFound());
}

}  // namespace
}  // namespace arm
