#include "sandbox/rate_limit.h"

#include <gtest/gtest.h>

#include "tests/testing/fake_clock.h"

namespace sandbox {
namespace {

TEST(ServiceRateLimitTest, AdmitsOneSecondsWorthThenThrottlesUntilRefilled) {
  arm::testing::FakeClock clock;
  ServiceRateLimit limit(10, &clock);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limit.Admit("lambda")) << i;
  EXPECT_FALSE(limit.Admit("lambda"));
  EXPECT_TRUE(limit.Admit("kinesis"));            // its own bucket
  clock.Advance(std::chrono::milliseconds(100));  // one token back
  EXPECT_TRUE(limit.Admit("lambda"));
  EXPECT_FALSE(limit.Admit("lambda"));
}

TEST(ServiceRateLimitTest, AClientBelowTheRateIsNeverThrottled) {
  arm::testing::FakeClock clock;
  ServiceRateLimit limit(10, &clock);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(limit.Admit("lambda")) << i;
    clock.Advance(std::chrono::milliseconds(110));
  }
}

TEST(ServiceRateLimitTest, ZeroMeansNoLimit) {
  arm::testing::FakeClock clock;
  ServiceRateLimit limit(0, &clock);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(limit.Admit("lambda"));
}

}  // namespace
}  // namespace sandbox
