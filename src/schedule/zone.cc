#include "schedule/zone.h"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <vector>

namespace arm {
namespace {

size_t Distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

bool Digits(const std::string& s, size_t at, size_t n) {
  if (at + n > s.size()) return false;
  for (size_t i = at; i < at + n; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

int Num(const std::string& s, size_t at, size_t n) { return std::stoi(s.substr(at, n)); }

// "YYYY-MM-DD[T ]HH:MM[:SS]" at the start of `s`; *used = its length.
bool ParseLocalPart(const std::string& s, LocalSeconds* out, size_t* used) {
  if (!Digits(s, 0, 4) || s.size() < 16 || s[4] != '-' || !Digits(s, 5, 2) || s[7] != '-' ||
      !Digits(s, 8, 2) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !Digits(s, 11, 2) ||
      s[13] != ':' || !Digits(s, 14, 2))
    return false;
  int sec = 0;
  size_t n = 16;
  if (s.size() >= 19 && s[16] == ':' && Digits(s, 17, 2)) {
    sec = Num(s, 17, 2);
    n = 19;
  }
  date::year_month_day ymd{date::year{Num(s, 0, 4)},
                           date::month{static_cast<unsigned>(Num(s, 5, 2))},
                           date::day{static_cast<unsigned>(Num(s, 8, 2))}};
  int h = Num(s, 11, 2), m = Num(s, 14, 2);
  if (!ymd.ok() || h > 23 || m > 59 || sec > 59) return false;
  *out = LocalSeconds{date::local_days{ymd}.time_since_epoch() + std::chrono::hours(h) +
                      std::chrono::minutes(m) + std::chrono::seconds(sec)};
  *used = n;
  return true;
}

}  // namespace

Result<const date::time_zone*> FindZone(const std::string& name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
  }
  std::vector<std::pair<size_t, std::string>> close;
  try {
    const auto& db = date::get_tzdb();
    auto consider = [&](const std::string& candidate) {
      size_t d = Distance(name, candidate);
      // Also "Berlin" for Europe/Berlin: the part after the last '/'.
      std::string tail = candidate.substr(candidate.find_last_of('/') + 1);
      d = std::min(d, Distance(name, tail) + 1);
      if (d <= std::max<size_t>(2, name.size() / 4)) close.emplace_back(d, candidate);
    };
    for (const auto& z : db.zones) consider(std::string(z.name()));
  } catch (const std::exception& e) {
    return Status::InvalidArgument("cannot read the time zone database (tzdata): " +
                                   std::string(e.what()));
  }
  std::sort(close.begin(), close.end());
  std::string hint;
  for (size_t i = 0; i < close.size() && i < 3; ++i) hint += (i == 0 ? "" : ", ") + close[i].second;
  return Status::InvalidArgument("unknown time zone \"" + name + "\"" +
                                 (hint.empty() ? " (an IANA name like Europe/Berlin or UTC)"
                                               : " (did you mean " + hint + "?)"));
}

SysSeconds ToInstant(const date::time_zone* zone, LocalSeconds local) {
  date::local_info info = zone->get_info(local);
  switch (info.result) {
    case date::local_info::nonexistent:
      return date::floor<std::chrono::seconds>(info.first.end);
    case date::local_info::ambiguous:  // info.first is the earlier offset
    case date::local_info::unique:
    default:
      return SysSeconds{local.time_since_epoch() - info.first.offset};
  }
}

LocalSeconds ToLocal(const date::time_zone* zone, SysSeconds instant) {
  return zone->to_local(instant);
}

std::string FormatLocal(const date::time_zone* zone, SysSeconds instant) {
  date::zoned_seconds z{zone, instant};
  return date::format("%Y-%m-%d %H:%M %Z", z);
}

std::string FormatUtc(SysSeconds instant) { return date::format("%Y-%m-%dT%H:%M:%SZ", instant); }

std::string FormatOffset(const date::time_zone* zone, SysSeconds instant) {
  date::zoned_seconds z{zone, instant};
  std::string s = date::format("%Y-%m-%dT%H:%M:%S%z", z);  // +0200
  s.insert(s.size() - 2, ":");
  return s;
}

Result<SysSeconds> ParseInstant(const std::string& text) {
  auto bad = [&] {
    return Status::InvalidArgument(
        "\"" + text +
        "\" is not a time with its offset (ISO 8601, e.g. 2026-03-30T08:00:00+02:00 or "
        "2026-03-30T06:00:00Z)");
  };
  LocalSeconds local;
  size_t used = 0;
  if (!ParseLocalPart(text, &local, &used)) return bad();
  // Fractional seconds are accepted and dropped.
  if (used < text.size() && text[used] == '.') {
    ++used;
    while (used < text.size() && std::isdigit(static_cast<unsigned char>(text[used]))) ++used;
  }
  std::string rest = text.substr(used);
  std::chrono::minutes offset{0};
  if (rest == "Z" || rest == "z") {
  } else if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
    std::string digits;
    for (size_t i = 1; i < rest.size(); ++i)
      if (rest[i] != ':') digits += rest[i];
    if ((digits.size() != 2 && digits.size() != 4) || !Digits(digits, 0, digits.size()))
      return bad();
    int h = Num(digits, 0, 2), m = digits.size() == 4 ? Num(digits, 2, 2) : 0;
    if (h > 23 || m > 59) return bad();
    offset = std::chrono::hours(h) + std::chrono::minutes(m);
    if (rest[0] == '-') offset = -offset;
  } else {
    return bad();
  }
  return SysSeconds{local.time_since_epoch() - offset};
}

Result<SysSeconds> ParseInstantOrLocal(const std::string& text, const date::time_zone* zone,
                                       SysSeconds now) {
  auto with_offset = ParseInstant(text);
  if (with_offset.ok()) return with_offset;
  LocalSeconds local;
  size_t used = 0;
  if (ParseLocalPart(text, &local, &used) && used == text.size()) return ToInstant(zone, local);
  // "22:00": today in the zone.
  if (text.size() == 5 && Digits(text, 0, 2) && text[2] == ':' && Digits(text, 3, 2) &&
      Num(text, 0, 2) < 24 && Num(text, 3, 2) < 60) {
    auto day = date::floor<date::days>(ToLocal(zone, now));
    return ToInstant(zone,
                     LocalSeconds{day.time_since_epoch() + std::chrono::hours(Num(text, 0, 2)) +
                                  std::chrono::minutes(Num(text, 3, 2))});
  }
  return Status::InvalidArgument(
      "\"" + text +
      "\" is not a time: give HH:MM (today, in SCHEDULE_TIMEZONE), YYYY-MM-DDTHH:MM (in "
      "SCHEDULE_TIMEZONE) or an ISO 8601 time with its offset (2026-03-30T22:00:00+02:00)");
}

}  // namespace arm
