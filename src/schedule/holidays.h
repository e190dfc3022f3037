#pragma once
// SCHEDULE_HOLIDAYS: days on which the resources stay parked all day (local
// dates in SCHEDULE_TIMEZONE). Either a list of ISO dates or an iCalendar
// file of all-day events, single or recurring (RRULE, e.g. yearly), as a
// calendar app or a public-holiday feed exports them; read with libical.
#include <date/date.h>

#include <map>
#include <string>

#include "core/file_system.h"
#include "core/status.h"

namespace arm {

// Recurrences are expanded up to this year (inclusive).
inline constexpr int kLastHolidayYear = 2100;

class Holidays {
 public:
  Holidays() = default;
  // "" = none. A value made only of ISO dates (YYYY-MM-DD) separated by
  // spaces, commas or ";" is a list; anything else is the path of an .ics
  // file, read through `fs`. InvalidArgument naming the bad date, the
  // missing file or the event that is not an all-day event.
  static Result<Holidays> Load(FileSystem& fs, const std::string& value);
  static Result<Holidays> FromDates(const std::string& list);
  // `where` names the file in messages.
  static Result<Holidays> FromICalendar(const std::string& text, const std::string& where);

  // The holiday's name ("" for a listed date) when `day` is one, else null.
  const std::string* Find(date::local_days day) const;
  bool empty() const { return days_.empty(); }
  // "3 dates" / "holidays.ics (12 events)".
  const std::string& source() const { return source_; }

 private:
  std::map<int, std::string> days_;  // days since 1970-01-01 -> name
  std::string source_;
};

}  // namespace arm
