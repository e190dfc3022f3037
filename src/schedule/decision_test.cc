#include "schedule/decision.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

SysSeconds At(const std::string& iso) { return *ParseInstant(iso); }

class DecisionTest : public ::testing::Test {
 protected:
  // Berlin office hours; 2026-07-06 is a Monday (CEST, UTC+2).
  Schedule schedule_{*FindZone("Europe/Berlin"), *ParsePeriods("Mon-Fri 08:00-18:00"), Holidays()};

  // Runs the rule and, when it acts, records what reconcile would.
  Decision Run(const std::string& now, bool enforce = false) {
    Decision d = Decide(schedule_, applied_, enforce, At(now));
    if (d.act) applied_ = d.record;
    return d;
  }
  std::optional<ReconcileRecord> applied_;
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
  o.since = At("2026-07-06T17:00:00Z");
  o.until = At("2026-07-06T20:00:00Z");
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
  Decision first = Decide(always, std::nullopt, false, At("2026-07-06T10:00:00Z"));
  EXPECT_TRUE(first.act);
  EXPECT_EQ(first.desired.state, Desired::kRunning);
  EXPECT_FALSE(Decide(always, first.record, false, At("2026-07-09T10:00:00Z")).act);
}

}  // namespace
}  // namespace arm
