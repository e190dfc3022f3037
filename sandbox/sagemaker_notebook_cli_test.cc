// Conformance: the real AWS CLI against the in-process sandbox for every
// SageMaker notebook operation the sagemaker-notebook type uses
// (ListNotebookInstances, DescribeNotebookInstance, StopNotebookInstance,
// StartNotebookInstance, ListTags), asserting on its parsed JSON and on the
// ValidationException messages AWS gives for a refused transition.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/testing/aws_cli_fixture.h"

namespace sandbox {
namespace {

using arm::testing::AwsCli;
using arm::testing::CliResult;
using nlohmann::json;

constexpr char kCliExplorer[] = "user-journey-analytics-explorer";
constexpr char kCliResearch[] = "user-journey-analytics-research";

class SageMakerNotebookCliTest : public arm::testing::AwsCliFixture {
 protected:
  std::vector<std::string> Services() const override { return {"sagemaker"}; }
  ServerOptions Options() override {
    ServerOptions o = DefaultOptions();
    // Long enough that each CLI sees Stopping and Pending.
    o.estate["sagemaker"]["notebook_state_seconds"] = 600;
    return o;
  }
};

TEST_F(SageMakerNotebookCliTest, ListPagesAndFiltersByNameAndStatus) {
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    // --page-size 1 makes the CLI follow our NextToken through every page.
    CliResult all = Run(cli, {"sagemaker", "list-notebook-instances", "--page-size", "1"});
    ExpectOk(all);
    EXPECT_EQ(all.json["NotebookInstances"].size(), 4u);
    CliResult ours = Run(cli, {"sagemaker", "list-notebook-instances", "--name-contains",
                               "user-journey-analytics-", "--status-equals", "Stopped"});
    ExpectOk(ours);
    ASSERT_EQ(ours.json["NotebookInstances"].size(), 1u);
    const json& n = ours.json["NotebookInstances"][0];
    EXPECT_EQ(n["NotebookInstanceName"], kCliResearch);
    EXPECT_EQ(n["NotebookInstanceStatus"], "Stopped");
    EXPECT_EQ(n["InstanceType"], "ml.t3.large");
    EXPECT_EQ(
        n["NotebookInstanceArn"],
        std::string("arn:aws:sagemaker:us-east-1:000000000000:notebook-instance/") + kCliResearch);
    ExpectError(Run(cli, {"sagemaker", "list-notebook-instances", "--name-contains", "a_b"}),
                "ValidationException", "regular expression pattern");
  }
}

TEST_F(SageMakerNotebookCliTest, DescribeReadsEveryFieldTheTypeUses) {
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult d = Run(
        cli, {"sagemaker", "describe-notebook-instance", "--notebook-instance-name", kCliExplorer});
    ExpectOk(d);
    EXPECT_EQ(d.json["NotebookInstanceName"], kCliExplorer);
    EXPECT_EQ(d.json["NotebookInstanceStatus"], "InService");
    EXPECT_EQ(d.json["InstanceType"], "ml.t3.medium");
    EXPECT_EQ(d.json["VolumeSizeInGB"], 20);
    EXPECT_TRUE(d.json.contains("CreationTime"));
    CliResult tags =
        Run(cli, {"sagemaker", "list-tags", "--resource-arn", d.json["NotebookInstanceArn"]});
    ExpectOk(tags);
    ASSERT_EQ(tags.json["Tags"].size(), 1u);
    EXPECT_EQ(tags.json["Tags"][0]["Value"], "user-journey-analytics");
    ExpectError(Run(cli, {"sagemaker", "describe-notebook-instance", "--notebook-instance-name",
                          "no-such-notebook"}),
                "ValidationException", "RecordNotFound");
  }
}

TEST_F(SageMakerNotebookCliTest, StopAndStartRefuseWhatAwsRefuses) {
  // One CLI stops the explorer; every CLI then sees it Stopping and is
  // refused a second stop and a start with AWS's words.
  ExpectOk(Run(clis_[0],
               {"sagemaker", "stop-notebook-instance", "--notebook-instance-name", kCliExplorer}));
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult d = Run(
        cli, {"sagemaker", "describe-notebook-instance", "--notebook-instance-name", kCliExplorer});
    ExpectOk(d);
    EXPECT_EQ(d.json["NotebookInstanceStatus"], "Stopping");
    ExpectError(
        Run(cli, {"sagemaker", "stop-notebook-instance", "--notebook-instance-name", kCliExplorer}),
        "ValidationException", "Status (Stopping) not in ([InService])");
    ExpectError(Run(cli, {"sagemaker", "start-notebook-instance", "--notebook-instance-name",
                          kCliExplorer}),
                "ValidationException", "Status (Stopping) not in ([Stopped, Failed])");
  }
  // The research notebook is Stopped: a start goes through, a stop does not.
  ExpectOk(Run(clis_[0],
               {"sagemaker", "start-notebook-instance", "--notebook-instance-name", kCliResearch}));
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult d = Run(
        cli, {"sagemaker", "describe-notebook-instance", "--notebook-instance-name", kCliResearch});
    ExpectOk(d);
    EXPECT_EQ(d.json["NotebookInstanceStatus"], "Pending");
    ExpectError(
        Run(cli, {"sagemaker", "stop-notebook-instance", "--notebook-instance-name", kCliResearch}),
        "ValidationException", "Status (Pending) not in ([InService])");
    ExpectError(Run(cli, {"sagemaker", "start-notebook-instance", "--notebook-instance-name",
                          "no-such-notebook"}),
                "ValidationException", "RecordNotFound");
  }
}

}  // namespace
}  // namespace sandbox
