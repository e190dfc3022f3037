#include "services/ecs_client.h"

#include <gtest/gtest.h>

#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using nlohmann::json;

class EcsClientTest : public ::testing::Test {
 protected:
  testing::ServiceTestEnv env_;
  EcsClient ecs_{env_.client()};
};

TEST_F(EcsClientTest, ListServicesFollowsEveryPage) {
  env_.EnqueueJson(
      {{"serviceArns", {"arn:aws:ecs:us-east-1:1:service/web/a"}}, {"nextToken", "t"}});
  env_.EnqueueJson({{"serviceArns", {"arn:aws:ecs:us-east-1:1:service/web/b"}}});
  auto r = ecs_.ListServices("web");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ(EcsNameFromArn((*r)[1]), "b");
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "AmazonEC2ContainerServiceV20141113.ListServices");
  EXPECT_EQ(env_.Header(0, "Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(env_.JsonBody(0), (json{{"cluster", "web"}, {"maxResults", 100}}));
  EXPECT_EQ(env_.JsonBody(1), (json{{"cluster", "web"}, {"maxResults", 100}, {"nextToken", "t"}}));
}

TEST_F(EcsClientTest, DescribeServicesReadsCountsDeploymentsAndTags) {
  env_.EnqueueJson({{"services",
                     {{{"serviceArn", "arn:aws:ecs:us-east-1:1:service/web/api"},
                       {"serviceName", "api"},
                       {"status", "ACTIVE"},
                       {"launchType", "FARGATE"},
                       {"taskDefinition", "arn:td"},
                       {"desiredCount", 2},
                       {"runningCount", 1},
                       {"deployments",
                        {{{"id", "d1"}, {"status", "PRIMARY"}, {"rolloutState", "IN_PROGRESS"}},
                         {{"id", "d0"}, {"status", "ACTIVE"}, {"rolloutState", "COMPLETED"}}}},
                       {"tags", {{{"key", "Project"}, {"value", "x"}}}}}}},
                    {"failures", json::array()}});
  auto r = ecs_.DescribeServices("web", {"api"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  const EcsService& s = r->front();
  EXPECT_EQ(s.desired_count, 2);
  EXPECT_EQ(s.running_count, 1);
  ASSERT_NE(s.Primary(), nullptr);
  EXPECT_EQ(s.Primary()->rollout_state, "IN_PROGRESS");
  EXPECT_EQ(s.tags.at(0).first, "Project");
  EXPECT_EQ(env_.JsonBody(0),
            (json{{"cluster", "web"}, {"services", {"api"}}, {"include", {"TAGS"}}}));
}

TEST_F(EcsClientTest, DescribeServicesSendsTenPerCall) {
  std::vector<std::string> names;
  for (int i = 0; i < 11; ++i) names.push_back("s" + std::to_string(i));
  env_.EnqueueJson({{"services", json::array()}});
  env_.EnqueueJson({{"services", json::array()}});
  ASSERT_TRUE(ecs_.DescribeServices("web", names).ok());
  EXPECT_EQ(env_.JsonBody(0).at("services").size(), 10u);
  EXPECT_EQ(env_.JsonBody(1).at("services"), json({"s10"}));
}

TEST_F(EcsClientTest, AMissingClusterIsNotFoundWithAwsCode) {
  env_.EnqueueJsonError(400, "ClusterNotFoundException", "Cluster not found.");
  auto r = ecs_.DescribeServices("nope", {"api"});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsNotFound());
  EXPECT_EQ(r.status().aws_code(), "ClusterNotFoundException");
}

TEST_F(EcsClientTest, TaskDefinitionSizeIsInVcpuAndGb) {
  env_.EnqueueJson(
      {{"taskDefinition",
        {{"cpu", "512"}, {"memory", "1024"}, {"requiresCompatibilities", {"FARGATE"}}}}});
  auto r = ecs_.DescribeTaskDefinition("api:3");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_DOUBLE_EQ(r->vcpu, 0.5);
  EXPECT_DOUBLE_EQ(r->memory_gb, 1.0);
}

TEST_F(EcsClientTest, UpdateServiceSendsOnlyTheDesiredCount) {
  env_.EnqueueJson({{"service", json::object()}});
  ASSERT_TRUE(ecs_.UpdateServiceDesiredCount("web", "api", 0).ok());
  EXPECT_EQ(env_.Header(0, "X-Amz-Target"), "AmazonEC2ContainerServiceV20141113.UpdateService");
  EXPECT_EQ(env_.JsonBody(0), (json{{"cluster", "web"}, {"service", "api"}, {"desiredCount", 0}}));
}

}  // namespace
}  // namespace arm
