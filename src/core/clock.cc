#include "core/clock.h"

#include <cstdio>
#include <ctime>
#include <string>
#include <thread>

namespace arm {

std::chrono::system_clock::time_point RealClock::Now() const {
  return std::chrono::system_clock::now();
}
std::chrono::steady_clock::time_point RealClock::Monotonic() const {
  return std::chrono::steady_clock::now();
}
void RealClock::SleepFor(std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }

namespace {

std::string Format(std::chrono::system_clock::time_point t, const char* fmt) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  size_t n = std::strftime(buf, sizeof(buf), fmt, &tm);
  return std::string(buf, n);
}

// The UTC calendar fields of t, as gmtime_r gives them, for years 1000-9999
// (four digits, so that every format below has a fixed width); false
// otherwise. gmtime_r takes glibc's time-zone lock and strftime is general:
// every AWS call formats dates several times (signing), from many threads.
bool CivilFields(std::chrono::system_clock::time_point t, int fields[6]) {
  using namespace std::chrono;
  const long long tt = static_cast<long long>(system_clock::to_time_t(t));
  long long day = tt / 86400, second = tt % 86400;
  if (second < 0) {
    second += 86400;
    --day;
  }
  const year_month_day ymd{sys_days{days{day}}};
  const int y = static_cast<int>(ymd.year());
  if (!ymd.ok() || y < 1000 || y > 9999) return false;
  fields[0] = y;
  fields[1] = static_cast<int>(static_cast<unsigned>(ymd.month()));
  fields[2] = static_cast<int>(static_cast<unsigned>(ymd.day()));
  fields[3] = static_cast<int>(second / 3600);
  fields[4] = static_cast<int>(second / 60 % 60);
  fields[5] = static_cast<int>(second % 60);
  return true;
}

// Appends `value` as `width` zero-padded digits.
void PutDigits(std::string& out, int value, int width) {
  char buf[4];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buf, static_cast<size_t>(width));
}

// `separators` true: "2015-08-30T12:36:00Z"; false: "20150830T123600Z".
// `with_time` false: the date alone.
std::string FormatFast(const int f[6], bool separators, bool with_time) {
  std::string out;
  out.reserve(20);
  PutDigits(out, f[0], 4);
  if (separators) out.push_back('-');
  PutDigits(out, f[1], 2);
  if (separators) out.push_back('-');
  PutDigits(out, f[2], 2);
  if (!with_time) return out;
  out.push_back('T');
  for (int i = 3; i < 6; ++i) {
    if (separators && i > 3) out.push_back(':');
    PutDigits(out, f[i], 2);
  }
  out.push_back('Z');
  return out;
}

}  // namespace

std::string FormatAmzDate(std::chrono::system_clock::time_point t) {
  int f[6];
  return CivilFields(t, f) ? FormatFast(f, false, true) : Format(t, "%Y%m%dT%H%M%SZ");
}
std::string FormatDateStamp(std::chrono::system_clock::time_point t) {
  int f[6];
  return CivilFields(t, f) ? FormatFast(f, false, false) : Format(t, "%Y%m%d");
}
std::string FormatIso8601(std::chrono::system_clock::time_point t) {
  int f[6];
  return CivilFields(t, f) ? FormatFast(f, true, true) : Format(t, "%Y-%m-%dT%H:%M:%SZ");
}

bool ParseIso8601(const std::string& s, std::chrono::system_clock::time_point* out) {
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6) {
    return false;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  size_t i = static_cast<size_t>(consumed);
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  }
  long offset = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int hh = 0, mm = 0;
    if (std::sscanf(s.c_str() + i + 1, "%2d:%2d", &hh, &mm) < 1) return false;
    offset = (hh * 3600L + mm * 60L) * (s[i] == '+' ? 1 : -1);
  } else if (i < s.size() && s[i] != 'Z') {
    return false;
  }
  // system_clock counts nanoseconds in 64 bits: past 2261 it would wrap.
  if (tm.tm_year + 1900 < 1900 || tm.tm_year + 1900 > 2200) return false;
  std::time_t tt = timegm(&tm) - offset;
  *out = std::chrono::system_clock::from_time_t(tt);
  return true;
}

}  // namespace arm
