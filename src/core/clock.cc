#include "core/clock.h"

#include <cstdio>
#include <ctime>
#include <string>
#include <thread>

namespace arm {

std::chrono::system_clock::time_point RealClock::Now() const { return std::chrono::system_clock::now(); }
std::chrono::steady_clock::time_point RealClock::Monotonic() const { return std::chrono::steady_clock::now(); }
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
}  // namespace

std::string FormatAmzDate(std::chrono::system_clock::time_point t) { return Format(t, "%Y%m%dT%H%M%SZ"); }
std::string FormatDateStamp(std::chrono::system_clock::time_point t) { return Format(t, "%Y%m%d"); }
std::string FormatIso8601(std::chrono::system_clock::time_point t) { return Format(t, "%Y-%m-%dT%H:%M:%SZ"); }

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
  std::time_t tt = timegm(&tm) - offset;
  *out = std::chrono::system_clock::from_time_t(tt);
  return true;
}

}  // namespace arm
