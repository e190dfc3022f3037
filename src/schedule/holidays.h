#pragma once
// SCHEDULE_HOLIDAYS: days on which the resources stay parked all day (local
// dates in SCHEDULE_TIMEZONE). Either a list of ISO dates or an iCalendar
// file of all-day events, single or recurring (RRULE, e.g. yearly), as a
// calendar app or a public-holiday feed exports them; read with libical.
//
// Recurrences are expanded lazily, one calendar year at a time when a day of
// that year is first asked for, and each event at most kMaxStepsPerYear
// steps a year: a schedule looks at most a few hundred days around now, so
// 300 daily events cost a few years' expansion, not a century's.
#include <date/date.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/file_system.h"
#include "core/status.h"

namespace arm {

// Recurrences are expanded up to this year (inclusive).
inline constexpr int kLastHolidayYear = 2100;
// Steps of one event's recurrence within one year: a daily rule takes 366
// (rules more frequent than daily are skipped when the file is read).
inline constexpr int kMaxStepsPerYear = 400;
// A rule that cannot jump to a year is walked from its start, at most this
// many years' steps.
inline constexpr int kMaxYearsWalked = 10;
// Rules with COUNT are finite and are expanded whole when the file is read:
// they cover at most this many days together (a daily rule for 50 years is
// 18,263); what is beyond is said in a warning.
inline constexpr int kMaxCountSteps = 100000;

class Holidays {
 public:
  Holidays() = default;
  // "" = none. A value made only of ISO dates (YYYY-MM-DD) separated by
  // spaces, commas or ";" is a list; anything else is the path of an .ics
  // file, read through `fs`. InvalidArgument naming the bad date, the
  // missing file, a file that is not a regular file, or the broken
  // iCalendar. Events that are not all-day events (a holiday is a whole day)
  // are skipped with a warning.
  static Result<Holidays> Load(FileSystem& fs, const std::string& value);
  static Result<Holidays> FromDates(const std::string& list);
  // `where` names the file in messages.
  static Result<Holidays> FromICalendar(const std::string& text, const std::string& where);

  // The holiday's name ("" for a listed date) when `day` is one, else null.
  // Names are valid UTF-8 without control characters (escaped as \xHH).
  const std::string* Find(date::local_days day) const;
  bool empty() const { return days_.empty() && events_.empty(); }
  // "3 dates" / "holidays.ics (12 events)".
  const std::string& source() const { return source_; }
  // Events skipped or cut, one line each: "holidays.ics: event 3 \"Standup\"
  // is not an all-day event: skipped (a holiday is a whole day)".
  const std::vector<std::string>& warnings() const { return warnings_; }
  // Recurrence steps taken so far (tests bound the work with it).
  long expansion_steps() const { return steps_; }

 private:
  struct Event {
    int start = 0;   // day number of DTSTART
    int length = 1;  // days
    std::string name;
    std::string rrule;  // "" when it does not recur
    std::set<int> excluded;
    std::string label;  // "event 3 \"Easter\"" for warnings
  };
  void ExpandYear(int year) const;

  // Days since 1970-01-01 -> name: the listed dates, the single events, and
  // the recurrences of the years in years_done_.
  mutable std::map<int, std::string> days_;
  std::vector<Event> events_;  // the recurring ones
  mutable std::set<int> years_done_;
  mutable long steps_ = 0;
  std::vector<std::string> warnings_;
  std::string source_;
};

}  // namespace arm
