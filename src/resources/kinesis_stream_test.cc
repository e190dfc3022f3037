#include <gtest/gtest.h>

#include "core/environment.h"
#include "resources/capabilities.h"
#include "resources/kinesis_budget.h"
#include "resources/registry.h"
#include "resources/types.h"
#include "services/kinesis_client.h"
#include "tests/testing/mem_file_system.h"
#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using nlohmann::json;

Snapshot Stream(const std::string& name, int shards, const std::string& mode = "PROVISIONED") {
  Snapshot s;
  s.type = "kinesis-stream";
  s.name = name;
  s.config = {{"shard_count", shards}, {"mode", mode}};
  s.details = {{"status", "ACTIVE"}};
  return s;
}

std::vector<int> Targets(const PlanOutput& out) {
  std::vector<int> t;
  for (const auto& a : out.actions) t.push_back(a.params.at("target").get<int>());
  return t;
}

json Summary(const std::string& status, int shards) {
  return {{"StreamDescriptionSummary",
           {{"StreamName", "s"}, {"StreamStatus", status}, {"OpenShardCount", shards}}}};
}

// Planning must never call AWS: the transport answers nothing, and TearDown
// checks it was not asked.
class KinesisStreamTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (pure_) {
      EXPECT_TRUE(env_.requests().empty());
    }
  }
  PlanOutput Stop(const Snapshot& s) const { return type_->PlanStop({{&s, s.config, ""}}); }
  PlanOutput Start(const Snapshot& s, const json& original) const {
    return type_->PlanStart({{&s, original, "stopped"}});
  }

  bool pure_ = true;
  testing::ServiceTestEnv env_;
  KinesisClient client_{env_.client()};
  std::unique_ptr<ResourceType> type_ = MakeKinesisStreamType(client_, env_.clock());
};

TEST_F(KinesisStreamTest, StopHalvesStepByStepToOneShard) {
  Snapshot s = Stream("s", 8);
  PlanOutput out = Stop(s);
  EXPECT_EQ(Targets(out), (std::vector<int>{4, 2, 1}));
  EXPECT_TRUE(out.notes.empty());
  for (const auto& a : out.actions) {
    EXPECT_EQ(a.api, "kinesis:UpdateShardCount");
    EXPECT_EQ(a.chain, "kinesis-stream/s");
    EXPECT_EQ(a.names, std::vector<std::string>{"s"});
    EXPECT_TRUE(a.mutating);
  }
  EXPECT_EQ(out.actions[0].params.at("from"), 8);
  EXPECT_EQ(out.actions[2].params.at("from"), 2);
}

TEST_F(KinesisStreamTest, StartDoublesStepByStepToRecordedCount) {
  Snapshot s = Stream("s", 1);
  EXPECT_EQ(Targets(Start(s, {{"shard_count", 8}, {"mode", "PROVISIONED"}})),
            (std::vector<int>{2, 4, 8}));
}

TEST_F(KinesisStreamTest, OddCountsRoundUpWhenHalving) {
  Snapshot three = Stream("s", 3);
  EXPECT_EQ(Targets(Stop(three)), (std::vector<int>{2, 1}));
  Snapshot five = Stream("s", 5);
  EXPECT_EQ(Targets(Stop(five)), (std::vector<int>{3, 2, 1}));
}

TEST_F(KinesisStreamTest, StartToOddCountStopsAtTheRecordedCount) {
  Snapshot s = Stream("s", 1);
  EXPECT_EQ(Targets(Start(s, {{"shard_count", 3}, {"mode", "PROVISIONED"}})),
            (std::vector<int>{2, 3}));
  EXPECT_EQ(Targets(Start(s, {{"shard_count", 5}, {"mode", "PROVISIONED"}})),
            (std::vector<int>{2, 4, 5}));
}

TEST_F(KinesisStreamTest, StartResumesFromAPartialStop) {
  Snapshot s = Stream("s", 4);
  EXPECT_EQ(Targets(Start(s, {{"shard_count", 8}, {"mode", "PROVISIONED"}})),
            (std::vector<int>{8}));
}

TEST_F(KinesisStreamTest, OneShardStreamNeedsNoCall) {
  Snapshot s = Stream("s", 1);
  EXPECT_TRUE(Stop(s).actions.empty());
  EXPECT_TRUE(Start(s, {{"shard_count", 1}, {"mode", "PROVISIONED"}}).actions.empty());
}

TEST_F(KinesisStreamTest, OnDemandStreamIsLeftAloneWithANote) {
  Snapshot s = Stream("s", 4, "ON_DEMAND");
  PlanOutput out = Stop(s);
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kInfo);
  EXPECT_EQ(type_->Classify(s, &s.config), Condition::kRunning);
}

TEST_F(KinesisStreamTest, StartReportsDriftWhenSwitchedToOnDemand) {
  Snapshot s = Stream("s", 4, "ON_DEMAND");
  PlanOutput out = Start(s, {{"shard_count", 8}, {"mode", "PROVISIONED"}});
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kError);
}

TEST_F(KinesisStreamTest, MissingStreamIsAnErrorWithTheRecordedCount) {
  Snapshot s = Stream("s", 0);
  s.exists = false;
  EXPECT_EQ(Stop(s).notes.at(0).severity, Severity::kError);
  PlanOutput out = Start(s, {{"shard_count", 8}, {"mode", "PROVISIONED"}});
  EXPECT_TRUE(out.actions.empty());
  EXPECT_NE(out.notes.at(0).message.find("8 shards"), std::string::npos);
}

TEST_F(KinesisStreamTest, ClassifyComparesWithTheOriginal) {
  json original = {{"shard_count", 8}, {"mode", "PROVISIONED"}};
  EXPECT_EQ(type_->Classify(Stream("s", 8), &original), Condition::kRunning);
  EXPECT_EQ(type_->Classify(Stream("s", 1), &original), Condition::kStopped);
  EXPECT_EQ(type_->Classify(Stream("s", 2), &original), Condition::kDrifted);
  EXPECT_EQ(type_->Classify(Stream("s", 4), nullptr), Condition::kRunning);
  Snapshot busy = Stream("s", 4);
  busy.transitioning = true;
  EXPECT_EQ(type_->Classify(busy, &original), Condition::kTransitioning);
  Snapshot gone = Stream("s", 4);
  gone.exists = false;
  EXPECT_EQ(type_->Classify(gone, &original), Condition::kMissing);
}

TEST_F(KinesisStreamTest, VerifyNamesTheShardDifference) {
  json original = {{"shard_count", 8}, {"mode", "PROVISIONED"}};
  EXPECT_EQ(type_->Verify(Stream("s", 8), original), "");
  EXPECT_EQ(type_->Verify(Stream("s", 4), original), "has 4 shards, expected 8");
}

TEST_F(KinesisStreamTest, ParkedProvisionedStreamCostsOneShard) {
  testing::MemFileSystem fs;
  auto prices = PriceTable::Load(fs, MapEnvironment(), TypePriceKeys());
  ASSERT_TRUE(prices.ok());
  Snapshot running = Stream("s", 8);
  Snapshot parked = type_->Parked(running);
  EXPECT_EQ(parked.config.at("shard_count"), 1);
  Cost before = type_->CostOf(running, *prices, "us-east-1");
  Cost after = type_->CostOf(parked, *prices, "us-east-1");
  EXPECT_GT(before.hourly_usd, 0);
  EXPECT_NEAR(after.hourly_usd * 8, before.hourly_usd, 1e-12);
  Snapshot on_demand = Stream("s", 4, "ON_DEMAND");
  EXPECT_EQ(type_->Parked(on_demand).config, on_demand.config);
  Snapshot gone = running;
  gone.exists = false;
  EXPECT_EQ(type_->CostOf(gone, *prices, "us-east-1").hourly_usd, 0);
}

TEST_F(KinesisStreamTest, ApplyWaitsForActiveThroughTheClock) {
  pure_ = false;
  env_.EnqueueJson(Summary("UPDATING", 8));
  env_.EnqueueJson(Summary("ACTIVE", 8));
  env_.EnqueueJson(json::object());  // UpdateShardCount
  env_.EnqueueJson(Summary("UPDATING", 8));
  env_.EnqueueJson(Summary("ACTIVE", 4));
  Snapshot s = Stream("s", 8);
  Action step = Stop(s).actions.at(0);
  std::vector<std::string> progress;
  ApplyOptions options;
  options.progress = [&](const std::string& line) { progress.push_back(line); };
  ASSERT_TRUE(type_->Apply(step, options).ok());
  ASSERT_EQ(env_.requests().size(), 5u);
  EXPECT_EQ(env_.Header(2, "X-Amz-Target"), "Kinesis_20131202.UpdateShardCount");
  EXPECT_EQ(
      env_.JsonBody(2),
      (json{{"StreamName", "s"}, {"TargetShardCount", 4}, {"ScalingType", "UNIFORM_SCALING"}}));
  EXPECT_EQ(env_.clock().sleeps().size(), 2u);
  ASSERT_FALSE(progress.empty());
  EXPECT_NE(progress[0].find("UPDATING"), std::string::npos);
}

// Before the stage: one reservation for the stream's calls, until the
// latest the last one can be made (each waits up to the timeout first).
// The journal edit at each call records its time and takes it off.
TEST_F(KinesisStreamTest, StageReservesItsCallsAndEachCallTakesOneOff) {
  pure_ = false;
  Snapshot s = Stream("s", 8);  // 8 -> 4 -> 2 -> 1: three calls
  PlanOutput plan = Stop(s);
  std::vector<const Action*> actions;
  for (const auto& a : plan.actions) actions.push_back(&a);
  ApplyOptions options;
  options.wait_timeout_seconds = 600;
  json extra = {{"scaling_calls", json::array()}};
  const auto now = env_.clock().Now();
  // Behind 25 actions on 10 workers: at most 3 steps of the queue first.
  json queued = json::object();
  ASSERT_TRUE(type_->stage_reservations()->ReserveBeforeStage(actions, queued, now, options,
                                                              StageQueue{25, 10}));
  EXPECT_EQ(queued["scaling_reserved"][0].at("until"),
            FormatIso8601(now + std::chrono::seconds(6 * 660)));
  ASSERT_TRUE(
      type_->stage_reservations()->ReserveBeforeStage(actions, extra, now, options, StageQueue{}));
  ASSERT_EQ(extra.at("scaling_reserved").size(), 1u);
  EXPECT_EQ(extra["scaling_reserved"][0],
            (json{{"from", FormatIso8601(now)},
                  {"until", FormatIso8601(now + std::chrono::seconds(3 * 660))},
                  {"calls", 3}}));
  EXPECT_FALSE(
      type_->stage_reservations()->ReserveBeforeStage({}, extra, now, options, StageQueue{}));
  // One call made: recorded now, two left reserved.
  env_.EnqueueJson(Summary("ACTIVE", 8));
  env_.EnqueueJson(json::object());  // UpdateShardCount
  env_.EnqueueJson(Summary("ACTIVE", 4));
  options.journal = [&](const std::string& name, const std::function<void(json&)>& edit) {
    EXPECT_EQ(name, "s");
    EXPECT_EQ(env_.requests().size(), 1u);  // before the UpdateShardCount
    edit(extra);
    return Status::Ok();
  };
  ASSERT_TRUE(type_->Apply(*actions[0], options).ok());
  EXPECT_EQ(extra.at("scaling_calls"), (json{FormatIso8601(env_.clock().Now())}));
  EXPECT_EQ(extra["scaling_reserved"][0].at("calls"), 2);
  EXPECT_TRUE(type_->stage_reservations()->ReleaseAfterStage(extra));
  EXPECT_FALSE(extra.contains("scaling_reserved"));
  EXPECT_FALSE(type_->stage_reservations()->ReleaseAfterStage(extra));
}

TEST_F(KinesisStreamTest, ApplySkipsTheCallWhenAlreadyAtTheTarget) {
  pure_ = false;
  env_.EnqueueJson(Summary("ACTIVE", 4));
  Snapshot s = Stream("s", 8);
  ASSERT_TRUE(type_->Apply(Stop(s).actions.at(0), ApplyOptions()).ok());
  EXPECT_EQ(env_.requests().size(), 1u);
}

TEST_F(KinesisStreamTest, ApplyWaitsAndRetriesWhenTheStreamIsInUse) {
  pure_ = false;
  env_.EnqueueJson(Summary("ACTIVE", 8));
  env_.EnqueueJsonError(400, "ResourceInUseException", "Stream s is being updated");
  env_.EnqueueJson(Summary("UPDATING", 8));
  env_.EnqueueJson(Summary("ACTIVE", 8));
  env_.EnqueueJson(json::object());  // UpdateShardCount
  env_.EnqueueJson(Summary("ACTIVE", 4));
  Snapshot s = Stream("s", 8);
  Status st = type_->Apply(Stop(s).actions.at(0), ApplyOptions());
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(env_.requests().size(), 6u);
  EXPECT_EQ(env_.Header(4, "X-Amz-Target"), "Kinesis_20131202.UpdateShardCount");
  EXPECT_FALSE(env_.clock().sleeps().empty());
}

TEST_F(KinesisStreamTest, ApplyGivesUpWhenTheStreamStaysInUse) {
  pure_ = false;
  env_.transport().SetHandler([](const HttpRequest& r) -> Result<HttpResponse> {
    HttpResponse resp;
    const std::string* target = r.Header("X-Amz-Target");
    if (target != nullptr && target->find("UpdateShardCount") != std::string::npos) {
      resp.status = 400;
      resp.body = json{{"__type", "ResourceInUseException"}, {"message", "busy"}}.dump();
    } else {
      resp.status = 200;
      resp.body = Summary("ACTIVE", 8).dump();
    }
    return resp;
  });
  Snapshot s = Stream("s", 8);
  Status st = type_->Apply(Stop(s).actions.at(0), ApplyOptions());
  EXPECT_TRUE(st.IsAws("ResourceInUseException")) << st.ToString();
  int updates = 0;
  for (const auto& r : env_.requests()) {
    const std::string* target = r.Header("X-Amz-Target");
    if (target != nullptr && target->find("UpdateShardCount") != std::string::npos) ++updates;
  }
  EXPECT_EQ(updates, 6);  // the call and five retries
}

TEST_F(KinesisStreamTest, ApplyGivesUpAtTheWaitTimeout) {
  pure_ = false;
  env_.transport().SetHandler([](const HttpRequest&) -> Result<HttpResponse> {
    HttpResponse r;
    r.status = 200;
    r.body = Summary("UPDATING", 8).dump();
    return r;
  });
  ApplyOptions options;
  options.wait_timeout_seconds = 60;
  Snapshot s = Stream("s", 8);
  Status st = type_->Apply(Stop(s).actions.at(0), options);
  EXPECT_TRUE(st.IsAws("WaitTimeout")) << st.ToString();
}

TEST_F(KinesisStreamTest, RescaledWhileParkedIsReportedAsDriftAndBroughtBack) {
  Snapshot s = Stream("s", 3);
  PlanOutput out = Start(s, {{"shard_count", 2}, {"mode", "PROVISIONED"}});
  EXPECT_EQ(Targets(out), (std::vector<int>{2}));
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kWarning);
  EXPECT_NE(out.notes[0].message.find("drift: the stream has 3 shards"), std::string::npos)
      << out.notes[0].message;
}

TEST_F(KinesisStreamTest, CheckOriginalNamesTheField) {
  EXPECT_TRUE(type_->CheckOriginal({{"shard_count", 2}, {"mode", "PROVISIONED"}}).ok());
  EXPECT_EQ(type_->CheckOriginal({{"shard_count", "two"}}).message(),
            "shard_count: expected a whole number from 1, got \"two\"");
  EXPECT_FALSE(type_->CheckOriginal({{"shard_count", 0}}).ok());
  EXPECT_FALSE(type_->CheckOriginal(json::object()).ok());
  EXPECT_FALSE(type_->CheckOriginal({{"shard_count", 2}, {"mode", 1}}).ok());
}

// AWS's 10 UpdateShardCount calls per stream per rolling 24 h, from the
// times the state entry records.
class KinesisBudgetPlanTest : public KinesisStreamTest {
 protected:
  // `n` calls recorded `ago` before the clock's now.
  json Calls(int n, std::chrono::minutes ago) {
    json extra = json::object();
    for (int i = 0; i < n; ++i) RecordScalingCall(extra, env_.clock().Now() - ago);
    return extra;
  }
  PlanOutput StopWith(const Snapshot& s, const json& original, const json& extra) {
    return type_->PlanStop({{&s, original, "", extra, env_.clock().Now()}});
  }
  PlanOutput StartWith(const Snapshot& s, int shards, const json& extra) {
    return type_->PlanStart({{&s,
                              {{"shard_count", shards}, {"mode", "PROVISIONED"}},
                              "stopped",
                              extra,
                              env_.clock().Now()}});
  }
  std::string In(std::chrono::minutes m) { return FormatRetryTime(env_.clock().Now() + m); }
};

TEST_F(KinesisBudgetPlanTest, StopThatWouldRunOutHalfWayIsRefusedWithWhenToRetry) {
  Snapshot s = Stream("s", 64);
  // 6 calls 2 h ago: 4 left, 64 -> 1 needs 6; two must leave the window.
  PlanOutput out = StopWith(s, s.config, Calls(6, std::chrono::minutes(120)));
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kError);
  EXPECT_EQ(out.notes[0].message,
            "scaling 64 -> 1 needs 6 UpdateShardCount calls, 4 left in AWS's "
            "rolling 24 h (10 per stream); "
            "left at 64 shards; try again after " +
                In(std::chrono::minutes(22 * 60 + 1)));
}

TEST_F(KinesisBudgetPlanTest, StopThatFitsGoesAllTheWay) {
  Snapshot s = Stream("s", 16);
  PlanOutput out = StopWith(s, s.config, Calls(6, std::chrono::minutes(120)));
  EXPECT_EQ(Targets(out), (std::vector<int>{8, 4, 2, 1}));
  // The start needs 4 more: none left until the old calls leave.
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kWarning);
  // Calls older than the window do not count.
  out = StopWith(s, s.config, Calls(10, std::chrono::minutes(24 * 60 + 2)));
  EXPECT_EQ(Targets(out), (std::vector<int>{8, 4, 2, 1}));
  EXPECT_TRUE(out.notes.empty());
}

TEST_F(KinesisBudgetPlanTest, StopWarnsWhenTheStartCouldNotRestoreInOneGo) {
  Snapshot big = Stream("s", 64);  // 6 down + 6 up > 10
  PlanOutput out = StopWith(big, big.config, json::object());
  EXPECT_EQ(out.actions.size(), 6u);
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kWarning);
  EXPECT_EQ(out.notes[0].message,
            "the start that restores 64 shards needs 6 UpdateShardCount calls "
            "and this stop uses 6 of AWS's 10 per "
            "stream in a rolling 24 h: a start before " +
                In(std::chrono::minutes(24 * 60 + 1)) +
                " cannot restore it in one go (it doubles to 16 shards and the "
                "next start finishes)");
  Snapshot fits = Stream("s", 32);  // 5 + 5: a daily cycle fits
  EXPECT_TRUE(StopWith(fits, fits.config, json::object()).notes.empty());
}

TEST_F(KinesisBudgetPlanTest, StartDoublesAsFarAsTheCallsLeftAllow) {
  Snapshot s = Stream("s", 1);
  // The stop's 6 calls 10 h ago: 4 left.
  PlanOutput out = StartWith(s, 64, Calls(6, std::chrono::minutes(600)));
  EXPECT_EQ(Targets(out), (std::vector<int>{2, 4, 8, 16}));
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kWarning);
  EXPECT_EQ(out.notes[0].message,
            "scaling 1 -> 64 needs 6 UpdateShardCount calls, 4 left in AWS's "
            "rolling 24 h (10 per stream); "
            "scaling to 16 shards now; run start again after " +
                In(std::chrono::minutes(14 * 60 + 1)) + " to reach 64");
  // The next start continues from 16.
  Snapshot half = Stream("s", 16);
  EXPECT_EQ(Targets(StartWith(half, 64, json::object())), (std::vector<int>{32, 64}));
}

TEST_F(KinesisBudgetPlanTest, StartWithNoCallLeftIsAnErrorWithWhenToRetry) {
  Snapshot s = Stream("s", 1);
  PlanOutput out = StartWith(s, 8, Calls(10, std::chrono::minutes(60)));
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kError);
  EXPECT_EQ(out.notes[0].message,
            "scaling 1 -> 8 needs 3 UpdateShardCount calls, 0 left in AWS's "
            "rolling 24 h (10 per stream); "
            "left at 1 shard; try again after " +
                In(std::chrono::minutes(23 * 60 + 1)));
}

TEST_F(KinesisBudgetPlanTest, ApplyRecordsTheCallBeforeMakingIt) {
  pure_ = false;
  env_.EnqueueJson(Summary("ACTIVE", 8));
  env_.EnqueueJson(json::object());  // UpdateShardCount
  env_.EnqueueJson(Summary("ACTIVE", 4));
  Snapshot s = Stream("s", 8);
  json extra = json::object();
  size_t requests_at_journal = 0;
  ApplyOptions options;
  options.journal = [&](const std::string& name, const std::function<void(json&)>& edit) {
    EXPECT_EQ(name, "s");
    requests_at_journal = env_.requests().size();
    edit(extra);
    return Status::Ok();
  };
  ASSERT_TRUE(type_->Apply(Stop(s).actions.at(0), options).ok());
  EXPECT_EQ(requests_at_journal,
            1u);  // after the describe, before UpdateShardCount
  EXPECT_EQ(extra, (json{{"scaling_calls", {FormatIso8601(env_.clock().Now())}}}));
}

TEST_F(KinesisBudgetPlanTest, ApplyMakesNoCallWhenTheRecordCannotBeSaved) {
  pure_ = false;
  env_.EnqueueJson(Summary("ACTIVE", 8));
  Snapshot s = Stream("s", 8);
  ApplyOptions options;
  options.journal = [](const std::string&, const std::function<void(json&)>&) {
    return Status::IoError("disk full");
  };
  Status st = type_->Apply(Stop(s).actions.at(0), options);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(env_.requests().size(), 1u);  // the describe only
}

TEST_F(KinesisBudgetPlanTest, CheckExtraNamesTheField) {
  EXPECT_TRUE(type_->CheckExtra(json::object()).ok());
  Status st = type_->CheckExtra({{"scaling_calls", {42}}});
  EXPECT_EQ(st.message().rfind("scaling_calls[0]:", 0), 0u) << st.message();
}

}  // namespace
}  // namespace arm

namespace arm {
namespace {

// KINESIS_ON_DEMAND_TO_PROVISIONED=true: on-demand streams are parked at one
// provisioned shard, within AWS's 2 mode switches per stream per 24 h.
class KinesisOnDemandTest : public KinesisStreamTest {
 protected:
  void SetUp() override { type_ = MakeKinesisStreamType(client_, env_.clock(), true); }
  json Switches(int n, std::chrono::minutes ago) {
    json extra = json::object();
    for (int i = 0; i < n; ++i)
      RecordModeSwitch(extra, env_.clock().Now() - ago, env_.clock().Now());
    return extra;
  }
  PlanOutput StopWith(const Snapshot& s, const json& extra) {
    return type_->PlanStop({{&s, s.config, "", extra, env_.clock().Now()}});
  }
  PlanOutput StartWith(const Snapshot& s, const json& extra) {
    return type_->PlanStart({{&s, OnDemandOriginal(), "stopped", extra, env_.clock().Now()}});
  }
  static json OnDemandOriginal() { return {{"shard_count", 4}, {"mode", "ON_DEMAND"}}; }
  static std::vector<std::string> Apis(const PlanOutput& out) {
    std::vector<std::string> apis;
    for (const auto& a : out.actions) apis.push_back(a.summary);
    return apis;
  }
};

TEST_F(KinesisOnDemandTest, StopSwitchesToProvisionedThenHalvesToOneShard) {
  Snapshot s = Stream("s", 4, "ON_DEMAND");
  s.details["arn"] = "arn:aws:kinesis:us-east-1:1:stream/s";
  PlanOutput out = StopWith(s, json::object());
  EXPECT_TRUE(out.notes.empty());
  EXPECT_EQ(Apis(out),
            (std::vector<std::string>{"UpdateStreamMode s ON_DEMAND -> PROVISIONED",
                                      "UpdateShardCount s 4 -> 2 shards (UNIFORM_SCALING)",
                                      "UpdateShardCount s 2 -> 1 shards (UNIFORM_SCALING)"}));
  EXPECT_EQ(out.actions[0].params,
            (json{{"mode", "PROVISIONED"}, {"arn", "arn:aws:kinesis:us-east-1:1:stream/s"}}));
  for (const auto& a : out.actions) EXPECT_EQ(a.chain, "kinesis-stream/s");
  Snapshot parked = type_->Parked(s);
  EXPECT_EQ(parked.config, (json{{"shard_count", 1}, {"mode", "PROVISIONED"}}));
  json original = OnDemandOriginal();
  EXPECT_EQ(type_->Classify(parked, &original), Condition::kStopped);
  EXPECT_EQ(type_->Classify(s, &original), Condition::kRunning);
}

TEST_F(KinesisOnDemandTest, StopWithoutTheOptionLeavesItAlone) {
  type_ = MakeKinesisStreamType(client_, env_.clock(), false);
  Snapshot s = Stream("s", 4, "ON_DEMAND");
  PlanOutput out = StopWith(s, json::object());
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_NE(out.notes[0].message.find("KINESIS_ON_DEMAND_TO_PROVISIONED=true"), std::string::npos);
  EXPECT_EQ(type_->Parked(s).config, s.config);
}

TEST_F(KinesisOnDemandTest, StopWithNoSwitchLeftIsRefusedWithWhenToRetry) {
  Snapshot s = Stream("s", 4, "ON_DEMAND");
  PlanOutput out = StopWith(s, Switches(2, std::chrono::minutes(60)));
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kError);
  EXPECT_NE(out.notes[0].message.find(
                "try again after " +
                FormatRetryTime(env_.clock().Now() + std::chrono::minutes(23 * 60 + 1))),
            std::string::npos)
      << out.notes[0].message;
}

TEST_F(KinesisOnDemandTest, StopUsingTheLastSwitchWarnsThatStartMustWait) {
  Snapshot s = Stream("s", 2, "ON_DEMAND");
  PlanOutput out = StopWith(s, Switches(1, std::chrono::minutes(60)));
  EXPECT_EQ(out.actions.size(), 2u);
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kWarning);
  EXPECT_NE(out.notes[0].message.find("cannot make it on-demand again"), std::string::npos);
}

TEST_F(KinesisOnDemandTest, StopThatCannotScaleDownDoesNotSwitchEither) {
  Snapshot s = Stream("s", 64, "ON_DEMAND");
  json extra = Switches(0, std::chrono::minutes(0));
  for (int i = 0; i < 6; ++i)
    RecordScalingCall(extra, env_.clock().Now() - std::chrono::minutes(60));
  PlanOutput out = StopWith(s, extra);
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kError);
  EXPECT_EQ(out.notes[0].message.rfind("on-demand stream left on-demand: ", 0), 0u);
}

TEST_F(KinesisOnDemandTest, StartSwitchesBackToOnDemandOrSaysWhen) {
  Snapshot s = Stream("s", 1);
  PlanOutput out = StartWith(s, Switches(1, std::chrono::minutes(60)));
  EXPECT_EQ(Apis(out), std::vector<std::string>{"UpdateStreamMode s PROVISIONED -> ON_DEMAND"});
  out = StartWith(s, Switches(2, std::chrono::minutes(60)));
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kError);
  EXPECT_NE(out.notes[0].message.find("run start again after"), std::string::npos);
  EXPECT_NE(type_->Verify(s, OnDemandOriginal()), "");
  EXPECT_EQ(type_->Verify(Stream("s", 7, "ON_DEMAND"), OnDemandOriginal()), "");
}

TEST_F(KinesisOnDemandTest, StageRecordsTheSwitchBeforeItIsMade) {
  Snapshot s = Stream("s", 2, "ON_DEMAND");
  PlanOutput plan = StopWith(s, json::object());
  std::vector<const Action*> actions;
  for (const auto& a : plan.actions) actions.push_back(&a);
  ApplyOptions options;
  options.wait_timeout_seconds = 600;
  json extra = json::object();
  const auto now = env_.clock().Now();
  ASSERT_TRUE(
      type_->stage_reservations()->ReserveBeforeStage(actions, extra, now, options, StageQueue{}));
  EXPECT_EQ(extra.at("mode_switches"), (json{FormatIso8601(now + std::chrono::seconds(2 * 660))}));
  EXPECT_EQ(extra["scaling_reserved"][0].at("calls"), 1);
  EXPECT_EQ(ModeSwitchesLeft(RecentModeSwitches(extra, now)), 1);
  EXPECT_TRUE(type_->CheckExtra(extra).ok());
  extra["mode_switches"] = {"soon"};
  EXPECT_FALSE(type_->CheckExtra(extra).ok());
}

TEST_F(KinesisOnDemandTest, ApplySwitchesByArnUnlessAlreadyThere) {
  pure_ = false;
  json on_demand = {{"StreamDescriptionSummary",
                     {{"StreamName", "s"},
                      {"StreamARN", "arn:s"},
                      {"StreamStatus", "ACTIVE"},
                      {"OpenShardCount", 1},
                      {"StreamModeDetails", {{"StreamMode", "ON_DEMAND"}}}}}};
  json provisioned = on_demand;
  provisioned["StreamDescriptionSummary"]["StreamModeDetails"]["StreamMode"] = "PROVISIONED";
  env_.EnqueueJson(provisioned);     // wait for ACTIVE
  env_.EnqueueJson(provisioned);     // the mode now
  env_.EnqueueJson(json::object());  // UpdateStreamMode
  env_.EnqueueJson(on_demand);
  Action back = StartWith(Stream("s", 1), json::object()).actions.at(0);
  ASSERT_TRUE(type_->Apply(back, ApplyOptions()).ok());
  ASSERT_EQ(env_.requests().size(), 4u);
  EXPECT_EQ(env_.Header(2, "X-Amz-Target"), "Kinesis_20131202.UpdateStreamMode");
  EXPECT_EQ(env_.JsonBody(2),
            (json{{"StreamARN", "arn:s"}, {"StreamModeDetails", {{"StreamMode", "ON_DEMAND"}}}}));
  env_.EnqueueJson(on_demand);
  env_.EnqueueJson(on_demand);
  ASSERT_TRUE(type_->Apply(back, ApplyOptions()).ok());  // already on-demand: no call
  EXPECT_EQ(env_.requests().size(), 6u);
}

}  // namespace
}  // namespace arm
