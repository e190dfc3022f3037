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

// A stage's reservation counts its calls as made at `until` (the latest they
// can be made): after a run that died mid-stage, they leave the window last.
TEST(KinesisBudgetTest, ReservedCallsCountAsMadeAtTheReservationsEnd) {
  testing::FakeClock clock;
  json extra = CallsEvery(clock, 2, minutes(10));  // at start, start + 10 min
  const auto until = clock.Now() + hours(2);
  ReserveScalingCalls(extra, 3, clock.Now(), until);
  EXPECT_TRUE(CheckScalingCalls(extra).ok()) << CheckScalingCalls(extra).message();
  auto recent = RecentScalingCalls(extra, clock.Now());
  ASSERT_EQ(recent.size(), 5u);
  EXPECT_EQ(recent[2], until);
  EXPECT_EQ(recent[4], until);
  EXPECT_EQ(ScalingCallsLeft(recent), 5);
  // 8 calls need the two recorded ones and one reserved one out.
  EXPECT_EQ(WhenScalingCallsFit(recent, 0, 8, clock.Now()), until + hours(24) + minutes(1));
  // The recorded calls leave; the reserved ones still count a day after `until`.
  clock.Advance(hours(24) + minutes(30));
  EXPECT_EQ(ScalingCallsLeft(RecentScalingCalls(extra, clock.Now())), 7);
  clock.Advance(std::chrono::duration_cast<std::chrono::milliseconds>(until + hours(24) +
                                                                      minutes(1) - clock.Now()));
  EXPECT_EQ(ScalingCallsLeft(RecentScalingCalls(extra, clock.Now())), 10);
}

TEST(KinesisBudgetTest, EachCallTakesOneOffTheReservationAndTheRestIsDropped) {
  testing::FakeClock clock;
  json extra = json::object();
  EXPECT_FALSE(ConsumeScalingReservation(extra));
  EXPECT_FALSE(DropScalingReservations(extra));
  ReserveScalingCalls(extra, 3, clock.Now(), clock.Now() + hours(1));
  RecordScalingCall(extra, clock.Now());
  EXPECT_TRUE(ConsumeScalingReservation(extra));
  EXPECT_EQ(extra.at("scaling_reserved")[0].at("calls"), 2);
  // One recorded at now, two reserved at the end: three count.
  EXPECT_EQ(RecentScalingCalls(extra, clock.Now()).size(), 3u);
  RecordScalingCall(extra, clock.Now());
  EXPECT_TRUE(ConsumeScalingReservation(extra));
  RecordScalingCall(extra, clock.Now());
  EXPECT_TRUE(ConsumeScalingReservation(extra));
  EXPECT_FALSE(extra.contains("scaling_reserved"));  // dropped at zero
  EXPECT_EQ(RecentScalingCalls(extra, clock.Now()).size(), 3u);
  // A stage cut short: the calls not made are dropped with the reservation.
  ReserveScalingCalls(extra, 4, clock.Now(), clock.Now() + hours(1));
  RecordScalingCall(extra, clock.Now());
  ConsumeScalingReservation(extra);
  EXPECT_TRUE(DropScalingReservations(extra));
  EXPECT_EQ(extra.size(), 1u);
  EXPECT_EQ(RecentScalingCalls(extra, clock.Now()).size(), 4u);
}

// A reservation left by a run that died mid-stage becomes calls at its end
// before the next stage reserves: the next stage's drop cannot lose it.
TEST(KinesisBudgetTest, ALeftOverReservationBecomesCallsAtItsEnd) {
  testing::FakeClock clock;
  json extra = json::object();
  EXPECT_FALSE(SettleScalingReservations(extra, clock.Now()));
  const auto until = clock.Now() + hours(1);
  ReserveScalingCalls(extra, 2, clock.Now(), until);
  auto before = RecentScalingCalls(extra, clock.Now());
  EXPECT_TRUE(SettleScalingReservations(extra, clock.Now()));
  EXPECT_EQ(extra, (json{{"scaling_calls", {FormatIso8601(until), FormatIso8601(until)}}}));
  EXPECT_EQ(RecentScalingCalls(extra, clock.Now()), before);
  EXPECT_FALSE(DropScalingReservations(extra));
}

// Old state files: no extra, or scaling_calls only, read as before.
TEST(KinesisBudgetTest, CheckNamesTheBadReservationField) {
  EXPECT_TRUE(CheckScalingCalls(json()).ok());
  json ok = {
      {"scaling_reserved",
       {{{"from", "2026-11-26T03:55:04Z"}, {"until", "2026-11-26T05:55:04Z"}, {"calls", 3}}}}};
  EXPECT_TRUE(CheckScalingCalls(ok).ok());
  auto message = [&](json extra) { return CheckScalingCalls(extra).message(); };
  json bad = ok;
  bad["scaling_reserved"][0]["calls"] = "three";
  EXPECT_EQ(message(bad).rfind("scaling_reserved[0].calls: expected a whole number", 0), 0u)
      << message(bad);
  bad = ok;
  bad["scaling_reserved"][0]["calls"] = 0;
  EXPECT_EQ(message(bad).rfind("scaling_reserved[0].calls:", 0), 0u) << message(bad);
  bad = ok;
  bad["scaling_reserved"][0]["until"] = "soon";
  EXPECT_EQ(message(bad).rfind("scaling_reserved[0].until: expected a UTC time", 0), 0u)
      << message(bad);
  bad = ok;
  bad["scaling_reserved"][0].erase("from");
  EXPECT_EQ(message(bad).rfind("scaling_reserved[0].from: expected a UTC time", 0), 0u)
      << message(bad);
  EXPECT_EQ(message(json{{"scaling_reserved", 3}}).rfind("scaling_reserved: expected a list", 0),
            0u);
  EXPECT_EQ(message(json{{"scaling_reserved", {1}}}).rfind("scaling_reserved[0]: expected", 0), 0u);
  bad = ok;
  bad["scaling_calls"] = {"2026-11-26T03:55:04Z"};
  EXPECT_TRUE(CheckScalingCalls(bad).ok());
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
