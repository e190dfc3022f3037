#pragma once
// The AWS SDKs' "standard" retry mode: max attempts (default 3), exponential
// backoff with full jitter capped at 20 s, and a retry quota. Deterministic
// given the seed; sleeping happens through the Clock seam.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string_view>

#include "core/status.h"

namespace arm {

struct RetryOptions {
  int max_attempts = 3;  // AWS_MAX_ATTEMPTS / --max-attempts
  std::chrono::milliseconds base_delay{1000};
  std::chrono::milliseconds max_backoff{20000};
  int initial_quota = 500;
  uint64_t seed = 0;  // 0: seeded from the clock
  // AWS_RETRY_MODE=adaptive (our default): a client-side rate limiter per
  // service that slows down on throttling (aws/rate_limiter.h).
  bool adaptive = true;
  // Attempts for a throttling error when more than max_attempts (0: the
  // same). The CLI sets 10 in adaptive mode unless max attempts were set:
  // the limiter slows us down, and giving up on "slow down" fails the run.
  int max_throttle_attempts = 0;
};

// Whether the error is worth another attempt (throttling codes, transient
// 5xx, network errors); never AccessDenied or validation errors.
bool IsRetryableError(const Status& status);
bool IsThrottlingCode(std::string_view aws_code);
// A throttling answer: a throttling code, HTTP 429, or marked so by the parser.
bool IsThrottlingError(const Status& status);
// Retry-quota units one retry of this error takes: 10 for timeouts (a
// NetworkError whose message says "timed out", as the transports word it), 5
// otherwise.
int RetryQuotaCost(const Status& error);

class RetryPolicy {
 public:
  explicit RetryPolicy(RetryOptions options);
  int max_attempts() const { return options_.max_attempts; }
  // Called after failed attempt number `attempt` (1-based). Returns the delay
  // before the next attempt, or nullopt to give up (not retryable, attempts
  // exhausted, or the retry quota is spent).
  std::optional<std::chrono::milliseconds> NextDelay(const Status& error, int attempt);
  // Called when a call succeeds, refunding quota as the SDKs do: 1 unit for a
  // first-attempt success, else what the retry of `last_error` (the error
  // before the successful attempt) took.
  void OnSuccess(bool was_retry, const Status& last_error = Status());
  int AvailableQuota();

 private:
  RetryOptions options_;
  std::mutex mu_;
  std::mt19937_64 rng_;
  int quota_;
};

}  // namespace arm
