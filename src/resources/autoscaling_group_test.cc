#include <gtest/gtest.h>

#include "core/environment.h"
#include "cost/cost_model.h"
#include "cost/price_table.h"
#include "resources/registry.h"
#include "resources/types.h"
#include "services/ec2_autoscaling_client.h"
#include "tests/testing/mem_file_system.h"
#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using nlohmann::json;

json AutoscalingGroupOriginal(const json& suspended = json::array()) {
  return {{"min_size", 1},
          {"max_size", 4},
          {"desired_capacity", 2},
          {"suspended_processes", suspended},
          {"instance_type", "t3.medium"}};
}

json Instance(const std::string& id, bool is_protected = false,
              const std::string& state = "InService") {
  return {{"id", id},
          {"type", "t3.medium"},
          {"state", state},
          {"running", state == "InService" || state == "Pending"},
          {"protected", is_protected}};
}

Snapshot Group(const json& suspended = json::array(), int protected_count = 0) {
  Snapshot s;
  s.type = "autoscaling-group";
  s.name = "workers";
  s.config = AutoscalingGroupOriginal(suspended);
  json instances = {Instance("i-1", protected_count > 0), Instance("i-2", protected_count > 1)};
  s.details = {
      {"arn", "arn:aws:autoscaling:us-east-1:1:autoScalingGroup:u:autoScalingGroupName/workers"},
      {"status", ""},
      {"in_service", 2},
      {"instances", instances},
      {"warm_pool", false},
      {"warm_pool_size", 0}};
  return s;
}

std::vector<std::string> AutoscalingGroupApis(const PlanOutput& out) {
  std::vector<std::string> apis;
  for (const auto& a : out.actions) apis.push_back(a.api);
  return apis;
}

std::string GroupsXml(int desired, int in_service, const std::string& suspended = "") {
  std::string instances;
  for (int i = 0; i < in_service; ++i)
    instances += "<member><InstanceId>i-" + std::to_string(i) +
                 "</InstanceId><InstanceType>t3.medium</InstanceType><LifecycleState>InService"
                 "</LifecycleState><ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>";
  return "<DescribeAutoScalingGroupsResponse><DescribeAutoScalingGroupsResult><AutoScalingGroups>"
         "<member><AutoScalingGroupName>workers</AutoScalingGroupName><MinSize>" +
         std::to_string(desired == 0 ? 0 : 1) + "</MinSize><MaxSize>4</MaxSize><DesiredCapacity>" +
         std::to_string(desired) + "</DesiredCapacity><Instances>" + instances +
         "</Instances><SuspendedProcesses>" + suspended +
         "</SuspendedProcesses></member></AutoScalingGroups></DescribeAutoScalingGroupsResult>"
         "</DescribeAutoScalingGroupsResponse>";
}

std::string Empty(const std::string& action) {
  return "<" + action + "Response><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></" +
         action + "Response>";
}

class AutoScalingGroupTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (pure_) {
      EXPECT_TRUE(env_.requests().empty());
    }
  }
  PlanOutput Stop(const Snapshot& s) const { return type_->PlanStop({{&s, s.config, ""}}); }
  PlanOutput Start(const Snapshot& s, const json& original = AutoscalingGroupOriginal()) const {
    return type_->PlanStart({{&s, original, "stopped"}});
  }

  bool pure_ = true;
  testing::ServiceTestEnv env_;
  Ec2AutoScalingClient asg_{env_.client()};
  std::unique_ptr<ResourceType> type_ = MakeAutoScalingGroupType(asg_, env_.clock());
};

TEST_F(AutoScalingGroupTest, StopSuspendsSchedulesThenScalesToZeroAndWaits) {
  PlanOutput out = Stop(Group());
  EXPECT_TRUE(out.notes.empty());
  ASSERT_EQ(AutoscalingGroupApis(out),
            (std::vector<std::string>{"autoscaling:SuspendProcesses",
                                      "autoscaling:UpdateAutoScalingGroup",
                                      "autoscaling:DescribeAutoScalingGroups"}));
  EXPECT_EQ(out.actions[0].params.at("processes"), json({"ScheduledActions", "AlarmNotification"}));
  EXPECT_FALSE(out.actions[0].changes_cost);
  EXPECT_EQ(out.actions[1].params.at("min_size"), 0);
  EXPECT_EQ(out.actions[1].params.at("desired_capacity"), 0);
  EXPECT_FALSE(out.actions[1].params.contains("max_size"));  // MaxSize unchanged
  EXPECT_TRUE(out.actions[1].changes_cost);
  EXPECT_FALSE(out.actions[2].mutating);
  EXPECT_EQ(out.actions[0].chain, out.actions[2].chain);
}

TEST_F(AutoScalingGroupTest, StopSuspendsOnlyWhatIsNotSuspendedAlready) {
  PlanOutput out = Stop(Group({"AlarmNotification", "AZRebalance"}));
  EXPECT_EQ(out.actions.at(0).params.at("processes"), json({"ScheduledActions"}));
}

TEST_F(AutoScalingGroupTest, StopOfAParkedGroupDoesNothing) {
  Snapshot parked = type_->Parked(Group());
  parked.details["instances"] = json::array();
  PlanOutput out = Stop(parked);
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kInfo);
}

TEST_F(AutoScalingGroupTest, ProtectedInstancesAreSaidToKeepRunningAndKeepTheirCost) {
  Snapshot s = Group(json::array(), 1);
  PlanOutput out = Stop(s);
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kWarning);
  EXPECT_NE(out.notes[0].message.find("protected from scale-in"), std::string::npos);
  testing::MemFileSystem fs;
  auto prices = PriceTable::Load(fs, MapEnvironment(), TypePriceKeys());
  ASSERT_TRUE(prices.ok()) << prices.status().ToString();
  Snapshot parked = type_->Parked(s);
  EXPECT_NEAR(type_->CostOf(parked, *prices, "us-east-1").hourly_usd, 0.0416, 1e-9);
  EXPECT_NE(type_->StatusText(parked, AutoscalingGroupOriginal()).find("1 protected from scale-in"),
            std::string::npos);
}

TEST_F(AutoScalingGroupTest, AGroupBeingDeletedIsNeitherParkedNorStarted) {
  Snapshot s = Group();
  s.transitioning = true;
  s.details["status"] = "Delete in progress";
  EXPECT_EQ(type_->Classify(s, nullptr), Condition::kTransitioning);
  for (const PlanOutput& out : {Stop(s), Start(s)}) {
    EXPECT_TRUE(out.actions.empty());
    ASSERT_EQ(out.notes.size(), 1u);
    EXPECT_EQ(out.notes[0].severity, Severity::kError);
    EXPECT_NE(out.notes[0].message.find("being deleted"), std::string::npos);
  }
}

TEST_F(AutoScalingGroupTest, AWarmPoolIsReported) {
  Snapshot s = Group();
  s.details["warm_pool"] = true;
  s.details["warm_pool_size"] = 1;
  PlanOutput out = Stop(s);
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_NE(out.notes[0].message.find("warm pool"), std::string::npos);
}

// The group of an EKS managed node group belongs to EKS, which sets its sizes
// back: it is left running with a note naming the node group to park.
TEST_F(AutoScalingGroupTest, AGroupOfAnEksNodeGroupIsLeftRunning) {
  Snapshot s = Group();
  s.details["managed_by"] = "EKS node group demo/demo-nodes";
  s.details["park_instead"] = "park the node group instead (selector nodegroup, EKS_NODEGROUPS)";
  PlanOutput out = Stop(s);
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kWarning);
  EXPECT_NE(out.notes[0].message.find("EKS node group demo/demo-nodes"), std::string::npos)
      << out.notes[0].message;
  EXPECT_NE(out.notes[0].message.find("nodegroup"), std::string::npos);
  EXPECT_EQ(type_->Parked(s).config, s.config);
}

TEST_F(AutoScalingGroupTest, DiscoverReadsTheEksTagsOfANodeGroupsGroup) {
  pure_ = false;
  std::string xml = GroupsXml(2, 2, "");
  const std::string tags =
      "<Tags><member><Key>eks:cluster-name</Key><Value>demo</Value><ResourceId>workers</"
      "ResourceId><ResourceType>auto-scaling-group</ResourceType><PropagateAtLaunch>true</"
      "PropagateAtLaunch></member><member><Key>eks:nodegroup-name</Key><Value>demo-nodes</"
      "Value><ResourceId>workers</ResourceId><ResourceType>auto-scaling-group</"
      "ResourceType><PropagateAtLaunch>true</PropagateAtLaunch></member></Tags>";
  const auto at = xml.find("</AutoScalingGroupName>");
  ASSERT_NE(at, std::string::npos) << xml;
  xml.insert(at + std::string("</AutoScalingGroupName>").size(), tags);
  env_.EnqueueXml(xml);
  TypeSelection sel;
  sel.explicit_names = {"workers"};
  auto snaps = type_->Discover(sel);
  ASSERT_TRUE(snaps.ok()) << snaps.status().ToString();
  ASSERT_EQ(snaps->size(), 1u);
  EXPECT_EQ((*snaps)[0].details.value("managed_by", ""), "EKS node group demo/demo-nodes");
  // Its instances are the node group's cost, not counted twice.
  testing::MemFileSystem fs;
  auto prices = PriceTable::Load(fs, MapEnvironment(), TypePriceKeys());
  ASSERT_TRUE(prices.ok()) << prices.status().ToString();
  Cost c = type_->CostOf((*snaps)[0], *prices, "us-east-1");
  EXPECT_EQ(c.hourly_usd, 0.0);
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_NE(c.notes[0].find("billed with its EKS node group demo/demo-nodes"), std::string::npos);
}

// A group whose Launch or Terminate process was suspended before the stop
// could not be parked and brought back: left running, saying which and why.
TEST_F(AutoScalingGroupTest, LaunchOrTerminateSuspendedBeforeTheStopLeavesTheGroupRunning) {
  for (const char* p : {"Launch", "Terminate"}) {
    PlanOutput out = Stop(Group({p}));
    EXPECT_TRUE(out.actions.empty()) << p;
    ASSERT_EQ(out.notes.size(), 1u) << p;
    EXPECT_EQ(out.notes[0].severity, Severity::kWarning);
    EXPECT_NE(out.notes[0].message.find(std::string("its ") + p + " process is suspended"),
              std::string::npos)
        << out.notes[0].message;
  }
  // Parked by an earlier stop: the record says what to restore; stop goes on.
  Snapshot s = Group({"Launch"});
  EXPECT_FALSE(type_->PlanStop({{&s, s.config, "stopped"}}).actions.empty());
}

TEST_F(AutoScalingGroupTest, StartRestoresSizesWaitsThenResumesOnlyWhatStopSuspended) {
  Snapshot parked = type_->Parked(Group({"AZRebalance"}));
  parked.details["in_service"] = 0;
  EXPECT_EQ(type_->Classify(parked, nullptr), Condition::kStopped);
  PlanOutput out = Start(parked, AutoscalingGroupOriginal({"AZRebalance"}));
  ASSERT_EQ(AutoscalingGroupApis(out),
            (std::vector<std::string>{"autoscaling:UpdateAutoScalingGroup",
                                      "autoscaling:DescribeAutoScalingGroups",
                                      "autoscaling:ResumeProcesses"}));
  EXPECT_EQ(out.actions[0].params.at("min_size"), 1);
  EXPECT_EQ(out.actions[0].params.at("max_size"), 4);
  EXPECT_EQ(out.actions[0].params.at("desired_capacity"), 2);
  EXPECT_EQ(out.actions[1].params.at("in_service"), 2);
  EXPECT_EQ(out.actions[2].params.at("processes"), json({"ScheduledActions", "AlarmNotification"}));
}

TEST_F(AutoScalingGroupTest, StartKeepsAProcessSuspendedBeforeTheStop) {
  Snapshot parked = type_->Parked(Group({"ScheduledActions"}));
  PlanOutput out = Start(parked, AutoscalingGroupOriginal({"ScheduledActions"}));
  EXPECT_EQ(out.actions.back().params.at("processes"), json({"AlarmNotification"}));
}

TEST_F(AutoScalingGroupTest, VerifyNamesSizesInstancesAndProcesses) {
  EXPECT_EQ(type_->Verify(Group(), AutoscalingGroupOriginal()), "");
  Snapshot s = Group();
  s.config["max_size"] = 3;
  EXPECT_NE(type_->Verify(s, AutoscalingGroupOriginal()).find("sizes are"), std::string::npos);
  s = Group();
  s.details["in_service"] = 1;
  EXPECT_NE(type_->Verify(s, AutoscalingGroupOriginal()).find("1 instances InService"),
            std::string::npos);
  EXPECT_NE(type_->Verify(Group({"ScheduledActions"}), AutoscalingGroupOriginal())
                .find("suspended processes"),
            std::string::npos);
}

TEST_F(AutoScalingGroupTest, CheckOriginalNamesTheField) {
  EXPECT_TRUE(type_->CheckOriginal(AutoscalingGroupOriginal()).ok());
  json bad = AutoscalingGroupOriginal();
  bad["max_size"] = "four";
  EXPECT_EQ(type_->CheckOriginal(bad).message().rfind("max_size:", 0), 0u);
  bad = AutoscalingGroupOriginal();
  bad["min_size"] = 3;
  EXPECT_EQ(type_->CheckOriginal(bad).message().rfind("desired_capacity:", 0), 0u);
  bad = AutoscalingGroupOriginal();
  bad["suspended_processes"] = json({1});
  EXPECT_EQ(type_->CheckOriginal(bad).message().rfind("suspended_processes:", 0), 0u);
}

TEST_F(AutoScalingGroupTest, InstancesCostTheirOnDemandPriceAndAParkedGroupNothing) {
  testing::MemFileSystem fs;
  auto prices = PriceTable::Load(fs, MapEnvironment(), TypePriceKeys());
  ASSERT_TRUE(prices.ok()) << prices.status().ToString();
  Cost c = type_->CostOf(Group(), *prices, "us-east-1");
  EXPECT_TRUE(c.known);
  EXPECT_NEAR(c.hourly_usd, 2 * 0.0416, 1e-9);
  EXPECT_EQ(type_->CostOf(type_->Parked(Group()), *prices, "us-east-1").hourly_usd, 0);
  Snapshot odd = Group();
  odd.config["instance_type"] = "x9.huge";
  EXPECT_FALSE(type_->CostOf(odd, *prices, "us-east-1").known);
  // Start prices the record (its instance type) on the parked group.
  Snapshot back = type_->Parked(Group());
  back.config = AutoscalingGroupOriginal();
  EXPECT_NEAR(type_->CostOf(back, *prices, "us-east-1").hourly_usd, 2 * 0.0416, 1e-9);
}

TEST_F(AutoScalingGroupTest, ReadsItsArnsForTheTagQuery) {
  EXPECT_EQ(
      type_->info().NameFromArn(
          "arn:aws:autoscaling:us-east-1:1:autoScalingGroup:0d1e-2f:autoScalingGroupName/w-1"),
      "w-1");
  EXPECT_EQ(type_->info().NameFromArn("arn:aws:autoscaling:us-east-1:1:launchConfiguration:x"), "");
}

TEST_F(AutoScalingGroupTest, DiscoverDescribesListedNamesAndMarksAbsentOnesMissing) {
  pure_ = false;
  env_.EnqueueXml(GroupsXml(2, 2, "<member><ProcessName>AZRebalance</ProcessName></member>"));
  TypeSelection sel;
  sel.explicit_names = {"workers", "gone"};
  auto snaps = type_->Discover(sel);
  ASSERT_TRUE(snaps.ok()) << snaps.status().ToString();
  ASSERT_EQ(snaps->size(), 2u);
  EXPECT_FALSE((*snaps)[0].exists);  // "gone"
  const Snapshot& w = (*snaps)[1];
  EXPECT_EQ(w.config, AutoscalingGroupOriginal({"AZRebalance"}));
  EXPECT_EQ(w.details.at("in_service"), 2);
  EXPECT_EQ(env_.requests().size(), 1u);
}

TEST_F(AutoScalingGroupTest, ApplyWaitsUntilTheInstancesAreInService) {
  pure_ = false;
  env_.EnqueueXml(GroupsXml(2, 1));
  env_.EnqueueXml(GroupsXml(2, 2));
  Snapshot parked = type_->Parked(Group());
  Action wait = Start(parked).actions.at(1);
  std::vector<std::string> progress;
  ApplyOptions options;
  options.progress = [&](const std::string& line) { progress.push_back(line); };
  ASSERT_TRUE(type_->Apply(wait, options).ok());
  EXPECT_EQ(env_.requests().size(), 2u);
  ASSERT_FALSE(progress.empty());
  EXPECT_NE(progress[0].find("1 InService, desired 2"), std::string::npos) << progress[0];
}

TEST_F(AutoScalingGroupTest, AFailedScaleDownResumesTheProcessesItSuspended) {
  pure_ = false;
  env_.EnqueueXml(
      "<ErrorResponse><Error><Type>Sender</Type><Code>ScalingActivityInProgress</Code>"
      "<Message>busy</Message></Error><RequestId>r</RequestId></ErrorResponse>",
      400);
  env_.EnqueueXml(Empty("ResumeProcesses"));
  Action scale = Stop(Group()).actions.at(1);
  Status s = type_->Apply(scale, ApplyOptions());
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.aws_code(), "ScalingActivityInProgress");
  EXPECT_NE(s.message().find("resumed as it was"), std::string::npos) << s.message();
  ASSERT_EQ(env_.requests().size(), 2u);
  EXPECT_EQ(env_.Form(1).at("Action"), "ResumeProcesses");
  EXPECT_EQ(env_.Form(1).at("ScalingProcesses.member.1"), "ScheduledActions");
}

}  // namespace
}  // namespace arm
