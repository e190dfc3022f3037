#include "schedule/periods.h"

#include <cctype>

namespace arm {
namespace {

const char* const kShort[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
const char* const kLong[] = {"monday", "tuesday",  "wednesday", "thursday",
                             "friday", "saturday", "sunday"};

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

int ParseDay(const std::string& word) {
  std::string w = Lower(Trim(word));
  for (int d = 0; d < 7; ++d)
    if (w == Lower(kShort[d]) || w == kLong[d]) return d;
  return -1;
}

// "8:00", "08:00", "24:00" (only when allow_24) -> minutes; -1 when not a time.
int ParseTime(const std::string& s, bool allow_24) {
  size_t colon = s.find(':');
  if (colon == std::string::npos || colon == 0 || colon > 2 || s.size() != colon + 3) return -1;
  for (size_t i = 0; i < s.size(); ++i)
    if (i != colon && !std::isdigit(static_cast<unsigned char>(s[i]))) return -1;
  int h = std::stoi(s.substr(0, colon));
  int m = std::stoi(s.substr(colon + 1));
  if (m > 59) return -1;
  if (h == 24 && m == 0 && allow_24) return kMinutesPerDay;
  if (h > 23) return -1;
  return h * 60 + m;
}

Status ParseDays(const std::string& spec, unsigned* days, std::string* why) {
  size_t start = 0;
  while (start <= spec.size()) {
    size_t comma = spec.find(',', start);
    std::string item =
        Trim(spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    size_t dash = item.find('-');
    int from = ParseDay(item.substr(0, dash));
    int to = dash == std::string::npos ? from : ParseDay(item.substr(dash + 1));
    if (from < 0 || to < 0) {
      *why = "\"" + item + "\" is not a day or a range of days (Mon, Mon-Fri, Sat,Sun)";
      return Status::InvalidArgument(*why);
    }
    for (int d = from;; d = (d + 1) % 7) {
      *days |= 1u << d;
      if (d == to) break;
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return Status::Ok();
}

}  // namespace

const char* WeekdayName(int weekday) { return kShort[((weekday % 7) + 7) % 7]; }

Result<std::vector<Period>> ParsePeriods(const std::string& text) {
  std::vector<Period> out;
  if (Trim(text).empty())
    return Status::InvalidArgument(
        "is empty; give periods like \"Mon-Fri 08:00-18:00\" (or Mon-Sun 00:00-24:00 for always)");
  size_t start = 0;
  int index = 0;
  while (start <= text.size()) {
    size_t semi = text.find(';', start);
    std::string part =
        Trim(text.substr(start, semi == std::string::npos ? std::string::npos : semi - start));
    start = semi == std::string::npos ? text.size() + 1 : semi + 1;
    ++index;
    if (part.empty()) {
      if (semi == std::string::npos && index > 1) break;  // a trailing ";"
      return Status::InvalidArgument("period " + std::to_string(index) +
                                     " is empty (two \";\" in a row?)");
    }
    auto bad = [&](const std::string& why) {
      return Status::InvalidArgument("period " + std::to_string(index) + " \"" + part +
                                     "\": " + why);
    };
    // The days run up to the first digit, the time range from there:
    // "Mon-Fri 08:00 - 18:00" is days "Mon-Fri", range "08:00-18:00".
    size_t digit = part.find_first_of("0123456789");
    if (digit == std::string::npos)
      return bad("no time range: expected DAYS HH:MM-HH:MM, e.g. \"Mon-Fri 08:00-18:00\"");
    std::string day_text = Trim(part.substr(0, digit));
    if (day_text.empty())
      return bad(
          "no days before the time range: expected DAYS HH:MM-HH:MM, e.g. \"Mon-Fri "
          "08:00-18:00\"");
    std::string range = Trim(part.substr(digit));
    size_t dash = range.find('-');
    if (dash == std::string::npos) return bad("\"" + range + "\" is not a range HH:MM-HH:MM");
    std::string from = Trim(range.substr(0, dash)), to = Trim(range.substr(dash + 1));
    if (size_t extra = to.find_first_of(" \t"); extra != std::string::npos)
      return bad("unexpected \"" + Trim(to.substr(extra)) + "\" after the time range");
    Period p;
    p.text = day_text + " " + from + "-" + to;
    std::string why;
    if (!ParseDays(day_text, &p.days, &why).ok()) return bad(why);
    p.start_minute = ParseTime(from, false);
    if (p.start_minute < 0) return bad("the start \"" + from + "\" is not a time (00:00 to 23:59)");
    p.end_minute = ParseTime(to, true);
    if (p.end_minute < 0) return bad("the end \"" + to + "\" is not a time (00:00 to 24:00)");
    // "18:00-00:00" ends at midnight; an end equal to the start is an empty
    // (or, read another way, a whole-day) period: refused as ambiguous,
    // 00:00-00:00 included.
    if (p.end_minute == p.start_minute || (p.end_minute == 0 && p.start_minute == 0))
      return bad("starts and ends at the same time: an empty period (for a whole day write " +
                 std::string(p.start_minute == 0 ? "00:00-24:00"
                                                 : "00:00-24:00, or cross midnight "
                                                   "with e.g. 22:00-06:00") +
                 ")");
    if (p.end_minute == 0) p.end_minute = kMinutesPerDay;
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace arm
