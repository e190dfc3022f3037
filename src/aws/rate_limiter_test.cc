#include "aws/rate_limiter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "tests/testing/fake_clock.h"

namespace arm {
namespace {

using std::chrono::milliseconds;

// Sends `count` requests `every` apart, all answered without throttling.
void SendSuccesses(AdaptiveRateLimiter& limiter, testing::FakeClock& clock, int count,
                   milliseconds every) {
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
  // Every call refused: each window of kMinWindow answers cuts again.
  for (int i = 0; i < 100 * AdaptiveRateLimiter::kMinWindow; ++i)
    limiter.Update(true, limiter.Acquire());
  EXPECT_DOUBLE_EQ(limiter.fill_rate(), AdaptiveRateLimiter::kMinFillRate);
  EXPECT_EQ(limiter.cuts_taken_back(), 0);
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

TEST(AdaptiveRateLimiterTest, AQuietSpellDoesNotDragTheRateBelowWhereTheLastCutLeftIt) {
  testing::FakeClock clock;
  AdaptiveRateLimiter limiter(clock);
  SendSuccesses(limiter, clock, 200, milliseconds(10));  // ~100/s
  limiter.Update(true);
  double cut = limiter.fill_rate();
  // Then a stage's stragglers: one call every 2 s for a minute, all answered.
  SendSuccesses(limiter, clock, 30, milliseconds(2000));
  EXPECT_LT(limiter.measured_rate(), 2.0);
  // The next burst starts from the rate the cut chose, not from twice a
  // call every 2 s.
  EXPECT_GE(limiter.fill_rate(), cut - 1e-9);
}

TEST(AdaptiveRateLimiterTest, AThrottledBurstAfterAQuietSpellCutsFromTheBurstNotFromTheLull) {
  testing::FakeClock clock;
  AdaptiveRateLimiter limiter(clock);
  SendSuccesses(limiter, clock, 200, milliseconds(10));  // ~100/s
  limiter.Update(true);
  double cut = limiter.fill_rate();
  SendSuccesses(limiter, clock, 30, milliseconds(2000));  // a stage's stragglers
  // The next stage: 50 calls in 0.1 s, then a throttle.
  SendSuccesses(limiter, clock, 50, milliseconds(2));
  limiter.Update(true);
  // Cut from the burst (held to what the bucket allowed), not from the
  // smoothed rate of the lull (under 1 call/s).
  EXPECT_GE(limiter.fill_rate(), AdaptiveRateLimiter::kBeta * cut - 1e-9);
}

TEST(AdaptiveRateLimiterTest, ThrottleWhileEnabledUsesTheLowerOfSentAndAllowed) {
  testing::FakeClock clock;
  AdaptiveRateLimiter limiter(clock);
  SendSuccesses(limiter, clock, 100, milliseconds(20));  // 50/s
  limiter.Update(true);                                  // ~35/s
  double allowed = limiter.fill_rate();
  // At once, every answer refused: measured is still ~50/s, the bucket
  // allows ~35/s; the next cut comes after kMinWindow answers.
  for (int i = 0; i < AdaptiveRateLimiter::kMinWindow; ++i) limiter.Update(true);
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
  // Sent after it: news, though one answer is not evidence enough.
  limiter.Update(true, limiter.Acquire());
  EXPECT_DOUBLE_EQ(limiter.fill_rate(), cut);
  for (int i = 1; i < AdaptiveRateLimiter::kMinWindow; ++i) limiter.Update(true, limiter.Acquire());
  EXPECT_LT(limiter.fill_rate(), cut);
}

}  // namespace
}  // namespace arm

namespace arm {
namespace {

// A service seen by one worker whose calls take `round_trip` each, retried
// at once when throttled (no backoff: only the limiter paces them).
struct SimulatedService {
  double limit = 0;         // by rate: a bucket of `limit` per second holding one second's worth
  double random_share = 0;  // at random, whatever the rate
  std::mt19937 rng{7};
  double tokens = -1;
  double last = 0;

  bool Throttles(double now) {
    if (random_share > 0 && std::uniform_real_distribution<double>(0, 1)(rng) < random_share)
      return true;
    if (limit <= 0) return false;
    if (tokens < 0) tokens = limit, last = now;
    tokens = std::min(limit, tokens + (now - last) * limit);
    last = now;
    if (tokens < 1) return true;
    tokens -= 1;
    return false;
  }
};

struct SimulatedRun {
  int attempts = 0;
  int throttled = 0;
  double seconds = 0;
};

SimulatedRun Simulate(AdaptiveRateLimiter& limiter, testing::FakeClock& clock,
                      SimulatedService& service, int calls, milliseconds round_trip) {
  SimulatedRun run;
  auto start = clock.Monotonic();
  for (int done = 0; done < calls;) {
    double sent = limiter.Acquire();
    double now = std::chrono::duration<double>(clock.Monotonic() - start).count();
    bool throttled = service.Throttles(now);
    clock.Advance(round_trip);
    limiter.Update(throttled, sent);
    ++run.attempts;
    if (throttled)
      ++run.throttled;
    else
      ++done;
  }
  run.seconds = std::chrono::duration<double>(clock.Monotonic() - start).count();
  return run;
}

TEST(AdaptiveRateLimiterTest, RandomThrottlingDoesNotDriveTheRateDown) {
  testing::FakeClock clock;
  AdaptiveRateLimiter limiter(clock);
  SimulatedService service;
  service.random_share = 0.2;
  // 3,000 calls at 200 per second: 3,750 attempts, 18.75 s without a limiter.
  SimulatedRun run = Simulate(limiter, clock, service, 3000, milliseconds(5));
  EXPECT_TRUE(limiter.enabled());
  EXPECT_GE(limiter.cuts_taken_back(), 1);
  EXPECT_NEAR(limiter.tolerated_share(), 0.2, 0.15);
  EXPECT_LT(run.seconds, 2 * 18.75) << run.attempts << " attempts";
  EXPECT_GT(limiter.fill_rate(), 100.0);
}

TEST(AdaptiveRateLimiterTest, ThrottlingByRateStillBringsTheRateDownToTheLimit) {
  testing::FakeClock clock;
  AdaptiveRateLimiter limiter(clock);
  SimulatedService service;
  service.limit = 50;
  // 3,000 calls wanted at 200 per second, the service admits 50: 60 s at best.
  // Without a limiter three attempts in four would be refused.
  SimulatedRun run = Simulate(limiter, clock, service, 3000, milliseconds(5));
  EXPECT_EQ(limiter.cuts_taken_back(), 0);
  EXPECT_LT(run.throttled, run.attempts / 4) << run.attempts << " attempts";
  EXPECT_LT(run.seconds, 60 / 0.6);
  EXPECT_GT(limiter.fill_rate(), 50 * 0.4);
  EXPECT_LT(limiter.fill_rate(), 50 * 2.0);
}

TEST(AdaptiveRateLimiterTest, ThrottlingByRateOnTopOfRandomThrottlingIsStillFollowed) {
  testing::FakeClock clock;
  AdaptiveRateLimiter limiter(clock);
  SimulatedService service;
  service.limit = 50;
  service.random_share = 0.1;
  SimulatedRun run = Simulate(limiter, clock, service, 3000, milliseconds(5));
  // 10% refused whatever we do; the rest of the refusals are kept down.
  EXPECT_LT(run.throttled, run.attempts * 0.35) << run.attempts << " attempts";
  EXPECT_LT(run.seconds, 60 / 0.9 / 0.6);
  EXPECT_LT(limiter.fill_rate(), 50 * 2.0);
}

TEST(AdaptiveRateLimiterTest, ACutThatChangedNothingIsTakenBack) {
  testing::FakeClock clock;
  AdaptiveRateLimiter limiter(clock);
  // One call in five refused, whatever the rate.
  int sent = 0;
  auto send = [&](int n) {
    for (int i = 0; i < n; ++i) {
      double at = limiter.Acquire();
      clock.Advance(milliseconds(10));
      limiter.Update(++sent % 5 == 0, at);
    }
  };
  send(5);  // the first throttle: a cut, too early to be judged
  ASSERT_TRUE(limiter.enabled());
  EXPECT_EQ(limiter.cuts_taken_back(), 0);
  // Then a cut with a full window before it, held for a full window after
  // it: the same share refused, so it is taken back and that share is
  // tolerated from then on.
  send(2 * AdaptiveRateLimiter::kVerdictWindow + 10);
  double rate_before = 0;
  while (limiter.cuts_taken_back() == 0 && sent < 1000) {
    rate_before = limiter.fill_rate();
    send(1);
  }
  ASSERT_EQ(limiter.cuts_taken_back(), 1);
  EXPECT_DOUBLE_EQ(limiter.tolerated_share(), 0.2);
  EXPECT_GT(limiter.fill_rate(), rate_before / AdaptiveRateLimiter::kBeta - 1e-9);
  // From then on one call in five refused cuts no more.
  double rate = limiter.fill_rate();
  send(1000);
  EXPECT_EQ(limiter.cuts_taken_back(), 1);
  EXPECT_GE(limiter.fill_rate(), rate);
}

TEST(AdaptiveRateLimiterTest, ACutThatHelpedStandsAndTheRateGrowsAgain) {
  testing::FakeClock clock;
  AdaptiveRateLimiter limiter(clock);
  // 100/s, two calls in five refused until the second cut (the first is too
  // early to be judged), none after it: a rate limit between the two rates.
  int sent = 0;
  bool slow_enough = false;
  auto send = [&] {
    double at = limiter.Acquire();
    clock.Advance(milliseconds(10));
    limiter.Update(!slow_enough && ++sent % 5 >= 3, at);
  };
  while (!limiter.enabled()) send();
  double first_cut = limiter.fill_rate();
  while (sent < 1000 && limiter.fill_rate() >= first_cut * AdaptiveRateLimiter::kBeta * 1.2) send();
  ASSERT_LT(sent, 1000);
  slow_enough = true;
  double held = limiter.fill_rate();
  for (int i = 0; i < AdaptiveRateLimiter::kVerdictWindow - 1; ++i) send();
  EXPECT_DOUBLE_EQ(limiter.fill_rate(), held);  // held until judged
  for (int i = 0; i < 200; ++i) send();
  EXPECT_EQ(limiter.cuts_taken_back(), 0);
  EXPECT_DOUBLE_EQ(limiter.tolerated_share(), 0.0);
  EXPECT_GT(limiter.fill_rate(), held);
}

}  // namespace
}  // namespace arm
