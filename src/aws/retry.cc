#include "aws/retry.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace arm {
namespace {

constexpr int kRetryCost = 5;
constexpr int kTimeoutRetryCost = 10;
constexpr int kNoRetryIncrement = 1;

constexpr std::array<std::string_view, 14> kThrottlingCodes = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
};

constexpr std::array<std::string_view, 6> kTransientCodes = {
    "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
    "InternalError",  "InternalFailure",         "ServiceUnavailable",
};

bool IsTransientHttpStatus(int status) {
  return status == 500 || status == 502 || status == 503 || status == 504;
}

template <size_t N>
bool Contains(const std::array<std::string_view, N>& codes, std::string_view code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

uint64_t SeedFromClock() {
  return static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
         static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
}

}  // namespace

bool IsThrottlingCode(std::string_view aws_code) { return Contains(kThrottlingCodes, aws_code); }

bool IsThrottlingError(const Status& status) {
  return status.throttling() || IsThrottlingCode(status.aws_code()) || status.http_status() == 429;
}

bool IsRetryableError(const Status& status) {
  switch (status.code()) {
    case StatusCode::kNetworkError:
      // The transport marks what cannot get better by retrying (TLS
      // verification, malformed URL) as not retryable.
      return status.retryable();
    case StatusCode::kAwsError:
      break;
    default:
      // kPermission (AccessDenied...), kCredentials, validation and local
      // errors: another attempt would fail the same way.
      return false;
  }
  const std::string& code = status.aws_code();
  if (IsThrottlingCode(code) || Contains(kTransientCodes, code)) return true;
  if (status.http_status() == 429) return true;
  return IsTransientHttpStatus(status.http_status());
}

int RetryQuotaCost(const Status& error) {
  bool timeout = error.code() == StatusCode::kNetworkError &&
                 error.message().find("timed out") != std::string::npos;
  return timeout ? kTimeoutRetryCost : kRetryCost;
}

RetryPolicy::RetryPolicy(RetryOptions options)
    : options_(options),
      rng_(options.seed != 0 ? options.seed : SeedFromClock()),
      quota_(options.initial_quota) {
  if (options_.max_attempts < 1) options_.max_attempts = 1;
}

std::optional<std::chrono::milliseconds> RetryPolicy::NextDelay(const Status& error, int attempt) {
  int limit = options_.max_attempts;
  if (IsThrottlingError(error)) limit = std::max(limit, options_.max_throttle_attempts);
  if (!IsRetryableError(error) || attempt >= limit) return std::nullopt;
  std::lock_guard<std::mutex> lock(mu_);
  int cost = RetryQuotaCost(error);
  if (cost > quota_) return std::nullopt;
  quota_ -= cost;
  // Full jitter: uniform in [0, min(max_backoff, base * 2^(attempt-1))].
  double cap = static_cast<double>(options_.base_delay.count());
  for (int i = 1; i < attempt && cap < static_cast<double>(options_.max_backoff.count()); ++i)
    cap *= 2;
  cap = std::min(cap, static_cast<double>(options_.max_backoff.count()));
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  return std::chrono::milliseconds(static_cast<int64_t>(jitter(rng_) * cap));
}

void RetryPolicy::OnSuccess(bool was_retry, const Status& last_error) {
  std::lock_guard<std::mutex> lock(mu_);
  int refund = was_retry ? RetryQuotaCost(last_error) : kNoRetryIncrement;
  quota_ = std::min(options_.initial_quota, quota_ + refund);
}

int RetryPolicy::AvailableQuota() {
  std::lock_guard<std::mutex> lock(mu_);
  return quota_;
}

}  // namespace arm
