#include "sandbox/asg_handler.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <pugixml.hpp>

#include "sandbox/json_handler_testing.h"
#include "tests/testing/fake_clock.h"

namespace sandbox {
namespace {

using nlohmann::json;
using Params = std::vector<std::pair<std::string, std::string>>;

constexpr char kAsgOurs[] = "user-journey-analytics-workers";

std::string Encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof(buf), "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

class AsgHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_.clock = &clock_;
    ctx_.asg_instance_seconds = 2;
    handler_ = MakeAsgHandler(ctx_);
    handler_->Load(testing::DemoEstate());
  }
  Response Call(const std::string& action, const Params& params) {
    Request r = testing::JsonRequest("", json::object());
    r.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    r.body = "Action=" + action + "&Version=2011-01-01";
    for (const auto& [k, v] : params) r.body += "&" + Encode(k) + "=" + Encode(v);
    return handler_->Handle(r);
  }
  static std::string Code(const Response& r) {
    pugi::xml_document doc;
    doc.load_string(r.body.c_str());
    return doc.child("ErrorResponse").child("Error").child_value("Code");
  }
  // The group as DescribeAutoScalingGroups answers it.
  pugi::xml_node Group(const std::string& name) {
    Response r = Call("DescribeAutoScalingGroups", {{"AutoScalingGroupNames.member.1", name}});
    EXPECT_EQ(r.status, 200) << r.body;
    doc_.load_string(r.body.c_str());
    return doc_.child("DescribeAutoScalingGroupsResponse")
        .child("DescribeAutoScalingGroupsResult")
        .child("AutoScalingGroups")
        .child("member");
  }
  int InService(const std::string& name) {
    int n = 0;
    for (pugi::xml_node i : Group(name).child("Instances").children("member"))
      n += std::string(i.child_value("LifecycleState")) == "InService";
    return n;
  }
  int Desired(const std::string& name) {
    return Group(name).child("DesiredCapacity").text().as_int();
  }
  void ScaleToZero() {
    ASSERT_EQ(Call("UpdateAutoScalingGroup",
                   {{"AutoScalingGroupName", kAsgOurs}, {"MinSize", "0"}, {"DesiredCapacity", "0"}})
                  .status,
              200);
  }

  arm::testing::FakeClock clock_;
  Context ctx_;
  std::unique_ptr<ServiceHandler> handler_;
  pugi::xml_document doc_;
};

TEST_F(AsgHandlerTest, DescribesTheEstateGroupWithArnInstancesAndTags) {
  pugi::xml_node g = Group(kAsgOurs);
  EXPECT_EQ(g.child("MinSize").text().as_int(), 1);
  EXPECT_EQ(g.child("DesiredCapacity").text().as_int(), 2);
  EXPECT_EQ(g.child("MaxSize").text().as_int(), 4);
  std::string arn = g.child_value("AutoScalingGroupARN");
  EXPECT_EQ(arn.rfind("arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:", 0), 0u);
  EXPECT_NE(arn.find(":autoScalingGroupName/user-journey-analytics-workers"), std::string::npos);
  EXPECT_STREQ(g.child("Tags").child("member").child_value("ResourceType"), "auto-scaling-group");
  EXPECT_EQ(InService(kAsgOurs), 2);  // reloads doc_: g is not read after this
}

TEST_F(AsgHandlerTest, InstancesConvergeOnTheDesiredCapacityOverTheSandboxClock) {
  ASSERT_EQ(Call("SuspendProcesses", {{"AutoScalingGroupName", kAsgOurs},
                                      {"ScalingProcesses.member.1", "ScheduledActions"}})
                .status,
            200);
  ScaleToZero();
  EXPECT_EQ(InService(kAsgOurs), 0);  // Terminating at once
  EXPECT_EQ(Group(kAsgOurs).child("Instances").select_nodes("member").size(), 2u);
  clock_.Advance(std::chrono::seconds(3));
  EXPECT_EQ(Group(kAsgOurs).child("Instances").select_nodes("member").size(), 0u);
  ASSERT_EQ(Call("UpdateAutoScalingGroup",
                 {{"AutoScalingGroupName", kAsgOurs}, {"MinSize", "1"}, {"DesiredCapacity", "2"}})
                .status,
            200);
  EXPECT_EQ(InService(kAsgOurs), 0);  // Pending
  clock_.Advance(std::chrono::seconds(3));
  EXPECT_EQ(InService(kAsgOurs), 2);
}

TEST_F(AsgHandlerTest, TheScheduledActionUndoesAParkUnlessSuspended) {
  ScaleToZero();
  clock_.Advance(std::chrono::seconds(2));
  EXPECT_EQ(Desired(kAsgOurs), 2) << "the schedule fires and puts the capacity back";

  ASSERT_EQ(Call("SuspendProcesses", {{"AutoScalingGroupName", kAsgOurs},
                                      {"ScalingProcesses.member.1", "ScheduledActions"},
                                      {"ScalingProcesses.member.2", "AlarmNotification"}})
                .status,
            200);
  ScaleToZero();
  clock_.Advance(std::chrono::seconds(10));
  EXPECT_EQ(Desired(kAsgOurs), 0);
  std::vector<std::string> suspended;
  for (pugi::xml_node p : Group(kAsgOurs).child("SuspendedProcesses").children("member"))
    suspended.emplace_back(p.child_value("ProcessName"));
  EXPECT_EQ(suspended, (std::vector<std::string>{"AlarmNotification", "ScheduledActions"}));
  // Resumed, missed fire times are not made up; the next one fires.
  ASSERT_EQ(Call("ResumeProcesses", {{"AutoScalingGroupName", kAsgOurs},
                                     {"ScalingProcesses.member.1", "ScheduledActions"}})
                .status,
            200);
  EXPECT_EQ(Desired(kAsgOurs), 0);
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(Desired(kAsgOurs), 2);
}

TEST_F(AsgHandlerTest, ErrorsAsAwsAnswersThem) {
  Response r = Call("UpdateAutoScalingGroup", {{"AutoScalingGroupName", "nope"}, {"MinSize", "0"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Code(r), "ValidationError");
  EXPECT_NE(r.body.find("AutoScalingGroup name not found"), std::string::npos);
  r = Call("UpdateAutoScalingGroup", {{"AutoScalingGroupName", kAsgOurs}, {"MinSize", "5"}});
  EXPECT_EQ(Code(r), "ValidationError");
  EXPECT_NE(r.body.find("Max bound, 4, must be greater than or equal to min bound, 5"),
            std::string::npos)
      << r.body;
  r = Call("SuspendProcesses",
           {{"AutoScalingGroupName", kAsgOurs}, {"ScalingProcesses.member.1", "Nap"}});
  EXPECT_EQ(Code(r), "ValidationError");
  r = Call("DescribeAutoScalingGroups", {{"MaxRecords", "101"}});
  EXPECT_EQ(Code(r), "ValidationError");
  r = Call("DescribeAutoScalingGroups", {{"NextToken", "bogus"}});
  EXPECT_EQ(Code(r), "InvalidNextToken");
  r = Call("DeleteAutoScalingGroup", {{"AutoScalingGroupName", kAsgOurs}});
  EXPECT_EQ(Code(r), "InvalidAction");
}

TEST_F(AsgHandlerTest, AnEstateBusyGroupAnswersScalingActivityInProgress) {
  json estate = testing::DemoEstate();
  estate["autoscaling"]["groups"][0]["SandboxScalingActivityInProgress"] = 1;
  handler_->Load(estate);
  Response r =
      Call("UpdateAutoScalingGroup", {{"AutoScalingGroupName", kAsgOurs}, {"MinSize", "0"}});
  EXPECT_EQ(Code(r), "ScalingActivityInProgress");
  r = Call("UpdateAutoScalingGroup", {{"AutoScalingGroupName", kAsgOurs}, {"MinSize", "0"}});
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(AsgHandlerTest, PagesWithNextTokenAndMaxRecords) {
  Response r = Call("DescribeAutoScalingGroups", {{"MaxRecords", "1"}});
  ASSERT_EQ(r.status, 200) << r.body;
  pugi::xml_document doc;
  doc.load_string(r.body.c_str());
  pugi::xml_node result =
      doc.child("DescribeAutoScalingGroupsResponse").child("DescribeAutoScalingGroupsResult");
  EXPECT_EQ(result.child("AutoScalingGroups").select_nodes("member").size(), 1u);
  std::string token = result.child_value("NextToken");
  ASSERT_FALSE(token.empty());
  r = Call("DescribeAutoScalingGroups", {{"MaxRecords", "1"}, {"NextToken", token}});
  doc.load_string(r.body.c_str());
  result = doc.child("DescribeAutoScalingGroupsResponse").child("DescribeAutoScalingGroupsResult");
  EXPECT_EQ(result.child("AutoScalingGroups").select_nodes("member").size(), 1u);
  EXPECT_TRUE(result.child("NextToken").empty());
}

TEST_F(AsgHandlerTest, IamNamesTheGroupArnOfChangesOnly) {
  Request r = testing::JsonRequest("", json::object());
  r.headers = {};
  r.body = "Action=UpdateAutoScalingGroup&Version=2011-01-01&AutoScalingGroupName=" +
           std::string(kAsgOurs);
  EXPECT_EQ(handler_->IamAction(r), "autoscaling:UpdateAutoScalingGroup");
  auto resources = handler_->IamResources(r);
  ASSERT_EQ(resources.size(), 1u);
  EXPECT_NE(resources[0].find(":autoScalingGroupName/user-journey-analytics-workers"),
            std::string::npos);
  r.body = "Action=DescribeAutoScalingGroups&Version=2011-01-01";
  EXPECT_EQ(handler_->IamResources(r), std::vector<std::string>{"*"});
}

}  // namespace
}  // namespace sandbox
