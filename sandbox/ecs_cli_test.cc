// Conformance: the real AWS CLI against the in-process sandbox for every ECS
// and Application Auto Scaling (ecs namespace) operation the ecs-service type
// uses, asserting on its parsed JSON and error codes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/testing/aws_cli_fixture.h"

namespace sandbox {
namespace {

using arm::testing::AwsCli;
using arm::testing::CliResult;
using nlohmann::json;

constexpr char kCluster[] = "user-journey-analytics";
constexpr char kService[] = "user-journey-analytics-api";
constexpr char kEcsCliResource[] = "service/user-journey-analytics/user-journey-analytics-api";
constexpr char kEcsCliDimension[] = "ecs:service:DesiredCount";

class EcsCliTest : public arm::testing::AwsCliFixture {
 protected:
  std::vector<std::string> Services() const override { return {"ecs", "application-autoscaling"}; }
};

TEST_F(EcsCliTest, ListsPageAndDescribeServicesWithTagsAndFailures) {
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    // --page-size 1 makes the CLI follow our nextToken through every page.
    CliResult clusters = Run(cli, {"ecs", "list-clusters", "--page-size", "1"});
    ExpectOk(clusters);
    EXPECT_EQ(clusters.json["clusterArns"].size(), 2u);
    CliResult services = Run(cli, {"ecs", "list-services", "--cluster", kCluster});
    ExpectOk(services);
    EXPECT_EQ(services.json["serviceArns"][0],
              "arn:aws:ecs:us-east-1:000000000000:" + std::string(kEcsCliResource));
    ExpectError(Run(cli, {"ecs", "list-services", "--cluster", "nope"}), "ClusterNotFoundException",
                "Cluster not found.");

    CliResult d = Run(cli, {"ecs", "describe-services", "--cluster", kCluster, "--services",
                            kService, "nope", "--include", "TAGS"});
    ExpectOk(d);
    ASSERT_EQ(d.json["services"].size(), 1u);
    EXPECT_EQ(d.json["services"][0]["desiredCount"], 2);
    EXPECT_EQ(d.json["services"][0]["deployments"][0]["status"], "PRIMARY");
    EXPECT_EQ(d.json["services"][0]["deployments"][0]["rolloutState"], "COMPLETED");
    EXPECT_FALSE(d.json["services"][0]["tags"].empty());
    EXPECT_EQ(d.json["failures"][0]["reason"], "MISSING");

    CliResult td = Run(cli, {"ecs", "describe-task-definition", "--task-definition",
                             d.json["services"][0]["taskDefinition"]});
    ExpectOk(td);
    EXPECT_EQ(td.json["taskDefinition"]["cpu"], "512");
    EXPECT_EQ(td.json["taskDefinition"]["memory"], "1024");
    ExpectError(Run(cli, {"ecs", "describe-task-definition", "--task-definition", "nope:1"}),
                "ClientException");
  }
}

TEST_F(EcsCliTest, UpdateServiceAndItsErrors) {
  int desired = 3;  // a new count for each CLI, so that each starts a deployment
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    ++desired;
    CliResult u = Run(cli, {"ecs", "update-service", "--cluster", kCluster, "--service", kService,
                            "--desired-count", std::to_string(desired)});
    ExpectOk(u);
    EXPECT_EQ(u.json["service"]["desiredCount"], desired);
    EXPECT_EQ(u.json["service"]["deployments"][0]["rolloutState"], "IN_PROGRESS");
    ExpectError(Run(cli, {"ecs", "update-service", "--cluster", kCluster, "--service", "nope",
                          "--desired-count", "0"}),
                "ServiceNotFoundException", "Service not found.");
    ExpectError(Run(cli, {"ecs", "update-service", "--cluster", "nope", "--service", kService,
                          "--desired-count", "0"}),
                "ClusterNotFoundException");
    ExpectError(Run(cli, {"ecs", "update-service", "--cluster", kCluster, "--service", kService,
                          "--desired-count", "-1"}),
                "InvalidParameterException");
  }
}

TEST_F(EcsCliTest, AutoScalingOfAnEcsServiceSuspendsAndRestores) {
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    const std::vector<std::string> key = {"--service-namespace",  "ecs",
                                          "--resource-id",        kEcsCliResource,
                                          "--scalable-dimension", kEcsCliDimension};
    auto with = [&](std::vector<std::string> args, const std::vector<std::string>& more) {
      args.insert(args.end(), key.begin(), key.end());
      args.insert(args.end(), more.begin(), more.end());
      return args;
    };
    ExpectOk(Run(cli, with({"application-autoscaling", "register-scalable-target"},
                           {"--suspended-state",
                            "DynamicScalingInSuspended=true,DynamicScalingOutSuspended=true,"
                            "ScheduledScalingSuspended=true"})));
    CliResult t = Run(cli, {"application-autoscaling", "describe-scalable-targets",
                            "--service-namespace", "ecs", "--resource-ids", kEcsCliResource});
    ExpectOk(t);
    ASSERT_EQ(t.json["ScalableTargets"].size(), 1u);
    EXPECT_EQ(t.json["ScalableTargets"][0]["MinCapacity"], 2);
    EXPECT_TRUE(t.json["ScalableTargets"][0]["SuspendedState"]["ScheduledScalingSuspended"]);

    ExpectOk(Run(cli, with({"application-autoscaling", "put-scheduled-action",
                            "--scheduled-action-name", "mornings"},
                           {"--schedule", "cron(0 7 * * ? *)", "--scalable-target-action",
                            "MinCapacity=3,MaxCapacity=6"})));
    CliResult s = Run(cli, {"application-autoscaling", "describe-scheduled-actions",
                            "--service-namespace", "ecs", "--resource-id", kEcsCliResource});
    ExpectOk(s);
    EXPECT_EQ(s.json["ScheduledActions"][0]["ScheduledActionName"], "mornings");
    ExpectOk(Run(cli, with({"application-autoscaling", "put-scaling-policy", "--policy-name", "cpu",
                            "--policy-type", "TargetTrackingScaling"},
                           {"--target-tracking-scaling-policy-configuration",
                            R"({"TargetValue": 50.0, "PredefinedMetricSpecification": )"
                            R"({"PredefinedMetricType": "ECSServiceAverageCPUUtilization"}})"})));
    CliResult p = Run(cli, {"application-autoscaling", "describe-scaling-policies",
                            "--service-namespace", "ecs", "--resource-id", kEcsCliResource});
    ExpectOk(p);
    EXPECT_EQ(p.json["ScalingPolicies"].size(), 2u);  // the estate's and "cpu"

    ExpectError(Run(cli, {"application-autoscaling", "register-scalable-target",
                          "--service-namespace", "ecs", "--resource-id",
                          "service/user-journey-analytics/nope", "--scalable-dimension",
                          kEcsCliDimension, "--min-capacity", "1", "--max-capacity", "2"}),
                "ValidationException", "ECS service doesn't exist");
  }
}

}  // namespace
}  // namespace sandbox
