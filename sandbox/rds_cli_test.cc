// Conformance: the real AWS CLI against the in-process sandbox for every RDS
// operation the rds-instance and rds-cluster types use, asserting on its
// parsed JSON and error codes.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "tests/testing/aws_cli_fixture.h"

namespace sandbox {
namespace {

using arm::testing::AwsCli;
using arm::testing::CliResult;

constexpr char kRdsCliDb[] = "user-journey-analytics-db";
constexpr char kRdsCliAurora[] = "user-journey-analytics-aurora";
constexpr char kRdsCliMember[] = "user-journey-analytics-aurora-1";

// Transitions of a minute, so that each CLI call sees the state the one
// before left; the tests move the sandbox clock past them.
constexpr double kRdsCliStateSeconds = 60;

class RdsCliTest : public arm::testing::AwsCliFixture {
 protected:
  std::vector<std::string> Services() const override { return {"rds", "resourcegroupstaggingapi"}; }
  ServerOptions Options() override {
    ServerOptions o = DefaultOptions();
    o.estate["rds"]["state_seconds"] = kRdsCliStateSeconds;
    return o;
  }
};

TEST_F(RdsCliTest, DescribeInstancesAndClustersByIdFilterAndTag) {
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult d = Run(cli, {"rds", "describe-db-instances", "--filters",
                            std::string("Name=db-instance-id,Values=") + kRdsCliDb + ",nope"});
    ExpectOk(d);
    ASSERT_EQ(d.json["DBInstances"].size(), 1u);
    const auto& i = d.json["DBInstances"][0];
    EXPECT_EQ(i["DBInstanceStatus"], "available");
    EXPECT_EQ(i["DBInstanceClass"], "db.t3.medium");
    EXPECT_EQ(i["Engine"], "postgres");
    EXPECT_EQ(i["AllocatedStorage"], 20);
    EXPECT_EQ(i["StorageType"], "gp3");
    EXPECT_EQ(i["TagList"][0]["Key"], "Project");
    CliResult members = Run(cli, {"rds", "describe-db-instances", "--filters",
                                  std::string("Name=db-cluster-id,Values=") + kRdsCliAurora});
    ExpectOk(members);
    ASSERT_EQ(members.json["DBInstances"].size(), 2u);
    EXPECT_EQ(members.json["DBInstances"][0]["DBClusterIdentifier"], kRdsCliAurora);
    CliResult all = Run(cli, {"rds", "describe-db-instances", "--page-size", "20"});
    ExpectOk(all);
    EXPECT_EQ(all.json["DBInstances"].size(), 8u);
    CliResult c =
        Run(cli, {"rds", "describe-db-clusters", "--db-cluster-identifier", kRdsCliAurora});
    ExpectOk(c);
    ASSERT_EQ(c.json["DBClusters"].size(), 1u);
    EXPECT_EQ(c.json["DBClusters"][0]["Status"], "available");
    EXPECT_EQ(c.json["DBClusters"][0]["EngineMode"], "provisioned");
    ASSERT_EQ(c.json["DBClusters"][0]["DBClusterMembers"].size(), 2u);
    EXPECT_EQ(c.json["DBClusters"][0]["DBClusterMembers"][0]["IsClusterWriter"], true);
    CliResult cf = Run(cli, {"rds", "describe-db-clusters", "--filters",
                             std::string("Name=db-cluster-id,Values=") + kRdsCliAurora});
    ExpectOk(cf);
    EXPECT_EQ(cf.json["DBClusters"].size(), 1u);
    ExpectError(Run(cli, {"rds", "describe-db-instances", "--db-instance-identifier", "nope"}),
                "DBInstanceNotFound", "not found");
    ExpectError(Run(cli, {"rds", "describe-db-clusters", "--db-cluster-identifier", "nope"}),
                "DBClusterNotFoundFault");
    // The tag queries the types select by find each under its own type.
    CliResult t =
        Run(cli, {"resourcegroupstaggingapi", "get-resources", "--resource-type-filters", "rds:db",
                  "rds:cluster", "--tag-filters", "Key=Project,Values=user-journey-analytics"});
    ExpectOk(t);
    ASSERT_EQ(t.json["ResourceTagMappingList"].size(), 2u);
    std::set<std::string> arns;
    for (const auto& m : t.json["ResourceTagMappingList"]) arns.insert(m["ResourceARN"]);
    EXPECT_EQ(arns,
              (std::set<std::string>{i["DBInstanceArn"], c.json["DBClusters"][0]["DBClusterArn"]}));
  }
}

TEST_F(RdsCliTest, StopAndStartAndWhatAwsRefuses) {
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    CliResult stop = Run(cli, {"rds", "stop-db-instance", "--db-instance-identifier", kRdsCliDb});
    ExpectOk(stop);
    EXPECT_EQ(stop.json["DBInstance"]["DBInstanceStatus"], "stopping");
    ExpectError(Run(cli, {"rds", "start-db-instance", "--db-instance-identifier", kRdsCliDb}),
                "InvalidDBInstanceState", "not in stopped state");
    ExpectError(Run(cli, {"rds", "stop-db-instance", "--db-instance-identifier", kRdsCliMember}),
                "InvalidParameterCombination", "not eligible for stopping and starting");
    CliResult cs = Run(cli, {"rds", "stop-db-cluster", "--db-cluster-identifier", kRdsCliAurora});
    ExpectOk(cs);
    EXPECT_EQ(cs.json["DBCluster"]["Status"], "stopping");
    ExpectError(Run(cli, {"rds", "stop-db-cluster", "--db-cluster-identifier", kRdsCliAurora}),
                "InvalidDBClusterStateFault");
    ExpectError(Run(cli, {"rds", "stop-db-cluster", "--db-cluster-identifier", "nope"}),
                "DBClusterNotFoundFault");
    server_->AdvanceClock(kRdsCliStateSeconds + 1);
    CliResult stopped =
        Run(cli, {"rds", "describe-db-instances", "--db-instance-identifier", kRdsCliDb});
    ExpectOk(stopped);
    EXPECT_EQ(stopped.json["DBInstances"][0]["DBInstanceStatus"], "stopped");
    EXPECT_TRUE(stopped.json["DBInstances"][0].contains("AutomaticRestartTime"));
    CliResult start = Run(cli, {"rds", "start-db-instance", "--db-instance-identifier", kRdsCliDb});
    ExpectOk(start);
    EXPECT_EQ(start.json["DBInstance"]["DBInstanceStatus"], "starting");
    CliResult cstart =
        Run(cli, {"rds", "start-db-cluster", "--db-cluster-identifier", kRdsCliAurora});
    ExpectOk(cstart);
    EXPECT_EQ(cstart.json["DBCluster"]["Status"], "starting");
    SandboxFixture::TearDown();
    SandboxFixture::SetUp();
  }
}

TEST_F(RdsCliTest, AStoppedClusterIsStartedByAwsSevenDaysLater) {
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    ExpectOk(Run(cli, {"rds", "stop-db-cluster", "--db-cluster-identifier", kRdsCliAurora}));
    server_->AdvanceClock(kRdsCliStateSeconds + 1);
    CliResult c =
        Run(cli, {"rds", "describe-db-clusters", "--db-cluster-identifier", kRdsCliAurora});
    ExpectOk(c);
    EXPECT_EQ(c.json["DBClusters"][0]["Status"], "stopped");
    EXPECT_TRUE(c.json["DBClusters"][0].contains("AutomaticRestartTime"));
    // AWS starts it 7 days after it stopped; it is available once started.
    server_->AdvanceClock(7 * 24 * 3600 + kRdsCliStateSeconds + 1);
    CliResult again =
        Run(cli, {"rds", "describe-db-clusters", "--db-cluster-identifier", kRdsCliAurora});
    ExpectOk(again);
    EXPECT_EQ(again.json["DBClusters"][0]["Status"], "available");
    SandboxFixture::TearDown();
    SandboxFixture::SetUp();
  }
}

}  // namespace
}  // namespace sandbox
