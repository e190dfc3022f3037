#include "sandbox/sagemaker_handler.h"

#include <gtest/gtest.h>

#include "sandbox/json_handler_testing.h"
#include "tests/testing/fake_clock.h"

namespace sandbox {
namespace {

using nlohmann::json;
using testing::Body;
using testing::ErrorCode;
using testing::ErrorMessage;

constexpr char kHandlerEndpoint[] = "user-journey-analytics-exit-risk-endpoint";
constexpr char kHandlerConfig[] = "user-journey-analytics-exit-risk-endpoint-config";
constexpr char kArnPrefix[] = "arn:aws:sagemaker:us-east-1:000000000000:";

class SageMakerHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_.clock = &clock_;
    ctx_.endpoint_create_seconds = 3;
    ctx_.endpoint_delete_seconds = 1;
    handlers_ = MakeSageMakerHandlers(ctx_);
    json estate = testing::DemoEstate();
    for (auto& h : handlers_) h->Load(estate);
  }
  ServiceHandler& sagemaker() { return *handlers_[0]; }
  ServiceHandler& autoscaling() { return *handlers_[1]; }
  Response Call(const std::string& op, const json& body) {
    return sagemaker().Handle(testing::JsonRequest("SageMaker." + op, body));
  }
  Response Scaling(const std::string& op, const json& body) {
    return autoscaling().Handle(testing::JsonRequest("AnyScaleFrontendService." + op, body));
  }
  json Describe(const std::string& name = kHandlerEndpoint) {
    return Body(Call("DescribeEndpoint", {{"EndpointName", name}}));
  }
  void Advance(int seconds) { clock_.Advance(std::chrono::seconds(seconds)); }

  arm::testing::FakeClock clock_;
  Context ctx_;
  std::vector<std::unique_ptr<ServiceHandler>> handlers_;
};

TEST_F(SageMakerHandlerTest, FactoryReturnsSageMakerAndAutoScaling) {
  ASSERT_EQ(handlers_.size(), 2u);
  EXPECT_EQ(sagemaker().signing_name(), "sagemaker");
  EXPECT_EQ(autoscaling().signing_name(), "application-autoscaling");
  EXPECT_EQ(sagemaker().IamAction(testing::JsonRequest("SageMaker.DeleteEndpoint", {})),
            "sagemaker:DeleteEndpoint");
  EXPECT_EQ(sagemaker().IamAction(testing::JsonRequest("SageMaker.Nope", {})), "");
}

TEST_F(SageMakerHandlerTest, ListEndpointsFiltersByNameAndSortsByCreationTimeDescending) {
  json all = Body(Call("ListEndpoints", json::object()));
  ASSERT_EQ(all["Endpoints"].size(), 2u);
  json only = Body(Call("ListEndpoints", {{"NameContains", "exit-risk"}}));
  ASSERT_EQ(only["Endpoints"].size(), 1u);
  json e = only["Endpoints"][0];
  EXPECT_EQ(e["EndpointName"], kHandlerEndpoint);
  EXPECT_EQ(e["EndpointArn"], std::string(kArnPrefix) + "endpoint/" + kHandlerEndpoint);
  EXPECT_EQ(e["EndpointStatus"], "InService");
  EXPECT_TRUE(e["CreationTime"].is_number());
  EXPECT_TRUE(e["LastModifiedTime"].is_number());

  Advance(10);
  ASSERT_EQ(Call("CreateEndpoint",
                 {{"EndpointName", "a-newer-one"}, {"EndpointConfigName", kHandlerConfig}})
                .status,
            200);
  json sorted = Body(Call("ListEndpoints", json::object()));
  EXPECT_EQ(sorted["Endpoints"][0]["EndpointName"], "a-newer-one");
  json by_name = Body(Call("ListEndpoints", {{"SortBy", "Name"}, {"SortOrder", "Ascending"}}));
  EXPECT_EQ(by_name["Endpoints"][0]["EndpointName"], "a-newer-one");
  EXPECT_EQ(by_name["Endpoints"][1]["EndpointName"], "billing-service-fraud-endpoint");
  json creating = Body(Call("ListEndpoints", {{"StatusEquals", "Creating"}}));
  EXPECT_EQ(creating["Endpoints"].size(), 1u);
}

TEST_F(SageMakerHandlerTest, ListEndpointsPages) {
  json first = Body(Call("ListEndpoints", {{"MaxResults", 1}, {"SortBy", "Name"}}));
  ASSERT_EQ(first["Endpoints"].size(), 1u);
  ASSERT_TRUE(first.contains("NextToken"));
  json second = Body(Call(
      "ListEndpoints", {{"MaxResults", 1}, {"SortBy", "Name"}, {"NextToken", first["NextToken"]}}));
  ASSERT_EQ(second["Endpoints"].size(), 1u);
  EXPECT_FALSE(second.contains("NextToken"));
  EXPECT_NE(first["Endpoints"][0]["EndpointName"], second["Endpoints"][0]["EndpointName"]);
  EXPECT_EQ(ErrorCode(Call("ListEndpoints", {{"NextToken", "bad"}})), "ValidationException");
  EXPECT_EQ(ErrorCode(Call("ListEndpoints", {{"MaxResults", 101}})), "ValidationException");
}

TEST_F(SageMakerHandlerTest, DescribeEndpointReportsVariants) {
  json d = Describe();
  EXPECT_EQ(d["EndpointConfigName"], kHandlerConfig);
  EXPECT_EQ(d["EndpointStatus"], "InService");
  ASSERT_EQ(d["ProductionVariants"].size(), 1u);
  json v = d["ProductionVariants"][0];
  EXPECT_EQ(v["VariantName"], "AllTraffic");
  EXPECT_EQ(v["CurrentInstanceCount"], 1);
  EXPECT_EQ(v["DesiredInstanceCount"], 1);
  EXPECT_EQ(v["CurrentWeight"], 1.0);
  EXPECT_NE(v["DeployedImages"][0]["ResolvedImage"].get<std::string>().find("@sha256:"),
            std::string::npos);
}

TEST_F(SageMakerHandlerTest, MissingEndpointIsValidationException) {
  Response r = Call("DescribeEndpoint", {{"EndpointName", "nope"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorCode(r), "ValidationException");
  EXPECT_EQ(ErrorMessage(r), "Could not find endpoint \"nope\".");
  EXPECT_EQ(ErrorCode(Call("DeleteEndpoint", {{"EndpointName", "nope"}})), "ValidationException");
  EXPECT_EQ(ErrorMessage(Call("DescribeEndpoint", json::object())),
            "1 validation error detected: Value null at 'endpointName' failed "
            "to satisfy constraint: "
            "Member must not be null");
}

TEST_F(SageMakerHandlerTest, CreateEndpointGoesCreatingThenInServiceWithTags) {
  Response r =
      Call("CreateEndpoint", {{"EndpointName", "Restored-Endpoint"},
                              {"EndpointConfigName", kHandlerConfig},
                              {"Tags", json::parse(R"([{"Key":"Project","Value":"p"}])")}});
  ASSERT_EQ(r.status, 200) << r.body;
  std::string arn = Body(r)["EndpointArn"];
  EXPECT_EQ(arn, std::string(kArnPrefix) + "endpoint/restored-endpoint");
  json d = Describe("Restored-Endpoint");
  EXPECT_EQ(d["EndpointStatus"], "Creating");
  EXPECT_FALSE(d.contains("ProductionVariants"));
  Advance(2);
  EXPECT_EQ(Describe("Restored-Endpoint")["EndpointStatus"], "Creating");
  Advance(1);
  EXPECT_EQ(Describe("Restored-Endpoint")["EndpointStatus"], "InService");
  json tags = Body(Call("ListTags", {{"ResourceArn", arn}}));
  EXPECT_EQ(tags["Tags"], json::parse(R"([{"Key":"Project","Value":"p"}])"));
}

TEST_F(SageMakerHandlerTest, CreateEndpointRefusesTakenNameMissingConfigOrModel) {
  Response taken = Call("CreateEndpoint", {{"EndpointName", kHandlerEndpoint},
                                           {"EndpointConfigName", kHandlerConfig}});
  EXPECT_EQ(ErrorCode(taken), "ValidationException");
  EXPECT_EQ(ErrorMessage(taken), "Cannot create already existing endpoint \"" +
                                     std::string(kArnPrefix) + "endpoint/" + kHandlerEndpoint +
                                     "\".");
  Response no_config =
      Call("CreateEndpoint", {{"EndpointName", "x"}, {"EndpointConfigName", "missing-config"}});
  EXPECT_EQ(ErrorCode(no_config), "ValidationException");
  EXPECT_EQ(ErrorMessage(no_config), "Could not find endpoint configuration \"" +
                                         std::string(kArnPrefix) +
                                         "endpoint-config/missing-config\".");

  json estate = testing::DemoEstate();
  estate["sagemaker"]["models"].erase(0);  // the exit-risk model
  sagemaker().Load(estate);
  Response no_model =
      Call("CreateEndpoint", {{"EndpointName", "x"}, {"EndpointConfigName", kHandlerConfig}});
  EXPECT_EQ(ErrorCode(no_model), "ValidationException");
  EXPECT_EQ(ErrorMessage(no_model), "Could not find model \"" + std::string(kArnPrefix) +
                                        "model/user-journey-analytics-exit-risk-model\".");
  EXPECT_EQ(ErrorCode(Call("CreateEndpoint",
                           {{"EndpointName", "bad_name"}, {"EndpointConfigName", kHandlerConfig}})),
            "ValidationException");
}

TEST_F(SageMakerHandlerTest, DeleteEndpointDropsTagsAndAutoScalingThenDisappears) {
  std::string resource_id = "endpoint/" + std::string(kHandlerEndpoint) + "/variant/AllTraffic";
  ASSERT_EQ(Call("DeleteEndpoint", {{"EndpointName", kHandlerEndpoint}}).status, 200);
  EXPECT_EQ(Describe()["EndpointStatus"], "Deleting");
  json targets = Body(Scaling("DescribeScalableTargets", {{"ServiceNamespace", "sagemaker"}}));
  ASSERT_EQ(targets["ScalableTargets"].size(), 1u);
  EXPECT_EQ(targets["ScalableTargets"][0]["ResourceId"],
            "endpoint/billing-service-fraud-endpoint/variant/AllTraffic");
  json policies = Body(Scaling("DescribeScalingPolicies",
                               {{"ServiceNamespace", "sagemaker"}, {"ResourceId", resource_id}}));
  EXPECT_TRUE(policies["ScalingPolicies"].empty());
  json scheduled = Body(Scaling("DescribeScheduledActions",
                                {{"ServiceNamespace", "sagemaker"}, {"ResourceId", resource_id}}));
  EXPECT_TRUE(scheduled["ScheduledActions"].empty());
  json others = Body(Scaling("DescribeScheduledActions", {{"ServiceNamespace", "sagemaker"}}));
  EXPECT_EQ(others["ScheduledActions"].size(),
            1u);  // the other endpoint keeps its own
  std::vector<TaggedResource> tagged;
  sagemaker().CollectTagged(tagged);
  std::erase_if(tagged, [](const TaggedResource& r) {  // the notebooks
    return r.arn.find(":endpoint/") == std::string::npos;
  });
  ASSERT_EQ(tagged.size(), 1u);
  EXPECT_EQ(tagged[0].arn, std::string(kArnPrefix) + "endpoint/billing-service-fraud-endpoint");

  Advance(1);
  EXPECT_EQ(ErrorCode(Call("DescribeEndpoint", {{"EndpointName", kHandlerEndpoint}})),
            "ValidationException");
  // The name is free again, and the new endpoint starts untagged.
  ASSERT_EQ(Call("CreateEndpoint",
                 {{"EndpointName", kHandlerEndpoint}, {"EndpointConfigName", kHandlerConfig}})
                .status,
            200);
  json tags = Body(Call(
      "ListTags", {{"ResourceArn", std::string(kArnPrefix) + "endpoint/" + kHandlerEndpoint}}));
  EXPECT_TRUE(tags["Tags"].empty());
}

TEST_F(SageMakerHandlerTest, DeleteEndpointWithScalingNeedsTheCallerToMayDeregister) {
  auto as = [&](std::vector<std::string> allow, const std::string& endpoint) {
    Request r = testing::JsonRequest("SageMaker.DeleteEndpoint", {{"EndpointName", endpoint}});
    r.caller.arn = "arn:aws:iam::000000000000:user/parker";
    r.caller.allow = std::move(allow);
    return sagemaker().Handle(r);
  };
  Response denied = as({"sagemaker:*", "application-autoscaling:Describe*"}, kHandlerEndpoint);
  EXPECT_EQ(ErrorCode(denied), "AccessDeniedException");
  EXPECT_NE(ErrorMessage(denied).find("application-autoscaling:DeregisterScalableTarget"),
            std::string::npos);
  EXPECT_EQ(Describe()["EndpointStatus"], "InService");  // nothing deleted
  EXPECT_EQ(Body(Scaling("DescribeScalableTargets",
                         {{"ServiceNamespace", "sagemaker"}}))["ScalableTargets"]
                .size(),
            2u);
  EXPECT_EQ(ErrorCode(as({"sagemaker:*", "application-autoscaling:DeregisterScalableTarget"},
                         kHandlerEndpoint)),
            "AccessDeniedException");  // DeleteScalingPolicy is needed too
  // Once the targets are deregistered, SageMaker's own permission is enough.
  std::string resource_id = "endpoint/" + std::string(kHandlerEndpoint) + "/variant/AllTraffic";
  ASSERT_EQ(Scaling("DeregisterScalableTarget",
                    {{"ServiceNamespace", "sagemaker"},
                     {"ResourceId", resource_id},
                     {"ScalableDimension", "sagemaker:variant:DesiredInstanceCount"}})
                .status,
            200);
  EXPECT_EQ(as({"sagemaker:DeleteEndpoint"}, kHandlerEndpoint).status, 200);
  EXPECT_EQ(
      as({"sagemaker:*", "application-autoscaling:*"}, "billing-service-fraud-endpoint").status,
      200);
}

TEST_F(SageMakerHandlerTest, EstateCanMakeCreationFailLikeAShortOfCapacity) {
  json estate = testing::DemoEstate();
  for (auto& c : estate["sagemaker"]["endpoint_configs"])
    if (c["EndpointConfigName"] == kHandlerConfig)
      c["SandboxCreationFailure"] = "Insufficient capacity";
  for (auto& h : handlers_) h->Load(estate);
  EXPECT_EQ(Describe()["EndpointStatus"], "InService");  // loaded as it was
  ASSERT_EQ(
      Call("CreateEndpoint", {{"EndpointName", "again"}, {"EndpointConfigName", kHandlerConfig}})
          .status,
      200);
  EXPECT_EQ(Describe("again")["EndpointStatus"], "Creating");
  Advance(3);
  json d = Describe("again");
  EXPECT_EQ(d["EndpointStatus"], "Failed");
  EXPECT_EQ(d["FailureReason"], "Insufficient capacity");
  EXPECT_FALSE(Body(Call("DescribeEndpointConfig", {{"EndpointConfigName", kHandlerConfig}}))
                   .contains("SandboxCreationFailure"));
}

TEST_F(SageMakerHandlerTest, CreateWhileDeletingIsNameTaken) {
  ASSERT_EQ(Call("DeleteEndpoint", {{"EndpointName", kHandlerEndpoint}}).status, 200);
  EXPECT_EQ(ErrorCode(Call("CreateEndpoint", {{"EndpointName", kHandlerEndpoint},
                                              {"EndpointConfigName", kHandlerConfig}})),
            "ValidationException");
}

TEST_F(SageMakerHandlerTest, DescribeEndpointConfigAndModel) {
  json c = Body(Call("DescribeEndpointConfig", {{"EndpointConfigName", kHandlerConfig}}));
  EXPECT_EQ(c["EndpointConfigArn"], std::string(kArnPrefix) + "endpoint-config/" + kHandlerConfig);
  EXPECT_EQ(c["ProductionVariants"][0]["InstanceType"], "ml.m5.large");
  EXPECT_EQ(c["ProductionVariants"][0]["InitialInstanceCount"], 1);
  json m = Body(Call("DescribeModel", {{"ModelName", "user-journey-analytics-exit-risk-model"}}));
  EXPECT_EQ(m["ExecutionRoleArn"], "arn:aws:iam::000000000000:role/sagemaker-exec");
  EXPECT_TRUE(m["PrimaryContainer"].contains("Image"));
  EXPECT_EQ(m["ModelArn"],
            std::string(kArnPrefix) + "model/user-journey-analytics-exit-risk-model");
  EXPECT_EQ(ErrorCode(Call("DescribeEndpointConfig", {{"EndpointConfigName", "nope"}})),
            "ValidationException");
  EXPECT_EQ(ErrorCode(Call("DescribeModel", {{"ModelName", "nope"}})), "ValidationException");
}

TEST_F(SageMakerHandlerTest, AddTagsMergesAndListTagsReturnsThem) {
  std::string arn = std::string(kArnPrefix) + "endpoint/" + kHandlerEndpoint;
  Response r =
      Call("AddTags", {{"ResourceArn", arn}, {"Tags", json::parse(R"([{"Key":"Owner","Value":"ops"},
                                                                                {"Key":"Env","Value":"prod"}])")}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["Tags"].size(), 2u);
  json tags = Body(Call("ListTags", {{"ResourceArn", arn}}))["Tags"];
  EXPECT_EQ(tags, json::parse(R"([{"Key":"Project","Value":"user-journey-analytics"},
                                  {"Key":"Owner","Value":"ops"},{"Key":"Env","Value":"prod"}])"));
  EXPECT_EQ(
      ErrorCode(Call("ListTags", {{"ResourceArn", std::string(kArnPrefix) + "endpoint/nope"}})),
      "ValidationException");
}

TEST_F(SageMakerHandlerTest, DumpAndGenerate) {
  json dump = sagemaker().Dump();
  ASSERT_EQ(dump["endpoints"].size(), 2u);
  json e = dump["endpoints"][1];
  EXPECT_EQ(e["name"], kHandlerEndpoint);
  EXPECT_EQ(e["status"], "InService");
  EXPECT_EQ(e["tags"]["Project"], "user-journey-analytics");
  EXPECT_EQ(e["variants"][0]["instance_count"], 1);
  // The two endpoints' targets and the two ECS services'.
  EXPECT_EQ(autoscaling().Dump()["scalable_targets"].size(), 4u);
  EXPECT_EQ(autoscaling().Dump()["scheduled_actions"].size(), 3u);

  json estate = testing::DemoEstate();
  sagemaker().Generate({{"endpoints", 50}}, estate);
  for (auto& h : handlers_) h->Load(estate);
  EXPECT_EQ(sagemaker().Dump()["endpoints"].size(), 52u);
  EXPECT_EQ(autoscaling().Dump()["scalable_targets"].size(), 29u);
  json page = Body(Call("ListEndpoints", {{"NameContains", "generated"}}));
  EXPECT_EQ(page["Endpoints"].size(), 10u);
  EXPECT_TRUE(page.contains("NextToken"));
}

}  // namespace
}  // namespace sandbox
