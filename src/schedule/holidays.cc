#include "schedule/holidays.h"

#include <libical/ical.h>

#include <cctype>
#include <memory>

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
    return Status::InvalidArgument(where + ": not a valid iCalendar file: " + e);
  icalcomponent* cal = root.get();
  if (icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT)
    cal = icalcomponent_get_first_component(cal, ICAL_VCALENDAR_COMPONENT);
  if (cal == nullptr) return Status::InvalidArgument(where + ": no VCALENDAR in the file");
  Holidays h;
  int events = 0;
  for (icalcomponent* ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
       ev != nullptr; ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
    ++events;
    const char* summary = icalcomponent_get_summary(ev);
    std::string name = summary ? summary : "";
    std::string label =
        "event " + std::to_string(events) + (name.empty() ? "" : " \"" + name + "\"");
    icaltimetype start = icalcomponent_get_dtstart(ev);
    if (icaltime_is_null_time(start))
      return Status::InvalidArgument(where + ": " + label + " has no DTSTART");
    if (!icaltime_is_date(start))
      return Status::InvalidArgument(
          where + ": " + label +
          " is not an all-day event (DTSTART;VALUE=DATE:YYYYMMDD); a holiday is a whole day");
    int length = 1;
    icaltimetype end = icalcomponent_get_dtend(ev);
    if (!icaltime_is_null_time(end) && icaltime_is_date(end)) {
      length = DayNumber(FromIcal(end)) - DayNumber(FromIcal(start));
      if (length < 1) length = 1;
    }
    std::map<int, bool> excluded;
    for (icalproperty* p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY); p != nullptr;
         p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY))
      excluded[DayNumber(FromIcal(icalproperty_get_exdate(p)))] = true;
    auto add = [&](icaltimetype day) {
      int n = DayNumber(FromIcal(day));
      if (excluded.count(n)) return;
      for (int i = 0; i < length; ++i) h.days_.emplace(n + i, name);
    };
    icalproperty* rrule = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
    if (rrule == nullptr) {
      add(start);
      continue;
    }
    icalrecurrencetype rule = icalproperty_get_rrule(rrule);
    icalrecur_iterator* it = icalrecur_iterator_new(rule, start);
    if (it == nullptr)
      return Status::InvalidArgument(where + ": " + label + " has an RRULE libical cannot expand");
    int count = 0;
    for (icaltimetype next = icalrecur_iterator_next(it);
         !icaltime_is_null_time(next) && next.year <= kLastHolidayYear && count < 100000;
         next = icalrecur_iterator_next(it), ++count)
      add(next);
    icalrecur_iterator_free(it);
  }
  if (events == 0) return Status::InvalidArgument(where + ": no events (VEVENT) in the file");
  h.source_ = where + " (" + std::to_string(events) + (events == 1 ? " event)" : " events)");
  return h;
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
  auto text = fs.ReadFile(path, ReadLimits{kMaxConfigFileBytes, false});
  if (!text.ok()) {
    if (text.status().IsNotFound())
      return Status::InvalidArgument(
          path + ": no such file (give an .ics file or ISO dates like 2026-12-24 2026-12-25)");
    return text.status();
  }
  return FromICalendar(*text, path);
}

const std::string* Holidays::Find(date::local_days day) const {
  auto it = days_.find(static_cast<int>(day.time_since_epoch().count()));
  return it == days_.end() ? nullptr : &it->second;
}

}  // namespace arm
