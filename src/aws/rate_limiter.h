#pragma once
// The client-side rate limiter of the AWS SDKs' "adaptive" retry mode: a
// token bucket in front of every attempt whose fill rate follows CUBIC
// (RFC 8312). A throttling answer cuts the rate to kBeta times the rate we
// were sending at; successes grow it back along a cubic curve that is flat
// near the rate that was throttled and steep far from it, never above twice
// the rate actually measured. The bucket is off until the first throttling
// answer: an account that is never throttled never waits. Thread-safe;
// sleeping goes through the Clock seam.
#include <chrono>
#include <mutex>

#include "core/clock.h"

namespace arm {

class AdaptiveRateLimiter {
 public:
  static constexpr double kBeta = 0.7;          // multiplicative cut on a throttle
  static constexpr double kScale = 0.4;         // CUBIC's C
  static constexpr double kSmooth = 0.8;        // weight of the newest measured-rate sample
  static constexpr double kMinFillRate = 0.5;   // tokens per second
  static constexpr double kMinCapacity = 1.0;

  explicit AdaptiveRateLimiter(Clock& clock);

  // Before every attempt: takes a token, sleeping until one is there. Waiters
  // queue (the bucket may go into debt), so N callers wait about N/rate.
  // Returns when the attempt goes out, for Update.
  double Acquire();
  // After every answer: `throttled` when it was a throttling error; `sent_at`
  // what Acquire returned (negative: unknown). Two deliberate differences
  // from the SDKs, for a short-lived process sending MAX_WORKERS calls at
  // once: (1) until the first half-second window closes the measured rate is
  // requests so far / time so far, not zero, so a throttle in the first
  // moments cuts from what we send instead of to the floor; (2) like TCP,
  // which reacts once per window of data, a throttle of a call sent before
  // the last cut cuts no further: the calls already in flight all carry the
  // same news.
  void Update(bool throttled, double sent_at = -1);

  bool enabled() const;
  double fill_rate() const;      // tokens per second (meaningful once enabled)
  double measured_rate() const;  // smoothed send rate, requests per second

 private:
  double Seconds() const;
  void Refill(double now);
  void MeasureRate(double now);
  void SetRate(double rate, double now);

  Clock& clock_;
  const std::chrono::steady_clock::time_point origin_;  // seconds are counted from here
  mutable std::mutex mu_;
  bool enabled_ = false;
  double fill_rate_ = kMinFillRate;
  double max_capacity_ = kMinCapacity;
  double capacity_ = 0;  // negative: owed to waiters already queued
  double last_refill_ = 0;
  double measured_rate_ = 0;
  double rate_bucket_ = 0;  // start of the current half-second measuring window
  double requests_in_bucket_ = 0;
  double first_request_ = -1;  // until the first window closes
  bool window_closed_ = false;
  double last_max_rate_ = 0;  // the rate at the last throttle
  double last_throttle_ = 0;
  double time_window_ = 0;  // CUBIC's K: seconds to climb back to last_max_rate_
};

}  // namespace arm
