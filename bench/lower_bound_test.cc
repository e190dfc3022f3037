#include "bench/lower_bound.h"

#include <gtest/gtest.h>

namespace bench {
namespace {

using nlohmann::json;

BoundInputs Inputs(const std::string& command, int workers, json calls, json discovery = {}) {
  BoundInputs in;
  in.command = command;
  in.workers = workers;
  in.latency_s = 0.02;
  in.calls = std::move(calls);
  in.discovery = discovery.is_null() ? json::object() : std::move(discovery);
  return in;
}

TEST(LowerBoundTest, EachNewTypeHasItsOwnStage) {
  EXPECT_EQ(StageOf("ecs:UpdateService"), "ecs-service");
  EXPECT_EQ(StageOf("autoscaling:SuspendProcesses"), "autoscaling-group");
  EXPECT_EQ(StageOf("ec2:StopInstances"), "ec2-instance");
  EXPECT_EQ(StageOf("rds:StopDBInstance"), "rds-instance");
  EXPECT_EQ(StageOf("rds:DescribeDBClusters"), "rds-cluster");
  EXPECT_EQ(StageOf("eks:UpdateNodegroupConfig"), "eks-nodegroup");
  EXPECT_EQ(StageOf("sagemaker:StopNotebookInstance"), "sagemaker-notebook");
  EXPECT_EQ(StageOf("sagemaker:DeleteEndpoint"), "sagemaker-endpoint");
  EXPECT_EQ(StageOf("cloudwatch:DisableAlarmActions"), "cloudwatch-alarm");
  // ECS services and SageMaker endpoints both register scalable targets;
  // only endpoints deregister them.
  EXPECT_EQ(StageOf("application-autoscaling:RegisterScalableTarget"), "");
  EXPECT_EQ(StageOf("application-autoscaling:DeregisterScalableTarget"), "sagemaker-endpoint");
}

TEST(LowerBoundTest, ClustersThenTheirServicesAreOneListingChain) {
  // 1 ListClusters + 10 ListServices one after the other, then a describe:
  // 12 round trips, more than 211 calls at 50 in flight (5).
  json calls = {{"sts:GetCallerIdentity", 1},
                {"ecs:ListClusters", 1},
                {"ecs:ListServices", 10},
                {"ecs:DescribeServices", 200}};
  Bound b = LowerBound(Inputs("status", 50, calls, calls));
  EXPECT_EQ(b.explain, "connect 1 + discover 12");
  EXPECT_DOUBLE_EQ(b.seconds, 13 * 0.02);
}

TEST(LowerBoundTest, OneResourcesCallsFollowEachOther) {
  // Two Aurora clusters: each a StopDBCluster, then a describe that sees it
  // stopped (the first describe is discovery): 2 round trips even at 50.
  json discovery = {{"rds:DescribeDBClusters", 1}};
  BoundInputs in =
      Inputs("stop", 50, {{"rds:DescribeDBClusters", 3}, {"rds:StopDBCluster", 2}}, discovery);
  in.resources = {{"rds-cluster", 2}};
  Bound b = LowerBound(in);
  EXPECT_EQ(b.explain, "connect 0 + discover 1 + rds-cluster 2");
  EXPECT_DOUBLE_EQ(b.seconds, 3 * 0.02);
}

TEST(LowerBoundTest, ATransitionIsWaitedOncePerStageThatActs) {
  BoundInputs in =
      Inputs("stop", 50,
             {{"ec2:StopInstances", 4}, {"ec2:DescribeInstances", 4}, {"eks:DescribeNodegroup", 1}},
             {{"eks:DescribeNodegroup", 1}});
  in.resources = {{"ec2-instance", 4}};
  in.transition_s = {{"ec2-instance", 5.0}, {"eks-nodegroup", 7.0}};  // EKS did not act
  Bound b = LowerBound(in);
  EXPECT_DOUBLE_EQ(b.seconds, (1 + 2) * 0.02 + 5.0);
}

TEST(LowerBoundTest, SharedScalingCallsGoWhereTheyCostLeast) {
  // 10 ECS services (2 calls each) and 2 endpoints (4 calls each); 10
  // RegisterScalableTarget calls of either. All with the ECS services: 3 + 4
  // round trips; all with the endpoints: 2 + 9; 9 and 1: 29 / 10 + 9 / 2.
  BoundInputs in = Inputs("stop", 100,
                          {{"ecs:UpdateService", 10},
                           {"ecs:DescribeServices", 10},
                           {"sagemaker:DeleteEndpoint", 2},
                           {"sagemaker:DescribeEndpoint", 6},
                           {"application-autoscaling:RegisterScalableTarget", 10}});
  in.resources = {{"ecs-service", 10}, {"sagemaker-endpoint", 2}};
  Bound b = LowerBound(in);
  EXPECT_DOUBLE_EQ(b.seconds, (2 + 4) * 0.02);
}

TEST(LowerBoundTest, StartVerifiesEveryTypeInOneSharedRound) {
  // 4 instances, 3 started: StartInstances, a describe that sees running,
  // then the verification's describe, shared with the other types.
  BoundInputs in = Inputs("start", 100,
                          {{"ec2:StartInstances", 3},
                           {"ec2:DescribeInstances", 7},
                           {"autoscaling:UpdateAutoScalingGroup", 2},
                           {"autoscaling:DescribeAutoScalingGroups", 3}});
  in.resources = {{"ec2-instance", 4}, {"autoscaling-group", 2}};
  Bound b = LowerBound(in);
  EXPECT_EQ(b.explain, "connect 0 + autoscaling-group 1 + ec2-instance 1 + verify 1");
  EXPECT_DOUBLE_EQ(b.seconds, 3 * 0.02);
}

TEST(LowerBoundTest, KinesisHalvingsAndTheirUpdatingTime) {
  BoundInputs in =
      Inputs("stop", 50, {{"kinesis:UpdateShardCount", 2}, {"kinesis:DescribeStreamSummary", 4}});
  in.max_shards = 4;  // 4 -> 2 -> 1
  in.kinesis_update_s = 1.5;
  Bound b = LowerBound(in);
  EXPECT_EQ(b.explain, "connect 0 + kinesis-stream 4 round trips + 3.000000 s of transitions");
  EXPECT_DOUBLE_EQ(b.seconds, 4 * 0.02 + 3.0);
}

}  // namespace
}  // namespace bench
