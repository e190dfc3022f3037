#pragma once
// The clock the service handlers see: the server's clock moved forward by
// an offset that tests set (POST /_sandbox/clock), so that what AWS does
// after days (RDS starts a stopped database after 7) happens at once. The
// signature check keeps the unmoved clock: the AWS CLI signs with real time.
#include <atomic>
#include <chrono>

#include "core/clock.h"

namespace sandbox {

class SkewClock final : public arm::Clock {
 public:
  explicit SkewClock(arm::Clock& base) : base_(base) {}
  std::chrono::system_clock::time_point Now() const override {
    return base_.Now() + std::chrono::duration_cast<std::chrono::system_clock::duration>(Offset());
  }
  std::chrono::steady_clock::time_point Monotonic() const override {
    return base_.Monotonic() +
           std::chrono::duration_cast<std::chrono::steady_clock::duration>(Offset());
  }
  void SleepFor(std::chrono::milliseconds d) override { base_.SleepFor(d); }

  void Advance(double seconds) { offset_ms_ += static_cast<int64_t>(seconds * 1000); }
  void ResetOffset() { offset_ms_ = 0; }
  double offset_seconds() const { return static_cast<double>(offset_ms_.load()) / 1000; }

 private:
  std::chrono::milliseconds Offset() const { return std::chrono::milliseconds(offset_ms_.load()); }
  arm::Clock& base_;
  std::atomic<int64_t> offset_ms_{0};
};

}  // namespace sandbox
