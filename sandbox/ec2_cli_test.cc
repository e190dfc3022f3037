// Conformance: the real AWS CLI against the in-process sandbox for every EC2
// operation the ec2-instance type uses (DescribeInstances, DescribeVolumes,
// StopInstances, StartInstances), asserting on its parsed JSON and on the
// error codes it reads from EC2's <Response><Errors> shape.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/testing/aws_cli_fixture.h"

namespace sandbox {
namespace {

using arm::testing::AwsCli;
using arm::testing::CliResult;
using nlohmann::json;

constexpr char kBastion[] = "i-0a1b2c3d4e5f60001";
constexpr char kStopped[] = "i-0a1b2c3d4e5f60002";
constexpr char kInstanceStore[] = "i-0e0000000000000a1";
constexpr char kOneTimeSpot[] = "i-0e0000000000000a2";

class Ec2CliTest : public arm::testing::AwsCliFixture {
 protected:
  std::vector<std::string> Services() const override { return {"ec2"}; }
  ServerOptions Options() override {
    ServerOptions o = DefaultOptions();
    // Long enough that each CLI sees stopping and pending.
    o.estate["ec2"]["state_seconds"] = 600;
    o.estate["ec2"]["instances"].push_back(
        {{"id", kInstanceStore}, {"root_device_type", "instance-store"}});
    o.estate["ec2"]["instances"].push_back(
        {{"id", kOneTimeSpot}, {"lifecycle", "spot"}, {"spot_request_type", "one-time"}});
    return o;
  }
  static json Instances(const CliResult& r) {
    json out = json::array();
    for (const auto& res : r.json["Reservations"])
      for (const auto& i : res["Instances"]) out.push_back(i);
    return out;
  }
};

TEST_F(Ec2CliTest, DescribeInstancesPagesFiltersAndReadsEveryFieldTheTypeUses) {
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    // --page-size 5 makes the CLI follow our NextToken through every page.
    CliResult all = Run(cli, {"ec2", "describe-instances", "--page-size", "5"});
    ExpectOk(all);
    EXPECT_EQ(Instances(all).size(), 8u);
    CliResult one = Run(cli, {"ec2", "describe-instances", "--filters",
                              std::string("Name=instance-id,Values=") + kBastion + ",i-0ffffffff"});
    ExpectOk(one);
    json i = Instances(one);
    ASSERT_EQ(i.size(), 1u);
    EXPECT_EQ(i[0]["InstanceId"], kBastion);
    EXPECT_EQ(i[0]["InstanceType"], "t3.micro");
    EXPECT_EQ(i[0]["State"]["Name"], "running");
    EXPECT_EQ(i[0]["State"]["Code"], 16);
    EXPECT_EQ(i[0]["RootDeviceType"], "ebs");
    EXPECT_EQ(i[0]["HibernationOptions"]["Configured"], true);
    EXPECT_EQ(i[0]["BlockDeviceMappings"][0]["Ebs"]["VolumeId"], "vol-0a1b2c3d4e5f60001");
    EXPECT_EQ(i[0]["NetworkInterfaces"][0]["Association"]["PublicIp"], "54.210.10.1");
    EXPECT_EQ(i[0]["NetworkInterfaces"][0]["Association"]["IpOwnerId"], "000000000000");
    bool named = false;
    for (const auto& t : i[0]["Tags"]) named = named || t["Key"] == "Name";
    EXPECT_TRUE(named);
    CliResult spot = Run(cli, {"ec2", "describe-instances", "--instance-ids", kOneTimeSpot});
    ExpectOk(spot);
    EXPECT_EQ(Instances(spot)[0]["InstanceLifecycle"], "spot");
    ExpectError(Run(cli, {"ec2", "describe-instances", "--instance-ids", "i-0ffffffffffffffff"}),
                "InvalidInstanceID.NotFound", "does not exist");
  }
}

TEST_F(Ec2CliTest, DescribeVolumesBySizeAndType) {
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult v = Run(cli, {"ec2", "describe-volumes", "--filters",
                            "Name=volume-id,Values=vol-0a1b2c3d4e5f60002"});
    ExpectOk(v);
    ASSERT_EQ(v.json["Volumes"].size(), 1u);
    EXPECT_EQ(v.json["Volumes"][0]["Size"], 30);
    EXPECT_EQ(v.json["Volumes"][0]["VolumeType"], "gp3");
    EXPECT_EQ(v.json["Volumes"][0]["Attachments"][0]["InstanceId"], kStopped);
    CliResult paged = Run(cli, {"ec2", "describe-volumes", "--page-size", "5"});
    ExpectOk(paged);
    EXPECT_EQ(paged.json["Volumes"].size(), 6u);
    ExpectError(Run(cli, {"ec2", "describe-volumes", "--volume-ids", "vol-0ffffffffffffffff"}),
                "InvalidVolume.NotFound");
  }
}

TEST_F(Ec2CliTest, StopAndStartAndWhatAwsRefuses) {
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult stop = Run(cli, {"ec2", "stop-instances", "--instance-ids", kBastion, "--hibernate"});
    ExpectOk(stop);
    EXPECT_EQ(stop.json["StoppingInstances"][0]["CurrentState"]["Name"], "stopping");
    EXPECT_EQ(stop.json["StoppingInstances"][0]["PreviousState"]["Name"], "running");
    // Stopping: AWS refuses to start it until it is stopped.
    ExpectError(Run(cli, {"ec2", "start-instances", "--instance-ids", kBastion}),
                "IncorrectInstanceState", "is not in a state from which it can be started");
    ExpectError(Run(cli, {"ec2", "stop-instances", "--instance-ids", kInstanceStore}),
                "UnsupportedOperation", "cannot be stopped");
    ExpectError(Run(cli, {"ec2", "stop-instances", "--instance-ids", kOneTimeSpot}),
                "UnsupportedOperation", "one-time Spot Instance request");
    ExpectError(Run(cli, {"ec2", "stop-instances", "--instance-ids", kStopped, "--hibernate"}),
                "UnsupportedHibernationConfiguration");
    ExpectError(Run(cli, {"ec2", "stop-instances", "--instance-ids", "i-0ffffffffffffffff"}),
                "InvalidInstanceID.NotFound");
    CliResult start = Run(cli, {"ec2", "start-instances", "--instance-ids", kStopped});
    ExpectOk(start);
    EXPECT_EQ(start.json["StartingInstances"][0]["CurrentState"]["Name"], "pending");
    // Pending: it cannot be stopped yet.
    ExpectError(Run(cli, {"ec2", "stop-instances", "--instance-ids", kStopped}),
                "IncorrectInstanceState");
    SandboxFixture::TearDown();
    SandboxFixture::SetUp();
  }
}

}  // namespace
}  // namespace sandbox
