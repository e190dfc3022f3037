// What AWS deletes with an endpoint: Application Auto Scaling deregisters its
// scalable targets, and with them their scaling policies and scheduled
// actions. The real binary against aws-sandbox, which cascades like AWS.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/e2e/manager_fixture.h"

namespace arm::testing {
namespace {

using nlohmann::json;

constexpr char kSagemakerCascadeEndpoint[] = "user-journey-analytics-exit-risk-endpoint";
constexpr char kResource[] =
    "endpoint/user-journey-analytics-exit-risk-endpoint/variant/AllTraffic";

std::vector<json> Of(const json& list, const std::string& resource_id) {
  std::vector<json> out;
  for (const auto& e : list)
    if (e.value("resource_id", "") == resource_id) out.push_back(e);
  return out;
}

json SagemakerCascadeReadJson(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

class SageMakerCascadeTest : public ManagerFixture {};

TEST_F(SageMakerCascadeTest, StopRecordsAndStartRestoresTheScheduledActions) {
  json before = Estate();
  ASSERT_EQ(Of(before["application-autoscaling"]["scheduled_actions"], kResource).size(), 2u);
  // Deregistered openly, before the endpoint is deleted.
  auto plan = Manager({"--only", "sagemaker", "stop", "--dry-run"});
  size_t dereg = plan.out.find("DeregisterScalableTarget " + std::string(kResource) +
                               " (recorded with 1 scaling policy and 2 scheduled actions)");
  size_t del = plan.out.find("DeleteEndpoint " + std::string(kSagemakerCascadeEndpoint));
  ASSERT_NE(dereg, std::string::npos) << plan.out;
  ASSERT_NE(del, std::string::npos) << plan.out;
  EXPECT_LT(dereg, del);
  auto stop = Manager({"--only", "sagemaker", "stop", "--force"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  EXPECT_EQ(MutatingCalls()["application-autoscaling:DeregisterScalableTarget"], 1);
  json parked = Estate();
  EXPECT_TRUE(Of(parked["application-autoscaling"]["scheduled_actions"], kResource).empty());
  EXPECT_TRUE(Of(parked["application-autoscaling"]["scaling_policies"], kResource).empty());
  // The other project's scaling is untouched.
  EXPECT_EQ(parked["application-autoscaling"]["scheduled_actions"].size(), 1u);

  std::string saved = SagemakerCascadeReadJson(state_path()).dump();
  EXPECT_NE(saved.find("user-journey-analytics-weekday-morning-scale-out"), std::string::npos);
  EXPECT_NE(saved.find("Europe/Paris"), std::string::npos);

  auto replan = Manager({"--only", "sagemaker", "start", "--dry-run"});
  EXPECT_NE(replan.out.find("PutScheduledAction user-journey-analytics-black-friday"),
            std::string::npos)
      << replan.out;
  auto start = Manager({"--only", "sagemaker", "start", "--force"});
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  EXPECT_EQ(MutatingCalls()["application-autoscaling:PutScheduledAction"], 2);
  json after = Estate();
  EXPECT_TRUE(after == before) << json::diff(before, after).dump();
}

// A state file written before scheduled actions were recorded still loads
// and restores everything it holds.
TEST_F(SageMakerCascadeTest, StateWithoutScheduledActionsStillRestores) {
  json before = Estate();
  ASSERT_EQ(Manager({"--only", "sagemaker", "stop", "--force"}).exit_code, 0);
  json state = SagemakerCascadeReadJson(state_path());
  bool edited = false;
  for (auto& r : state["resources"]) {
    if (r.value("name", "") != kSagemakerCascadeEndpoint) continue;
    ASSERT_TRUE(r["original"]["autoscaling"].contains("scheduled_actions"));
    r["original"]["autoscaling"].erase("scheduled_actions");
    edited = true;
  }
  ASSERT_TRUE(edited);
  std::ofstream(state_path(), std::ios::trunc) << state.dump(2);
  auto start = Manager({"--only", "sagemaker", "start", "--force"});
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  EXPECT_EQ(MutatingCalls()["application-autoscaling:PutScheduledAction"], 0);
  json after = Estate();
  EXPECT_EQ(Of(after["application-autoscaling"]["scaling_policies"], kResource),
            Of(before["application-autoscaling"]["scaling_policies"], kResource));
  EXPECT_EQ(Of(after["application-autoscaling"]["scalable_targets"], kResource),
            Of(before["application-autoscaling"]["scalable_targets"], kResource));
}

// A caller allowed everything but DeregisterScalableTarget: AWS refuses its
// DeleteEndpoint too, so the stop changes nothing and names the permission.
class CascadePermissionTest : public ManagerFixture {
 protected:
  sandbox::ServerOptions Options() override {
    auto o = ManagerFixture::Options();
    o.estate["credentials"].push_back(
        {{"access_key_id", "AKIANODEREGISTEREXAMPLE"},
         {"secret_access_key", "no-deregister-secret"},
         {"account_id", "000000000000"},
         {"arn", "arn:aws:iam::000000000000:user/parker"},
         {"allow",
          {"sts:*", "sagemaker:*", "application-autoscaling:Describe*",
           "application-autoscaling:Register*", "application-autoscaling:Put*",
           "application-autoscaling:DeleteScalingPolicy", "tag:GetResources"}}});
    return o;
  }
};

TEST_F(CascadePermissionTest, StopWithoutDeregisterPermissionChangesNothing) {
  json before = Estate();
  auto stop = Manager(
      {"--only", "sagemaker", "stop", "--force"},
      {"AWS_ACCESS_KEY_ID=AKIANODEREGISTEREXAMPLE", "AWS_SECRET_ACCESS_KEY=no-deregister-secret"});
  EXPECT_EQ(stop.exit_code, 3) << stop.out << stop.err;
  EXPECT_NE(stop.out.find("application-autoscaling:DeregisterScalableTarget"), std::string::npos)
      << stop.out;
  EXPECT_EQ(MutatingCalls().count("sagemaker:DeleteEndpoint"), 0u);
  json after = Estate();
  EXPECT_TRUE(after == before) << json::diff(before, after).dump();
}

}  // namespace
}  // namespace arm::testing

namespace arm::testing {
namespace {

// The endpoint cannot come back (AWS has no capacity for its instance type):
// its alarms must stay disabled, the rest are re-armed.
class EndpointFailsAtStartTest : public ManagerFixture {
 protected:
  sandbox::ServerOptions Options() override {
    auto o = ManagerFixture::Options();
    for (auto& c : o.estate["sagemaker"]["endpoint_configs"])
      if (c["EndpointConfigName"] == "user-journey-analytics-exit-risk-endpoint-config")
        c["SandboxCreationFailure"] = "Insufficient capacity for ml.m5.large";
    return o;
  }
};

TEST_F(EndpointFailsAtStartTest, AlarmsOfTheFailedEndpointStayDisabled) {
  ASSERT_EQ(Manager({"stop", "--force"}).exit_code, 0);
  auto start = Manager({"start", "--force"});
  EXPECT_EQ(start.exit_code, 1) << start.out << start.err;
  EXPECT_NE(start.out.find("Insufficient capacity"), std::string::npos) << start.out;
  nlohmann::json alarms = Estate()["monitoring"]["alarms"];
  for (const char* held :
       {"user-journey-analytics-endpoint-latency-high",
        "user-journey-analytics-endpoint-5xx-errors", "user-journey-analytics-endpoint-cpu-high"}) {
    EXPECT_FALSE(alarms[held]["actions_enabled"].get<bool>()) << held;
    EXPECT_NE(start.out.find(std::string(held) + ": actions left disabled"), std::string::npos)
        << start.out;
  }
  EXPECT_NE(start.out.find("aws-resource-manager start"), std::string::npos);
  for (const char* back :
       {"user-journey-analytics-stream-iterator-age", "user-journey-analytics-processor-errors",
        "user-journey-analytics-executor-throttles"})
    EXPECT_TRUE(alarms[back]["actions_enabled"].get<bool>()) << back;
  // The held alarms are still recorded, so a later start re-arms them.
  std::string saved = SagemakerCascadeReadJson(state_path()).dump();
  EXPECT_NE(saved.find("user-journey-analytics-endpoint-cpu-high"), std::string::npos);
}

}  // namespace
}  // namespace arm::testing

namespace arm::testing {
namespace {

constexpr char kConfig[] = "user-journey-analytics-exit-risk-endpoint-config";

// The endpoint config (with data capture, a KMS key and tags) is deleted while
// the endpoint is parked: status and the plan say so, and start recreates it
// from the record under the same name.
class ConfigDeletedWhileParkedTest : public ManagerFixture {
 protected:
  sandbox::ServerOptions Options() override {
    auto o = ManagerFixture::Options();
    auto& sm = o.estate["sagemaker"];
    for (auto& c : sm["endpoint_configs"]) {
      if (c["EndpointConfigName"] != kConfig) continue;
      c["KmsKeyId"] =
          "arn:aws:kms:us-east-1:000000000000:key/"
          "1234abcd-12ab-34cd-56ef-1234567890ab";
      c["DataCaptureConfig"] = {
          {"EnableCapture", true},
          {"InitialSamplingPercentage", 20},
          {"DestinationS3Uri", "s3://user-journey-analytics-state/capture"},
          {"CaptureOptions", {{{"CaptureMode", "Input"}}, {{"CaptureMode", "Output"}}}}};
      c["ProductionVariants"][0]["InitialVariantWeight"] = 0.5;
      c["Tags"] = {{{"Key", "Project"}, {"Value", "user-journey-analytics"}}};
    }
    if (parked_without_config_) {
      // The estate as a stop left it, then someone deleted the config.
      json kept_configs = json::array(), kept_endpoints = json::array();
      for (auto& c : sm["endpoint_configs"])
        if (c["EndpointConfigName"] != kConfig) kept_configs.push_back(c);
      for (auto& e : sm["endpoints"])
        if (e["EndpointName"] != kSagemakerCascadeEndpoint) kept_endpoints.push_back(e);
      sm["endpoint_configs"] = kept_configs;
      sm["endpoints"] = kept_endpoints;
      for (const char* list : {"scalable_targets", "scaling_policies", "scheduled_actions"}) {
        json kept = json::array();
        for (auto& e : o.estate["application-autoscaling"][list])
          if (e["ResourceId"] != kResource) kept.push_back(e);
        o.estate["application-autoscaling"][list] = kept;
      }
    }
    return o;
  }
  void ReloadParkedWithoutConfig() {
    server_->Stop();
    server_.reset();
    parked_without_config_ = true;
    SandboxFixture::SetUp();
  }
  bool parked_without_config_ = false;
};

TEST_F(ConfigDeletedWhileParkedTest, StartRecreatesTheConfigFromTheRecord) {
  json before = Estate();
  ASSERT_EQ(Manager({"--only", "sagemaker", "stop", "--force"}).exit_code, 0);
  ReloadParkedWithoutConfig();
  ASSERT_EQ(Estate()["sagemaker"]["endpoint_configs"].size(), 1u);

  auto status = Manager({"--only", "sagemaker", "status"});
  EXPECT_NE(status.out.find("was deleted too: start recreates it from the record"),
            std::string::npos)
      << status.out;
  auto plan = Manager({"--only", "sagemaker", "start", "--dry-run"});
  EXPECT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("was deleted while parked; start recreates it"), std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("CreateEndpointConfig " + std::string(kConfig)), std::string::npos)
      << plan.out;
  EXPECT_TRUE(MutatingCalls().empty());

  auto start = Manager({"--only", "sagemaker", "start", "--force"});
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  EXPECT_NE(start.out.find("was deleted while parked; start recreates it"), std::string::npos)
      << start.out;
  EXPECT_EQ(MutatingCalls()["sagemaker:CreateEndpointConfig"], 1);
  json after = Estate();
  EXPECT_TRUE(after["sagemaker"] == before["sagemaker"])
      << json::diff(before["sagemaker"], after["sagemaker"]).dump();
  EXPECT_TRUE(after["application-autoscaling"] == before["application-autoscaling"])
      << json::diff(before["application-autoscaling"], after["application-autoscaling"]).dump();
}

TEST_F(ConfigDeletedWhileParkedTest, OldStateWithoutTheRecordSaysWhatToDo) {
  ASSERT_EQ(Manager({"--only", "sagemaker", "stop", "--force"}).exit_code, 0);
  json state = SagemakerCascadeReadJson(state_path());
  for (auto& r : state["resources"])
    if (r.value("name", "") == kSagemakerCascadeEndpoint) r["original"].erase("endpoint_config");
  std::ofstream(state_path(), std::ios::trunc) << state.dump(2);
  ReloadParkedWithoutConfig();
  auto start = Manager({"--only", "sagemaker", "start", "--force"});
  EXPECT_EQ(start.exit_code, 1) << start.out << start.err;
  EXPECT_NE(start.out.find("does not record it: recreate endpoint config"), std::string::npos)
      << start.out;
  EXPECT_EQ(start.out.find("ValidationException"), std::string::npos) << start.out;
  EXPECT_TRUE(MutatingCalls().empty());
}

}  // namespace
}  // namespace arm::testing
