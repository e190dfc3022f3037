#include <gtest/gtest.h>

#include "core/environment.h"
#include "cost/cost_model.h"
#include "cost/price_table.h"
#include "resources/registry.h"
#include "resources/types.h"
#include "services/autoscaling_client.h"
#include "services/ecs_client.h"
#include "tests/testing/mem_file_system.h"
#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using nlohmann::json;

const json kSuspendedNone = {{"DynamicScalingInSuspended", false},
                             {"DynamicScalingOutSuspended", false},
                             {"ScheduledScalingSuspended", false}};
const json kSuspendedAll = {{"DynamicScalingInSuspended", true},
                            {"DynamicScalingOutSuspended", true},
                            {"ScheduledScalingSuspended", true}};

json Target(const json& suspended = kSuspendedNone) {
  return {{"ServiceNamespace", "ecs"},
          {"ResourceId", "service/web/api"},
          {"ScalableDimension", "ecs:service:DesiredCount"},
          {"MinCapacity", 2},
          {"MaxCapacity", 6},
          {"SuspendedState", suspended}};
}
const json kPolicy = {{"PolicyName", "cpu"},
                      {"ServiceNamespace", "ecs"},
                      {"ResourceId", "service/web/api"},
                      {"ScalableDimension", "ecs:service:DesiredCount"},
                      {"PolicyType", "TargetTrackingScaling"},
                      {"TargetTrackingScalingPolicyConfiguration", {{"TargetValue", 60.0}}}};
const json kScheduled = {{"ScheduledActionName", "mornings"},
                         {"ServiceNamespace", "ecs"},
                         {"ResourceId", "service/web/api"},
                         {"ScalableDimension", "ecs:service:DesiredCount"},
                         {"Schedule", "cron(0 7 * * ? *)"},
                         {"ScalableTargetAction", {{"MinCapacity", 3}, {"MaxCapacity", 6}}}};

json Original(const json& suspended = kSuspendedNone) {
  return {{"cluster", "web"},
          {"service", "api"},
          {"desired_count", 2},
          {"launch_type", "FARGATE"},
          {"task_definition", "arn:aws:ecs:us-east-1:1:task-definition/api:3"},
          {"autoscaling",
           {{"targets", {Target(suspended)}},
            {"policies", {kPolicy}},
            {"scheduled_actions", {kScheduled}}}}};
}

Snapshot Service(int desired, int running, const json& suspended = kSuspendedNone) {
  Snapshot s;
  s.type = "ecs-service";
  s.name = "web/api";
  s.config = Original(suspended);
  s.config["desired_count"] = desired;
  s.details = {{"status", "ACTIVE"},  {"running_count", running}, {"rollout_state", "COMPLETED"},
               {"vcpu", 0.5},         {"memory_gb", 1.0},         {"pending_count", 0},
               {"arn", "arn:service"}};
  return s;
}

std::vector<std::string> Apis(const PlanOutput& out) {
  std::vector<std::string> apis;
  for (const auto& a : out.actions) apis.push_back(a.api);
  return apis;
}

json ServiceJson(int desired, int running, const std::string& rollout,
                 const std::string& reason = "") {
  return {{"serviceArn", "arn:aws:ecs:us-east-1:1:service/web/api"},
          {"serviceName", "api"},
          {"clusterArn", "arn:aws:ecs:us-east-1:1:cluster/web"},
          {"status", "ACTIVE"},
          {"launchType", "FARGATE"},
          {"taskDefinition", "arn:aws:ecs:us-east-1:1:task-definition/api:3"},
          {"desiredCount", desired},
          {"runningCount", running},
          {"pendingCount", 0},
          {"deployments",
           {{{"id", "ecs-svc/1"},
             {"status", "PRIMARY"},
             {"desiredCount", desired},
             {"runningCount", running},
             {"rolloutState", rollout},
             {"rolloutStateReason", reason}}}}};
}

class EcsServiceTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (pure_) {
      EXPECT_TRUE(env_.requests().empty());
    }
  }
  PlanOutput Stop(const Snapshot& s) const { return type_->PlanStop({{&s, s.config, ""}}); }
  PlanOutput Start(const Snapshot& s, const json& original = Original()) const {
    return type_->PlanStart({{&s, original, "stopped"}});
  }

  bool pure_ = true;
  testing::ServiceTestEnv env_;
  EcsClient ecs_{env_.client()};
  AutoScalingClient autoscaling_{env_.client()};
  std::unique_ptr<ResourceType> type_ = MakeEcsServiceType(ecs_, autoscaling_, env_.clock());
};

TEST_F(EcsServiceTest, StopSuspendsScalingThenScalesToZeroAndWaits) {
  PlanOutput out = Stop(Service(2, 2));
  EXPECT_TRUE(out.notes.empty());
  ASSERT_EQ(Apis(out), (std::vector<std::string>{"application-autoscaling:RegisterScalableTarget",
                                                 "ecs:UpdateService", "ecs:DescribeServices"}));
  EXPECT_EQ(out.actions[0].params.at("target").at("SuspendedState"), kSuspendedAll);
  EXPECT_EQ(out.actions[0].params.at("target").at("MinCapacity"), 2);
  EXPECT_FALSE(out.actions[0].changes_cost);
  EXPECT_EQ(out.actions[1].params.at("desired_count"), 0);
  EXPECT_TRUE(out.actions[1].changes_cost);
  EXPECT_FALSE(out.actions[2].mutating);
  EXPECT_EQ(out.actions[2].params.at("running_count"), 0);
  EXPECT_EQ(out.actions[0].chain, out.actions[2].chain);
}

TEST_F(EcsServiceTest, StopOfAnAlreadySuspendedTargetDoesNotRegisterAgain) {
  EXPECT_EQ(Apis(Stop(Service(2, 2, kSuspendedAll))),
            (std::vector<std::string>{"ecs:UpdateService", "ecs:DescribeServices"}));
}

TEST_F(EcsServiceTest, StopOfAServiceAtZeroDoesNothing) {
  Snapshot s = Service(0, 0, kSuspendedAll);
  PlanOutput out = Stop(s);
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kInfo);
}

TEST_F(EcsServiceTest, StopRefusesADrainingService) {
  Snapshot s = Service(2, 2);
  s.details["status"] = "DRAINING";
  PlanOutput out = Stop(s);
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kError);
}

TEST_F(EcsServiceTest, StartScalesWaitsThenRestoresTheRecordedSuspendedState) {
  Snapshot parked = type_->Parked(Service(2, 2));
  EXPECT_EQ(type_->Classify(parked, nullptr), Condition::kStopped);
  PlanOutput out = Start(parked);
  ASSERT_EQ(Apis(out),
            (std::vector<std::string>{"ecs:UpdateService", "ecs:DescribeServices",
                                      "application-autoscaling:RegisterScalableTarget"}));
  EXPECT_EQ(out.actions[0].params.at("desired_count"), 2);
  EXPECT_EQ(out.actions[1].params.at("running_count"), 2);
  EXPECT_EQ(out.actions[2].params.at("target"), Target());
}

TEST_F(EcsServiceTest, StartKeepsAScalingSuspendedBeforeTheStopSuspended) {
  // Suspended by hand before the stop: start gives back exactly that.
  Snapshot parked = type_->Parked(Service(2, 2, kSuspendedAll));
  EXPECT_EQ(Apis(Start(parked, Original(kSuspendedAll))),
            (std::vector<std::string>{"ecs:UpdateService", "ecs:DescribeServices"}));
}

TEST_F(EcsServiceTest, StartPutsBackAMissingPolicyAndScheduledAction) {
  Snapshot s = Service(2, 2);
  s.config["autoscaling"]["policies"] = json::array();
  s.config["autoscaling"]["scheduled_actions"] = json::array();
  EXPECT_EQ(Apis(Start(s)),
            (std::vector<std::string>{"application-autoscaling:PutScalingPolicy",
                                      "application-autoscaling:PutScheduledAction"}));
  EXPECT_NE(type_->Verify(s, Original()).find("cpu"), std::string::npos);
}

TEST_F(EcsServiceTest, VerifyNamesCountAndSuspendedStateDifferences) {
  EXPECT_EQ(type_->Verify(Service(2, 2), Original()), "");
  EXPECT_NE(type_->Verify(Service(1, 1), Original()).find("desired count is 1"), std::string::npos);
  EXPECT_NE(type_->Verify(Service(2, 1), Original()).find("running count"), std::string::npos);
  EXPECT_NE(type_->Verify(Service(2, 2, kSuspendedAll), Original()).find("SuspendedState"),
            std::string::npos);
}

TEST_F(EcsServiceTest, CheckOriginalNamesTheField) {
  EXPECT_TRUE(type_->CheckOriginal(Original()).ok());
  json bad = Original();
  bad["desired_count"] = "two";
  Status s = type_->CheckOriginal(bad);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message().rfind("desired_count:", 0), 0u) << s.message();
  bad = Original();
  bad["autoscaling"]["targets"][0].erase("MinCapacity");
  EXPECT_EQ(type_->CheckOriginal(bad).message().rfind("autoscaling.targets", 0), 0u);
}

TEST_F(EcsServiceTest, FargateCostsVcpuAndMemoryPerTaskAndEc2Nothing) {
  testing::MemFileSystem fs;
  auto prices = PriceTable::Load(fs, MapEnvironment(), TypePriceKeys());
  ASSERT_TRUE(prices.ok()) << prices.status().ToString();
  Cost c = type_->CostOf(Service(2, 2), *prices, "us-east-1");
  EXPECT_TRUE(c.known);
  // 2 tasks x (0.5 vCPU x 0.04048 + 1 GB x 0.004445) per hour.
  EXPECT_NEAR(c.hourly_usd, 2 * (0.5 * 0.04048 + 0.004445), 1e-9);
  EXPECT_EQ(type_->CostOf(type_->Parked(Service(2, 2)), *prices, "us-east-1").hourly_usd, 0);
  Snapshot ec2 = Service(2, 2);
  ec2.config["launch_type"] = "EC2";
  EXPECT_EQ(type_->CostOf(ec2, *prices, "us-east-1").hourly_usd, 0);
}

TEST_F(EcsServiceTest, ApplySuspendsThroughRegisterScalableTarget) {
  pure_ = false;
  env_.EnqueueJson({{"ScalableTargetARN", "arn:t"}});
  ASSERT_TRUE(type_->Apply(Stop(Service(2, 2)).actions.at(0), ApplyOptions()).ok());
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "AnyScaleFrontendService.RegisterScalableTarget");
  EXPECT_EQ(env_.JsonBody(0).at("SuspendedState"), kSuspendedAll);
}

TEST_F(EcsServiceTest, ApplyWaitsForTheRolloutToComplete) {
  pure_ = false;
  env_.EnqueueJson({{"services", {ServiceJson(2, 1, "IN_PROGRESS")}}});
  env_.EnqueueJson({{"services", {ServiceJson(2, 2, "IN_PROGRESS")}}});
  env_.EnqueueJson({{"services", {ServiceJson(2, 2, "COMPLETED")}}});
  Action wait = Start(type_->Parked(Service(2, 2))).actions.at(1);
  std::vector<std::string> progress;
  ApplyOptions options;
  options.progress = [&](const std::string& line) { progress.push_back(line); };
  ASSERT_TRUE(type_->Apply(wait, options).ok());
  EXPECT_EQ(env_.requests().size(), 3u);
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "AmazonEC2ContainerServiceV20141113.DescribeServices");
  ASSERT_FALSE(progress.empty());
  EXPECT_NE(progress[0].find("1/2 running"), std::string::npos) << progress[0];
}

TEST_F(EcsServiceTest, ApplyReportsAFailedRolloutWithAwsReason) {
  pure_ = false;
  env_.EnqueueJson(
      {{"services", {ServiceJson(2, 0, "FAILED", "tasks failed to start: image not found")}}});
  Action wait = Start(type_->Parked(Service(2, 2))).actions.at(1);
  Status s = type_->Apply(wait, ApplyOptions());
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("image not found"), std::string::npos) << s.message();
}

TEST_F(EcsServiceTest, StartRefusesARecordNamingAnotherServicesScaling) {
  json edited = Original();
  edited["autoscaling"]["targets"][0]["ResourceId"] = "service/other/billing";
  Snapshot parked = type_->Parked(Service(2, 2));
  PlanOutput out = Start(parked, edited);
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kError);
  EXPECT_NE(out.notes[0].message.find("service/other/billing"), std::string::npos);
}

TEST_F(EcsServiceTest, AFailedScaleDownResumesTheScalingItSuspended) {
  pure_ = false;
  env_.EnqueueJsonError(400, "ServiceNotActiveException", "Service was not ACTIVE.");
  env_.EnqueueJson({{"ScalableTargetARN", "arn:t"}});
  Action scale = Stop(Service(2, 2)).actions.at(1);
  Status s = type_->Apply(scale, ApplyOptions());
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("resumed as it was"), std::string::npos) << s.message();
  ASSERT_EQ(env_.requests().size(), 2u);
  EXPECT_EQ(env_.JsonBody(1).at("SuspendedState"), kSuspendedNone);
}

}  // namespace
}  // namespace arm
