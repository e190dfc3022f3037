#include "services/eks_client.h"

#include <gtest/gtest.h>

#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using nlohmann::json;

class EksClientTest : public ::testing::Test {
 protected:
  testing::ServiceTestEnv env_;
  EksClient eks_{env_.client()};
};

TEST_F(EksClientTest, ListClustersFollowsNextToken) {
  env_.EnqueueJson({{"clusters", {"a", "b"}}, {"nextToken", "t/2=="}});
  env_.EnqueueJson({{"clusters", {"c"}}});
  auto r = eks_.ListClusters();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(env_.requests().size(), 2u);
  EXPECT_EQ(env_.request(0).method, "GET");
  EXPECT_EQ(env_.request(0).path, "/clusters");
  EXPECT_EQ(env_.Query(0), (std::map<std::string, std::string>{{"maxResults", "100"}}));
  EXPECT_EQ(env_.Query(1),
            (std::map<std::string, std::string>{{"maxResults", "100"}, {"nextToken", "t/2=="}}));
}

TEST_F(EksClientTest, ListNodegroupsOfOneCluster) {
  env_.EnqueueJson({{"nodegroups", {"workers", "gpu"}}});
  auto r = eks_.ListNodegroups("my cluster");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, (std::vector<std::string>{"workers", "gpu"}));
  EXPECT_EQ(env_.request(0).path, "/clusters/my%20cluster/node-groups");
}

TEST_F(EksClientTest, DescribeNodegroupReadsScalingTypesAndTags) {
  env_.EnqueueJson(
      {{"nodegroup",
        {{"nodegroupName", "workers"},
         {"clusterName", "c"},
         {"nodegroupArn", "arn:aws:eks:us-east-1:1:nodegroup/c/workers/uuid"},
         {"status", "ACTIVE"},
         {"capacityType", "ON_DEMAND"},
         {"scalingConfig", {{"minSize", 1}, {"maxSize", 3}, {"desiredSize", 2}}},
         {"instanceTypes", {"t3.large"}},
         {"resources", {{"autoScalingGroups", {{{"name", "eks-workers-uuid"}}}}}},
         {"health", {{"issues", {{{"code", "Ec2InstanceTypeDoesNotExist"}, {"message", "x"}}}}}},
         {"tags", {{"Project", "p"}}}}}});
  auto r = eks_.DescribeNodegroup("c", "workers");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(env_.request(0).method, "GET");
  EXPECT_EQ(env_.request(0).path, "/clusters/c/node-groups/workers");
  EXPECT_EQ(r->name, "workers");
  EXPECT_EQ(r->cluster, "c");
  EXPECT_EQ(r->status, "ACTIVE");
  EXPECT_EQ(r->scaling.min_size, 1);
  EXPECT_EQ(r->scaling.max_size, 3);
  EXPECT_EQ(r->scaling.desired_size, 2);
  EXPECT_EQ(r->instance_types, std::vector<std::string>{"t3.large"});
  EXPECT_EQ(r->autoscaling_groups, std::vector<std::string>{"eks-workers-uuid"});
  EXPECT_EQ(r->health_issues, std::vector<std::string>{"Ec2InstanceTypeDoesNotExist: x"});
  EXPECT_EQ(r->tags.at("Project"), "p");
}

TEST_F(EksClientTest, MissingNodegroupIsNotFound) {
  env_.transport().Enqueue(
      404, json{{"message", "No node group found for name: workers."}}.dump(),
      {{"x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/"}});
  auto r = eks_.DescribeNodegroup("c", "workers");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsNotFound());
  EXPECT_TRUE(r.status().IsAws("ResourceNotFoundException"));
}

TEST_F(EksClientTest, UpdateScalingPostsScalingConfigOnly) {
  env_.EnqueueJson(
      {{"update", {{"id", "u-1"}, {"status", "InProgress"}, {"type", "ConfigUpdate"}}}});
  auto r = eks_.UpdateScaling("c", "workers", {0, 3, 0});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, "u-1");
  EXPECT_EQ(r->status, "InProgress");
  EXPECT_EQ(env_.request(0).method, "POST");
  EXPECT_EQ(env_.request(0).path, "/clusters/c/node-groups/workers/update-config");
  EXPECT_EQ(env_.JsonBody(0),
            (json{{"scalingConfig", {{"minSize", 0}, {"maxSize", 3}, {"desiredSize", 0}}}}));
}

TEST_F(EksClientTest, UpdateInProgressKeepsAwsCode) {
  env_.EnqueueJsonError(409, "ResourceInUseException", "Nodegroup is currently UPDATING");
  auto r = eks_.UpdateScaling("c", "workers", {0, 3, 0});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsAws("ResourceInUseException"));
  EXPECT_FALSE(r.status().IsNotFound());
}

}  // namespace
}  // namespace arm
