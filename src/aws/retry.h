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
};

// Whether the error is worth another attempt (throttling codes, transient
// 5xx, network errors); never AccessDenied or validation errors.
bool IsRetryableError(const Status& status);
bool IsThrottlingCode(std::string_view aws_code);
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
