// Conformance: the real AWS CLI against the in-process sandbox for every EKS
// operation the eks-nodegroup type uses (ListClusters, ListNodegroups,
// DescribeNodegroup, UpdateNodegroupConfig) and the tag queries that select
// node groups, asserting on its parsed JSON and error codes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/testing/aws_cli_fixture.h"

namespace sandbox {
namespace {

using arm::testing::AwsCli;
using arm::testing::CliResult;

constexpr char kEksCluster[] = "user-journey-analytics";
constexpr char kEksNodes[] = "user-journey-analytics-nodes";

class EksCliTest : public arm::testing::AwsCliFixture {
 protected:
  std::vector<std::string> Services() const override { return {"eks", "resourcegroupstaggingapi"}; }
  ServerOptions Options() override {
    ServerOptions o = DefaultOptions();
    // Long enough that each CLI sees UPDATING and is refused a second update.
    o.estate["eks"]["update_seconds"] = 600;
    return o;
  }
  std::vector<std::string> Scale(const std::string& cluster, const std::string& nodegroup,
                                 const std::string& sizes) {
    return {"eks",
            "update-nodegroup-config",
            "--cluster-name",
            cluster,
            "--nodegroup-name",
            nodegroup,
            "--scaling-config",
            sizes};
  }
};

TEST_F(EksCliTest, ListsPageAndDescribeReadsScalingAndErrors) {
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    // --page-size 1 makes the CLI follow our nextToken through every page.
    CliResult clusters = Run(cli, {"eks", "list-clusters", "--page-size", "1"});
    ExpectOk(clusters);
    EXPECT_EQ(
        clusters.json["clusters"],
        nlohmann::json({"billing-service", "user-journey-analytics", "user-journey-analytics-v2"}));
    CliResult groups =
        Run(cli, {"eks", "list-nodegroups", "--cluster-name", kEksCluster, "--page-size", "1"});
    ExpectOk(groups);
    EXPECT_EQ(groups.json["nodegroups"], nlohmann::json({kEksNodes}));
    ExpectError(Run(cli, {"eks", "list-nodegroups", "--cluster-name", "nope"}),
                "ResourceNotFoundException", "No cluster found for name: nope.");
    CliResult d = Run(cli, {"eks", "describe-nodegroup", "--cluster-name", kEksCluster,
                            "--nodegroup-name", kEksNodes});
    ExpectOk(d);
    const auto& g = d.json["nodegroup"];
    EXPECT_EQ(g["status"], "ACTIVE");
    EXPECT_EQ(g["scalingConfig"],
              nlohmann::json({{"minSize", 1}, {"maxSize", 3}, {"desiredSize", 2}}));
    EXPECT_EQ(g["instanceTypes"], nlohmann::json({"t3.large"}));
    EXPECT_EQ(g["tags"]["Project"], "user-journey-analytics");
    EXPECT_NE(g["nodegroupArn"].get<std::string>().find(
                  ":nodegroup/user-journey-analytics/user-journey-analytics-nodes/"),
              std::string::npos);
    ExpectError(Run(cli, {"eks", "describe-nodegroup", "--cluster-name", kEksCluster,
                          "--nodegroup-name", "nope"}),
                "ResourceNotFoundException", "No node group found for name: nope.");
    // The tag query the type selects by finds the node group under its own
    // type, and EKS's own tag call reads the same tags.
    CliResult t =
        Run(cli, {"resourcegroupstaggingapi", "get-resources", "--resource-type-filters",
                  "eks:nodegroup", "--tag-filters", "Key=Project,Values=user-journey-analytics"});
    ExpectOk(t);
    ASSERT_EQ(t.json["ResourceTagMappingList"].size(), 1u);
    EXPECT_EQ(t.json["ResourceTagMappingList"][0]["ResourceARN"], g["nodegroupArn"]);
    CliResult lt = Run(cli, {"eks", "list-tags-for-resource", "--resource-arn", g["nodegroupArn"]});
    ExpectOk(lt);
    EXPECT_EQ(lt.json["tags"]["Owner"], "analytics");
  }
}

TEST_F(EksCliTest, ScalingUpdateGoesUpdatingAndItsRulesAreAwsErrors) {
  for (const AwsCli& cli : clis_) {
    SCOPED_TRACE(cli.label);
    ASSERT_EQ(Run(cli, {"--version"}).exit_code, 0);
    // desired > max, min > desired: refused by EKS itself.
    ExpectError(Run(cli, Scale(kEksCluster, kEksNodes, "minSize=0,maxSize=3,desiredSize=4")),
                "InvalidParameterException", "can't be greater than max size 3");
    ExpectError(Run(cli, Scale(kEksCluster, kEksNodes, "minSize=2,maxSize=3,desiredSize=1")),
                "InvalidParameterException", "can't be greater than desired size 1");
  }
  // One update per test run: the node group then stays UPDATING.
  const AwsCli& cli = clis_.front();
  CliResult u = Run(cli, Scale(kEksCluster, kEksNodes, "minSize=0,maxSize=3,desiredSize=0"));
  ExpectOk(u);
  EXPECT_EQ(u.json["update"]["status"], "InProgress");
  EXPECT_EQ(u.json["update"]["type"], "ConfigUpdate");
  EXPECT_FALSE(u.json["update"]["id"].get<std::string>().empty());
  for (const AwsCli& c : clis_) {
    SCOPED_TRACE(c.label);
    CliResult d = Run(c, {"eks", "describe-nodegroup", "--cluster-name", kEksCluster,
                          "--nodegroup-name", kEksNodes});
    ExpectOk(d);
    EXPECT_EQ(d.json["nodegroup"]["status"], "UPDATING");
    EXPECT_EQ(d.json["nodegroup"]["scalingConfig"],
              nlohmann::json({{"minSize", 0}, {"maxSize", 3}, {"desiredSize", 0}}));
    ExpectError(Run(c, Scale(kEksCluster, kEksNodes, "minSize=1,maxSize=3,desiredSize=2")),
                "ResourceInUseException", "UPDATING");
  }
  // The other project's node group is as it was.
  CliResult other = Run(cli, {"eks", "describe-nodegroup", "--cluster-name", "billing-service",
                              "--nodegroup-name", "billing-service-nodes"});
  ExpectOk(other);
  EXPECT_EQ(other.json["nodegroup"]["status"], "ACTIVE");
  EXPECT_EQ(other.json["nodegroup"]["scalingConfig"]["desiredSize"], 2);
}

}  // namespace
}  // namespace sandbox
