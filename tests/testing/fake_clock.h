#pragma once
#include <mutex>
#include <vector>

#include "core/clock.h"

namespace arm::testing {

// Time moves only when SleepFor is called (or Advance).
class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::chrono::system_clock::time_point start =
                         std::chrono::system_clock::from_time_t(1440938160))
      : now_(start) {}
  std::chrono::system_clock::time_point Now() const override {
    std::lock_guard<std::mutex> l(mu_);
    return now_;
  }
  std::chrono::steady_clock::time_point Monotonic() const override {
    std::lock_guard<std::mutex> l(mu_);
    return std::chrono::steady_clock::time_point(now_.time_since_epoch());
  }
  void SleepFor(std::chrono::milliseconds d) override {
    std::lock_guard<std::mutex> l(mu_);
    sleeps_.push_back(d);
    now_ += d;
  }
  void Advance(std::chrono::milliseconds d) {
    std::lock_guard<std::mutex> l(mu_);
    now_ += d;
  }
  std::vector<std::chrono::milliseconds> sleeps() const {
    std::lock_guard<std::mutex> l(mu_);
    return sleeps_;
  }

 private:
  mutable std::mutex mu_;
  std::chrono::system_clock::time_point now_;
  std::vector<std::chrono::milliseconds> sleeps_;
};

}  // namespace arm::testing
