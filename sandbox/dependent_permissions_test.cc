// The second permissions AWS checks with the caller's policy: DeleteEndpoint
// with auto scaling, RegisterScalableTarget, target-tracking PutScalingPolicy.
#include <gtest/gtest.h>

#include "sandbox/json_handler_testing.h"
#include "sandbox/sagemaker_handler.h"
#include "tests/testing/fake_clock.h"

namespace sandbox {
namespace {

using nlohmann::json;
using testing::ErrorCode;
using testing::ErrorMessage;

constexpr char kEndpoint[] = "user-journey-analytics-exit-risk-endpoint";
constexpr char kEndpointArn[] =
    "arn:aws:sagemaker:us-east-1:000000000000:endpoint/user-journey-analytics-exit-risk-endpoint";
constexpr char kResourceId[] =
    "endpoint/user-journey-analytics-exit-risk-endpoint/variant/AllTraffic";
constexpr char kRoleArn[] =
    "arn:aws:iam::000000000000:role/aws-service-role/"
    "sagemaker.application-autoscaling.amazonaws.com/"
    "AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint";

// Allows everything but what `without` lists, plus `extra` statements.
std::shared_ptr<const IamPolicy> AllBut(const std::vector<std::string>& without,
                                        json extra = json::array()) {
  json statements = json::array();
  statements.push_back({{"Effect", "Allow"}, {"NotAction", without}, {"Resource", "*"}});
  for (json& s : extra) statements.push_back(std::move(s));
  auto policy = ParseIamPolicy({{"Version", "2012-10-17"}, {"Statement", statements}});
  EXPECT_TRUE(policy.ok()) << policy.status().message();
  return std::make_shared<const IamPolicy>(policy.ok() ? *policy : IamPolicy{});
}

class DependentPermissionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_.clock = &clock_;
    handlers_ = MakeSageMakerHandlers(ctx_);
    Load(testing::DemoEstate());
  }
  void Load(const json& estate) {
    for (auto& h : handlers_) h->Load(estate);
  }
  Response As(std::shared_ptr<const IamPolicy> policy, const std::string& target,
              const json& body) {
    Request r = testing::JsonRequest(target, body);
    r.caller.policy = std::move(policy);
    return (target.rfind("SageMaker.", 0) == 0 ? handlers_[0] : handlers_[1])->Handle(r);
  }
  Response Register(std::shared_ptr<const IamPolicy> policy) {
    return As(std::move(policy), "AnyScaleFrontendService.RegisterScalableTarget",
              {{"ServiceNamespace", "sagemaker"},
               {"ResourceId", kResourceId},
               {"ScalableDimension", "sagemaker:variant:DesiredInstanceCount"},
               {"MinCapacity", 1},
               {"MaxCapacity", 2}});
  }
  Response PutPolicy(std::shared_ptr<const IamPolicy> policy, const std::string& type) {
    json body = {{"PolicyName", "p-" + type},
                 {"ServiceNamespace", "sagemaker"},
                 {"ResourceId", kResourceId},
                 {"ScalableDimension", "sagemaker:variant:DesiredInstanceCount"},
                 {"PolicyType", type}};
    if (type == "TargetTrackingScaling") {
      body["TargetTrackingScalingPolicyConfiguration"] = {
          {"TargetValue", 70.0},
          {"PredefinedMetricSpecification",
           {{"PredefinedMetricType", "SageMakerVariantInvocationsPerInstance"}}}};
    } else {
      body["StepScalingPolicyConfiguration"] = {{"AdjustmentType", "ChangeInCapacity"}};
    }
    return As(std::move(policy), "AnyScaleFrontendService.PutScalingPolicy", body);
  }

  arm::testing::FakeClock clock_;
  Context ctx_;
  std::vector<std::unique_ptr<ServiceHandler>> handlers_;
};

TEST_F(DependentPermissionsTest, DeleteEndpointWithScalingNeedsDeregisterAndDeleteScalingPolicy) {
  for (const char* needed : {"application-autoscaling:DeregisterScalableTarget",
                             "application-autoscaling:DeleteScalingPolicy"}) {
    Response denied =
        As(AllBut({needed}), "SageMaker.DeleteEndpoint", {{"EndpointName", kEndpoint}});
    EXPECT_EQ(denied.status, 400);
    EXPECT_EQ(ErrorCode(denied), "AccessDeniedException");
    EXPECT_EQ(ErrorMessage(denied),
              "User: arn:aws:iam::000000000000:root is not authorized to perform: " +
                  std::string(needed) + " because no identity-based policy allows the " + needed +
                  " action");
  }
  EXPECT_EQ(As(AllBut({"iam:*"}), "SageMaker.DeleteEndpoint", {{"EndpointName", kEndpoint}}).status,
            200);
}

TEST_F(DependentPermissionsTest, RegisterNeedsDescribeAndUpdateOnTheEndpoint) {
  for (const char* needed :
       {"sagemaker:DescribeEndpoint", "sagemaker:UpdateEndpointWeightsAndCapacities"}) {
    Response denied = Register(AllBut({needed}));
    EXPECT_EQ(ErrorCode(denied), "AccessDeniedException");
    EXPECT_NE(ErrorMessage(denied).find(std::string(needed) + " on resource: " + kEndpointArn),
              std::string::npos)
        << ErrorMessage(denied);
  }
  EXPECT_EQ(Register(AllBut({"iam:*"})).status, 200);  // the estate's targets imply the role exists
}

TEST_F(DependentPermissionsTest, FirstRegisterCreatesTheServiceLinkedRoleOnce) {
  json estate = testing::DemoEstate();
  estate["application_autoscaling"]["service_linked_role_exists"] = false;
  Load(estate);
  Response denied = Register(AllBut({"iam:*"}));
  EXPECT_EQ(ErrorCode(denied), "AccessDeniedException");
  EXPECT_NE(ErrorMessage(denied).find(std::string("iam:CreateServiceLinkedRole on resource: ") +
                                      kRoleArn),
            std::string::npos)
      << ErrorMessage(denied);
  auto create_role = [](const char* service) {
    return json::array({{{"Effect", "Allow"},
                         {"Action", "iam:CreateServiceLinkedRole"},
                         {"Resource", "arn:aws:iam::*:role/aws-service-role/*"},
                         {"Condition", {{"StringLike", {{"iam:AWSServiceName", service}}}}}}});
  };
  EXPECT_EQ(ErrorCode(Register(AllBut({"iam:*"}, create_role("ecs.amazonaws.com")))),
            "AccessDeniedException");
  EXPECT_EQ(
      Register(AllBut({"iam:*"}, create_role("sagemaker.application-autoscaling.amazonaws.com")))
          .status,
      200);
  EXPECT_EQ(Register(AllBut({"iam:*"})).status, 200);  // the role exists now
}

TEST_F(DependentPermissionsTest, TargetTrackingNeedsTheAlarmPermissionsOnItsAlarms) {
  for (const char* needed :
       {"cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms"}) {
    Response denied = PutPolicy(AllBut({needed}), "TargetTrackingScaling");
    EXPECT_EQ(ErrorCode(denied), "AccessDeniedException") << needed;
    EXPECT_NE(ErrorMessage(denied).find(needed), std::string::npos) << ErrorMessage(denied);
  }
  // Scoped to the alarms Application Auto Scaling names for the variant.
  json alarms =
      json::array({{{"Effect", "Allow"},
                    {"Action", {"cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"}},
                    {"Resource",
                     "arn:aws:cloudwatch:us-east-1:000000000000:alarm:TargetTracking-endpoint/"
                     "user-journey-analytics-exit-risk-endpoint/variant/AllTraffic-*"}}});
  EXPECT_EQ(PutPolicy(AllBut({"cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"}, alarms),
                      "TargetTrackingScaling")
                .status,
            200);
  EXPECT_EQ(PutPolicy(AllBut({"cloudwatch:*"}), "StepScaling").status, 200);
}

}  // namespace
}  // namespace sandbox
