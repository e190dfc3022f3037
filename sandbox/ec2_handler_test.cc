#include "sandbox/ec2_handler.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "tests/testing/fake_clock.h"

namespace sandbox {
namespace {

using nlohmann::json;

const json kEstate = {
    {"ec2",
     {{"state_seconds", 30},
      {"instances",
       {{{"id", "i-0a1"},
         {"instance_type", "t3.micro"},
         {"hibernation_configured", true},
         {"tags", {{"Name", "bastion"}}},
         {"public_ip", "3.3.3.3"},
         {"volumes", {{{"id", "vol-a1"}, {"size_gb", 8}}}}},
        {{"id", "i-0b2"}, {"state", "stopped"}, {"public_ip", "4.4.4.4"}},
        {{"id", "i-0c3"}, {"root_device_type", "instance-store"}},
        {{"id", "i-0d4"}, {"lifecycle", "spot"}, {"spot_request_type", "one-time"}},
        {{"id", "i-0e5"}, {"lifecycle", "spot"}, {"spot_request_type", "persistent"}},
        {{"id", "i-0f6"}, {"tags", {{"aws:autoscaling:groupName", "web"}}}}}}}}};

class Ec2HandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_.clock = &clock_;
    handler_ = std::make_unique<Ec2Handler>(ctx_);
    handler_->Load(kEstate);
  }
  Response Call(const std::string& form) {
    Request r;
    r.method = "POST";
    r.path = "/";
    r.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    r.body = form + "&Version=2016-11-15";
    r.region = "us-east-1";
    return handler_->Handle(r);
  }
  static std::string Code(const Response& r) {
    pugi::xml_document doc;
    doc.load_string(r.body.c_str());
    return doc.child("Response").child("Errors").child("Error").child_value("Code");
  }
  std::string State(const std::string& id) {
    const json dump = handler_->Dump();  // Dump()[...] in the for would dangle
    for (const auto& i : dump["instances"])
      if (i["id"] == id) return i["state"];
    return "";
  }
  std::string Describe(const std::string& id) {
    Response r = Call("Action=DescribeInstances&InstanceId.1=" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.body;
  }

  arm::testing::FakeClock clock_;
  Context ctx_;
  std::unique_ptr<Ec2Handler> handler_;
};

TEST_F(Ec2HandlerTest, StopGoesThroughStoppingToStoppedOnTheSandboxClock) {
  Response r = Call("Action=StopInstances&InstanceId.1=i-0a1");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<StopInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                        "<requestId>"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("<currentState><code>64</code><name>stopping</name></currentState>"
                        "<previousState><code>16</code><name>running</name></previousState>"),
            std::string::npos)
      << r.body;
  clock_.Advance(std::chrono::seconds(29));
  EXPECT_NE(Describe("i-0a1").find("<name>stopping</name>"), std::string::npos);
  clock_.Advance(std::chrono::seconds(1));
  std::string stopped = Describe("i-0a1");
  EXPECT_NE(stopped.find("<name>stopped</name>"), std::string::npos);
  // The auto-assigned address is released while stopped.
  EXPECT_EQ(stopped.find("3.3.3.3"), std::string::npos) << stopped;

  ASSERT_EQ(Call("Action=StartInstances&InstanceId.1=i-0a1").status, 200);
  EXPECT_EQ(State("i-0a1"), "pending");
  clock_.Advance(std::chrono::seconds(30));
  std::string running = Describe("i-0a1");
  EXPECT_NE(running.find("<name>running</name>"), std::string::npos);
  EXPECT_NE(running.find("<ipAddress>3.3.3.3</ipAddress>"), std::string::npos);
}

TEST_F(Ec2HandlerTest, RefusesWhatAwsCannotStopOrStart) {
  EXPECT_EQ(Code(Call("Action=StopInstances&InstanceId.1=i-0c3")), "UnsupportedOperation");
  EXPECT_EQ(Code(Call("Action=StopInstances&InstanceId.1=i-0d4")), "UnsupportedOperation");
  EXPECT_EQ(Call("Action=StopInstances&InstanceId.1=i-0e5").status, 200);
  EXPECT_EQ(Code(Call("Action=StopInstances&InstanceId.1=i-0b2&Hibernate=true")),
            "UnsupportedHibernationConfiguration");
  EXPECT_EQ(Code(Call("Action=StopInstances&InstanceId.1=i-0ff")), "InvalidInstanceID.NotFound");
  EXPECT_EQ(Code(Call("Action=StopInstances&InstanceId.1=nope")), "InvalidInstanceID.Malformed");
  EXPECT_EQ(Code(Call("Action=StopInstances")), "MissingParameter");
  // One refused instance refuses the whole call.
  EXPECT_EQ(Code(Call("Action=StopInstances&InstanceId.1=i-0a1&InstanceId.2=i-0c3")),
            "UnsupportedOperation");
  EXPECT_EQ(State("i-0a1"), "running");
  ASSERT_EQ(Call("Action=StopInstances&InstanceId.1=i-0a1&Hibernate=true").status, 200);
  EXPECT_TRUE(handler_->Dump()["instances"][0]["hibernated"].get<bool>());
  EXPECT_EQ(Code(Call("Action=StartInstances&InstanceId.1=i-0a1")), "IncorrectInstanceState");
  ASSERT_EQ(Call("Action=StartInstances&InstanceId.1=i-0b2").status, 200);
  EXPECT_EQ(Code(Call("Action=StopInstances&InstanceId.1=i-0b2")), "IncorrectInstanceState");
  EXPECT_EQ(Code(Call("Action=RebootInstances&InstanceId.1=i-0b2")), "InvalidAction");
}

TEST_F(Ec2HandlerTest, DescribeInstancesPagesFiltersAndRefusesIdsWithMaxResults) {
  Response first = Call("Action=DescribeInstances&MaxResults=5");
  ASSERT_EQ(first.status, 200) << first.body;
  pugi::xml_document doc;
  doc.load_string(first.body.c_str());
  pugi::xml_node root = doc.child("DescribeInstancesResponse");
  EXPECT_EQ(std::distance(root.child("reservationSet").children("item").begin(),
                          root.child("reservationSet").children("item").end()),
            5);
  std::string token = root.child_value("nextToken");
  ASSERT_FALSE(token.empty());
  Response second = Call("Action=DescribeInstances&MaxResults=5&NextToken=" + token);
  EXPECT_NE(second.body.find("i-0f6"), std::string::npos);
  EXPECT_EQ(second.body.find("<nextToken>"), std::string::npos);

  Response filtered = Call(
      "Action=DescribeInstances&Filter.1.Name=instance-id&Filter.1.Value.1=i-0b2&Filter.1.Value.2="
      "i-gone");
  EXPECT_NE(filtered.body.find("i-0b2"), std::string::npos);
  EXPECT_EQ(filtered.body.find("i-0a1"), std::string::npos);
  EXPECT_NE(Call("Action=DescribeInstances&Filter.1.Name=tag:Name&Filter.1.Value.1=bastion")
                .body.find("i-0a1"),
            std::string::npos);
  EXPECT_EQ(Code(Call("Action=DescribeInstances&InstanceId.1=i-0a1&MaxResults=5")),
            "InvalidParameterCombination");
  EXPECT_EQ(Code(Call("Action=DescribeInstances&MaxResults=2")), "InvalidParameterValue");
  EXPECT_EQ(Code(Call("Action=DescribeInstances&InstanceId.1=i-0ff")),
            "InvalidInstanceID.NotFound");
  std::string bastion = Describe("i-0a1");
  EXPECT_NE(bastion.find("<hibernationOptions><configured>true</configured>"), std::string::npos);
  EXPECT_NE(bastion.find("<ipOwnerId>amazon</ipOwnerId>"), std::string::npos);
  EXPECT_NE(Describe("i-0d4").find("<instanceLifecycle>spot</instanceLifecycle>"),
            std::string::npos);
}

TEST_F(Ec2HandlerTest, DescribeVolumesBySizeTypeAndAttachment) {
  Response r =
      Call("Action=DescribeVolumes&Filter.1.Name=attachment.instance-id&Filter.1.Value.1=i-0a1");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("<volumeId>vol-a1</volumeId><size>8</size>"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("<volumeType>gp3</volumeType>"), std::string::npos);
  EXPECT_EQ(Code(Call("Action=DescribeVolumes&VolumeId.1=vol-x")), "InvalidVolume.NotFound");
}

TEST_F(Ec2HandlerTest, ErrorsAndDenialsAreInTheEc2Shape) {
  Request r;
  Response denied = handler_->AccessDenied(r, "You are not authorized to perform this operation.");
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(Code(denied), "UnauthorizedOperation");
  EXPECT_NE(denied.body.find("<RequestID>"), std::string::npos);
  EXPECT_EQ(Code(handler_->Throttled(r)), "RequestLimitExceeded");
  EXPECT_EQ(Code(handler_->Error(r, 403, "AuthFailure", "x")), "AuthFailure");
}

TEST_F(Ec2HandlerTest, TaggedInstancesShowToTheTaggingApiByArn) {
  std::vector<TaggedResource> tagged;
  handler_->CollectTagged(tagged);
  ASSERT_EQ(tagged.size(), 2u);
  EXPECT_EQ(tagged[0].arn, "arn:aws:ec2:us-east-1:000000000000:instance/i-0a1");
}

}  // namespace
}  // namespace sandbox
