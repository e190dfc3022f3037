#include "aws/rate_limiter.h"

#include <gtest/gtest.h>

#include "tests/testing/fake_clock.h"

namespace arm {
namespace {

using std::chrono::milliseconds;

// Sends `count` requests `every` apart, all answered without throttling.
void SendSuccesses(AdaptiveRateLimiter& limiter, testing::FakeClock& clock, int count, milliseconds every) {
  for (int i = 0; i < count; ++i) {
    limiter.Acquire();
    limiter.Update(false);
    clock.Advance(every);
  }
}

milliseconds TotalSleep(const testing::FakeClock& clock) {
  milliseconds total{0};
  for (auto d : clock.sleeps()) total += d;
  return total;
}

TEST(AdaptiveRateLimiterTest, NeverWaitsUntilTheFirstThrottle) {
  testing::FakeClock clock;
  AdaptiveRateLimiter limiter(clock);
  SendSuccesses(limiter, clock, 1000, milliseconds(1));
  EXPECT_FALSE(limiter.enabled());
  EXPECT_TRUE(clock.sleeps().empty());
}

TEST(AdaptiveRateLimiterTest, MeasuresTheSendRate) {
  testing::FakeClock clock;
  AdaptiveRateLimiter limiter(clock);
  SendSuccesses(limiter, clock, 100, milliseconds(20));  // 50 per second for 2 s
  EXPECT_NEAR(limiter.measured_rate(), 50.0, 5.0);
}

TEST(AdaptiveRateLimiterTest, ThrottleCutsTheRateToBetaTimesTheMeasuredRate) {
  testing::FakeClock clock;
  AdaptiveRateLimiter limiter(clock);
  SendSuccesses(limiter, clock, 100, milliseconds(20));
  double measured = limiter.measured_rate();
  limiter.Update(true);
  EXPECT_TRUE(limiter.enabled());
  EXPECT_NEAR(limiter.fill_rate(), AdaptiveRateLimiter::kBeta * measured, 0.5);
}

TEST(AdaptiveRateLimiterTest, OnceEnabledCallersQueueForTokens) {
  testing::FakeClock clock;
  AdaptiveRateLimiter limiter(clock);
  SendSuccesses(limiter, clock, 100, milliseconds(20));
  limiter.Update(true);
  double rate = limiter.fill_rate();
  // 100 callers at the same instant: the bucket holds at most `rate` tokens,
  // the rest wait their turn at `rate` per second.
  for (int i = 0; i < 100; ++i) limiter.Acquire();
  double waited = TotalSleep(clock).count() / 1000.0;
  EXPECT_GT(waited, (100 - rate) / rate - 0.05);
  EXPECT_LT(waited, 100 / rate + 0.1);
}

TEST(AdaptiveRateLimiterTest, RepeatedThrottlesNeverGoBelowTheMinimumRate) {
  testing::FakeClock clock;
  AdaptiveRateLimiter limiter(clock);
  SendSuccesses(limiter, clock, 50, milliseconds(20));
  for (int i = 0; i < 50; ++i) {
    limiter.Acquire();
    limiter.Update(true);
  }
  EXPECT_DOUBLE_EQ(limiter.fill_rate(), AdaptiveRateLimiter::kMinFillRate);
}

TEST(AdaptiveRateLimiterTest, RateClimbsBackAlongTheCubicCurve) {
  testing::FakeClock clock;
  AdaptiveRateLimiter limiter(clock);
  SendSuccesses(limiter, clock, 200, milliseconds(10));  // ~100/s
  double before = limiter.measured_rate();
  limiter.Update(true);
  double cut = limiter.fill_rate();
  // K = cbrt(W_max * (1 - beta) / C): about 4.2 s for 100/s.
  double k = std::cbrt(before * (1 - AdaptiveRateLimiter::kBeta) / AdaptiveRateLimiter::kScale);
  // Half-way through K the curve is still below the old rate, above the cut.
  SendSuccesses(limiter, clock, static_cast<int>(k * 1000 / 2 / 20), milliseconds(20));
  double halfway = limiter.fill_rate();
  EXPECT_GT(halfway, cut);
  EXPECT_LT(halfway, before);
  // Well past K the curve is above the old rate, but never above twice what
  // is actually sent (here 50/s).
  SendSuccesses(limiter, clock, static_cast<int>(k * 1000 / 20) + 200, milliseconds(20));
  EXPECT_LE(limiter.fill_rate(), 2 * limiter.measured_rate() + 1e-9);
  EXPECT_GT(limiter.fill_rate(), 50.0);
}

TEST(AdaptiveRateLimiterTest, ThrottleWhileEnabledUsesTheLowerOfSentAndAllowed) {
  testing::FakeClock clock;
  AdaptiveRateLimiter limiter(clock);
  SendSuccesses(limiter, clock, 100, milliseconds(20));  // 50/s
  limiter.Update(true);                                   // ~35/s
  double allowed = limiter.fill_rate();
  limiter.Update(true);  // at once: measured is still ~50/s, the bucket allows ~35/s
  EXPECT_NEAR(limiter.fill_rate(), allowed * AdaptiveRateLimiter::kBeta, 0.5);
}

}  // namespace
}  // namespace arm

namespace arm {
namespace {

TEST(AdaptiveRateLimiterTest, AThrottleBeforeTheFirstWindowClosesCutsFromTheRateSentSoFar) {
  testing::FakeClock clock;
  AdaptiveRateLimiter limiter(clock);
  // 40 calls in 0.2 s (200/s), then a throttle: not a cut to the floor.
  for (int i = 0; i < 40; ++i) {
    limiter.Update(false, limiter.Acquire());
    clock.Advance(std::chrono::milliseconds(5));
  }
  limiter.Update(true, limiter.Acquire());
  EXPECT_GT(limiter.fill_rate(), 50.0);
}

TEST(AdaptiveRateLimiterTest, ThrottlesOfCallsSentBeforeTheCutDoNotCutAgain) {
  testing::FakeClock clock;
  AdaptiveRateLimiter limiter(clock);
  std::vector<double> in_flight;
  for (int i = 0; i < 100; ++i) {
    in_flight.push_back(limiter.Acquire());
    limiter.Update(false, in_flight.back());
    clock.Advance(std::chrono::milliseconds(20));
  }
  limiter.Update(true, in_flight[90]);
  double cut = limiter.fill_rate();
  for (int i = 91; i < 100; ++i) limiter.Update(true, in_flight[i]);  // sent before the cut
  EXPECT_DOUBLE_EQ(limiter.fill_rate(), cut);
  clock.Advance(std::chrono::milliseconds(1));
  limiter.Update(true, limiter.Acquire());  // sent after it: news
  EXPECT_LT(limiter.fill_rate(), cut);
}

}  // namespace
}  // namespace arm
