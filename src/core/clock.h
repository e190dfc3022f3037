#pragma once
// Clock and sleep seam: tests inject a FakeClock (tests/testing/fake_clock.h).
#include <chrono>

namespace arm {

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time (signing dates, timestamps in reports and state).
  virtual std::chrono::system_clock::time_point Now() const = 0;
  // Monotonic time for measuring durations and deadlines.
  virtual std::chrono::steady_clock::time_point Monotonic() const = 0;
  virtual void SleepFor(std::chrono::milliseconds d) = 0;
};

class RealClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override;
  std::chrono::steady_clock::time_point Monotonic() const override;
  void SleepFor(std::chrono::milliseconds d) override;
};

// "20150830T123600Z" and "20150830" in UTC.
std::string FormatAmzDate(std::chrono::system_clock::time_point t);
std::string FormatDateStamp(std::chrono::system_clock::time_point t);
// "2015-08-30T12:36:00Z" in UTC.
std::string FormatIso8601(std::chrono::system_clock::time_point t);
// Parses "2015-08-30T12:36:00Z" (fractional seconds and +00:00 accepted).
bool ParseIso8601(const std::string& s, std::chrono::system_clock::time_point* out);

}  // namespace arm
