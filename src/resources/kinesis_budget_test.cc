#include "resources/kinesis_budget.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "tests/testing/fake_clock.h"

namespace arm {
namespace {

using nlohmann::json;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Calls recorded at the clock's time, then the clock moved on by `gap`.
json CallsEvery(testing::FakeClock& clock, int n, std::chrono::milliseconds gap) {
  json extra = json::object();
  for (int i = 0; i < n; ++i) {
    RecordScalingCall(extra, clock.Now());
    clock.Advance(gap);
  }
  return extra;
}

TEST(KinesisBudgetTest, NoRecordedCallsLeavesTheWholeBudget) {
  testing::FakeClock clock;
  EXPECT_EQ(ScalingCallsLeft(RecentScalingCalls(json::object(), clock.Now())), 10);
  EXPECT_EQ(ScalingCallsLeft(RecentScalingCalls(json{{"other", 1}}, clock.Now())), 10);
  EXPECT_EQ(WhenScalingCallsFit({}, 0, 10, clock.Now()), clock.Now());
}

TEST(KinesisBudgetTest, CallsCountForTwentyFourHoursAndAMinute) {
  testing::FakeClock clock;
  json extra = CallsEvery(clock, 6, minutes(10));  // at first, +10, ..., +50 min
  EXPECT_EQ(ScalingCallsLeft(RecentScalingCalls(extra, clock.Now())), 4);
  clock.Advance(hours(23));  // now 24 h after the first call: the margin holds it
  EXPECT_EQ(ScalingCallsLeft(RecentScalingCalls(extra, clock.Now())), 4);
  clock.Advance(minutes(1));  // 24 h + 1 min: gone
  EXPECT_EQ(ScalingCallsLeft(RecentScalingCalls(extra, clock.Now())), 5);
  clock.Advance(minutes(50));
  EXPECT_EQ(ScalingCallsLeft(RecentScalingCalls(extra, clock.Now())), 10);
}

TEST(KinesisBudgetTest, TheBudgetNeverGoesNegative) {
  testing::FakeClock clock;
  json extra = CallsEvery(clock, 12, seconds(1));
  auto recent = RecentScalingCalls(extra, clock.Now());
  EXPECT_EQ(recent.size(), 12u);
  EXPECT_EQ(ScalingCallsLeft(recent), 0);
}

TEST(KinesisBudgetTest, WhenCallsFitIsWhenEnoughOfTheOldestLeaveTheWindow) {
  testing::FakeClock clock;
  const auto first = clock.Now();
  json extra = CallsEvery(clock, 6, minutes(10));  // at first, +10, ..., +50 min
  auto recent = RecentScalingCalls(extra, clock.Now());
  const auto expiry = [&](int i) { return first + minutes(10 * i) + hours(24) + minutes(1); };
  EXPECT_EQ(WhenScalingCallsFit(recent, 0, 4, clock.Now()), clock.Now());
  EXPECT_EQ(WhenScalingCallsFit(recent, 0, 5, clock.Now()), expiry(0));
  EXPECT_EQ(WhenScalingCallsFit(recent, 0, 6, clock.Now()), expiry(1));
  // Calls about to be made now leave last.
  EXPECT_EQ(WhenScalingCallsFit(recent, 4, 6, clock.Now()), expiry(5));
  EXPECT_EQ(WhenScalingCallsFit(recent, 4, 7, clock.Now()), clock.Now() + hours(24) + minutes(1));
  EXPECT_EQ(WhenScalingCallsFit({}, 6, 6, clock.Now()), clock.Now() + hours(24) + minutes(1));
  EXPECT_EQ(WhenScalingCallsFit({}, 5, 5, clock.Now()), clock.Now());
  // More than the whole budget never fits in one go.
  EXPECT_EQ(WhenScalingCallsFit({}, 0, 11, clock.Now()), std::nullopt);
}

TEST(KinesisBudgetTest, RecordingDropsTimesThatNoLongerCount) {
  testing::FakeClock clock;
  json extra = {{"other", "kept"}};
  RecordScalingCall(extra, clock.Now());
  clock.Advance(hours(12));
  RecordScalingCall(extra, clock.Now());
  EXPECT_EQ(extra.at("scaling_calls").size(), 2u);
  clock.Advance(hours(13));
  RecordScalingCall(extra, clock.Now());
  ASSERT_EQ(extra.at("scaling_calls").size(), 2u);
  EXPECT_EQ(extra.at("scaling_calls")[1], FormatIso8601(clock.Now()));
  EXPECT_EQ(extra.at("other"), "kept");
}

TEST(KinesisBudgetTest, CheckNamesTheBadField) {
  EXPECT_TRUE(CheckScalingCalls(json::object()).ok());
  EXPECT_TRUE(CheckScalingCalls(json{{"scaling_calls", {"2026-11-26T03:55:04Z"}}}).ok());
  Status s = CheckScalingCalls(json{{"scaling_calls", {"2026-11-26T03:55:04Z", "yesterday"}}});
  EXPECT_EQ(s.message().rfind("scaling_calls[1]: expected a UTC time", 0), 0u) << s.message();
  EXPECT_FALSE(CheckScalingCalls(json{{"scaling_calls", "2026-11-26T03:55:04Z"}}).ok());
}

TEST(KinesisBudgetTest, RetryTimeIsRoundedUpToTheMinute) {
  TimePoint t;
  ASSERT_TRUE(ParseIso8601("2026-11-27T18:01:01Z", &t));
  EXPECT_EQ(FormatRetryTime(t), "2026-11-27T18:02Z");
  ASSERT_TRUE(ParseIso8601("2026-11-27T18:02:00Z", &t));
  EXPECT_EQ(FormatRetryTime(t), "2026-11-27T18:02Z");
}

}  // namespace
}  // namespace arm
