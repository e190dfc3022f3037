#include <gtest/gtest.h>

#include <set>

#include "core/environment.h"
#include "resources/registry.h"
#include "resources/sagemaker_variant.h"
#include "resources/types.h"
#include "services/autoscaling_client.h"
#include "services/sagemaker_client.h"
#include "tests/testing/mem_file_system.h"
#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using nlohmann::json;

const json kTarget = {{"ServiceNamespace", "sagemaker"},
                      {"ResourceId", "endpoint/ep/variant/AllTraffic"},
                      {"ScalableDimension", "sagemaker:variant:DesiredInstanceCount"},
                      {"MinCapacity", 1},
                      {"MaxCapacity", 4}};
const json kSagemakerEndpointPolicy = {
    {"PolicyName", "cpu"},
    {"ServiceNamespace", "sagemaker"},
    {"ResourceId", "endpoint/ep/variant/AllTraffic"},
    {"ScalableDimension", "sagemaker:variant:DesiredInstanceCount"},
    {"PolicyType", "TargetTrackingScaling"},
    {"TargetTrackingScalingPolicyConfiguration", {{"TargetValue", 70.0}}}};

const json kSagemakerEndpointScheduled = {
    {"ScheduledActionName", "weekday-morning"},
    {"ServiceNamespace", "sagemaker"},
    {"ResourceId", "endpoint/ep/variant/AllTraffic"},
    {"ScalableDimension", "sagemaker:variant:DesiredInstanceCount"},
    {"Schedule", "cron(0 7 ? * MON-FRI *)"},
    {"Timezone", "Europe/Paris"},
    {"StartTime", 1795996800},
    {"ScalableTargetAction", {{"MinCapacity", 2}, {"MaxCapacity", 4}}}};

// An original as written by versions that did not record scheduled actions.
json SagemakerEndpointOriginal() {
  return {{"endpoint_config_name", "ep-config-v2"},
          {"tags", {{{"Key", "team"}, {"Value", "ml"}}}},
          {"variants",
           {{{"variant_name", "AllTraffic"},
             {"instance_type", "ml.m5.large"},
             {"instance_count", 2},
             {"model_name", "ep-model"},
             {"serverless", false}}}},
          {"autoscaling", {{"targets", {kTarget}}, {"policies", {kSagemakerEndpointPolicy}}}}};
}

json OriginalWithSchedule() {
  json o = SagemakerEndpointOriginal();
  o["autoscaling"]["scheduled_actions"] = {kSagemakerEndpointScheduled};
  return o;
}

Snapshot Endpoint(const std::string& status = "InService") {
  Snapshot s;
  s.type = "sagemaker-endpoint";
  s.name = "ep";
  s.config = SagemakerEndpointOriginal();
  s.transitioning = status != "InService" && status != "Failed" && status != "OutOfService";
  s.details = {{"status", status},
               {"arn", "arn:aws:sagemaker:us-east-1:1:endpoint/ep"},
               {"failure_reason", ""},
               {"config_exists", true},
               {"missing_models", json::array()},
               {"serverless", false}};
  return s;
}

Snapshot Gone() {
  Snapshot s;
  s.type = "sagemaker-endpoint";
  s.name = "ep";
  s.exists = false;
  return s;
}

std::vector<std::string> SagemakerEndpointApis(const PlanOutput& out) {
  std::vector<std::string> apis;
  for (const auto& a : out.actions) apis.push_back(a.api);
  return apis;
}

class SageMakerEndpointTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (pure_) {
      EXPECT_TRUE(env_.requests().empty());
    }
  }
  PlanOutput Stop(const Snapshot& s, const std::string& saved_status = "") const {
    return type_->PlanStop({{&s, s.config, saved_status}});
  }
  PlanOutput Start(const Snapshot& s, const json& original = SagemakerEndpointOriginal()) const {
    return type_->PlanStart({{&s, original, "stopped"}});
  }

  bool pure_ = true;
  testing::ServiceTestEnv env_;
  SageMakerClient sagemaker_{env_.client()};
  AutoScalingClient autoscaling_{env_.client()};
  std::unique_ptr<ResourceType> type_ =
      MakeSageMakerEndpointType(sagemaker_, autoscaling_, env_.clock());
};

TEST_F(SageMakerEndpointTest, StopDeregistersTheScalingThenDeletesAndWaitsUntilGone) {
  Snapshot s = Endpoint();
  s.config = OriginalWithSchedule();
  PlanOutput out = Stop(s);
  EXPECT_TRUE(out.notes.empty());
  EXPECT_EQ(SagemakerEndpointApis(out),
            (std::vector<std::string>{"application-autoscaling:DeregisterScalableTarget",
                                      "sagemaker:DeleteEndpoint", "sagemaker:DescribeEndpoint"}));
  EXPECT_EQ(out.actions[0].params.at("target"), kTarget);
  EXPECT_NE(out.actions[0].summary.find("1 scaling policy and 1 scheduled action"),
            std::string::npos)
      << out.actions[0].summary;
  EXPECT_TRUE(out.actions[0].mutating);
  EXPECT_TRUE(out.actions[1].mutating);
  EXPECT_FALSE(out.actions[2].mutating);
  EXPECT_EQ(out.actions[2].params.at("until"), "gone");
  // Plans and reports name each step's kind in words.
  EXPECT_EQ(out.actions[0].params.at("op"), "deregister");
  EXPECT_EQ(out.actions[1].params.at("op"), "delete");
  EXPECT_EQ(out.actions[2].params.at("op"), "wait");
  EXPECT_EQ(out.actions[0].chain, out.actions[1].chain);
  EXPECT_EQ(out.actions[1].chain, out.actions[2].chain);
}

TEST_F(SageMakerEndpointTest, StopOfAnEndpointWithoutScalingOnlyDeletes) {
  Snapshot s = Endpoint();
  s.config["autoscaling"] = {{"targets", json::array()}, {"policies", json::array()}};
  EXPECT_EQ(SagemakerEndpointApis(Stop(s)),
            (std::vector<std::string>{"sagemaker:DeleteEndpoint", "sagemaker:DescribeEndpoint"}));
}

TEST_F(SageMakerEndpointTest, PermissionsNameTheCascadeAWSRequires) {
  std::set<std::string> stop;
  for (const auto& p : type_->Permissions())
    if (p.used_by == "stop") stop.insert(p.action);
  EXPECT_TRUE(stop.count("application-autoscaling:DeregisterScalableTarget"));
  EXPECT_TRUE(stop.count("application-autoscaling:DeleteScalingPolicy"));
}

TEST_F(SageMakerEndpointTest, StartRestoresTheScheduledActionsAfterTheTarget) {
  PlanOutput out = Start(Gone(), OriginalWithSchedule());
  ASSERT_EQ(SagemakerEndpointApis(out),
            (std::vector<std::string>{"sagemaker:CreateEndpoint", "sagemaker:DescribeEndpoint",
                                      "application-autoscaling:RegisterScalableTarget",
                                      "application-autoscaling:PutScalingPolicy",
                                      "application-autoscaling:PutScheduledAction"}));
  EXPECT_EQ(out.actions[4].params.at("scheduled_action"), kSagemakerEndpointScheduled);
}

TEST_F(SageMakerEndpointTest, StartPutsBackOnlyAMissingScheduledAction) {
  Snapshot s = Endpoint();  // target and policy present, no schedule
  EXPECT_EQ(SagemakerEndpointApis(Start(s, OriginalWithSchedule())),
            std::vector<std::string>{"application-autoscaling:PutScheduledAction"});
  EXPECT_NE(type_->Verify(s, OriginalWithSchedule()).find("weekday-morning"), std::string::npos);
  s.config = OriginalWithSchedule();
  EXPECT_TRUE(Start(s, OriginalWithSchedule()).actions.empty());
  EXPECT_EQ(type_->Verify(s, OriginalWithSchedule()), "");
}

TEST_F(SageMakerEndpointTest, OriginalsWithAndWithoutScheduledActionsAreValid) {
  EXPECT_TRUE(type_->CheckOriginal(SagemakerEndpointOriginal()).ok());
  EXPECT_TRUE(type_->CheckOriginal(OriginalWithSchedule()).ok());
  json bad = OriginalWithSchedule();
  bad["autoscaling"]["scheduled_actions"][0].erase("Schedule");
  EXPECT_FALSE(type_->CheckOriginal(bad).ok());
  bad["autoscaling"]["scheduled_actions"] = "x";
  EXPECT_FALSE(type_->CheckOriginal(bad).ok());
}

TEST_F(SageMakerEndpointTest, ApplySendsTheRecordedScheduledActionVerbatim) {
  pure_ = false;
  env_.EnqueueJson(json::object());  // PutScheduledAction
  Action put = Start(Endpoint(), OriginalWithSchedule()).actions.at(0);
  ASSERT_TRUE(type_->Apply(put, ApplyOptions()).ok());
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "AnyScaleFrontendService.PutScheduledAction");
  EXPECT_EQ(env_.JsonBody(0), kSagemakerEndpointScheduled);
}

json ConfigRecord() {
  return {{"EndpointConfigName", "ep-config-v2"},
          {"ProductionVariants",
           {{{"VariantName", "AllTraffic"},
             {"ModelName", "ep-model"},
             {"InstanceType", "ml.m5.large"},
             {"InitialInstanceCount", 2},
             {"InitialVariantWeight", 0.5}}}},
          {"DataCaptureConfig", {{"EnableCapture", true}}},
          {"KmsKeyId", "key-1"},
          {"Tags", {{{"Key", "team"}, {"Value", "ml"}}}}};
}

Snapshot GoneWithoutConfig() {
  Snapshot s = Gone();
  s.details = {{"config_exists", false}};
  return s;
}

TEST_F(SageMakerEndpointTest, StartRecreatesADeletedConfigFromTheRecord) {
  json original = SagemakerEndpointOriginal();
  original["endpoint_config"] = ConfigRecord();
  ASSERT_TRUE(type_->CheckOriginal(original).ok());
  PlanOutput out = Start(GoneWithoutConfig(), original);
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kInfo);
  EXPECT_NE(out.notes[0].message.find("deleted while parked"), std::string::npos);
  ASSERT_GE(out.actions.size(), 2u);
  EXPECT_EQ(out.actions[0].api, "sagemaker:CreateEndpointConfig");
  EXPECT_EQ(out.actions[0].params.at("record"), ConfigRecord());
  for (const char* part :
       {"AllTraffic: ep-model on ml.m5.large x 2, weight 0.5", "data capture", "KMS key key-1"})
    EXPECT_NE(out.actions[0].summary.find(part), std::string::npos) << out.actions[0].summary;
  EXPECT_EQ(out.actions[1].api, "sagemaker:CreateEndpoint");
  EXPECT_EQ(out.actions[0].chain, out.actions[1].chain);
}

TEST_F(SageMakerEndpointTest, DeletedConfigWithoutARecordIsAnErrorNotACall) {
  PlanOutput out = Start(GoneWithoutConfig());  // an older state file
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kError);
  EXPECT_NE(out.notes[0].message.find("recreate endpoint config ep-config-v2"), std::string::npos);
}

TEST_F(SageMakerEndpointTest, ApplySendsTheRecordedConfigVerbatim) {
  pure_ = false;
  env_.EnqueueJson({{"EndpointConfigArn", "arn"}});
  json original = SagemakerEndpointOriginal();
  original["endpoint_config"] = ConfigRecord();
  Action create = Start(GoneWithoutConfig(), original).actions.at(0);
  ASSERT_TRUE(type_->Apply(create, ApplyOptions()).ok());
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "SageMaker.CreateEndpointConfig");
  EXPECT_EQ(env_.JsonBody(0), ConfigRecord());
}

TEST_F(SageMakerEndpointTest, DeregisterOfAGoneTargetSucceeds) {
  pure_ = false;
  env_.EnqueueJsonError(400, "ObjectNotFoundException", "No scalable target");
  Action dereg = Stop(Endpoint()).actions.at(0);
  ASSERT_EQ(dereg.api, "application-autoscaling:DeregisterScalableTarget");
  Status s = type_->Apply(dereg, ApplyOptions());
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(env_.JsonBody(0),
            (json{{"ServiceNamespace", "sagemaker"},
                  {"ResourceId", "endpoint/ep/variant/AllTraffic"},
                  {"ScalableDimension", "sagemaker:variant:DesiredInstanceCount"}}));
}

TEST_F(SageMakerEndpointTest, StopRefusesWhenTheEndpointConfigIsMissing) {
  Snapshot s = Endpoint();
  s.details["config_exists"] = false;
  PlanOutput out = Stop(s);
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kError);
  EXPECT_NE(out.notes[0].message.find("ep-config-v2"), std::string::npos);
  EXPECT_NE(out.notes[0].message.find("could never be recreated"), std::string::npos);
}

TEST_F(SageMakerEndpointTest, StopRefusesWhenAModelIsMissing) {
  Snapshot s = Endpoint();
  s.details["missing_models"] = {"ep-model"};
  PlanOutput out = Stop(s);
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kError);
  EXPECT_NE(out.notes[0].message.find("model ep-model"), std::string::npos);
}

TEST_F(SageMakerEndpointTest, ServerlessEndpointIsLeftAlone) {
  Snapshot s = Endpoint();
  s.details["serverless"] = true;
  s.config["variants"][0]["serverless"] = true;
  PlanOutput out = Stop(s);
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kInfo);
  EXPECT_TRUE(type_->Parked(s).exists);
}

TEST(SageMakerVariantTextTest, SaysWhatAServerlessOrInstanceVariantRunsOn) {
  EXPECT_EQ(VariantCapacityText({{"serverless", true},
                                 {"instance_type", ""},
                                 {"instance_count", 1},
                                 {"serverless_memory_mb", 2048},
                                 {"serverless_max_concurrency", 5}}),
            "serverless 2048 MB, max concurrency 5");
  EXPECT_EQ(VariantCapacityText({{"serverless", true}}), "serverless");
  EXPECT_EQ(VariantCapacityText({{"instance_type", "ml.m5.large"}, {"instance_count", 2}}),
            "ml.m5.large x 2");
  EXPECT_EQ(AwsVariantCapacityText(
                {{"VariantName", "Serverless"},
                 {"ServerlessConfig", {{"MemorySizeInMB", 1024}, {"MaxConcurrency", 20}}}}),
            "serverless 1024 MB, max concurrency 20");
  EXPECT_EQ(AwsVariantCapacityText({{"InstanceType", "ml.c5.xlarge"}, {"InitialInstanceCount", 3}}),
            "ml.c5.xlarge x 3");
}

TEST_F(SageMakerEndpointTest, StopRefusesAnEndpointThatIsUpdating) {
  PlanOutput out = Stop(Endpoint("Updating"));
  EXPECT_TRUE(out.actions.empty());
  EXPECT_EQ(out.notes.at(0).severity, Severity::kError);
}

// A start killed after CreateEndpoint leaves it Creating; stop waits for
// InService (it cannot be deleted before), then deletes it.
TEST_F(SageMakerEndpointTest, StopOfACreatingEndpointWaitsForItThenDeletes) {
  PlanOutput out = Stop(Endpoint("Creating"), "starting");
  EXPECT_TRUE(out.notes.empty());
  EXPECT_EQ(SagemakerEndpointApis(out),
            (std::vector<std::string>{"sagemaker:DescribeEndpoint",
                                      "application-autoscaling:DeregisterScalableTarget",
                                      "sagemaker:DeleteEndpoint", "sagemaker:DescribeEndpoint"}));
  EXPECT_EQ(out.actions[0].params.at("until"), "InService");
  EXPECT_EQ(out.actions[3].params.at("until"), "gone");
}

TEST_F(SageMakerEndpointTest, StopOfADeletingEndpointWaitsForNothing) {
  PlanOutput out = Stop(Endpoint("Deleting"), "stopping");
  EXPECT_TRUE(out.actions.empty());
  EXPECT_TRUE(out.notes.empty());
}

TEST_F(SageMakerEndpointTest, GoneEndpointIsAnErrorOnlyWhenNoStopRecordedIt) {
  EXPECT_EQ(Stop(Gone()).notes.at(0).severity, Severity::kError);
  EXPECT_TRUE(Stop(Gone(), "stopped").notes.empty());
  EXPECT_TRUE(Stop(Gone(), "stopped").actions.empty());
}

TEST_F(SageMakerEndpointTest, StartCreatesWaitsThenRestoresTheScaling) {
  PlanOutput out = Start(Gone());
  EXPECT_TRUE(out.notes.empty());
  ASSERT_EQ(SagemakerEndpointApis(out),
            (std::vector<std::string>{"sagemaker:CreateEndpoint", "sagemaker:DescribeEndpoint",
                                      "application-autoscaling:RegisterScalableTarget",
                                      "application-autoscaling:PutScalingPolicy"}));
  EXPECT_EQ(out.actions[0].params.at("config"), "ep-config-v2");
  EXPECT_EQ(out.actions[0].params.at("tags"), SagemakerEndpointOriginal().at("tags"));
  EXPECT_NE(out.actions[0].summary.find("ml.m5.large x 2"), std::string::npos);
  EXPECT_EQ(out.actions[1].params.at("until"), "InService");
  EXPECT_TRUE(out.actions[1].params.value("defer_if_no_wait", false));
  EXPECT_EQ(out.actions[2].params.at("target"), kTarget);
  EXPECT_EQ(out.actions[3].params.at("policy"), kSagemakerEndpointPolicy);
  for (const auto& a : out.actions) EXPECT_EQ(a.chain, "sagemaker-endpoint/ep");
}

// A state file edited so that the record names another endpoint's variant:
// nothing is planned for the endpoint, and the other one is never named.
TEST_F(SageMakerEndpointTest, StartRefusesScalingRecordedForAnotherEndpoint) {
  for (const char* list : {"targets", "policies", "scheduled_actions"}) {
    json o = SagemakerEndpointOriginal();
    json& entries = o["autoscaling"][list];
    if (!entries.is_array() || entries.empty()) entries = json::array({{{"ResourceId", ""}}});
    entries[0]["ResourceId"] = "endpoint/billing-fraud/variant/AllTraffic";
    PlanOutput out = Start(Gone(), o);
    EXPECT_TRUE(out.actions.empty()) << list;
    ASSERT_EQ(out.notes.size(), 1u) << list;
    EXPECT_EQ(out.notes[0].severity, Severity::kError);
    EXPECT_NE(out.notes[0].message.find("endpoint/billing-fraud/variant/AllTraffic"),
              std::string::npos);
  }
  // A prefix of ours is not ours either ("ep" vs "ep-other").
  json o = SagemakerEndpointOriginal();
  o["autoscaling"]["targets"][0]["ResourceId"] = "endpoint/ep-other/variant/AllTraffic";
  EXPECT_TRUE(Start(Gone(), o).actions.empty());
}

TEST_F(SageMakerEndpointTest, StartOfAFailedEndpointDeletesAndRecreatesIt) {
  Snapshot s = Endpoint("Failed");
  s.details["failure_reason"] = "capacity";
  PlanOutput out = Start(s);
  ASSERT_EQ(SagemakerEndpointApis(out),
            (std::vector<std::string>{"sagemaker:DeleteEndpoint", "sagemaker:DescribeEndpoint",
                                      "sagemaker:CreateEndpoint", "sagemaker:DescribeEndpoint",
                                      "application-autoscaling:RegisterScalableTarget",
                                      "application-autoscaling:PutScalingPolicy"}));
  EXPECT_NE(out.actions[0].summary.find("capacity"), std::string::npos);
  EXPECT_EQ(out.actions[1].params.at("until"), "gone");
  EXPECT_EQ(out.actions[3].params.at("until"), "InService");
}

TEST_F(SageMakerEndpointTest, StartLeavesADriftedConfigWithANote) {
  Snapshot s = Endpoint();
  s.config["endpoint_config_name"] = "ep-config-v3";
  PlanOutput out = Start(s);
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kError);
  EXPECT_NE(out.notes[0].message.find("ep-config-v3"), std::string::npos);
  EXPECT_NE(out.notes[0].message.find("ep-config-v2"), std::string::npos);
}

TEST_F(SageMakerEndpointTest, StartOfARestoredEndpointDoesNothing) {
  PlanOutput out = Start(Endpoint());
  EXPECT_TRUE(out.actions.empty());
  EXPECT_TRUE(out.notes.empty());
}

TEST_F(SageMakerEndpointTest, StartRegistersOnlyTheMissingScaling) {
  Snapshot s = Endpoint();
  s.config["autoscaling"] = {{"targets", {kTarget}}, {"policies", json::array()}};
  PlanOutput out = Start(s);
  EXPECT_EQ(SagemakerEndpointApis(out),
            std::vector<std::string>{"application-autoscaling:PutScalingPolicy"});
}

TEST_F(SageMakerEndpointTest, ClassifyAndVerify) {
  json original = SagemakerEndpointOriginal();
  EXPECT_EQ(type_->Classify(Endpoint(), &original), Condition::kRunning);
  EXPECT_EQ(type_->Classify(Gone(), &original), Condition::kStopped);
  EXPECT_EQ(type_->Classify(Gone(), nullptr), Condition::kMissing);
  EXPECT_EQ(type_->Classify(Endpoint("Creating"), &original), Condition::kTransitioning);
  EXPECT_EQ(type_->Classify(Endpoint("Failed"), &original), Condition::kDrifted);
  EXPECT_EQ(type_->Verify(Endpoint(), original), "");
  EXPECT_EQ(type_->Verify(Endpoint("Creating"), original), "endpoint is Creating, not InService");
  Snapshot untagged = Endpoint();
  untagged.config["tags"] = json::array();
  EXPECT_EQ(type_->Verify(untagged, original), "tag team is missing");
  Snapshot unscaled = Endpoint();
  unscaled.config["autoscaling"] = {{"targets", {kTarget}}, {"policies", json::array()}};
  EXPECT_EQ(type_->Verify(unscaled, original), "scaling policy cpu is missing");
}

TEST_F(SageMakerEndpointTest, ParkedEndpointCostsNothing) {
  testing::MemFileSystem fs;
  auto prices = PriceTable::Load(fs, MapEnvironment(), TypePriceKeys());
  ASSERT_TRUE(prices.ok());
  Snapshot running = Endpoint();
  EXPECT_NEAR(type_->CostOf(running, *prices, "us-east-1").hourly_usd, 2 * 0.115, 1e-12);
  Snapshot parked = type_->Parked(running);
  EXPECT_FALSE(parked.exists);
  EXPECT_EQ(type_->CostOf(parked, *prices, "us-east-1").hourly_usd, 0);
}

TEST_F(SageMakerEndpointTest, ApplyOfTheStartPlanSendsTheRecordedValues) {
  pure_ = false;
  env_.EnqueueJson({{"EndpointArn", "arn"}});  // CreateEndpoint
  env_.EnqueueJson({{"EndpointName", "ep"}, {"EndpointStatus", "Creating"}});
  env_.EnqueueJson({{"EndpointName", "ep"}, {"EndpointStatus", "InService"}});
  env_.EnqueueJson(json::object());  // RegisterScalableTarget
  env_.EnqueueJson({{"PolicyARN", "arn:policy"}});
  PlanOutput out = Start(Gone());
  for (const auto& a : out.actions) ASSERT_TRUE(type_->Apply(a, ApplyOptions()).ok()) << a.summary;
  ASSERT_EQ(env_.requests().size(), 5u);
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "SageMaker.CreateEndpoint");
  EXPECT_EQ(env_.JsonBody(0), (json{{"EndpointName", "ep"},
                                    {"EndpointConfigName", "ep-config-v2"},
                                    {"Tags", {{{"Key", "team"}, {"Value", "ml"}}}}}));
  EXPECT_EQ(env_.Header(3, "X-Amz-Target"), "AnyScaleFrontendService.RegisterScalableTarget");
  EXPECT_EQ(env_.JsonBody(3), kTarget);
  EXPECT_EQ(env_.Header(4, "X-Amz-Target"), "AnyScaleFrontendService.PutScalingPolicy");
  EXPECT_EQ(env_.JsonBody(4), kSagemakerEndpointPolicy);
  EXPECT_FALSE(env_.clock().sleeps().empty());
}

TEST_F(SageMakerEndpointTest, WaitReportsTheFailureReason) {
  pure_ = false;
  env_.EnqueueJson(
      {{"EndpointName", "ep"}, {"EndpointStatus", "Failed"}, {"FailureReason", "no capacity"}});
  Action wait = Start(Gone()).actions.at(1);
  Status s = type_->Apply(wait, ApplyOptions());
  EXPECT_TRUE(s.IsAws("EndpointFailed"));
  EXPECT_NE(s.message().find("no capacity"), std::string::npos);
}

// FailureReason is free text (often the model container's own output): as
// an error message it is server text, one line, without a token it quotes.
TEST_F(SageMakerEndpointTest, TheFailureReasonIsRedactedInTheError) {
  pure_ = false;
  env_.EnqueueJson(
      {{"EndpointName", "ep"},
       {"EndpointStatus", "Failed"},
       {"FailureReason", "container exited:\n\x1b[2J AWS_SESSION_TOKEN=leaked-token-93f"}});
  Action wait = Start(Gone()).actions.at(1);
  Status s = type_->Apply(wait, ApplyOptions());
  EXPECT_TRUE(s.IsAws("EndpointFailed"));
  EXPECT_NE(s.message().find("container exited: [2J AWS_SESSION_TOKEN=[redacted]"),
            std::string::npos)
      << s.message();
}

TEST_F(SageMakerEndpointTest, DeleteOfAGoneEndpointSucceeds) {
  pure_ = false;
  env_.EnqueueJsonError(400, "ValidationException", "Could not find endpoint \"ep\".");
  Action del = Stop(Endpoint()).actions.at(1);
  ASSERT_EQ(del.api, "sagemaker:DeleteEndpoint");
  Status s = type_->Apply(del, ApplyOptions());
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST_F(SageMakerEndpointTest, AStepOfAnUnknownKindIsRefusedWithoutACall) {
  Action a = ResourceAction("sagemaker-endpoint", "ep", "sagemaker:DeleteEndpoint", "x",
                            {{"op", "explode"}});
  Status s = type_->Apply(a, ApplyOptions{});
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_NE(s.message().find("\"explode\""), std::string::npos) << s.message();
}

}  // namespace
}  // namespace arm
