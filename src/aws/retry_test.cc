#include "aws/retry.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

using std::chrono::milliseconds;

Status Aws(const std::string& code, int http) {
  return Status::Aws(code, "message", http, "req-1", false);
}

RetryOptions Seeded(int max_attempts = 3) {
  RetryOptions o;
  o.max_attempts = max_attempts;
  o.seed = 42;
  return o;
}

TEST(RetryClassificationTest, ThrottlingCodesAreRetryable) {
  for (const char* code :
       {"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException",
        "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException"}) {
    EXPECT_TRUE(IsThrottlingCode(code)) << code;
    EXPECT_TRUE(IsRetryableError(Aws(code, 400))) << code;
  }
  EXPECT_FALSE(IsThrottlingCode("ThrottlingExceptionX"));
  EXPECT_FALSE(IsThrottlingCode(""));
}

TEST(RetryClassificationTest, TransientCodesAndStatusesAreRetryable) {
  for (const char* code : {"RequestTimeout", "RequestTimeoutException", "InternalError",
                           "InternalFailure", "ServiceUnavailable"}) {
    EXPECT_TRUE(IsRetryableError(Aws(code, 400))) << code;
  }
  for (int http : {500, 502, 503, 504, 429})
    EXPECT_TRUE(IsRetryableError(Aws("Whatever", http))) << http;
  EXPECT_FALSE(IsRetryableError(Aws("Whatever", 501)));
}

TEST(RetryClassificationTest, NetworkErrorsFollowTheTransportsVerdict) {
  EXPECT_TRUE(IsRetryableError(Status::NetworkError("connection reset by peer")));
  EXPECT_TRUE(IsRetryableError(Status::NetworkError("operation timed out")));
  EXPECT_FALSE(
      IsRetryableError(Status::NetworkError("TLS certificate verification failed", false)));
}

TEST(RetryClassificationTest, PermissionValidationAndLocalErrorsAreNot) {
  EXPECT_FALSE(IsRetryableError(Aws("AccessDenied", 403)));
  EXPECT_FALSE(IsRetryableError(Aws("AccessDeniedException", 400)));
  EXPECT_FALSE(IsRetryableError(Aws("AccessDenied", 503)));  // a permission error never gets better
  EXPECT_FALSE(IsRetryableError(Aws("ValidationException", 400)));
  EXPECT_FALSE(IsRetryableError(Aws("ResourceNotFoundException", 400)));
  EXPECT_FALSE(IsRetryableError(Aws("ExpiredTokenException", 400)));
  EXPECT_FALSE(IsRetryableError(Status::InvalidArgument("bad flag")));
  EXPECT_FALSE(IsRetryableError(Status::Internal("bug")));
  // The parser's own flags do not override the code.
  EXPECT_FALSE(IsRetryableError(Status::Aws("ValidationException", "m", 400, "", true, true)));
}

TEST(RetryPolicyTest, GivesUpAfterMaxAttempts) {
  RetryPolicy p(Seeded(3));
  Status throttled = Aws("ThrottlingException", 400);
  EXPECT_TRUE(p.NextDelay(throttled, 1).has_value());
  EXPECT_TRUE(p.NextDelay(throttled, 2).has_value());
  EXPECT_FALSE(p.NextDelay(throttled, 3).has_value());
}

TEST(RetryPolicyTest, MaxAttemptsOneNeverRetries) {
  RetryPolicy p(Seeded(1));
  EXPECT_FALSE(p.NextDelay(Aws("ThrottlingException", 400), 1).has_value());
}

TEST(RetryPolicyTest, DoesNotRetryNonRetryableErrorsNorChargeQuota) {
  RetryPolicy p(Seeded());
  EXPECT_FALSE(p.NextDelay(Aws("AccessDenied", 403), 1).has_value());
  EXPECT_EQ(p.AvailableQuota(), 500);
}

TEST(RetryPolicyTest, FullJitterStaysUnderTheExponentialCap) {
  RetryOptions o = Seeded(20);
  RetryPolicy p(o);
  Status err = Aws("InternalError", 500);
  bool saw_nonzero_spread = false;
  for (int attempt = 1; attempt < 20; ++attempt) {
    int64_t cap = std::min<int64_t>(20000, int64_t{1000} << std::min(attempt - 1, 20));
    auto d = p.NextDelay(err, attempt);
    ASSERT_TRUE(d.has_value());
    EXPECT_GE(d->count(), 0);
    EXPECT_LE(d->count(), cap) << "attempt " << attempt;
    if (d->count() > 1000) saw_nonzero_spread = true;
  }
  EXPECT_TRUE(saw_nonzero_spread);
}

TEST(RetryPolicyTest, SameSeedSameDelays) {
  RetryPolicy a(Seeded(10)), b(Seeded(10));
  Status err = Aws("SlowDown", 503);
  for (int attempt = 1; attempt < 10; ++attempt)
    EXPECT_EQ(a.NextDelay(err, attempt), b.NextDelay(err, attempt));
}

TEST(RetryPolicyTest, QuotaChargesFivePerRetryTenPerTimeoutAndRunsOut) {
  RetryOptions o = Seeded(100);
  o.initial_quota = 20;
  RetryPolicy p(o);
  EXPECT_TRUE(p.NextDelay(Aws("ThrottlingException", 400), 1).has_value());
  EXPECT_EQ(p.AvailableQuota(), 15);
  EXPECT_TRUE(
      p.NextDelay(Status::NetworkError("connect to host timed out after 5000 ms"), 1).has_value());
  EXPECT_EQ(p.AvailableQuota(), 5);
  EXPECT_FALSE(p.NextDelay(Status::NetworkError("read timed out"), 1).has_value());  // needs 10
  EXPECT_TRUE(p.NextDelay(Status::NetworkError("connection reset"), 1).has_value());
  EXPECT_EQ(p.AvailableQuota(), 0);
  EXPECT_FALSE(p.NextDelay(Aws("ThrottlingException", 400), 1).has_value());
}

TEST(RetryPolicyTest, SuccessRefundsQuotaUpToTheInitialAmount) {
  RetryPolicy p(Seeded());
  p.OnSuccess(false);
  EXPECT_EQ(p.AvailableQuota(), 500);  // never above the initial capacity
  ASSERT_TRUE(p.NextDelay(Status::NetworkError("timed out"), 1).has_value());
  ASSERT_TRUE(p.NextDelay(Aws("Throttling", 400), 1).has_value());
  EXPECT_EQ(p.AvailableQuota(), 485);
  p.OnSuccess(false);
  EXPECT_EQ(p.AvailableQuota(), 486);
  p.OnSuccess(true, Status::NetworkError("timed out"));
  EXPECT_EQ(p.AvailableQuota(), 496);
  p.OnSuccess(true, Aws("Throttling", 400));
  EXPECT_EQ(p.AvailableQuota(), 500);
}

}  // namespace
}  // namespace arm

namespace arm {
namespace {

TEST(RetryPolicyTest, ThrottlingGetsMaxThrottleAttemptsOtherErrorsMaxAttempts) {
  RetryOptions o;
  o.max_attempts = 3;
  o.max_throttle_attempts = 10;
  o.seed = 42;
  RetryPolicy policy(o);
  Status throttled = Status::Aws("ThrottlingException", "slow down", 400, "r", true, true);
  Status unavailable = Status::Aws("ServiceUnavailable", "busy", 503, "r", true);
  EXPECT_TRUE(policy.NextDelay(throttled, 9).has_value());
  EXPECT_FALSE(policy.NextDelay(throttled, 10).has_value());
  EXPECT_FALSE(policy.NextDelay(unavailable, 3).has_value());
  EXPECT_TRUE(IsThrottlingError(Status::Aws("Whatever", "m", 429, "r", true)));
  EXPECT_FALSE(IsThrottlingError(unavailable));
}

}  // namespace
}  // namespace arm
