#include "engine/plan.h"

#include <gtest/gtest.h>

#include "tests/testing/fake_resource_type.h"
#include "tests/testing/real_types.h"

namespace arm {
namespace {

using nlohmann::json;

const auto kNow = std::chrono::system_clock::from_time_t(1440938160);

Snapshot Fake(const std::string& name, int value) {
  Snapshot s;
  s.type = "fake";
  s.name = name;
  s.config = {{"value", value}};
  return s;
}

State StateWith(const std::string& name, const std::string& status, int original) {
  State st;
  ResourceState& e = st.Upsert("fake", name);
  e.status = status;
  e.original = {{"value", original}};
  return st;
}

class PlanTest : public ::testing::Test {
 protected:
  std::vector<const ResourceType*> Types() const { return {&fake_}; }

  testing::FakeWorld world_;
  testing::FakeResourceType fake_{world_, "fake", "fake", 1};
};

TEST_F(PlanTest, StopRecordsTheCurrentConfigOfARunningResource) {
  SnapshotSet snaps = {{"fake", {Fake("a", 5)}}};
  Plan plan = PlanStop(Types(), snaps, nullptr, kNow);
  ASSERT_EQ(plan.records.size(), 1u);
  EXPECT_EQ(plan.records[0].name, "a");
  EXPECT_EQ(plan.records[0].original, (json{{"value", 5}}));
  State running = StateWith("a", kStatusRunning, 9);
  EXPECT_EQ(PlanStop(Types(), snaps, &running, kNow).records.at(0).original, (json{{"value", 5}}));
}

TEST_F(PlanTest, StopNeverOverwritesARecordedOriginal) {
  // A partial earlier stop (or start) left the resource at 3; the state
  // holds 5.
  SnapshotSet snaps = {{"fake", {Fake("a", 3)}}};
  for (const char* status : {kStatusStopping, kStatusStarting}) {
    State state = StateWith("a", status, 5);
    Plan plan = PlanStop(Types(), snaps, &state, kNow);
    ASSERT_EQ(plan.records.size(), 1u) << status;
    EXPECT_EQ(plan.records[0].original, (json{{"value", 5}})) << status;
    EXPECT_EQ(plan.ActionCount(), 1u);
  }
}

TEST_F(PlanTest, StopKeepsTheRecordOfAResourceStillParked) {
  SnapshotSet snaps = {{"fake", {Fake("a", 0)}}};
  State state = StateWith("a", kStatusStopped, 5);
  Plan plan = PlanStop(Types(), snaps, &state, kNow);
  EXPECT_EQ(plan.ActionCount(), 0u);
  EXPECT_TRUE(plan.notes.empty());
}

TEST_F(PlanTest, StopRecordsAResourceLiveAgainAfterACompletedStop) {
  // Parked at 0 and recorded as 5; since then someone ran it at 3 outside
  // the tool: the next start must bring back 3, not the stale 5.
  SnapshotSet snaps = {{"fake", {Fake("a", 3)}}};
  State state = StateWith("a", kStatusStopped, 5);
  Plan plan = PlanStop(Types(), snaps, &state, kNow);
  ASSERT_EQ(plan.records.size(), 1u);
  EXPECT_EQ(plan.records[0].original, (json{{"value", 3}}));
  ASSERT_EQ(plan.notes.size(), 1u);
  EXPECT_EQ(plan.notes[0].severity, Severity::kWarning);
  EXPECT_NE(plan.notes[0].message.find("live again"), std::string::npos) << plan.notes[0].message;
  // Live again with the recorded configuration: nothing to warn about.
  snaps = {{"fake", {Fake("a", 5)}}};
  plan = PlanStop(Types(), snaps, &state, kNow);
  ASSERT_EQ(plan.records.size(), 1u);
  EXPECT_EQ(plan.records[0].original, (json{{"value", 5}}));
  EXPECT_TRUE(plan.notes.empty());
}

TEST_F(PlanTest, StopRecordsOnlyResourcesItActsOn) {
  SnapshotSet snaps = {{"fake", {Fake("a", 5), Fake("parked", 0), Fake("b", 2)}}};
  Plan plan = PlanStop(Types(), snaps, nullptr, kNow);
  ASSERT_EQ(plan.records.size(), 2u);
  EXPECT_EQ(plan.records[0].name, "a");
  EXPECT_EQ(plan.records[1].name, "b");
}

TEST_F(PlanTest, StopOfParkedResourcesIsEmpty) {
  SnapshotSet snaps = {{"fake", {Fake("a", 0)}}};
  Plan plan = PlanStop(Types(), snaps, nullptr, kNow);
  EXPECT_TRUE(plan.stages.empty());
  EXPECT_TRUE(plan.records.empty());
  EXPECT_EQ(PlanToText(plan), "Nothing to stop: every selected resource is already parked.\n");
}

TEST_F(PlanTest, ResourcesLeftAloneByPolicyAreNotCalledParked) {
  Plan plan;
  plan.command = "stop";
  plan.notes.push_back({"kinesis-stream", "s", Severity::kInfo, "on-demand stream: left as it is"});
  EXPECT_EQ(PlanToText(plan),
            "Nothing to stop: the resources noted below are left as they are; "
            "every other selected resource is "
            "already parked.\n"
            "  note  kinesis-stream s: on-demand stream: left as it is\n");
}

TEST_F(PlanTest, StartActsOnlyOnResourcesWithARecordedOriginal) {
  SnapshotSet snaps = {{"fake", {Fake("a", 0), Fake("b", 0)}}};
  State state = StateWith("a", kStatusStopped, 5);
  state.Upsert("fake", "b").status = kStatusRunning;
  Plan plan = PlanStart(Types(), snaps, state, kNow);
  ASSERT_EQ(plan.ActionCount(), 1u);
  EXPECT_EQ(plan.stages[0].actions[0].names, std::vector<std::string>{"a"});
  EXPECT_EQ(plan.stages[0].actions[0].params, (json{{"value", 5}}));
  EXPECT_TRUE(plan.records.empty());
}

TEST_F(PlanTest, ErrorNotesMakeThePlanFail) {
  Snapshot gone = Fake("a", 1);
  gone.exists = false;
  Plan plan = PlanStop(Types(), {{"fake", {gone}}}, nullptr, kNow);
  EXPECT_TRUE(plan.HasErrors());
  EXPECT_NE(PlanToText(plan).find("ERROR fake a: missing"), std::string::npos);
  EXPECT_EQ(
      PlanToText(plan).rfind("Nothing to stop that can be done now: see the errors below.\n", 0),
      0u);
}

TEST_F(PlanTest, StartFitsEachTypeToItsAccountFacts) {
  SnapshotSet snaps = {{"fake", {Fake("a", 0), Fake("b", 0)}}};
  State state = StateWith("a", kStatusStopped, 5);
  ResourceState& b = state.Upsert("fake", "b");
  b.status = kStatusStopped;
  b.original = {{"value", 9}};
  StartFactsByType facts = {{"fake", {{"cap", 6}}}, {"other", {{"cap", 0}}}};
  Plan plan = PlanStart(Types(), snaps, state, kNow, &facts);
  ASSERT_EQ(plan.ActionCount(), 1u);
  EXPECT_EQ(plan.stages[0].actions[0].names, std::vector<std::string>{"a"});
  ASSERT_EQ(plan.notes.size(), 1u);
  EXPECT_EQ(plan.notes[0].name, "b");
  EXPECT_EQ(plan.notes[0].message, "over the cap of 6");
  // Without facts (the offline plan) nothing is fitted.
  EXPECT_EQ(PlanStart(Types(), snaps, state, kNow).ActionCount(), 2u);
}

TEST_F(PlanTest, APlanWithOnlyErrorsDoesNotSayAllIsDone) {
  SnapshotSet snaps = {{"fake", {Fake("a", 0)}}};
  State state = StateWith("a", kStatusStopped, 9);
  StartFactsByType facts = {{"fake", {{"cap", 6}}}};
  Plan plan = PlanStart(Types(), snaps, state, kNow, &facts);
  EXPECT_EQ(PlanToText(plan),
            "Nothing to start that can be done now: see the errors below.\n"
            "  ERROR fake a: over the cap of 6\n");
}

TEST_F(PlanTest, JsonAndTextContainEveryAction) {
  SnapshotSet snaps = {{"fake", {Fake("a", 5), Fake("b", 2)}}};
  Plan plan = PlanStop(Types(), snaps, nullptr, kNow);
  json j = PlanToJson(plan);
  EXPECT_EQ(j.at("command"), "stop");
  EXPECT_EQ(j.at("action_count"), 2);
  EXPECT_EQ(j.at("mutating_call_count"), 2);
  ASSERT_EQ(j.at("stages").size(), 1u);
  ASSERT_EQ(j.at("stages")[0].at("actions").size(), 2u);
  EXPECT_EQ(j.at("stages")[0].at("actions")[0].at("summary"), "Set a 5 -> 0");
  EXPECT_EQ(j.at("stages")[0].at("actions")[1].at("api"), "fake:Set");
  EXPECT_EQ(j.at("records").size(), 2u);
  std::string text = PlanToText(plan);
  EXPECT_NE(text.find("Plan: 2 steps (2 changing AWS)"), std::string::npos);
  EXPECT_NE(text.find("1. Set a 5 -> 0   [fake:Set]"), std::string::npos);
  EXPECT_NE(text.find("2. Set b 2 -> 0   [fake:Set]"), std::string::npos);
}

// The real types, on hand-made snapshots: stop silences alarms first, then
// Lambda, Kinesis and SageMaker; start runs the other way round.
class PlanStageOrderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Registration order reversed: the plan must not depend on it.
    auto all = real_.All();
    types_.assign(all.rbegin(), all.rend());
  }
  void TearDown() override { EXPECT_TRUE(real_.env().requests().empty()); }

  static Snapshot Snap(const std::string& type, const std::string& name, json config,
                       json details = json::object()) {
    Snapshot s;
    s.type = type;
    s.name = name;
    s.config = std::move(config);
    s.details = std::move(details);
    return s;
  }
  static json Endpoint() {
    return {{"endpoint_config_name", "cfg"},
            {"tags", json::array()},
            {"variants", json::array()},
            {"autoscaling", {{"targets", json::array()}, {"policies", json::array()}}}};
  }
  static std::vector<std::string> StageTypes(const Plan& plan) {
    std::vector<std::string> out;
    for (const auto& s : plan.stages) out.push_back(s.type);
    return out;
  }

  testing::RealTypes real_;
  std::vector<const ResourceType*> types_;
};

TEST_F(PlanStageOrderTest, StopSilencesAlarmsFirstAndStartReEnablesThemLast) {
  SnapshotSet running = {
      {"cloudwatch-alarm", {Snap("cloudwatch-alarm", "p-alarm", {{"actions_enabled", true}})}},
      {"lambda-function", {Snap("lambda-function", "p-fn", {{"reserved_concurrency", 5}})}},
      {"kinesis-stream",
       {Snap("kinesis-stream", "p-stream", {{"shard_count", 2}, {"mode", "PROVISIONED"}})}},
      {"sagemaker-endpoint",
       {Snap(
           "sagemaker-endpoint", "p-ep", Endpoint(),
           {{"status", "InService"}, {"config_exists", true}, {"missing_models", json::array()}})}},
      {"dynamodb-table",
       {Snap("dynamodb-table", "p-table", {{"billing_mode", "PAY_PER_REQUEST"}})}},
  };
  Plan stop = PlanStop(types_, running, nullptr, kNow);
  EXPECT_EQ(StageTypes(stop), (std::vector<std::string>{"cloudwatch-alarm", "lambda-function",
                                                        "kinesis-stream", "sagemaker-endpoint"}));
  EXPECT_EQ(stop.records.size(), 4u);

  State state;
  for (const auto& r : stop.records) {
    ResourceState& e = state.Upsert(r.type, r.name);
    e.status = kStatusStopped;
    e.original = r.original;
  }
  SnapshotSet parked;
  for (const ResourceType* t : types_) {
    // Types this test has no snapshot of (added later) have none.
    auto it = running.find(std::string(t->type()));
    if (it == running.end()) continue;
    for (const auto& s : it->second) parked[s.type].push_back(t->Parked(s));
  }
  Plan start = PlanStart(types_, parked, state, kNow);
  EXPECT_EQ(StageTypes(start), (std::vector<std::string>{"sagemaker-endpoint", "kinesis-stream",
                                                         "lambda-function", "cloudwatch-alarm"}));
  std::string text = PlanToText(start);
  for (const auto& stage : start.stages) {
    for (const auto& a : stage.actions)
      EXPECT_NE(text.find(a.summary), std::string::npos) << a.summary;
  }
}

// What is known not to be parked keeps its alarms: they leave the alarm
// stage, the records (nothing recorded as parked) and the selection, each
// with a held note; a stage left empty is dropped.
TEST_F(PlanStageOrderTest, HeldAlarmsLeaveTheStageTheRecordsAndTheSelection) {
  auto alarm = [](const std::string& name, const std::string& watches) {
    return Snap("cloudwatch-alarm", name, {{"actions_enabled", true}}, {{"watches", {watches}}});
  };
  SnapshotSet running = {
      {"cloudwatch-alarm", {alarm("p-fn-errors", "p-fn"), alarm("p-other-errors", "p-other")}},
      {"lambda-function", {Snap("lambda-function", "p-fn", {{"reserved_concurrency", 5}})}},
  };
  Plan stop = PlanStop(types_, running, nullptr, kNow);
  ASSERT_EQ(stop.records.size(), 3u);
  auto why = [](const std::string& n) {
    return n == "p-fn" ? std::string("was not parked (test)") : "";
  };
  HoldBackStages(types_, why, stop);
  ASSERT_EQ(StageTypes(stop), (std::vector<std::string>{"cloudwatch-alarm", "lambda-function"}));
  EXPECT_EQ(stop.stages[0].actions.at(0).names, std::vector<std::string>{"p-other-errors"});
  for (const auto& r : stop.records) EXPECT_NE(r.name, "p-fn-errors");
  for (const auto& r : stop.selected) EXPECT_NE(r.name, "p-fn-errors");
  ASSERT_EQ(stop.notes.size(), 1u);
  EXPECT_EQ(stop.notes[0].severity, Severity::kHeld);
  EXPECT_FALSE(stop.HasErrors());
  EXPECT_NE(PlanToText(stop).find("HELD  cloudwatch-alarm p-fn-errors: actions "
                                  "left enabled: the alarm watches "
                                  "p-fn, which was not parked (test)"),
            std::string::npos)
      << PlanToText(stop);
  // Everything held: the alarm stage goes.
  auto all = [](const std::string& n) { return n.rfind("p-", 0) == 0 ? std::string("x") : ""; };
  HoldBackStages(types_, all, stop);
  EXPECT_EQ(StageTypes(stop), std::vector<std::string>{"lambda-function"});
}

// The plan hands each type its state entry's bookkeeping and the time the
// plan is made: Kinesis counts the UpdateShardCount calls the state records.
TEST_F(PlanStageOrderTest, KinesisCallsRecordedInTheStateLimitThePlan) {
  const json eight = {{"shard_count", 8}, {"mode", "PROVISIONED"}};
  SnapshotSet running = {
      {"kinesis-stream",
       {Snap("kinesis-stream", "p-stream", eight), Snap("kinesis-stream", "p-other", eight)}}};
  State state;
  ResourceState& e = state.Upsert("kinesis-stream", "p-stream");
  e.status = kStatusRunning;
  e.original = eight;
  for (int i = 0; i < 8; ++i)
    e.extra["scaling_calls"].push_back(FormatIso8601(kNow - std::chrono::hours(1)));
  Plan stop = PlanStop(types_, running, &state, kNow);
  ASSERT_EQ(stop.stages.size(), 1u);
  for (const auto& a : stop.stages[0].actions)
    EXPECT_EQ(a.names, std::vector<std::string>{"p-other"});
  ASSERT_EQ(stop.records.size(), 1u);  // the refused stream is not recorded
  EXPECT_EQ(stop.records[0].name, "p-other");
  ASSERT_EQ(stop.notes.size(), 1u);
  EXPECT_EQ(stop.notes[0].name, "p-stream");
  EXPECT_NE(PlanToText(stop).find("ERROR kinesis-stream p-stream: scaling 8 -> 1 "
                                  "needs 3 UpdateShardCount calls, "
                                  "2 left in AWS's rolling 24 h (10 per stream); "
                                  "left at 8 shards; try again after "),
            std::string::npos)
      << PlanToText(stop);
  EXPECT_EQ(PlanToJson(stop).at("notes")[0].at("severity"), "error");
  // A day later the calls no longer count.
  Plan later = PlanStop(types_, running, &state, kNow + std::chrono::hours(24));
  EXPECT_TRUE(later.notes.empty());
  EXPECT_EQ(later.ActionCount(), 6u);
}

}  // namespace
}  // namespace arm
