#include "services/ec2_autoscaling_client.h"

#include <gtest/gtest.h>

#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using Form = std::map<std::string, std::string>;

std::string Ec2AutoscalingClientGroupsXml(const std::string& members,
                                          const std::string& next_token = "") {
  return "<DescribeAutoScalingGroupsResponse "
         "xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/"
         "\"><DescribeAutoScalingGroupsResult>"
         "<AutoScalingGroups>" +
         members + "</AutoScalingGroups>" +
         (next_token.empty() ? "" : "<NextToken>" + next_token + "</NextToken>") +
         "</DescribeAutoScalingGroupsResult><ResponseMetadata><RequestId>r1</RequestId>"
         "</ResponseMetadata></DescribeAutoScalingGroupsResponse>";
}

std::string GroupXml(const std::string& name, const std::string& extra = "") {
  return "<member><AutoScalingGroupName>" + name +
         "</AutoScalingGroupName><AutoScalingGroupARN>arn:aws:autoscaling:us-east-1:1:"
         "autoScalingGroup:u:autoScalingGroupName/" +
         name +
         "</AutoScalingGroupARN><MinSize>1</MinSize><MaxSize>4</MaxSize>"
         "<DesiredCapacity>2</DesiredCapacity>" +
         extra + "</member>";
}

std::string EmptyXml(const std::string& action) {
  return "<" + action +
         "Response xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">"
         "<ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></" +
         action + "Response>";
}

class Ec2AutoScalingClientTest : public ::testing::Test {
 protected:
  testing::ServiceTestEnv env_;
  Ec2AutoScalingClient asg_{env_.client()};
};

TEST_F(Ec2AutoScalingClientTest, DescribeReadsSizesInstancesProcessesWarmPoolAndTags) {
  env_.EnqueueXml(Ec2AutoscalingClientGroupsXml(
      GroupXml("web",
               "<Instances><member><InstanceId>i-1</InstanceId><InstanceType>t3.medium"
               "</InstanceType><LifecycleState>InService</LifecycleState><HealthStatus>Healthy"
               "</HealthStatus><ProtectedFromScaleIn>true</ProtectedFromScaleIn></member>"
               "</Instances><SuspendedProcesses><member><ProcessName>AZRebalance</ProcessName>"
               "<SuspensionReason>User suspended</SuspensionReason></member></SuspendedProcesses>"
               "<WarmPoolConfiguration><MinSize>1</MinSize><PoolState>Stopped</PoolState>"
               "</WarmPoolConfiguration><WarmPoolSize>1</WarmPoolSize><Tags><member>"
               "<Key>Project</Key><Value>x</Value></member></Tags>"),
      "tok"));
  env_.EnqueueXml(Ec2AutoscalingClientGroupsXml(GroupXml("api")));
  auto r = asg_.DescribeAutoScalingGroups({"web", "api"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  const AutoScalingGroup& g = r->front();
  EXPECT_EQ(g.min_size, 1);
  EXPECT_EQ(g.max_size, 4);
  EXPECT_EQ(g.desired_capacity, 2);
  ASSERT_EQ(g.instances.size(), 1u);
  EXPECT_EQ(g.instances[0].instance_type, "t3.medium");
  EXPECT_EQ(g.instances[0].lifecycle_state, "InService");
  EXPECT_TRUE(g.instances[0].protected_from_scale_in);
  EXPECT_EQ(g.suspended_processes, std::vector<std::string>{"AZRebalance"});
  EXPECT_TRUE(g.has_warm_pool);
  EXPECT_EQ(g.warm_pool_size, 1);
  EXPECT_EQ(g.tags.at(0).second, "x");
  EXPECT_FALSE((*r)[1].has_warm_pool);
  Form first = {{"Action", "DescribeAutoScalingGroups"},
                {"Version", "2011-01-01"},
                {"AutoScalingGroupNames.member.1", "web"},
                {"AutoScalingGroupNames.member.2", "api"},
                {"MaxRecords", "100"}};
  EXPECT_EQ(env_.Form(0), first);
  first["NextToken"] = "tok";
  EXPECT_EQ(env_.Form(1), first);
}

TEST_F(Ec2AutoScalingClientTest, DescribeSendsFiftyNamesPerCall) {
  std::vector<std::string> names;
  for (int i = 0; i < 51; ++i) names.push_back("g" + std::to_string(i));
  env_.EnqueueXml(Ec2AutoscalingClientGroupsXml(""));
  env_.EnqueueXml(Ec2AutoscalingClientGroupsXml(""));
  ASSERT_TRUE(asg_.DescribeAutoScalingGroups(names).ok());
  EXPECT_EQ(env_.Form(0).count("AutoScalingGroupNames.member.50"), 1u);
  EXPECT_EQ(env_.Form(0).count("AutoScalingGroupNames.member.51"), 0u);
  EXPECT_EQ(env_.Form(1).at("AutoScalingGroupNames.member.1"), "g50");
}

TEST_F(Ec2AutoScalingClientTest, UpdateCapacitySendsOnlyTheSizesGiven) {
  env_.EnqueueXml(EmptyXml("UpdateAutoScalingGroup"));
  ASSERT_TRUE(asg_.UpdateCapacity("web", 0, -1, 0).ok());
  EXPECT_EQ(env_.Form(0), (Form{{"Action", "UpdateAutoScalingGroup"},
                                {"Version", "2011-01-01"},
                                {"AutoScalingGroupName", "web"},
                                {"MinSize", "0"},
                                {"DesiredCapacity", "0"}}));
  EXPECT_NE(env_.request(0).Header("Authorization")->find("/autoscaling/aws4_request"),
            std::string::npos);
}

TEST_F(Ec2AutoScalingClientTest, ProcessesAreListedAndAnEmptyListIsNeverSent) {
  env_.EnqueueXml(EmptyXml("SuspendProcesses"));
  ASSERT_TRUE(asg_.SuspendProcesses("web", {"ScheduledActions", "AlarmNotification"}).ok());
  EXPECT_EQ(env_.Form(0), (Form{{"Action", "SuspendProcesses"},
                                {"Version", "2011-01-01"},
                                {"AutoScalingGroupName", "web"},
                                {"ScalingProcesses.member.1", "ScheduledActions"},
                                {"ScalingProcesses.member.2", "AlarmNotification"}}));
  // AWS would read an empty list as "every process".
  ASSERT_TRUE(asg_.ResumeProcesses("web", {}).ok());
  EXPECT_EQ(env_.requests().size(), 1u);
}

TEST_F(Ec2AutoScalingClientTest, ErrorsKeepTheAwsCode) {
  env_.EnqueueXml(
      "<ErrorResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\"><Error>"
      "<Type>Sender</Type><Code>ScalingActivityInProgress</Code><Message>busy</Message></Error>"
      "<RequestId>r3</RequestId></ErrorResponse>",
      400);
  Status s = asg_.UpdateCapacity("web", 1, 4, 2);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.aws_code(), "ScalingActivityInProgress");
}

}  // namespace
}  // namespace arm
