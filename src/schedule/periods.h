#pragma once
// SCHEDULE_RUNNING: when the resources run, as weekly periods of local
// (wall-clock) time: "Mon-Fri 08:00-18:00; Sat 10:00-12:00". Pure.
#include <string>
#include <vector>

#include "core/status.h"

namespace arm {

inline constexpr int kMinutesPerDay = 24 * 60;

struct Period {
  // Bit d set: the period starts on weekday d (0 = Monday ... 6 = Sunday).
  unsigned days = 0;
  int start_minute = 0;  // 0..1439, local time of day
  // 1..1440. At or before start_minute: the period ends on the next day
  // ("22:00-06:00"); 1440 is "24:00", the end of the day.
  int end_minute = 0;
  std::string text;  // as written, trimmed: "Mon-Fri 08:00-18:00"

  bool StartsOn(int weekday) const { return (days >> weekday) & 1u; }
  // Length in minutes (crossing midnight counted).
  int Minutes() const {
    return end_minute > start_minute ? end_minute - start_minute
                                     : kMinutesPerDay - start_minute + end_minute;
  }
};

// Parses "DAYS HH:MM-HH:MM[; ...]". DAYS: a day (Mon), a range (Mon-Fri, Fri-Mon
// wraps), or a comma list of both (Mon,Wed,Fri-Sat); names in any case, three
// letters or in full. Times H:MM or HH:MM; the end may be 24:00. An end at or
// before the start crosses midnight. InvalidArgument naming the bad part:
// "period 2 \"Fri 8:00-14:0\": the end \"14:0\" is not a time (HH:MM)".
Result<std::vector<Period>> ParsePeriods(const std::string& text);

// "Mon" .. "Sun" for 0..6.
const char* WeekdayName(int weekday);

}  // namespace arm
