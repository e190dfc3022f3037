#include "schedule/decision.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

SysSeconds DecisionAt(const std::string& iso) { return *ParseInstant(iso); }

class DecisionTest : public ::testing::Test {
 protected:
  // Berlin office hours; 2026-07-06 is a Monday (CEST, UTC+2).
  Schedule schedule_{*FindZone("Europe/Berlin"), *ParsePeriods("Mon-Fri 08:00-18:00"), Holidays()};

  // Runs the rule for `types` and, when it acts, records what reconcile
  // would.
  Decision Run(const std::string& now, bool enforce = false,
               const std::vector<std::string>& types = kAll) {
    Decision d = Decide(schedule_, log_, types, enforce, DecisionAt(now), ended_);
    if (d.act)
      for (const auto& t : d.due) log_.applied[t] = d.record;
    return d;
  }
  // What reconcile records when the run `d` decided on fails at `at`.
  static FailedRun FirstFailure(const Decision& d, const std::string& at) {
    FailedRun f;
    f.transition = d.record.transition;
    f.state = d.record.state;
    f.attempts = 1;
    f.last_attempt = DecisionAt(at);
    f.retry_at = RetryAt(1, false, f.last_attempt);
    f.why = "exit 1";
    return f;
  }
  static inline const std::vector<std::string> kAll = {"kinesis", "lambda", "dynamodb"};
  ReconcileLog log_;
  std::map<std::string, ParkEnded> ended_;
};

TEST_F(DecisionTest, FirstRunBringsTheResourcesToTheSchedule) {
  Decision d = Run("2026-07-06T19:00:00Z");
  EXPECT_TRUE(d.act);
  EXPECT_EQ(d.desired.state, Desired::kParked);
  EXPECT_EQ(FormatUtc(d.record.transition), "2026-07-06T16:00:00Z");
}

TEST_F(DecisionTest, ManualStartIsLeftRunningUntilTheNextTransition) {
  EXPECT_TRUE(Run("2026-07-06T16:05:00Z").act);  // 18:05: the stop is applied
  // Someone starts the environment at 20:00; every run until the next
  // transition leaves it alone.
  for (const char* t : {"2026-07-06T18:00:00Z", "2026-07-06T21:00:00Z", "2026-07-07T05:55:00Z"}) {
    Decision d = Run(t);
    EXPECT_FALSE(d.act) << t;
    EXPECT_EQ(d.desired.state, Desired::kParked);
    EXPECT_NE(d.why.find("nothing due"), std::string::npos);
  }
  Decision morning = Run("2026-07-07T06:05:00Z");
  EXPECT_TRUE(morning.act);
  EXPECT_EQ(morning.desired.state, Desired::kRunning);
}

TEST_F(DecisionTest, EnforceParksWhatRunsOutsideThePeriods) {
  EXPECT_TRUE(Run("2026-07-06T16:05:00Z").act);
  Decision d = Run("2026-07-06T18:00:00Z", /*enforce=*/true);
  EXPECT_TRUE(d.act);
  EXPECT_EQ(d.desired.state, Desired::kParked);
  EXPECT_NE(d.why.find("SCHEDULE_ENFORCE=true"), std::string::npos);
}

TEST_F(DecisionTest, LateRunAppliesTheMissedTransition) {
  EXPECT_TRUE(Run("2026-07-06T06:05:00Z").act);  // Monday 08:05: started
  // The host was down at 18:00; it comes back at 21:00.
  Decision d = Run("2026-07-06T19:00:00Z");
  EXPECT_TRUE(d.act);
  EXPECT_EQ(d.desired.state, Desired::kParked);
  EXPECT_NE(d.why.find("2026-07-06 18:00 CEST (end of Mon-Fri 08:00-18:00) was not applied"),
            std::string::npos)
      << d.why;
  EXPECT_NE(d.why.find("missed"), std::string::npos);
  // Down from Monday night to Wednesday 09:00: only the latest one counts.
  Decision wed = Run("2026-07-08T07:00:00Z");
  EXPECT_TRUE(wed.act);
  EXPECT_EQ(wed.desired.state, Desired::kRunning);
  EXPECT_EQ(FormatUtc(wed.record.transition), "2026-07-08T06:00:00Z");
}

TEST_F(DecisionTest, OverrideIsAppliedOnceAndItsExpiryToo) {
  EXPECT_TRUE(Run("2026-07-06T16:05:00Z").act);  // parked at 18:00
  Override o;
  o.state = Desired::kRunning;
  o.since = DecisionAt("2026-07-06T17:00:00Z");
  o.until = DecisionAt("2026-07-06T20:00:00Z");
  o.who = "bob";
  schedule_.set_override(o);
  Decision start = Run("2026-07-06T17:05:00Z");
  EXPECT_TRUE(start.act);
  EXPECT_EQ(start.desired.state, Desired::kRunning);
  EXPECT_FALSE(Run("2026-07-06T19:00:00Z").act);
  Decision expired = Run("2026-07-06T20:05:00Z");
  EXPECT_TRUE(expired.act);
  EXPECT_EQ(expired.desired.state, Desired::kParked);
  EXPECT_NE(expired.why.find("override ended"), std::string::npos) << expired.why;
  EXPECT_FALSE(Run("2026-07-06T20:10:00Z").act);
}

TEST(DecisionNoTransitionTest, ScheduleThatNeverChangesActsOnlyOnce) {
  Schedule always(*FindZone("UTC"), *ParsePeriods("Mon-Sun 00:00-24:00"), Holidays());
  Decision first = Decide(always, {}, {"kinesis"}, false, DecisionAt("2026-07-06T10:00:00Z"));
  EXPECT_TRUE(first.act);
  EXPECT_EQ(first.desired.state, Desired::kRunning);
  ReconcileLog log;
  log.applied["kinesis"] = first.record;
  EXPECT_FALSE(Decide(always, log, {"kinesis"}, false, DecisionAt("2026-07-09T10:00:00Z")).act);
}

// reconcile --only kinesis at 18:05 applies the stop to kinesis alone: the
// next unrestricted run still owes it to the other types, and only to them.
TEST_F(DecisionTest, RunNarrowedByOnlyLeavesTheTransitionDueForTheOtherTypes) {
  EXPECT_TRUE(Run("2026-07-06T06:05:00Z").act);  // 08:05: every type started
  Decision only = Run("2026-07-06T16:05:00Z", false, {"kinesis"});
  EXPECT_TRUE(only.act);
  EXPECT_EQ(only.due, std::vector<std::string>{"kinesis"});
  Decision rest = Run("2026-07-06T16:10:00Z");
  EXPECT_TRUE(rest.act);
  EXPECT_EQ(rest.desired.state, Desired::kParked);
  EXPECT_EQ(rest.due, (std::vector<std::string>{"lambda", "dynamodb"}));
  EXPECT_NE(rest.why.find("for lambda, dynamodb"), std::string::npos) << rest.why;
  EXPECT_FALSE(Run("2026-07-06T16:15:00Z").act);
}

// A transition whose run failed is tried again after a back-off, not on
// every tick; a new transition does not wait.
TEST_F(DecisionTest, FailedTransitionWaitsForItsBackOff) {
  EXPECT_TRUE(Run("2026-07-06T06:05:00Z").act);
  Decision stop = Decide(schedule_, log_, kAll, false, DecisionAt("2026-07-06T16:00:00Z"));
  ASSERT_TRUE(stop.act);
  FailedRun f = FirstFailure(stop, "2026-07-06T16:00:00Z");
  for (const auto& t : kAll) log_.failed[t] = f;
  EXPECT_EQ(FormatUtc(f.retry_at), "2026-07-06T16:15:00Z");
  Decision soon = Decide(schedule_, log_, kAll, false, DecisionAt("2026-07-06T16:05:00Z"));
  EXPECT_FALSE(soon.act);
  EXPECT_TRUE(soon.waiting);
  EXPECT_NE(soon.why.find("next attempt at 2026-07-06 18:15 CEST"), std::string::npos) << soon.why;
  EXPECT_TRUE(Decide(schedule_, log_, kAll, false, DecisionAt("2026-07-06T16:15:00Z")).act);
  // The next morning's start is a new transition: tried at once.
  Decision morning = Decide(schedule_, log_, kAll, false, DecisionAt("2026-07-07T06:00:00Z"));
  EXPECT_TRUE(morning.act);
  EXPECT_FALSE(morning.waiting);
}

// The back-off is per type: a run where Lambda failed and the others were
// parked waits for Lambda alone, and a run narrowed to another type neither
// waits nor clears Lambda's failure.
TEST_F(DecisionTest, BackOffWaitsOnlyForTheTypesThatFailed) {
  EXPECT_TRUE(Run("2026-07-06T06:05:00Z").act);
  Decision stop = Decide(schedule_, log_, kAll, false, DecisionAt("2026-07-06T16:00:00Z"));
  ASSERT_TRUE(stop.act);
  log_.applied["kinesis"] = stop.record;
  log_.applied["dynamodb"] = stop.record;
  FailedRun f = FirstFailure(stop, "2026-07-06T16:00:00Z");
  log_.failed["lambda"] = f;
  Decision soon = Decide(schedule_, log_, kAll, false, DecisionAt("2026-07-06T16:05:00Z"));
  EXPECT_FALSE(soon.act);
  EXPECT_TRUE(soon.waiting);
  EXPECT_NE(soon.why.find("for lambda failed 1 time"), std::string::npos) << soon.why;
  // Another type's transition is due (it was never applied to it): it goes
  // ahead while Lambda waits.
  log_.applied.erase("kinesis");
  Decision mixed = Decide(schedule_, log_, kAll, false, DecisionAt("2026-07-06T16:05:00Z"));
  EXPECT_TRUE(mixed.act);
  EXPECT_EQ(mixed.due, std::vector<std::string>{"kinesis"});
  EXPECT_NE(mixed.why.find("waiting: the stop"), std::string::npos) << mixed.why;
  Decision retry = Decide(schedule_, log_, kAll, false, DecisionAt("2026-07-06T16:15:00Z"));
  EXPECT_TRUE(retry.act);
  EXPECT_EQ(retry.due, (std::vector<std::string>{"kinesis", "lambda"}));
}

TEST(RetryAtTest, DoublesFromFifteenMinutesOrAnHourUpToFourHours) {
  const SysSeconds t = DecisionAt("2026-07-06T16:00:00Z");
  using std::chrono::minutes;
  EXPECT_EQ(RetryAt(1, false, t) - t, minutes(15));
  EXPECT_EQ(RetryAt(2, false, t) - t, minutes(30));
  EXPECT_EQ(RetryAt(5, false, t) - t, minutes(240));
  EXPECT_EQ(RetryAt(50, false, t) - t, minutes(240));
  EXPECT_EQ(RetryAt(1, true, t) - t, minutes(60));
  EXPECT_EQ(RetryAt(3, true, t) - t, minutes(240));
}

// --now earlier than the transition already applied: nothing is done, and
// the message says the clock went back (not "the last transition at ...
// was applied at <later>").
TEST_F(DecisionTest, NowBeforeTheAppliedTransitionSaysTheClockWentBack) {
  EXPECT_TRUE(Run("2026-07-06T16:05:00Z").act);
  Decision back = Run("2026-07-01T16:10:00Z");
  EXPECT_FALSE(back.act);
  EXPECT_NE(back.why.find("is earlier than the transition already applied"), std::string::npos)
      << back.why;
  EXPECT_NE(back.why.find("went back"), std::string::npos) << back.why;
}

// AWS starts a database stopped for 7 days: in a parked period, the type
// whose park AWS ended after the transition was applied is due again, alone,
// once; the other types are left alone.
TEST_F(DecisionTest, ParkThatAwsEndedInAParkedPeriodIsDueAgainForItsTypeOnly) {
  const std::vector<std::string> types = {"kinesis", "rds"};
  EXPECT_TRUE(Run("2026-07-10T16:05:00Z", false, types).act);  // Friday 18:05: parked
  ended_["rds"] = {DecisionAt("2026-07-11T10:00:00Z"), "AWS starts a database stopped for 7 days"};
  Decision before = Run("2026-07-11T09:59:00Z", false, types);
  EXPECT_FALSE(before.act) << before.why;
  Decision d = Run("2026-07-11T10:05:00Z", false, types);
  ASSERT_TRUE(d.act) << d.why;
  EXPECT_EQ(d.due, std::vector<std::string>{"rds"});
  EXPECT_EQ(d.reparked, std::vector<std::string>{"rds"});
  EXPECT_EQ(d.desired.state, Desired::kParked);
  EXPECT_NE(d.why.find("rds: AWS ended its park at 2026-07-11 12:00 CEST (AWS starts a database"),
            std::string::npos)
      << d.why;
  EXPECT_NE(d.why.find("parking it again"), std::string::npos) << d.why;
  // Recorded: the same end does not make it due again.
  Decision after = Run("2026-07-11T10:10:00Z", false, types);
  EXPECT_FALSE(after.act) << after.why;
  EXPECT_TRUE(after.reparked.empty());
}

TEST_F(DecisionTest, ParkEndedBeforeTheTransitionOrInARunningPeriodChangesNothing) {
  const std::vector<std::string> types = {"kinesis", "rds"};
  EXPECT_TRUE(Run("2026-07-10T16:05:00Z", false, types).act);
  // Ended before this park was applied: that park is the newer one.
  ended_["rds"] = {DecisionAt("2026-07-10T16:00:00Z"), "why"};
  EXPECT_FALSE(Run("2026-07-11T10:05:00Z", false, types).act);
  // Monday morning: running wanted; the start is due for both types as a
  // transition, not as a re-park.
  ended_["rds"] = {DecisionAt("2026-07-13T06:01:00Z"), "why"};
  Decision monday = Run("2026-07-13T06:05:00Z", false, types);
  EXPECT_TRUE(monday.act);
  EXPECT_EQ(monday.desired.state, Desired::kRunning);
  EXPECT_TRUE(monday.reparked.empty());
  EXPECT_FALSE(Run("2026-07-13T06:10:00Z", false, types).act);
}

TEST_F(DecisionTest, StartByHandInAParkedPeriodIsNotParkedAgainByAnEndedPark) {
  const std::vector<std::string> types = {"rds"};
  EXPECT_TRUE(Run("2026-07-10T16:05:00Z", false, types).act);
  log_.applied["rds"].state = Desired::kRunning;  // NoteManualRun after a start by hand
  log_.applied["rds"].by = "start";
  ended_["rds"] = {DecisionAt("2026-07-11T10:00:00Z"), "why"};
  EXPECT_FALSE(Run("2026-07-11T10:05:00Z", false, types).act);
}

TEST_F(DecisionTest, EndedParkBesideATransitionDueForAnotherTypeSaysBoth) {
  const std::vector<std::string> types = {"kinesis", "rds"};
  EXPECT_TRUE(Run("2026-07-10T16:05:00Z", false, {"rds"}).act);
  ended_["rds"] = {DecisionAt("2026-07-11T10:00:00Z"), "AWS starts a database stopped for 7 days"};
  Decision d = Run("2026-07-11T10:05:00Z", false, types);
  ASSERT_TRUE(d.act);
  EXPECT_EQ(d.due, (std::vector<std::string>{"kinesis", "rds"}));
  EXPECT_EQ(d.reparked, std::vector<std::string>{"rds"});
  EXPECT_NE(d.why.find("for kinesis"), std::string::npos) << d.why;
  EXPECT_NE(d.why.find("rds: AWS ended its park"), std::string::npos) << d.why;
}

}  // namespace
}  // namespace arm
