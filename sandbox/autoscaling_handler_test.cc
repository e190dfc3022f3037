#include "sandbox/autoscaling_handler.h"

#include <gtest/gtest.h>

#include "sandbox/json_handler_testing.h"
#include "sandbox/sagemaker_handler.h"
#include "tests/testing/fake_clock.h"

namespace sandbox {
namespace {

using nlohmann::json;
using testing::Body;
using testing::ErrorCode;
using testing::ErrorMessage;

constexpr char kResource[] =
    "endpoint/user-journey-analytics-exit-risk-endpoint/variant/AllTraffic";
constexpr char kDimension[] = "sagemaker:variant:DesiredInstanceCount";

class AutoScalingHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_.clock = &clock_;
    handlers_ = MakeSageMakerHandlers(ctx_);
    json estate = testing::DemoEstate();
    for (auto& h : handlers_) h->Load(estate);
  }
  Response Call(const std::string& op, json body) {
    return handlers_[1]->Handle(testing::JsonRequest("AnyScaleFrontendService." + op, body));
  }
  static json Key(const std::string& resource_id = kResource) {
    return {{"ServiceNamespace", "sagemaker"},
            {"ResourceId", resource_id},
            {"ScalableDimension", kDimension}};
  }
  static json With(json base, const json& more) {
    base.update(more);
    return base;
  }
  json Targets(const json& body = {{"ServiceNamespace", "sagemaker"}}) {
    return Body(Call("DescribeScalableTargets", body))["ScalableTargets"];
  }

  arm::testing::FakeClock clock_;
  Context ctx_;
  std::vector<std::unique_ptr<ServiceHandler>> handlers_;
};

TEST_F(AutoScalingHandlerTest, DescribeScalableTargetsFromEstate) {
  json targets = Targets({{"ServiceNamespace", "sagemaker"}, {"ResourceIds", {kResource}}});
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0]["MinCapacity"], 1);
  EXPECT_EQ(targets[0]["MaxCapacity"], 4);
  EXPECT_EQ(targets[0]["ScalableDimension"], kDimension);
  EXPECT_NE(targets[0]["RoleARN"].get<std::string>().find(
                "AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint"),
            std::string::npos);
  EXPECT_FALSE(targets[0]["SuspendedState"]["DynamicScalingInSuspended"].get<bool>());
  EXPECT_EQ(Targets({{"ServiceNamespace", "dynamodb"}}).size(), 0u);
  EXPECT_EQ(ErrorCode(Call("DescribeScalableTargets", json::object())), "ValidationException");
  EXPECT_EQ(ErrorCode(Call("DescribeScalableTargets", {{"ServiceNamespace", "bogus"}})),
            "ValidationException");
}

TEST_F(AutoScalingHandlerTest, DescribePagesWithMaxResultsAndNextToken) {
  json first =
      Body(Call("DescribeScalableTargets", {{"ServiceNamespace", "sagemaker"}, {"MaxResults", 1}}));
  ASSERT_EQ(first["ScalableTargets"].size(), 1u);
  ASSERT_TRUE(first.contains("NextToken"));
  json second = Body(Call(
      "DescribeScalableTargets",
      {{"ServiceNamespace", "sagemaker"}, {"MaxResults", 1}, {"NextToken", first["NextToken"]}}));
  ASSERT_EQ(second["ScalableTargets"].size(), 1u);
  EXPECT_FALSE(second.contains("NextToken"));
  EXPECT_EQ(ErrorCode(Call("DescribeScalableTargets",
                           {{"ServiceNamespace", "sagemaker"}, {"NextToken", "x"}})),
            "InvalidNextTokenException");
  json policies =
      Body(Call("DescribeScalingPolicies", {{"ServiceNamespace", "sagemaker"}, {"MaxResults", 1}}));
  EXPECT_EQ(policies["ScalingPolicies"].size(), 1u);
  EXPECT_TRUE(policies.contains("NextToken"));
}

TEST_F(AutoScalingHandlerTest, DescribeScalingPoliciesFilters) {
  json p = Body(Call("DescribeScalingPolicies",
                     {{"ServiceNamespace", "sagemaker"}, {"ResourceId", kResource}}));
  ASSERT_EQ(p["ScalingPolicies"].size(), 1u);
  json policy = p["ScalingPolicies"][0];
  EXPECT_EQ(policy["PolicyName"], "user-journey-analytics-invocations-target-tracking");
  EXPECT_EQ(policy["PolicyType"], "TargetTrackingScaling");
  EXPECT_EQ(policy["TargetTrackingScalingPolicyConfiguration"]["TargetValue"], 70.0);
  EXPECT_EQ(policy["Alarms"].size(), 2u);
  EXPECT_NE(
      policy["PolicyARN"].get<std::string>().find(":policyName/user-journey-analytics-invocations"),
      std::string::npos);
  json by_name = Body(Call("DescribeScalingPolicies",
                           {{"ServiceNamespace", "sagemaker"},
                            {"PolicyNames", {"billing-service-invocations-target-tracking"}}}));
  EXPECT_EQ(by_name["ScalingPolicies"].size(), 1u);
}

TEST_F(AutoScalingHandlerTest, RegisterUpdatesMinMaxOfExistingTarget) {
  ASSERT_EQ(
      Call("RegisterScalableTarget", With(Key(), {{"MinCapacity", 0}, {"MaxCapacity", 0}})).status,
      200);
  json t = Targets({{"ServiceNamespace", "sagemaker"}, {"ResourceIds", {kResource}}})[0];
  EXPECT_EQ(t["MinCapacity"], 0);
  EXPECT_EQ(t["MaxCapacity"], 0);
  ASSERT_EQ(Call("RegisterScalableTarget", With(Key(), {{"MaxCapacity", 3}})).status, 200);
  EXPECT_EQ(
      Targets({{"ServiceNamespace", "sagemaker"}, {"ResourceIds", {kResource}}})[0]["MaxCapacity"],
      3);
  EXPECT_EQ(ErrorCode(Call("RegisterScalableTarget",
                           With(Key(), {{"MinCapacity", 5}, {"MaxCapacity", 2}}))),
            "ValidationException");
}

TEST_F(AutoScalingHandlerTest, RegisterNeedsAnExistingEndpointVariant) {
  Response missing = Call("RegisterScalableTarget", With(Key("endpoint/nope/variant/AllTraffic"),
                                                         {{"MinCapacity", 1}, {"MaxCapacity", 2}}));
  EXPECT_EQ(ErrorCode(missing), "ValidationException");
  EXPECT_EQ(ErrorMessage(missing), "The endpoint 'nope' does not exist.");
  Response no_variant =
      Call("RegisterScalableTarget", With(Key("endpoint/user-journey-analytics-exit-risk-endpoint/"
                                              "variant/Other"),
                                          {{"MinCapacity", 1}, {"MaxCapacity", 2}}));
  EXPECT_EQ(ErrorCode(no_variant), "ValidationException");
  ASSERT_EQ(Call("DeregisterScalableTarget", Key()).status, 200);
  EXPECT_EQ(ErrorCode(Call("RegisterScalableTarget", Key())),
            "ValidationException");  // new target needs min and max
}

TEST_F(AutoScalingHandlerTest, PutScalingPolicyNeedsTarget) {
  json tracking = {{"TargetValue", 50.0},
                   {"PredefinedMetricSpecification",
                    {{"PredefinedMetricType", "SageMakerVariantInvocationsPerInstance"}}}};
  ASSERT_EQ(Call("DeregisterScalableTarget", Key()).status, 200);
  Response r = Call("PutScalingPolicy",
                    With(Key(), {{"PolicyName", "p"},
                                 {"PolicyType", "TargetTrackingScaling"},
                                 {"TargetTrackingScalingPolicyConfiguration", tracking}}));
  EXPECT_EQ(ErrorCode(r), "ObjectNotFoundException");
  EXPECT_EQ(ErrorMessage(r),
            "No scalable target registered for service namespace: sagemaker, "
            "resource ID: " +
                std::string(kResource) + ", scalable dimension: " + kDimension);
}

TEST_F(AutoScalingHandlerTest, RestoreRegistersTargetAndPutsPolicyVerbatim) {
  ASSERT_EQ(Call("DeregisterScalableTarget", Key()).status, 200);
  EXPECT_TRUE(Body(Call("DescribeScalingPolicies", {{"ServiceNamespace", "sagemaker"},
                                                    {"ResourceId", kResource}}))["ScalingPolicies"]
                  .empty());
  ASSERT_EQ(
      Call("RegisterScalableTarget", With(Key(), {{"MinCapacity", 1}, {"MaxCapacity", 4}})).status,
      200);
  json step = json::parse(R"({"AdjustmentType":"ChangeInCapacity","Cooldown":60,
      "StepAdjustments":[{"MetricIntervalLowerBound":0.0,"ScalingAdjustment":1}]})");
  Response r = Call("PutScalingPolicy", With(Key(), {{"PolicyName", "steps"},
                                                     {"PolicyType", "StepScaling"},
                                                     {"StepScalingPolicyConfiguration", step}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Body(r).contains("PolicyARN"));
  json p = Body(Call("DescribeScalingPolicies",
                     {{"ServiceNamespace", "sagemaker"}, {"ResourceId", kResource}}));
  ASSERT_EQ(p["ScalingPolicies"].size(), 1u);
  EXPECT_EQ(p["ScalingPolicies"][0]["StepScalingPolicyConfiguration"], step);
  EXPECT_FALSE(p["ScalingPolicies"][0].contains("TargetTrackingScalingPolicyConfiguration"));
}

TEST_F(AutoScalingHandlerTest, DeregisterMissingTargetIsObjectNotFound) {
  ASSERT_EQ(Call("DeregisterScalableTarget", Key()).status, 200);
  Response r = Call("DeregisterScalableTarget", Key());
  EXPECT_EQ(ErrorCode(r), "ObjectNotFoundException");
  EXPECT_EQ(Targets().size(), 1u);
}

TEST_F(AutoScalingHandlerTest, UnknownOperationAndWrongTypes) {
  EXPECT_EQ(ErrorCode(Call("Nope", json::object())), "UnknownOperationException");
  EXPECT_EQ(ErrorCode(Call("RegisterScalableTarget", With(Key(), {{"MinCapacity", "one"}}))),
            "SerializationException");
  EXPECT_EQ(
      handlers_[1]->IamAction(testing::JsonRequest("AnyScaleFrontendService.PutScalingPolicy", {})),
      "application-autoscaling:PutScalingPolicy");
}

TEST_F(AutoScalingHandlerTest, ScheduledActionsFromEstateAndFilters) {
  json all = Body(
      Call("DescribeScheduledActions", {{"ServiceNamespace", "sagemaker"}}))["ScheduledActions"];
  ASSERT_EQ(all.size(), 3u);
  json ours =
      Body(Call("DescribeScheduledActions", {{"ServiceNamespace", "sagemaker"},
                                             {"ResourceId", kResource}}))["ScheduledActions"];
  ASSERT_EQ(ours.size(), 2u);
  EXPECT_EQ(ours[0]["ScheduledActionName"], "user-journey-analytics-weekday-morning-scale-out");
  EXPECT_EQ(ours[0]["Schedule"], "cron(0 7 ? * MON-FRI *)");
  EXPECT_EQ(ours[0]["Timezone"], "Europe/Paris");
  EXPECT_EQ(ours[0]["ScalableTargetAction"], (json{{"MinCapacity", 2}, {"MaxCapacity", 4}}));
  EXPECT_NE(ours[0]["ScheduledActionARN"].get<std::string>().find(":scheduledAction:"),
            std::string::npos);
  EXPECT_TRUE(ours[0]["CreationTime"].is_number());
  EXPECT_FALSE(ours[0].contains("StartTime"));
  EXPECT_EQ(ours[1]["StartTime"], 1795996800);
  json named = Body(Call(
      "DescribeScheduledActions",
      {{"ServiceNamespace", "sagemaker"},
       {"ScheduledActionNames", {"user-journey-analytics-black-friday"}}}))["ScheduledActions"];
  ASSERT_EQ(named.size(), 1u);
  json page = Body(
      Call("DescribeScheduledActions", {{"ServiceNamespace", "sagemaker"}, {"MaxResults", 2}}));
  EXPECT_EQ(page["ScheduledActions"].size(), 2u);
  json next = Body(Call("DescribeScheduledActions",
                        {{"ServiceNamespace", "sagemaker"}, {"NextToken", page["NextToken"]}}));
  EXPECT_EQ(next["ScheduledActions"].size(), 1u);
  EXPECT_EQ(ErrorCode(Call("DescribeScheduledActions", json::object())), "ValidationException");
}

TEST_F(AutoScalingHandlerTest, PutScheduledActionCreatesReplacesAndNeedsTarget) {
  Response put =
      Call("PutScheduledAction", With(Key(), {{"ScheduledActionName", "nightly"},
                                              {"Schedule", "cron(0 22 * * ? *)"},
                                              {"ScalableTargetAction", {{"MaxCapacity", 1}}}}));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(Body(put), json::object());
  // A second put replaces what it names and keeps the rest.
  ASSERT_EQ(Call("PutScheduledAction",
                 With(Key(), {{"ScheduledActionName", "nightly"}, {"Timezone", "UTC"}}))
                .status,
            200);
  json got = Body(Call("DescribeScheduledActions",
                       {{"ServiceNamespace", "sagemaker"},
                        {"ScheduledActionNames", {"nightly"}}}))["ScheduledActions"];
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["Schedule"], "cron(0 22 * * ? *)");
  EXPECT_EQ(got[0]["Timezone"], "UTC");
  EXPECT_EQ(got[0]["ScalableTargetAction"], (json{{"MaxCapacity", 1}}));
  EXPECT_EQ(ErrorCode(Call("PutScheduledAction",
                           With(Key(), {{"ScheduledActionName", "new-without-schedule"}}))),
            "ValidationException");
  EXPECT_EQ(ErrorCode(Call("PutScheduledAction",
                           With(Key(), {{"ScheduledActionName", "x"}, {"Schedule", "daily"}}))),
            "ValidationException");
  EXPECT_EQ(ErrorCode(Call("PutScheduledAction", With(Key(), {{"Schedule", "rate(1 day)"}}))),
            "ValidationException");
  EXPECT_EQ(ErrorCode(Call("PutScheduledAction",
                           With(Key(), {{"ScheduledActionName", "x"}, {"StartTime", "soon"}}))),
            "SerializationException");
  ASSERT_EQ(Call("DeregisterScalableTarget", Key()).status, 200);
  EXPECT_EQ(ErrorCode(Call("PutScheduledAction", With(Key(), {{"ScheduledActionName", "x"},
                                                              {"Schedule", "rate(1 day)"}}))),
            "ObjectNotFoundException");
}

TEST_F(AutoScalingHandlerTest, DeleteScheduledAction) {
  json key = With(Key(), {{"ScheduledActionName", "user-journey-analytics-black-friday"}});
  ASSERT_EQ(Call("DeleteScheduledAction", key).status, 200);
  Response again = Call("DeleteScheduledAction", key);
  EXPECT_EQ(ErrorCode(again), "ObjectNotFoundException");
  EXPECT_NE(ErrorMessage(again).find("user-journey-analytics-black-friday"), std::string::npos);
  EXPECT_EQ(Body(Call("DescribeScheduledActions", {{"ServiceNamespace", "sagemaker"},
                                                   {"ResourceId", kResource}}))["ScheduledActions"]
                .size(),
            1u);
}

TEST_F(AutoScalingHandlerTest, DeregisterRemovesTheTargetsPoliciesAndScheduledActionsOnly) {
  ASSERT_EQ(Call("DeregisterScalableTarget", Key()).status, 200);
  EXPECT_TRUE(Body(Call("DescribeScalingPolicies", {{"ServiceNamespace", "sagemaker"},
                                                    {"ResourceId", kResource}}))["ScalingPolicies"]
                  .empty());
  json left = Body(
      Call("DescribeScheduledActions", {{"ServiceNamespace", "sagemaker"}}))["ScheduledActions"];
  ASSERT_EQ(left.size(), 1u);  // the other endpoint's action is untouched
  EXPECT_EQ(left[0]["ScheduledActionName"], "billing-service-month-end-scale-out");
  EXPECT_EQ(
      Body(Call("DescribeScalingPolicies", {{"ServiceNamespace", "sagemaker"}}))["ScalingPolicies"]
          .size(),
      1u);
}

}  // namespace
}  // namespace sandbox
