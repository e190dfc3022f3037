#include "aws/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace arm {

AdaptiveRateLimiter::AdaptiveRateLimiter(Clock& clock) : clock_(clock), origin_(clock.Monotonic()) {
  double now = Seconds();
  last_refill_ = now;
  last_throttle_ = now;
  rate_bucket_ = std::floor(now * 2) / 2;
}

double AdaptiveRateLimiter::Seconds() const {
  return std::chrono::duration<double>(clock_.Monotonic() - origin_).count();
}

void AdaptiveRateLimiter::Refill(double now) {
  capacity_ = std::min(max_capacity_, capacity_ + (now - last_refill_) * fill_rate_);
  last_refill_ = now;
}

double AdaptiveRateLimiter::Acquire() {
  double wait = 0, now = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    now = Seconds();
    if (!enabled_) return now;
    Refill(now);
    capacity_ -= 1;
    if (capacity_ < 0) wait = -capacity_ / fill_rate_;
  }
  if (wait <= 0) return now;
  clock_.SleepFor(std::chrono::milliseconds(static_cast<int64_t>(std::ceil(wait * 1000))));
  return Seconds();
}

// Requests per second over half-second windows, exponentially smoothed.
void AdaptiveRateLimiter::MeasureRate(double now) {
  double bucket = std::floor(now * 2) / 2;
  requests_in_bucket_ += 1;
  if (first_request_ < 0) first_request_ = now;
  if (!window_closed_ && bucket <= rate_bucket_) {
    measured_rate_ = requests_in_bucket_ / std::max(now - first_request_, 0.1);
    return;
  }
  if (bucket > rate_bucket_) {
    window_closed_ = true;
    double current = requests_in_bucket_ / (bucket - rate_bucket_);
    measured_rate_ = current * kSmooth + measured_rate_ * (1 - kSmooth);
    requests_in_bucket_ = 0;
    rate_bucket_ = bucket;
  }
}

void AdaptiveRateLimiter::SetRate(double rate, double now) {
  Refill(now);
  fill_rate_ = std::max(rate, kMinFillRate);
  max_capacity_ = std::max(rate, kMinCapacity);
  capacity_ = std::min(capacity_, max_capacity_);
}

void AdaptiveRateLimiter::Update(bool throttled, double sent_at) {
  std::lock_guard<std::mutex> lock(mu_);
  double now = Seconds();
  MeasureRate(now);
  if (throttled && enabled_ && sent_at >= 0 && sent_at < last_throttle_) return;  // already cut for it
  double rate;
  if (throttled) {
    // The rate that was too much: what we sent, or what the bucket allowed
    // when that is lower.
    double too_much = enabled_ ? std::min(measured_rate_, fill_rate_) : measured_rate_;
    last_max_rate_ = too_much;
    time_window_ = std::cbrt(last_max_rate_ * (1 - kBeta) / kScale);
    last_throttle_ = now;
    enabled_ = true;
    rate = too_much * kBeta;
  } else {
    double t = now - last_throttle_ - time_window_;
    rate = kScale * t * t * t + last_max_rate_;
  }
  SetRate(std::min(rate, 2 * measured_rate_), now);
}

bool AdaptiveRateLimiter::enabled() const {
  std::lock_guard<std::mutex> lock(mu_);
  return enabled_;
}

double AdaptiveRateLimiter::fill_rate() const {
  std::lock_guard<std::mutex> lock(mu_);
  return fill_rate_;
}

double AdaptiveRateLimiter::measured_rate() const {
  std::lock_guard<std::mutex> lock(mu_);
  return measured_rate_;
}

}  // namespace arm
