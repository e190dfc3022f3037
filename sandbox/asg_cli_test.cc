// Conformance: the real AWS CLI against the in-process sandbox for every EC2
// Auto Scaling operation the autoscaling-group type uses, asserting on its
// parsed JSON and error codes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/testing/aws_cli_fixture.h"

namespace sandbox {
namespace {

using arm::testing::AwsCli;
using arm::testing::CliResult;

constexpr char kOurs[] = "user-journey-analytics-workers";

class AsgCliTest : public arm::testing::AwsCliFixture {
 protected:
  std::vector<std::string> Services() const override {
    return {"autoscaling", "resourcegroupstaggingapi"};
  }
};

TEST_F(AsgCliTest, DescribePagesAndReadsSizesInstancesTagsAndErrors) {
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    // --page-size 1 makes the CLI follow our NextToken through every page.
    CliResult all = Run(cli, {"autoscaling", "describe-auto-scaling-groups", "--page-size", "1"});
    ExpectOk(all);
    ASSERT_EQ(all.json["AutoScalingGroups"].size(), 2u);
    CliResult d = Run(cli, {"autoscaling", "describe-auto-scaling-groups",
                            "--auto-scaling-group-names", kOurs, "nope"});
    ExpectOk(d);
    ASSERT_EQ(d.json["AutoScalingGroups"].size(), 1u);
    const auto& g = d.json["AutoScalingGroups"][0];
    EXPECT_EQ(g["MinSize"], 1);
    EXPECT_EQ(g["DesiredCapacity"], 2);
    EXPECT_EQ(g["MaxSize"], 4);
    EXPECT_EQ(g["Instances"].size(), 2u);
    EXPECT_EQ(g["Instances"][0]["InstanceType"], "t3.medium");
    EXPECT_EQ(g["Instances"][0]["ProtectedFromScaleIn"], false);
    EXPECT_EQ(g["Tags"][0]["ResourceType"], "auto-scaling-group");
    EXPECT_NE(g["AutoScalingGroupARN"].get<std::string>().find(
                  ":autoScalingGroupName/user-journey-analytics-workers"),
              std::string::npos);
    ExpectError(Run(cli, {"autoscaling", "describe-auto-scaling-groups", "--max-records", "101"}),
                "ValidationError", "less than or equal to 100");
    CliResult s =
        Run(cli, {"autoscaling", "describe-scheduled-actions", "--auto-scaling-group-name", kOurs});
    ExpectOk(s);
    EXPECT_EQ(s.json["ScheduledUpdateGroupActions"][0]["Recurrence"], "0 7 * * MON-FRI");
    // The tag query the type selects by finds the group under its own type.
    CliResult t = Run(cli, {"resourcegroupstaggingapi", "get-resources", "--resource-type-filters",
                            "autoscaling:autoScalingGroup", "--tag-filters",
                            "Key=Project,Values=user-journey-analytics"});
    ExpectOk(t);
    ASSERT_EQ(t.json["ResourceTagMappingList"].size(), 1u);
    EXPECT_EQ(t.json["ResourceTagMappingList"][0]["ResourceARN"], g["AutoScalingGroupARN"]);
  }
}

TEST_F(AsgCliTest, SuspendScaleResumeAndTheirErrors) {
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    ExpectOk(Run(cli, {"autoscaling", "suspend-processes", "--auto-scaling-group-name", kOurs,
                       "--scaling-processes", "ScheduledActions", "AlarmNotification"}));
    ExpectOk(Run(cli, {"autoscaling", "update-auto-scaling-group", "--auto-scaling-group-name",
                       kOurs, "--min-size", "0", "--desired-capacity", "0"}));
    CliResult d = Run(
        cli, {"autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", kOurs});
    ExpectOk(d);
    const auto& g = d.json["AutoScalingGroups"][0];
    EXPECT_EQ(g["DesiredCapacity"], 0);
    EXPECT_EQ(g["MaxSize"], 4);
    ASSERT_EQ(g["SuspendedProcesses"].size(), 2u);
    EXPECT_EQ(g["SuspendedProcesses"][0]["ProcessName"], "AlarmNotification");
    ExpectOk(Run(cli, {"autoscaling", "update-auto-scaling-group", "--auto-scaling-group-name",
                       kOurs, "--min-size", "1", "--max-size", "4", "--desired-capacity", "2"}));
    ExpectOk(Run(cli, {"autoscaling", "resume-processes", "--auto-scaling-group-name", kOurs,
                       "--scaling-processes", "ScheduledActions", "AlarmNotification"}));

    ExpectError(Run(cli, {"autoscaling", "update-auto-scaling-group", "--auto-scaling-group-name",
                          "nope", "--min-size", "0"}),
                "ValidationError", "AutoScalingGroup name not found");
    ExpectError(Run(cli, {"autoscaling", "update-auto-scaling-group", "--auto-scaling-group-name",
                          kOurs, "--desired-capacity", "9"}),
                "ValidationError", "must be between the specified min size");
    ExpectError(Run(cli, {"autoscaling", "suspend-processes", "--auto-scaling-group-name", kOurs,
                          "--scaling-processes", "Nap"}),
                "ValidationError");
    ExpectError(Run(cli, {"autoscaling", "resume-processes", "--auto-scaling-group-name", "nope",
                          "--scaling-processes", "ScheduledActions"}),
                "ValidationError", "AutoScalingGroup name not found");
  }
}

}  // namespace
}  // namespace sandbox
