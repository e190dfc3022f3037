#include "sandbox/ecs_handler.h"

#include <gtest/gtest.h>

#include "sandbox/autoscaling_handler.h"
#include "sandbox/json_handler_testing.h"
#include "tests/testing/fake_clock.h"

namespace sandbox {
namespace {

using nlohmann::json;
using testing::Body;
using testing::ErrorCode;
using testing::ErrorMessage;

constexpr char kEcsCluster[] = "user-journey-analytics";
constexpr char kEcsService[] = "user-journey-analytics-api";
constexpr char kEcsResource[] = "service/user-journey-analytics/user-journey-analytics-api";

class EcsHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_.clock = &clock_;
    ctx_.ecs_task_seconds = 2;
    auto store = std::make_shared<SageMakerStore>(ctx_);
    ecs_ = std::make_unique<EcsHandler>(store);
    aas_ = std::make_unique<AutoScalingHandler>(store);
    json estate = testing::DemoEstate();
    ecs_->Load(estate);
    aas_->Load(estate);
  }
  Response Ecs(const std::string& op, const json& body) {
    return ecs_->Handle(testing::JsonRequest("AmazonEC2ContainerServiceV20141113." + op, body));
  }
  Response Aas(const std::string& op, const json& body) {
    return aas_->Handle(testing::JsonRequest("AnyScaleFrontendService." + op, body));
  }
  json Service() {
    Response r = Ecs("DescribeServices", {{"cluster", kEcsCluster}, {"services", {kEcsService}}});
    EXPECT_EQ(r.status, 200) << r.body;
    return Body(r)["services"][0];
  }
  Response Suspend(bool suspended) {
    return Aas("RegisterScalableTarget", {{"ServiceNamespace", "ecs"},
                                          {"ResourceId", kEcsResource},
                                          {"ScalableDimension", "ecs:service:DesiredCount"},
                                          {"SuspendedState",
                                           {{"DynamicScalingInSuspended", suspended},
                                            {"DynamicScalingOutSuspended", suspended},
                                            {"ScheduledScalingSuspended", suspended}}}});
  }

  arm::testing::FakeClock clock_;
  Context ctx_;
  std::unique_ptr<ServiceHandler> ecs_, aas_;
};

TEST_F(EcsHandlerTest, DescribeServicesFromEstateWithTagsAndFailures) {
  Response r =
      Ecs("DescribeServices",
          {{"cluster", kEcsCluster}, {"services", {kEcsService, "nope"}}, {"include", {"TAGS"}}});
  ASSERT_EQ(r.status, 200) << r.body;
  json b = Body(r);
  ASSERT_EQ(b["services"].size(), 1u);
  EXPECT_EQ(b["services"][0]["desiredCount"], 2);
  EXPECT_EQ(b["services"][0]["runningCount"], 2);
  EXPECT_EQ(b["services"][0]["launchType"], "FARGATE");
  EXPECT_EQ(b["services"][0]["deployments"][0]["rolloutState"], "COMPLETED");
  EXPECT_NE(
      b["services"][0]["tags"].dump().find(R"({"key":"Project","value":"user-journey-analytics"})"),
      std::string::npos);
  EXPECT_EQ(b["failures"][0]["reason"], "MISSING");
}

TEST_F(EcsHandlerTest, ErrorsAsAwsWordsThem) {
  Response r = Ecs("DescribeServices", {{"cluster", "nope"}, {"services", {kEcsService}}});
  EXPECT_EQ(ErrorCode(r), "ClusterNotFoundException");
  EXPECT_EQ(ErrorMessage(r), "Cluster not found.");
  r = Ecs("UpdateService", {{"cluster", kEcsCluster}, {"service", "nope"}, {"desiredCount", 1}});
  EXPECT_EQ(ErrorCode(r), "ServiceNotFoundException");
  r = Ecs("UpdateService",
          {{"cluster", kEcsCluster}, {"service", kEcsService}, {"desiredCount", -1}});
  EXPECT_EQ(ErrorCode(r), "InvalidParameterException");
  json eleven = json::array();
  for (int i = 0; i < 11; ++i) eleven.push_back("s" + std::to_string(i));
  EXPECT_EQ(ErrorCode(Ecs("DescribeServices", {{"cluster", kEcsCluster}, {"services", eleven}})),
            "InvalidParameterException");
  EXPECT_EQ(ErrorCode(Ecs("ListServices", {{"cluster", kEcsCluster}, {"maxResults", 101}})),
            "InvalidParameterException");
}

TEST_F(EcsHandlerTest, ListClustersAndServicesPage) {
  Response r = Ecs("ListClusters", {{"maxResults", 1}});
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(Body(r)["clusterArns"].size(), 1u);
  std::string token = Body(r)["nextToken"];
  r = Ecs("ListClusters", {{"maxResults", 1}, {"nextToken", token}});
  EXPECT_EQ(Body(r)["clusterArns"].size(), 1u);
  EXPECT_FALSE(Body(r).contains("nextToken"));
  r = Ecs("ListServices", {{"cluster", kEcsCluster}});
  EXPECT_EQ(Body(r)["serviceArns"],
            json({"arn:aws:ecs:us-east-1:000000000000:service/user-journey-analytics/"
                  "user-journey-analytics-api"}));
}

TEST_F(EcsHandlerTest, TasksConvergeOnTheClockAndTheRolloutCompletes) {
  ASSERT_TRUE(Suspend(true).status == 200);
  Response r = Ecs("UpdateService",
                   {{"cluster", kEcsCluster}, {"service", kEcsService}, {"desiredCount", 0}});
  ASSERT_EQ(r.status, 200) << r.body;
  json s = Service();
  EXPECT_EQ(s["desiredCount"], 0);
  EXPECT_EQ(s["runningCount"], 2);
  EXPECT_EQ(s["deployments"][0]["rolloutState"], "IN_PROGRESS");
  clock_.Advance(std::chrono::seconds(2));
  s = Service();
  EXPECT_EQ(s["runningCount"], 0);
  EXPECT_EQ(s["deployments"][0]["rolloutState"], "COMPLETED");
}

TEST_F(EcsHandlerTest, AutoScalingPutsTheCountBackUnlessSuspended) {
  // Not suspended: AAS raises the desired count back to MinCapacity (2).
  Ecs("UpdateService", {{"cluster", kEcsCluster}, {"service", kEcsService}, {"desiredCount", 0}});
  clock_.Advance(std::chrono::seconds(5));
  EXPECT_EQ(Service()["desiredCount"], 2);
  // Suspended: the count stays where it was put.
  ASSERT_EQ(Suspend(true).status, 200);
  Ecs("UpdateService", {{"cluster", kEcsCluster}, {"service", kEcsService}, {"desiredCount", 0}});
  clock_.Advance(std::chrono::seconds(5));
  EXPECT_EQ(Service()["desiredCount"], 0);
  EXPECT_EQ(Service()["runningCount"], 0);
}

TEST_F(EcsHandlerTest, RegisterScalableTargetChecksTheServiceExists) {
  Response r = Aas("RegisterScalableTarget", {{"ServiceNamespace", "ecs"},
                                              {"ResourceId", "service/user-journey-analytics/nope"},
                                              {"ScalableDimension", "ecs:service:DesiredCount"},
                                              {"MinCapacity", 1},
                                              {"MaxCapacity", 2}});
  EXPECT_EQ(ErrorCode(r), "ValidationException");
  EXPECT_NE(ErrorMessage(r).find("ECS service doesn't exist"), std::string::npos);
}

TEST_F(EcsHandlerTest, TaskDefinitionSizeAndTaggedServices) {
  Response r = Ecs("DescribeTaskDefinition", {{"taskDefinition", "user-journey-analytics-api"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["taskDefinition"]["cpu"], "512");
  EXPECT_EQ(Body(r)["taskDefinition"]["revision"], 7);
  EXPECT_EQ(ErrorCode(Ecs("DescribeTaskDefinition", {{"taskDefinition", "nope:1"}})),
            "ClientException");
  std::vector<TaggedResource> tagged;
  ecs_->CollectTagged(tagged);
  ASSERT_EQ(tagged.size(), 2u);
  EXPECT_EQ(tagged[1].arn,
            "arn:aws:ecs:us-east-1:000000000000:service/user-journey-analytics/"
            "user-journey-analytics-api");
}

}  // namespace
}  // namespace sandbox
