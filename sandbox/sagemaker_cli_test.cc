// Conformance: the real AWS CLI against the in-process sandbox (SageMaker and
// Application Auto Scaling), asserting on its parsed JSON and error codes.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/testing/aws_cli.h"
#include "tests/testing/sandbox_fixture.h"

namespace sandbox {
namespace {

using arm::testing::AwsCli;
using arm::testing::CliResult;
using nlohmann::json;

constexpr char kSagemakerCliEndpoint[] = "user-journey-analytics-exit-risk-endpoint";
constexpr char kConfig[] = "user-journey-analytics-exit-risk-endpoint-config";
constexpr char kSagemakerCliResource[] =
    "endpoint/user-journey-analytics-exit-risk-endpoint/variant/AllTraffic";
constexpr char kSagemakerCliDimension[] = "sagemaker:variant:DesiredInstanceCount";

class SageMakerCliTest : public arm::testing::SandboxFixture {
 protected:
  void SetUp() override {
    clis_ = arm::testing::AwsClisFor({"sagemaker", "application-autoscaling"});
    if (clis_.empty()) GTEST_SKIP() << "no AWS CLI installed";
    SandboxFixture::SetUp();
  }
  CliResult Run(const AwsCli& cli, const std::vector<std::string>& args) {
    // One attempt: the CLI would otherwise retry LimitExceededException with
    // backoff.
    return arm::testing::RunAwsCli(cli, endpoint(), args, {{"AWS_MAX_ATTEMPTS", "1"}});
  }
  // The CLI failed with `code` ("An error occurred (Code) when calling ...").
  static void ExpectError(const CliResult& r, const std::string& code,
                          const std::string& message_part = "") {
    EXPECT_NE(r.exit_code, 0) << r.out;
    EXPECT_NE(r.err.find("(" + code + ")"), std::string::npos) << r.err;
    if (!message_part.empty()) {
      EXPECT_NE(r.err.find(message_part), std::string::npos) << r.err;
    }
  }
  static void ExpectOk(const CliResult& r) { ASSERT_EQ(r.exit_code, 0) << r.err; }

  std::vector<AwsCli> clis_;
};

TEST_F(SageMakerCliTest, ListAndDescribeTheDemoEndpoint) {
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult list = Run(cli, {"sagemaker", "list-endpoints", "--name-contains", "exit-risk"});
    ExpectOk(list);
    ASSERT_EQ(list.json["Endpoints"].size(), 1u);
    EXPECT_EQ(list.json["Endpoints"][0]["EndpointName"], kSagemakerCliEndpoint);
    EXPECT_EQ(list.json["Endpoints"][0]["EndpointStatus"], "InService");

    // --page-size 1 makes the CLI follow our NextToken through every page.
    CliResult paged = Run(cli, {"sagemaker", "list-endpoints", "--page-size", "1"});
    ExpectOk(paged);
    EXPECT_EQ(paged.json["Endpoints"].size(), 2u);

    CliResult d =
        Run(cli, {"sagemaker", "describe-endpoint", "--endpoint-name", kSagemakerCliEndpoint});
    ExpectOk(d);
    EXPECT_EQ(d.json["EndpointArn"], "arn:aws:sagemaker:us-east-1:000000000000:endpoint/" +
                                         std::string(kSagemakerCliEndpoint));
    EXPECT_EQ(d.json["EndpointConfigName"], kConfig);
    EXPECT_EQ(d.json["ProductionVariants"][0]["VariantName"], "AllTraffic");
    EXPECT_EQ(d.json["ProductionVariants"][0]["CurrentInstanceCount"], 1);

    CliResult c =
        Run(cli, {"sagemaker", "describe-endpoint-config", "--endpoint-config-name", kConfig});
    ExpectOk(c);
    EXPECT_EQ(c.json["ProductionVariants"][0]["InstanceType"], "ml.m5.large");
    CliResult m = Run(cli, {"sagemaker", "describe-model", "--model-name",
                            "user-journey-analytics-exit-risk-model"});
    ExpectOk(m);
    EXPECT_EQ(m.json["ExecutionRoleArn"], "arn:aws:iam::000000000000:role/sagemaker-exec");

    CliResult tags = Run(cli, {"sagemaker", "list-tags", "--resource-arn", d.json["EndpointArn"]});
    ExpectOk(tags);
    EXPECT_EQ(tags.json["Tags"], json::parse(R"([{"Key":"Project","Value":"user-journey-analytics"},
                                                 {"Key":"Owner","Value":"analytics"}])"));
  }
}

TEST_F(SageMakerCliTest, MissingEndpointIsValidationException) {
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    ExpectError(Run(cli, {"sagemaker", "describe-endpoint", "--endpoint-name", "nope"}),
                "ValidationException", "Could not find endpoint \"nope\".");
    ExpectError(Run(cli, {"sagemaker", "delete-endpoint", "--endpoint-name", "nope"}),
                "ValidationException");
  }
}

TEST_F(SageMakerCliTest, CreateEndpointTagsItAndRefusesTakenNameOrMissingConfig) {
  for (size_t i = 0; i < clis_.size(); ++i) {
    SCOPED_TRACE(clis_[i].label);
    std::string name = "restored-" + std::to_string(i);
    CliResult created =
        Run(clis_[i], {"sagemaker", "create-endpoint", "--endpoint-name", name,
                       "--endpoint-config-name", kConfig, "--tags", "Key=Project,Value=restored"});
    ExpectOk(created);
    EXPECT_EQ(created.json["EndpointArn"],
              "arn:aws:sagemaker:us-east-1:000000000000:endpoint/" + name);
    CliResult d = Run(clis_[i], {"sagemaker", "describe-endpoint", "--endpoint-name", name});
    ExpectOk(d);
    std::string status = d.json["EndpointStatus"];
    EXPECT_TRUE(status == "Creating" || status == "InService") << status;
    CliResult tags =
        Run(clis_[i], {"sagemaker", "list-tags", "--resource-arn", created.json["EndpointArn"]});
    EXPECT_EQ(tags.json["Tags"], json::parse(R"([{"Key":"Project","Value":"restored"}])"));
    CliResult added = Run(clis_[i], {"sagemaker", "add-tags", "--resource-arn",
                                     created.json["EndpointArn"], "--tags", "Key=Owner,Value=ops"});
    ExpectOk(added);
    EXPECT_EQ(added.json["Tags"][0]["Key"], "Owner");

    ExpectError(Run(clis_[i], {"sagemaker", "create-endpoint", "--endpoint-name",
                               kSagemakerCliEndpoint, "--endpoint-config-name", kConfig}),
                "ValidationException", "Cannot create already existing endpoint");
    ExpectError(Run(clis_[i], {"sagemaker", "create-endpoint", "--endpoint-name", name + "-x",
                               "--endpoint-config-name", "missing-config"}),
                "ValidationException", "Could not find endpoint configuration");
  }
}

TEST_F(SageMakerCliTest, DeleteEndpointDeregistersItsAutoScaling) {
  const AwsCli& cli = clis_.front();
  for (const AwsCli& each : clis_) {
    SCOPED_TRACE(each.label);
    CliResult targets =
        Run(each, {"application-autoscaling", "describe-scalable-targets", "--service-namespace",
                   "sagemaker", "--resource-ids", kSagemakerCliResource});
    ExpectOk(targets);
    ASSERT_EQ(targets.json["ScalableTargets"].size(), 1u);
    EXPECT_EQ(targets.json["ScalableTargets"][0]["MaxCapacity"], 4);
  }
  ExpectOk(Run(cli, {"sagemaker", "delete-endpoint", "--endpoint-name", kSagemakerCliEndpoint}));
  for (const AwsCli& each : clis_) {
    SCOPED_TRACE(each.label);
    CliResult targets =
        Run(each, {"application-autoscaling", "describe-scalable-targets", "--service-namespace",
                   "sagemaker", "--resource-ids", kSagemakerCliResource});
    ExpectOk(targets);
    EXPECT_TRUE(targets.json["ScalableTargets"].empty());
    CliResult policies =
        Run(each, {"application-autoscaling", "describe-scaling-policies", "--service-namespace",
                   "sagemaker", "--resource-id", kSagemakerCliResource});
    ExpectOk(policies);
    EXPECT_TRUE(policies.json["ScalingPolicies"].empty());
  }
}

TEST_F(SageMakerCliTest, AutoScalingParkAndRestore) {
  std::string tracking = R"({"TargetValue":70.0,"PredefinedMetricSpecification":)"
                         R"({"PredefinedMetricType":"SageMakerVariantInvocationsPerInstance"},)"
                         R"("ScaleInCooldown":300,"ScaleOutCooldown":60})";
  std::vector<std::string> key = {"--service-namespace",  "sagemaker",
                                  "--resource-id",        kSagemakerCliResource,
                                  "--scalable-dimension", kSagemakerCliDimension};
  auto with = [&](std::vector<std::string> head, const std::vector<std::string>& tail) {
    head.insert(head.begin() + 2, key.begin(), key.end());
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
  };
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult paged = Run(cli, {"application-autoscaling", "describe-scalable-targets",
                                "--service-namespace", "sagemaker", "--page-size", "1"});
    ExpectOk(paged);
    EXPECT_EQ(paged.json["ScalableTargets"].size(), 2u);

    ExpectOk(Run(cli, with({"application-autoscaling", "register-scalable-target"},
                           {"--min-capacity", "0", "--max-capacity", "0"})));
    CliResult parked =
        Run(cli, {"application-autoscaling", "describe-scalable-targets", "--service-namespace",
                  "sagemaker", "--resource-ids", kSagemakerCliResource});
    EXPECT_EQ(parked.json["ScalableTargets"][0]["MinCapacity"], 0);

    ExpectOk(Run(cli, with({"application-autoscaling", "deregister-scalable-target"}, {})));
    ExpectError(Run(cli, with({"application-autoscaling", "deregister-scalable-target"}, {})),
                "ObjectNotFoundException", "No scalable target registered");
    ExpectError(Run(cli, with({"application-autoscaling", "put-scaling-policy"},
                              {"--policy-name", "p", "--policy-type", "TargetTrackingScaling",
                               "--target-tracking-scaling-policy-configuration", tracking})),
                "ObjectNotFoundException");

    ExpectOk(Run(cli, with({"application-autoscaling", "register-scalable-target"},
                           {"--min-capacity", "1", "--max-capacity", "4"})));
    CliResult put =
        Run(cli, with({"application-autoscaling", "put-scaling-policy"},
                      {"--policy-name", "restored", "--policy-type", "TargetTrackingScaling",
                       "--target-tracking-scaling-policy-configuration", tracking}));
    ExpectOk(put);
    EXPECT_NE(put.json["PolicyARN"].get<std::string>().find("policyName/restored"),
              std::string::npos);
    EXPECT_EQ(put.json["Alarms"].size(), 2u);
    CliResult policies = Run(
        cli, {"application-autoscaling", "describe-scaling-policies", "--service-namespace",
              "sagemaker", "--resource-id", kSagemakerCliResource, "--policy-names", "restored"});
    ExpectOk(policies);
    ASSERT_EQ(policies.json["ScalingPolicies"].size(), 1u);
    EXPECT_EQ(policies.json["ScalingPolicies"][0]["TargetTrackingScalingPolicyConfiguration"],
              json::parse(tracking));

    ExpectError(Run(cli, {"application-autoscaling", "register-scalable-target",
                          "--service-namespace", "sagemaker", "--resource-id",
                          "endpoint/nope/variant/AllTraffic", "--scalable-dimension",
                          kSagemakerCliDimension, "--min-capacity", "1", "--max-capacity", "2"}),
                "ValidationException", "does not exist");
  }
}

TEST_F(SageMakerCliTest, ScheduledActionsPutDescribeDeleteAndCascade) {
  std::vector<std::string> key = {"--service-namespace",  "sagemaker",
                                  "--resource-id",        kSagemakerCliResource,
                                  "--scalable-dimension", kSagemakerCliDimension};
  auto with = [&](std::vector<std::string> head, const std::vector<std::string>& tail) {
    head.insert(head.begin() + 2, key.begin(), key.end());
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
  };
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult listed =
        Run(cli, {"application-autoscaling", "describe-scheduled-actions", "--service-namespace",
                  "sagemaker", "--resource-id", kSagemakerCliResource, "--page-size", "1"});
    ExpectOk(listed);
    ASSERT_EQ(listed.json["ScheduledActions"].size(), 2u);
    EXPECT_EQ(listed.json["ScheduledActions"][0]["Timezone"], "Europe/Paris");
    // The CLI parsed our timestamp (v1 prints it as epoch seconds, v2 as ISO
    // 8601).
    EXPECT_FALSE(listed.json["ScheduledActions"][1]["StartTime"].is_null());

    ExpectOk(Run(cli, with({"application-autoscaling", "put-scheduled-action"},
                           {"--scheduled-action-name", "cli-nightly", "--schedule",
                            "cron(0 22 * * ? *)", "--start-time", "2027-01-01T00:00:00Z",
                            "--scalable-target-action", "MinCapacity=1,MaxCapacity=2"})));
    CliResult one =
        Run(cli, {"application-autoscaling", "describe-scheduled-actions", "--service-namespace",
                  "sagemaker", "--scheduled-action-names", "cli-nightly"});
    ExpectOk(one);
    ASSERT_EQ(one.json["ScheduledActions"].size(), 1u);
    EXPECT_EQ(one.json["ScheduledActions"][0]["Schedule"], "cron(0 22 * * ? *)");
    EXPECT_EQ(one.json["ScheduledActions"][0]["ScalableTargetAction"],
              json::parse(R"({"MinCapacity":1,"MaxCapacity":2})"));
    const json& start = one.json["ScheduledActions"][0]["StartTime"];
    // v1 prints what the wire says (epoch seconds), v2 ISO 8601.
    EXPECT_EQ(start.is_string(), cli.label.rfind("aws-cli/1.", 0) != 0) << start;
    if (start.is_string()) {
      EXPECT_NE(start.get<std::string>().find("2027-01-01"), std::string::npos) << start;
    } else {
      EXPECT_EQ(start, 1798761600) << start;
    }
    ExpectOk(Run(cli, with({"application-autoscaling", "delete-scheduled-action"},
                           {"--scheduled-action-name", "cli-nightly"})));
    ExpectError(Run(cli, with({"application-autoscaling", "delete-scheduled-action"},
                              {"--scheduled-action-name", "cli-nightly"})),
                "ObjectNotFoundException", "No scheduled action found");
  }
  const AwsCli& cli = clis_.front();
  ExpectOk(Run(cli, with({"application-autoscaling", "deregister-scalable-target"}, {})));
  for (const AwsCli& each : clis_) {
    SCOPED_TRACE(each.label);
    CliResult left =
        Run(each, {"application-autoscaling", "describe-scheduled-actions", "--service-namespace",
                   "sagemaker", "--resource-id", kSagemakerCliResource});
    ExpectOk(left);
    EXPECT_TRUE(left.json["ScheduledActions"].empty());
    ExpectError(Run(each, with({"application-autoscaling", "put-scheduled-action"},
                               {"--scheduled-action-name", "x", "--schedule", "rate(1 day)"})),
                "ObjectNotFoundException", "No scalable target registered");
  }
}

// AWS: deleting an endpoint that has auto scaling needs the caller to hold
// application-autoscaling:DeregisterScalableTarget as well.
class SageMakerCliPermissionTest : public SageMakerCliTest {
 protected:
  sandbox::ServerOptions Options() override {
    auto o = SageMakerCliTest::Options();
    o.estate["credentials"].push_back({{"access_key_id", "AKIASAGEMAKERONLY"},
                                       {"secret_access_key", "sagemaker-only-secret"},
                                       {"account_id", "000000000000"},
                                       {"arn", "arn:aws:iam::000000000000:user/sagemaker-only"},
                                       {"allow", {"sagemaker:*"}}});
    return o;
  }
};

TEST_F(SageMakerCliPermissionTest, DeleteEndpointWithAutoScalingNeedsDeregister) {
  std::map<std::string, std::string> env = {{"AWS_MAX_ATTEMPTS", "1"},
                                            {"AWS_ACCESS_KEY_ID", "AKIASAGEMAKERONLY"},
                                            {"AWS_SECRET_ACCESS_KEY", "sagemaker-only-secret"}};
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult r = arm::testing::RunAwsCli(
        cli, endpoint(), {"sagemaker", "delete-endpoint", "--endpoint-name", kSagemakerCliEndpoint},
        env);
    ExpectError(r, "AccessDeniedException", "application-autoscaling:DeregisterScalableTarget");
    CliResult d =
        Run(cli, {"sagemaker", "describe-endpoint", "--endpoint-name", kSagemakerCliEndpoint});
    ExpectOk(d);
    EXPECT_EQ(d.json["EndpointStatus"], "InService");
  }
}

}  // namespace
}  // namespace sandbox
