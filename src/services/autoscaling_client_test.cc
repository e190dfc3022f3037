#include "services/autoscaling_client.h"

#include <gtest/gtest.h>

#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using nlohmann::json;

constexpr char kDim[] = "sagemaker:variant:DesiredInstanceCount";

class AutoScalingClientTest : public ::testing::Test {
 protected:
  testing::ServiceTestEnv env_;
  AutoScalingClient as_{env_.client()};
};

TEST_F(AutoScalingClientTest, DescribeScalableTargetsParsesAndFollowsPages) {
  json suspended = {{"DynamicScalingInSuspended", true},
                    {"DynamicScalingOutSuspended", false},
                    {"ScheduledScalingSuspended", false}};
  env_.EnqueueJson({{"ScalableTargets",
                     {{{"ServiceNamespace", "sagemaker"},
                       {"ResourceId", "endpoint/a/variant/v1"},
                       {"ScalableDimension", kDim},
                       {"MinCapacity", 1},
                       {"MaxCapacity", 4},
                       {"RoleARN", "arn:role"},
                       {"SuspendedState", suspended}}}},
                    {"NextToken", "p2"}});
  env_.EnqueueJson({{"ScalableTargets",
                     {{{"ServiceNamespace", "sagemaker"},
                       {"ResourceId", "endpoint/b/variant/v1"},
                       {"ScalableDimension", kDim},
                       {"MinCapacity", 2},
                       {"MaxCapacity", 2}}}}});

  auto r =
      as_.DescribeScalableTargets("sagemaker", {"endpoint/a/variant/v1", "endpoint/b/variant/v1"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].service_namespace, "sagemaker");
  EXPECT_EQ((*r)[0].resource_id, "endpoint/a/variant/v1");
  EXPECT_EQ((*r)[0].scalable_dimension, kDim);
  EXPECT_EQ((*r)[0].min_capacity, 1);
  EXPECT_EQ((*r)[0].max_capacity, 4);
  EXPECT_EQ((*r)[0].suspended_state, suspended);
  EXPECT_TRUE((*r)[1].suspended_state.is_null());

  ASSERT_EQ(env_.requests().size(), 2u);
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "AnyScaleFrontendService.DescribeScalableTargets");
  EXPECT_EQ(env_.Header(0, "Content-Type"), "application/x-amz-json-1.1");
  json ids = {"endpoint/a/variant/v1", "endpoint/b/variant/v1"};
  EXPECT_EQ(env_.JsonBody(0), (json{{"ServiceNamespace", "sagemaker"}, {"ResourceIds", ids}}));
  EXPECT_EQ(env_.JsonBody(1),
            (json{{"ServiceNamespace", "sagemaker"}, {"ResourceIds", ids}, {"NextToken", "p2"}}));
}

TEST_F(AutoScalingClientTest, DescribeScalableTargetsSendsFiftyIdsPerCall) {
  std::vector<std::string> ids;
  for (int i = 0; i < 120; ++i) ids.push_back("endpoint/e" + std::to_string(i));
  for (int i = 0; i < 3; ++i) {
    env_.EnqueueJson({{"ScalableTargets",
                       {{{"ServiceNamespace", "sagemaker"},
                         {"ResourceId", "endpoint/e" + std::to_string(i)}}}}});
  }
  auto r = as_.DescribeScalableTargets("sagemaker", ids);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->size(), 3u);
  ASSERT_EQ(env_.requests().size(), 3u);
  EXPECT_EQ(env_.JsonBody(0)["ResourceIds"].size(), 50u);
  EXPECT_EQ(env_.JsonBody(1)["ResourceIds"].size(), 50u);
  EXPECT_EQ(env_.JsonBody(2)["ResourceIds"].size(), 20u);
  EXPECT_EQ(env_.JsonBody(1)["ResourceIds"][0], "endpoint/e50");
  EXPECT_EQ(env_.JsonBody(2)["ResourceIds"][19], "endpoint/e119");
}

TEST_F(AutoScalingClientTest, DescribeScalableTargetsWithoutIdsListsNamespace) {
  env_.EnqueueJson({{"ScalableTargets", json::array()}});
  auto r = as_.DescribeScalableTargets("sagemaker", {});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  EXPECT_EQ(env_.JsonBody(0), (json{{"ServiceNamespace", "sagemaker"}}));
}

TEST_F(AutoScalingClientTest, DescribeScalingPoliciesKeepsConfigurationsVerbatim) {
  json tt = {{"TargetValue", 70.0},
             {"PredefinedMetricSpecification",
              {{"PredefinedMetricType", "SageMakerVariantInvocationsPerInstance"}}},
             {"ScaleInCooldown", 300}};
  json step = {{"AdjustmentType", "ChangeInCapacity"},
               {"StepAdjustments", {{{"ScalingAdjustment", 1}}}}};
  env_.EnqueueJson({{"ScalingPolicies",
                     {{{"PolicyName", "tt"},
                       {"PolicyARN", "arn:p1"},
                       {"ServiceNamespace", "sagemaker"},
                       {"ResourceId", "endpoint/a/variant/v1"},
                       {"ScalableDimension", kDim},
                       {"PolicyType", "TargetTrackingScaling"},
                       {"TargetTrackingScalingPolicyConfiguration", tt},
                       {"Alarms", json::array()}}}},
                    {"NextToken", "n"}});
  env_.EnqueueJson({{"ScalingPolicies",
                     {{{"PolicyName", "step"},
                       {"PolicyType", "StepScaling"},
                       {"StepScalingPolicyConfiguration", step}}}}});

  auto r = as_.DescribeScalingPolicies("sagemaker", "endpoint/a/variant/v1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].policy_name, "tt");
  EXPECT_EQ((*r)[0].policy_type, "TargetTrackingScaling");
  EXPECT_EQ((*r)[0].resource_id, "endpoint/a/variant/v1");
  EXPECT_EQ((*r)[0].scalable_dimension, kDim);
  EXPECT_EQ((*r)[0].target_tracking_configuration, tt);
  EXPECT_TRUE((*r)[0].step_scaling_configuration.is_null());
  EXPECT_EQ((*r)[1].step_scaling_configuration, step);
  EXPECT_TRUE((*r)[1].target_tracking_configuration.is_null());

  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "AnyScaleFrontendService.DescribeScalingPolicies");
  EXPECT_EQ(env_.JsonBody(0),
            (json{{"ServiceNamespace", "sagemaker"}, {"ResourceId", "endpoint/a/variant/v1"}}));
  EXPECT_EQ(env_.JsonBody(1)["NextToken"], "n");
}

TEST_F(AutoScalingClientTest, RegisterScalableTargetSendsCapacitiesAndState) {
  env_.EnqueueJson(json::object());
  ScalableTarget t{
      "sagemaker", "endpoint/a/variant/v1", kDim, 0, 0, {{"DynamicScalingInSuspended", true}}};
  CallStats stats;
  ASSERT_TRUE(as_.RegisterScalableTarget(t, &stats).ok());
  EXPECT_EQ(stats.attempts, 1);
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "AnyScaleFrontendService.RegisterScalableTarget");
  EXPECT_EQ(env_.JsonBody(0), (json{{"ServiceNamespace", "sagemaker"},
                                    {"ResourceId", "endpoint/a/variant/v1"},
                                    {"ScalableDimension", kDim},
                                    {"MinCapacity", 0},
                                    {"MaxCapacity", 0},
                                    {"SuspendedState", {{"DynamicScalingInSuspended", true}}}}));
}

TEST_F(AutoScalingClientTest, RegisterScalableTargetOmitsAbsentState) {
  env_.EnqueueJson(json::object());
  ScalableTarget t{"sagemaker", "r", kDim, 1, 3, nullptr};
  ASSERT_TRUE(as_.RegisterScalableTarget(t).ok());
  EXPECT_FALSE(env_.JsonBody(0).contains("SuspendedState"));
  EXPECT_EQ(env_.JsonBody(0)["MaxCapacity"], 3);
}

TEST_F(AutoScalingClientTest, PutScalingPolicyPutsConfigurationBackUnchanged) {
  env_.EnqueueJson({{"PolicyARN", "arn:p"}, {"Alarms", json::array()}});
  json tt = {{"TargetValue", 70.0}, {"DisableScaleIn", false}};
  ScalingPolicy p;
  p.policy_name = "tt";
  p.service_namespace = "sagemaker";
  p.resource_id = "endpoint/a/variant/v1";
  p.scalable_dimension = kDim;
  p.policy_type = "TargetTrackingScaling";
  p.target_tracking_configuration = tt;
  ASSERT_TRUE(as_.PutScalingPolicy(p).ok());
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "AnyScaleFrontendService.PutScalingPolicy");
  EXPECT_EQ(env_.JsonBody(0), (json{{"PolicyName", "tt"},
                                    {"ServiceNamespace", "sagemaker"},
                                    {"ResourceId", "endpoint/a/variant/v1"},
                                    {"ScalableDimension", kDim},
                                    {"PolicyType", "TargetTrackingScaling"},
                                    {"TargetTrackingScalingPolicyConfiguration", tt}}));
}

TEST_F(AutoScalingClientTest, DeregisterMissingTargetIsNotFound) {
  env_.EnqueueJsonError(400, "ObjectNotFoundException", "No scalable target registered");
  Status s = as_.DeregisterScalableTarget("sagemaker", "r", kDim);
  EXPECT_TRUE(s.IsNotFound());
  EXPECT_TRUE(s.IsAws("ObjectNotFoundException"));
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "AnyScaleFrontendService.DeregisterScalableTarget");
  EXPECT_EQ(
      env_.JsonBody(0),
      (json{{"ServiceNamespace", "sagemaker"}, {"ResourceId", "r"}, {"ScalableDimension", kDim}}));
}

}  // namespace
}  // namespace arm
