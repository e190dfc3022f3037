#pragma once
// The client-side rate limiter of the AWS SDKs' "adaptive" retry mode: a
// token bucket in front of every attempt whose fill rate follows CUBIC
// (RFC 8312). A throttling answer cuts the rate to kBeta times the rate we
// were sending at; successes grow it back along a cubic curve that is flat
// near the rate that was throttled and steep far from it, never above twice
// the rate actually measured. The bucket is off until the first throttling
// answer: an account that is never throttled never waits. Thread-safe;
// sleeping goes through the Clock seam.
//
// Unlike the SDKs, every cut after the first is an experiment that is
// checked. A service that throttles by rate (as AWS does) refuses a smaller
// share of our calls once we send slower. A
// service that refuses a fixed share of calls whatever the rate (a fault
// injector, a shared dependency's trouble) refuses the same share of fewer
// calls: cutting only loses time, and cutting on
// every such throttle drives the rate to the floor. So the limiter compares
// the window of calls sent after a cut with the window before it; when the
// share refused did not fall, it takes the cut back and from then on
// tolerates that share (plus kToleranceMargin), cutting only when throttling
// rises above it. See docs/aws-client.md.
#include <array>
#include <chrono>
#include <mutex>

#include "core/clock.h"

namespace arm {

class AdaptiveRateLimiter {
 public:
  static constexpr double kBeta = 0.7;         // multiplicative cut on a throttle
  static constexpr double kScale = 0.4;        // CUBIC's C
  static constexpr double kSmooth = 0.8;       // weight of the newest measured-rate sample
  static constexpr double kMinFillRate = 0.5;  // tokens per second
  static constexpr double kMinBucketSeconds =
      0.1;  // least time a part-filled rate bucket counts for
  static constexpr double kMinCapacity = 1.0;
  // Answers to calls sent since the last change of rate needed before the
  // next cut: kMinWindow when more than kFarAbove of them were throttled or
  // the rate has not changed for kMaxHoldSeconds, else kVerdictWindow,
  // enough to judge the last cut by. Fewer are not evidence (the retry
  // handles those throttles).
  static constexpr int kMinWindow = 20;
  static constexpr int kVerdictWindow = 50;
  static constexpr double kFarAbove = 0.5;
  // A cut helped when the share throttled after it fell clearly (by a
  // standard error) below kSameShareLow x the share before it; it did not
  // when the share stayed about the same (not clearly above either). Shares
  // over kMaxTolerated are never taken for rate-independent: far above a
  // rate limit most calls are refused, and a cut lowers that share only a
  // little.
  static constexpr double kSameShareLow = 0.75;
  static constexpr int kMinEvidence = 3;  // throttles after the cut, to say it did not help
  // Once a share is tolerated, a cut needs the share of the last
  // kVerdictWindow answers above it by kToleranceMargin and by three
  // standard errors of that share: not every unlucky run of throttles.
  static constexpr double kToleranceMargin = 0.1;
  // After a cut the rate is held until there is enough evidence for a
  // verdict (see kMinWindow): at a few calls per second a full window would
  // take too long, and the cubic curve would have grown back meanwhile.
  static constexpr double kMaxHoldSeconds = 2.0;
  static constexpr double kMaxTolerated = 0.4;

  explicit AdaptiveRateLimiter(Clock& clock);

  // Before every attempt: takes a token, sleeping until one is there. Waiters
  // queue (the bucket may go into debt), so N callers wait about N/rate.
  // Returns when the attempt goes out, for Update.
  double Acquire();
  // After every answer: `throttled` when it was a throttling error; `sent_at`
  // what Acquire returned (negative: unknown, taken as now). Deliberate
  // differences from the SDKs, for a short-lived process sending
  // MAX_WORKERS calls at once: (1) until the first half-second window closes
  // the measured rate is calls sent so far / time so far, not zero, so a
  // throttle in the first moments cuts from what we send instead of to the
  // floor; (2) like TCP, which reacts once per window of data, an answer to
  // a call sent before the last change of rate says nothing about the new
  // rate and is not counted; (3) after the first cut, a cut needs enough
  // answers since the last change (kVerdictWindow, or kMinWindow: see
  // there), and is checked (see above).
  // Returns what changed, for the debug log.
  enum class Change { kNone, kCut, kTakenBack };
  Change Update(bool throttled, double sent_at = -1);

  bool enabled() const;
  double fill_rate() const;        // tokens per second (meaningful once enabled)
  double measured_rate() const;    // smoothed send rate, requests per second
  double tolerated_share() const;  // share of throttles found not to depend on our rate
  int cuts_taken_back() const;

 private:
  // The answers to calls sent since the last change of rate: how many, and
  // the last kVerdictWindow of them, so the share throttled is the share at
  // the rate of the moment.
  struct Window {
    std::array<bool, kVerdictWindow> last{};
    int next = 0;
    int answers = 0;
    int throttled = 0;  // among the last kVerdictWindow
    void Add(bool was_throttled);
    int recent() const { return answers < kVerdictWindow ? answers : kVerdictWindow; }
    double share() const { return answers > 0 ? static_cast<double>(throttled) / recent() : 0; }
  };

  double Seconds() const;
  void Refill(double now);
  void MeasureRate(double now);
  void SetRate(double rate, double now);
  Change Grow(double now);
  Change Cut(double now);
  enum class Verdict { kUnknown, kHelped, kDidNotHelp };
  Verdict JudgeLastCut() const;
  Change TakeBackLastCut(double now);
  void StartWindow(double now);

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
  double sent_before_first_window_ = 0;
  double first_send_ = 0;
  bool window_closed_ = false;
  double last_max_rate_ = 0;  // the rate at the last throttle
  double last_throttle_ = 0;
  double time_window_ = 0;  // CUBIC's K: seconds to climb back to last_max_rate_

  double changed_at_ = -1;  // last cut or take-back: calls sent before it are old news
  Window window_;           // answers to calls sent since changed_at_
  Window before_cut_;       // the window that ended with the last cut
  double rate_before_cut_ = 0;
  bool verdict_pending_ = false;  // the last cut has not been checked yet
  double tolerated_share_ = 0;
  int cuts_taken_back_ = 0;
};

}  // namespace arm
