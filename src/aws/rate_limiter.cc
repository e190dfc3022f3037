#include "aws/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace arm {

void AdaptiveRateLimiter::Window::Add(bool was_throttled) {
  if (answers >= kVerdictWindow && last[next]) --throttled;
  last[next] = was_throttled;
  if (was_throttled) ++throttled;
  next = (next + 1) % kVerdictWindow;
  ++answers;
}

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
    if (!window_closed_) {
      if (sent_before_first_window_++ == 0) first_send_ = now;
    }
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
    // What we send, from the calls that went out so far (most are still in
    // flight); from the answers when the sends were not counted.
    measured_rate_ = sent_before_first_window_ > 0
                         ? sent_before_first_window_ / std::max(now - first_send_, 0.01)
                         : requests_in_bucket_ / std::max(now - first_request_, 0.1);
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

void AdaptiveRateLimiter::StartWindow(double now) {
  changed_at_ = now;
  window_ = Window{};
}

AdaptiveRateLimiter::Change AdaptiveRateLimiter::Cut(double now) {
  // The rate that was too much: what we sent, or what the bucket allowed
  // when that is lower. What we sent includes the half-second under way:
  // the smoothed rate lags a burst that follows a quiet spell (a stage
  // starting after the last one's stragglers), and cutting from that lag
  // would drop to a call every few seconds.
  double sending = measured_rate_;
  if (window_closed_ && requests_in_bucket_ > 0)
    sending =
        std::max(sending, requests_in_bucket_ / std::max(now - rate_bucket_, kMinBucketSeconds));
  double too_much = enabled_ ? std::min(sending, fill_rate_) : measured_rate_;
  rate_before_cut_ = enabled_ ? fill_rate_ : too_much;
  before_cut_ = window_;
  verdict_pending_ = true;
  last_max_rate_ = too_much;
  time_window_ = std::cbrt(last_max_rate_ * (1 - kBeta) / kScale);
  last_throttle_ = now;
  enabled_ = true;
  StartWindow(now);
  SetRate(std::min(too_much * kBeta, 2 * sending), now);
  return Change::kCut;
}

AdaptiveRateLimiter::Verdict AdaptiveRateLimiter::JudgeLastCut() const {
  if (before_cut_.recent() < kMinWindow) return Verdict::kUnknown;
  double before = before_cut_.share(), after = window_.share();
  if (before > kMaxTolerated || after > kMaxTolerated) return Verdict::kUnknown;
  double n1 = before_cut_.recent(), n2 = window_.recent();
  double pooled = (before_cut_.throttled + window_.throttled) / (n1 + n2);
  double error = std::sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (after < kSameShareLow * before - error) return Verdict::kHelped;
  if (after >= kSameShareLow * before && after <= before + 2 * error &&
      window_.throttled >= kMinEvidence) {
    return Verdict::kDidNotHelp;
  }
  return Verdict::kUnknown;
}

AdaptiveRateLimiter::Change AdaptiveRateLimiter::TakeBackLastCut(double now) {
  double pooled = static_cast<double>(before_cut_.throttled + window_.throttled) /
                  (before_cut_.recent() + window_.recent());
  tolerated_share_ = std::min(kMaxTolerated, std::max(tolerated_share_, pooled));
  ++cuts_taken_back_;
  verdict_pending_ = false;
  // Back on the plateau of the rate before the cut, growing from there.
  last_max_rate_ = rate_before_cut_;
  time_window_ = 0;
  last_throttle_ = now;
  StartWindow(now);
  SetRate(rate_before_cut_, now);
  return Change::kTakenBack;
}

AdaptiveRateLimiter::Change AdaptiveRateLimiter::Grow(double now) {
  double t = now - last_throttle_ - time_window_;
  // Never far above what is sent (the SDKs' cap: twice the measured rate),
  // but a quiet spell (a stage's last few calls, a service with nothing to
  // do) must not drag the rate below where the last cut left it: demand
  // fell, not the service's limit, and the next burst would crawl back up
  // from a few calls a second.
  double cap = std::max(2 * measured_rate_, last_max_rate_ * kBeta);
  SetRate(std::min(kScale * t * t * t + last_max_rate_, cap), now);
  return Change::kNone;
}

AdaptiveRateLimiter::Change AdaptiveRateLimiter::Update(bool throttled, double sent_at) {
  std::lock_guard<std::mutex> lock(mu_);
  double now = Seconds();
  MeasureRate(now);
  if (sent_at < 0) sent_at = now;
  if (enabled_ && sent_at < changed_at_) return Change::kNone;  // sent at a rate that is no more
  window_.Add(throttled);
  if (!enabled_) return throttled ? Cut(now) : Grow(now);

  double share = window_.share();
  bool far_above = share > kFarAbove && window_.answers >= kMinWindow;
  // Enough answers at this rate to judge it: a full window, or kMinWindow
  // once kMaxHoldSeconds have passed (at a few calls per second).
  bool enough = window_.answers >= kVerdictWindow ||
                (window_.answers >= kMinWindow && now - changed_at_ >= kMaxHoldSeconds);
  if (verdict_pending_) {
    if (far_above && throttled) return Cut(now);  // still far too fast
    if (!enough) return Change::kNone;            // the rate is held while the evidence comes in
    verdict_pending_ = false;
    Verdict verdict = JudgeLastCut();
    if (verdict == Verdict::kDidNotHelp) return TakeBackLastCut(now);
    // Slowing down helped: no more of this share is rate-independent.
    if (verdict == Verdict::kHelped) tolerated_share_ = std::min(tolerated_share_, share);
    last_throttle_ = now;  // the cubic curve starts from the rate held
  }
  if (throttled && (far_above || enough)) {
    double tolerated = 0;
    if (tolerated_share_ > 0) {
      double error = std::sqrt(tolerated_share_ * (1 - tolerated_share_) / kVerdictWindow);
      tolerated = tolerated_share_ + std::max(kToleranceMargin, 3 * error);
    }
    if (share > tolerated) return Cut(now);
  }
  if (far_above) return Change::kNone;  // no growing while most calls are refused
  return Grow(now);
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

double AdaptiveRateLimiter::tolerated_share() const {
  std::lock_guard<std::mutex> lock(mu_);
  return tolerated_share_;
}

int AdaptiveRateLimiter::cuts_taken_back() const {
  std::lock_guard<std::mutex> lock(mu_);
  return cuts_taken_back_;
}

}  // namespace arm
