#include "schedule/holidays.h"

#include <libical/ical.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "core/printable.h"

namespace arm {
namespace {

int DayNumber(date::year_month_day ymd) {
  return static_cast<int>(date::sys_days{ymd}.time_since_epoch().count());
}

bool ParseIsoDate(const std::string& s, date::year_month_day* out) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  *out = date::year_month_day{date::year{std::stoi(s.substr(0, 4))},
                              date::month{static_cast<unsigned>(std::stoi(s.substr(5, 2)))},
                              date::day{static_cast<unsigned>(std::stoi(s.substr(8, 2)))}};
  return out->ok();
}

std::vector<std::string> Words(const std::string& list) {
  std::vector<std::string> out;
  std::string w;
  for (char c : list) {
    if (c == ' ' || c == ',' || c == ';' || c == '\t' || c == '\n') {
      if (!w.empty()) out.push_back(w);
      w.clear();
    } else {
      w += c;
    }
  }
  if (!w.empty()) out.push_back(w);
  return out;
}

date::year_month_day FromIcal(icaltimetype t) {
  return date::year_month_day{date::year{t.year}, date::month{static_cast<unsigned>(t.month)},
                              date::day{static_cast<unsigned>(t.day)}};
}

icaltimetype IcalDay(int day_number) {
  date::year_month_day ymd{date::sys_days{date::days{day_number}}};
  icaltimetype t{};  // not icaltime_null_date(): its hours are -1
  t.year = static_cast<int>(ymd.year());
  t.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  t.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  t.is_date = 1;
  return t;
}

struct ComponentDeleter {
  void operator()(icalcomponent* c) const { icalcomponent_free(c); }
};

// The first X-LIC-ERROR libical attached while parsing, or "".
std::string ParseError(icalcomponent* c) {
  if (icalproperty* p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY))
    return icalproperty_get_xlicerror(p) ? icalproperty_get_xlicerror(p) : "parse error";
  for (icalcomponent* k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k != nullptr;
       k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
    std::string e = ParseError(k);
    if (!e.empty()) return e;
  }
  return "";
}

}  // namespace

Result<Holidays> Holidays::FromDates(const std::string& list) {
  Holidays h;
  for (const auto& w : Words(list)) {
    date::year_month_day ymd;
    if (!ParseIsoDate(w, &ymd))
      return Status::InvalidArgument("\"" + w + "\" is not a date (YYYY-MM-DD)");
    h.days_[DayNumber(ymd)] = "";
  }
  h.source_ = std::to_string(h.days_.size()) + (h.days_.size() == 1 ? " date" : " dates");
  return h;
}

Result<Holidays> Holidays::FromICalendar(const std::string& text, const std::string& where) {
  std::unique_ptr<icalcomponent, ComponentDeleter> root(icalparser_parse_string(text.c_str()));
  if (!root) return Status::InvalidArgument(where + ": not an iCalendar file (no VCALENDAR)");
  if (std::string e = ParseError(root.get()); !e.empty())
    return Status::InvalidArgument(where + ": not a valid iCalendar file: " + Printable(e));
  icalcomponent* cal = root.get();
  if (icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT)
    cal = icalcomponent_get_first_component(cal, ICAL_VCALENDAR_COMPONENT);
  if (cal == nullptr) return Status::InvalidArgument(where + ": no VCALENDAR in the file");
  Holidays h;
  int events = 0;
  int count_steps = 0;  // of the rules with COUNT, all events together
  int skipped = 0;      // events that are not read (said in a warning)
  for (icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
       ev != nullptr; ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
    ++events;
    const char* summary = icalcomponent_get_summary(ev);
    // A name that is not UTF-8 (or holds control characters) is kept
    // escaped: it goes to JSON output and reports, which hold only UTF-8.
    std::string name = Printable(summary ? summary : "");
    std::string label =
        "event " + std::to_string(events) + (name.empty() ? "" : " \"" + name + "\"");
    if (summary != nullptr && !IsValidUtf8(summary))
      h.warnings_.push_back(where + ": " + label + ": SUMMARY is not valid UTF-8 (shown escaped)");
    icaltimetype start = icalcomponent_get_dtstart(ev);
    if (icaltime_is_null_time(start))
      return Status::InvalidArgument(where + ": " + label + " has no DTSTART");
    if (!icaltime_is_date(start)) {
      h.warnings_.push_back(where + ": " + label +
                            " is not an all-day event (DTSTART;VALUE=DATE:YYYYMMDD): skipped, "
                            "a holiday is a whole day");
      ++skipped;
      continue;
    }
    Event e;
    e.start = DayNumber(FromIcal(start));
    e.name = name;
    e.label = label;
    icaltimetype end = icalcomponent_get_dtend(ev);
    if (!icaltime_is_null_time(end) && icaltime_is_date(end)) {
      const int days = DayNumber(FromIcal(end)) - e.start;
      e.length = std::clamp(days, 1, 366);
      if (days > 366)
        h.warnings_.push_back(where + ": " + label + " lasts " + std::to_string(days) +
                              " days (DTEND): counted as 366, a year");
    }
    for (icalproperty* p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY); p != nullptr;
         p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY))
      e.excluded.insert(DayNumber(FromIcal(icalproperty_get_exdate(p))));
    icalproperty* rrule = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
    if (rrule == nullptr) {
      if (!e.excluded.count(e.start))
        for (int i = 0; i < e.length; ++i) h.days_.emplace(e.start + i, name);
      continue;
    }
    icalrecurrencetype rule = icalproperty_get_rrule(rrule);
    if (rule.freq == ICAL_NO_RECURRENCE || rule.freq < ICAL_DAILY_RECURRENCE) {
      h.warnings_.push_back(where + ": " + label +
                            " recurs more often than daily (or not at all): skipped");
      ++skipped;
      continue;
    }
    const char* text_rule = icalrecurrencetype_as_string(&rule);  // libical's buffer
    e.rrule = text_rule ? text_rule : "";
    icalrecur_iterator* it = icalrecur_iterator_new(rule, start);
    if (it == nullptr || e.rrule.empty()) {
      if (it != nullptr) icalrecur_iterator_free(it);
      return Status::InvalidArgument(where + ": " + label + " has an RRULE libical cannot expand");
    }
    if (rule.count <= 0) {
      icalrecur_iterator_free(it);
      h.events_.push_back(std::move(e));
      continue;
    }
    // A rule with COUNT is finite and cannot jump to a year: it is expanded
    // whole now, within one budget of steps for the file.
    bool finished = false;
    while (count_steps < kMaxCountSteps) {
      icaltimetype next = icalrecur_iterator_next(it);
      if (icaltime_is_null_time(next) || next.year > kLastHolidayYear) {
        finished = true;
        break;
      }
      count_steps += e.length;  // each day an occurrence covers
      const int n = DayNumber(FromIcal(next));
      if (e.excluded.count(n)) continue;
      for (int i = 0; i < e.length; ++i) h.days_.emplace(n + i, e.name);
    }
    icalrecur_iterator_free(it);
    if (!finished)
      h.warnings_.push_back(where + ": " + label + " (COUNT=" + std::to_string(rule.count) +
                            "): only its first occurrences are read (the file's rules with "
                            "COUNT cover at most " +
                            std::to_string(kMaxCountSteps) + " days together)");
  }
  if (events == 0) return Status::InvalidArgument(where + ": no events (VEVENT) in the file");
  const int read = events - skipped;
  h.source_ = where + " (" + std::to_string(read) + (read == 1 ? " event" : " events") +
              (skipped ? ", " + std::to_string(skipped) + " skipped)" : std::string(")"));
  return h;
}

void Holidays::ExpandYear(int year) const {
  if (!years_done_.insert(year).second) return;
  const int first = DayNumber(date::year{year} / 1 / 1);
  const int last = DayNumber(date::year{year} / 12 / 31);
  for (const Event& e : events_) {
    if (e.start > last) continue;
    icalrecurrencetype rule = icalrecurrencetype_from_string(e.rrule.c_str());
    const icaltimetype dtstart = IcalDay(e.start);
    icalrecur_iterator* it = icalrecur_iterator_new(rule, dtstart);
    if (it == nullptr) continue;
    // Jump to the year (an occurrence that starts up to `length` days
    // before it still covers its first days); a rule with COUNT cannot
    // jump, and is walked from its start within the same step bound.
    const int from = std::max(e.start, first - e.length + 1);
    const bool jumped = from == e.start || icalrecur_iterator_set_start(it, IcalDay(from)) != 0;
    const int budget = jumped
                           ? kMaxStepsPerYear
                           : kMaxStepsPerYear * std::min(year - dtstart.year + 1, kMaxYearsWalked);
    for (int step = 0; step < budget; ++step) {
      icaltimetype next = icalrecur_iterator_next(it);
      ++steps_;
      if (icaltime_is_null_time(next) || next.year > std::min(year, kLastHolidayYear)) break;
      const int n = DayNumber(FromIcal(next));
      if (n + e.length <= first || e.excluded.count(n)) continue;
      for (int i = 0; i < e.length; ++i)
        if (n + i >= first && n + i <= last) days_.emplace(n + i, e.name);
    }
    icalrecur_iterator_free(it);
  }
}

Result<Holidays> Holidays::Load(FileSystem& fs, const std::string& value) {
  std::vector<std::string> words = Words(value);
  if (words.empty()) return Holidays();
  bool all_dates = true;
  for (const auto& w : words) {
    bool looks_like_date = w.size() == 10 && std::isdigit(static_cast<unsigned char>(w[0])) &&
                           w.find('/') == std::string::npos && !w.ends_with(".ics");
    all_dates = all_dates && looks_like_date;
  }
  if (all_dates) return FromDates(value);
  std::string path = value;
  while (!path.empty() && (path.back() == ' ' || path.back() == '\t')) path.pop_back();
  while (!path.empty() && (path.front() == ' ' || path.front() == '\t')) path.erase(0, 1);
  auto text = fs.ReadFile(path, ReadLimits{kMaxConfigFileBytes, false, /*regular_file=*/true});
  if (!text.ok()) {
    if (text.status().IsNotFound())
      return Status::InvalidArgument(
          path + ": no such file (give an .ics file or ISO dates like 2026-12-24 2026-12-25)");
    return text.status();
  }
  return FromICalendar(*text, path);
}

const std::string* Holidays::Find(date::local_days day) const {
  if (!events_.empty()) ExpandYear(static_cast<int>(date::year_month_day{day}.year()));
  auto it = days_.find(static_cast<int>(day.time_since_epoch().count()));
  return it == days_.end() ? nullptr : &it->second;
}

}  // namespace arm
