#include "services/ec2_client.h"

#include <gtest/gtest.h>

#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

constexpr char kEc2ClientXmlns[] = R"( xmlns="http://ec2.amazonaws.com/doc/2016-11-15/")";

std::string Instance(const std::string& id, const std::string& state) {
  return "<item><instanceId>" + id +
         "</instanceId><instanceType>t3.micro</instanceType><instanceState><code>16</code><name>" +
         state +
         "</name></instanceState><rootDeviceType>ebs</rootDeviceType>"
         "<blockDeviceMapping><item><deviceName>/dev/xvda</deviceName><ebs><volumeId>vol-1"
         "</volumeId><status>attached</status></ebs></item></blockDeviceMapping>"
         "<tagSet><item><key>Name</key><value>bastion</value></item></tagSet>"
         "<hibernationOptions><configured>true</configured></hibernationOptions>"
         "<networkInterfaceSet><item><association><publicIp>3.3.3.3</publicIp>"
         "<ipOwnerId>123456789012</ipOwnerId></association></item></networkInterfaceSet>"
         "</item>";
}

class Ec2ClientTest : public ::testing::Test {
 protected:
  testing::ServiceTestEnv env_;
  Ec2Client ec2_{env_.client()};
};

TEST_F(Ec2ClientTest, DescribeInstancesFiltersByIdAndFollowsEveryPage) {
  env_.EnqueueXml(std::string("<DescribeInstancesResponse") + kEc2ClientXmlns +
                  "><requestId>r1</requestId><reservationSet><item><reservationId>r-1"
                  "</reservationId><instancesSet>" +
                  Instance("i-1", "running") +
                  "</instancesSet></item></reservationSet><nextToken>t2</nextToken>"
                  "</DescribeInstancesResponse>");
  env_.EnqueueXml(std::string("<DescribeInstancesResponse") + kEc2ClientXmlns +
                  "><requestId>r2</requestId><reservationSet><item><instancesSet>" +
                  Instance("i-2", "stopped") +
                  "</instancesSet></item></reservationSet></DescribeInstancesResponse>");
  auto r = ec2_.DescribeInstances({"i-1", "i-2", "i-gone"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  const Ec2Instance& a = r->at(0);
  EXPECT_EQ(a.id, "i-1");
  EXPECT_EQ(a.state, "running");
  EXPECT_EQ(a.instance_type, "t3.micro");
  EXPECT_EQ(a.root_device_type, "ebs");
  EXPECT_TRUE(a.hibernation_configured);
  EXPECT_EQ(a.tags.at("Name"), "bastion");
  EXPECT_EQ(a.volume_ids, std::vector<std::string>{"vol-1"});
  ASSERT_EQ(a.public_ips.size(), 1u);
  EXPECT_TRUE(a.public_ips[0].elastic);
  EXPECT_EQ(r->at(1).state, "stopped");
  auto form = env_.Form(0);
  EXPECT_EQ(form["Action"], "DescribeInstances");
  EXPECT_EQ(form["Version"], "2016-11-15");
  EXPECT_EQ(form["Filter.1.Name"], "instance-id");
  EXPECT_EQ(form["Filter.1.Value.3"], "i-gone");
  EXPECT_EQ(form["MaxResults"], "1000");
  EXPECT_EQ(form.count("NextToken"), 0u);
  EXPECT_EQ(env_.Form(1)["NextToken"], "t2");
}

TEST_F(Ec2ClientTest, DescribeVolumesReadsSizeTypeAndAttachments) {
  env_.EnqueueXml(std::string("<DescribeVolumesResponse") + kEc2ClientXmlns +
                  "><requestId>r</requestId><volumeSet><item><volumeId>vol-1</volumeId>"
                  "<size>30</size><volumeType>gp3</volumeType><attachmentSet><item>"
                  "<instanceId>i-1</instanceId></item></attachmentSet></item></volumeSet>"
                  "</DescribeVolumesResponse>");
  auto r = ec2_.DescribeVolumes({"vol-1"});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(r->at(0).size_gb, 30);
  EXPECT_EQ(r->at(0).volume_type, "gp3");
  EXPECT_EQ(r->at(0).instance_ids, std::vector<std::string>{"i-1"});
  EXPECT_EQ(env_.Form(0)["Filter.1.Name"], "volume-id");
  EXPECT_EQ(env_.Form(0)["MaxResults"], "500");
}

TEST_F(Ec2ClientTest, StopInstancesSendsHibernateAndReadsTheStateChange) {
  env_.EnqueueXml(std::string("<StopInstancesResponse") + kEc2ClientXmlns +
                  "><requestId>r</requestId><instancesSet><item><instanceId>i-1</instanceId>"
                  "<currentState><code>64</code><name>stopping</name></currentState>"
                  "<previousState><code>16</code><name>running</name></previousState></item>"
                  "</instancesSet></StopInstancesResponse>");
  auto r = ec2_.StopInstances({"i-1"}, /*hibernate=*/true);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(r->at(0).previous_state, "running");
  EXPECT_EQ(r->at(0).current_state, "stopping");
  auto form = env_.Form(0);
  EXPECT_EQ(form["InstanceId.1"], "i-1");
  EXPECT_EQ(form["Hibernate"], "true");
}

TEST_F(Ec2ClientTest, ErrorsInTheEc2ShapeKeepCodeAndRequestId) {
  env_.EnqueueXml(
      "<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code><Message>The instance "
      "ID 'i-9' does not exist</Message></Error></Errors><RequestID>req-9</RequestID></Response>",
      400);
  auto r = ec2_.StartInstances({"i-9"});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsNotFound()) << r.status().ToString();
  EXPECT_EQ(r.status().aws_code(), "InvalidInstanceID.NotFound");
  EXPECT_EQ(r.status().request_id(), "req-9");
  EXPECT_EQ(env_.Form(0).count("Hibernate"), 0u);

  env_.EnqueueXml(
      "<Response><Errors><Error><Code>IncorrectInstanceState</Code><Message>The instance "
      "'i-1' is not in a state from which it can be stopped.</Message></Error></Errors>"
      "<RequestID>req-10</RequestID></Response>",
      400);
  auto s = ec2_.StopInstances({"i-1"}, false);
  ASSERT_FALSE(s.ok());
  EXPECT_FALSE(s.status().IsNotFound());
  EXPECT_EQ(s.status().aws_code(), "IncorrectInstanceState");
}

}  // namespace
}  // namespace arm
