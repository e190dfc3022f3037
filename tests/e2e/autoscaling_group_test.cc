// Auto Scaling groups end to end: the real binary against aws-sandbox with
// the demo estate. stop suspends the group's scheduled actions and alarm
// notifications and parks it at min and desired 0; start restores the sizes,
// waits for the instances and resumes only what stop suspended. The other
// project's group is never called.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/e2e/manager_fixture.h"

namespace arm::testing {
namespace {

using nlohmann::json;

constexpr char kAutoscalingGroupOurs[] = "user-journey-analytics-workers";
constexpr char kAutoscalingGroupTheirs[] = "billing-service-workers";

class AutoScalingGroupE2eTest : public ManagerFixture {
 protected:
  // The group as the sandbox holds it (its instances without ids).
  json Group(const std::string& name) {
    const json estate = Estate();
    for (const auto& g : estate.at("autoscaling").at("groups")) {
      if (g.value("name", "") == name) return g;
    }
    ADD_FAILURE() << "no Auto Scaling group " << name;
    return json();
  }
  int CallsNaming(const std::string& what) {
    int n = 0;
    const json state = State();
    for (const auto& e : state.at("calls").value("mutating_log", json::array()))
      n += e.value("request", "").find("AutoScalingGroupName=" + what) != std::string::npos;
    return n;
  }
};

TEST_F(AutoScalingGroupE2eTest, StopThenStartRestoresSizesAndProcessesExactly) {
  json before = Group(kAutoscalingGroupOurs), theirs = Group(kAutoscalingGroupTheirs);
  ASSERT_EQ(before.value("in_service", -1), 2);

  auto stop = Manager({"stop", "--force", "--only", "asg"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  json parked = Group(kAutoscalingGroupOurs);
  EXPECT_EQ(parked.value("min_size", -1), 0);
  EXPECT_EQ(parked.value("desired_capacity", -1), 0);
  EXPECT_EQ(parked.value("max_size", -1), 4);
  EXPECT_EQ(parked.value("in_service", -1), 0);
  EXPECT_EQ(parked.at("suspended_processes"), json({"AlarmNotification", "ScheduledActions"}));
  EXPECT_EQ(Group(kAutoscalingGroupTheirs), theirs);

  auto start = Manager({"start", "--force", "--only", "asg"});
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  json after = Group(kAutoscalingGroupOurs);
  EXPECT_EQ(after, before) << json::diff(before, after).dump() << "\nstart:\n" << start.out;
  EXPECT_EQ(Group(kAutoscalingGroupTheirs), theirs);
  // Two calls each way on our group (suspend + scale, scale + resume), none
  // on theirs.
  EXPECT_EQ(CallsNaming(kAutoscalingGroupOurs), 4);
  EXPECT_EQ(CallsNaming(kAutoscalingGroupTheirs), 0);
}

TEST_F(AutoScalingGroupE2eTest, StatusAndDryRunShowTheInstancesCostAndThePlan) {
  auto status = Manager({"status", "--only", "asg"});
  ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("min 1 desired 2 max 4 (2 InService), 2 x t3.medium"),
            std::string::npos)
      << status.out;
  auto plan = Manager({"stop", "--dry-run", "--only", "asg"});
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("SuspendProcesses user-journey-analytics-workers ScheduledActions, "
                          "AlarmNotification"),
            std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("UpdateAutoScalingGroup user-journey-analytics-workers min 1 desired 2 "
                          "max 4 -> min 0 desired 0 max 4"),
            std::string::npos)
      << plan.out;
  EXPECT_TRUE(MutatingCalls().empty());
}

// The tag query (autoscaling:autoScalingGroup) finds our group by its tag
// and reads its ARN back to its name; billing's carries another Project.
TEST_F(AutoScalingGroupE2eTest, ATagRuleSelectsTheGroupThroughTheTaggingApi) {
  std::string conf = state_path() + ".tags.conf";
  std::ofstream(conf) << "PROJECT_NAME=\"user-journey-analytics\"\nENVIRONMENT=\"demo\"\n"
                         "AWS_REGION=\"us-east-1\"\nNAME_PREFIX=\"matches-nothing-\"\n"
                         "TAG_KEY=\"Project\"\nTAG_VALUE=\"user-journey-analytics\"\n";
  set_config(conf);
  auto status = Manager({"status", "--only", "asg"});
  ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find(kAutoscalingGroupOurs), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("tag Project=user-journey-analytics"), std::string::npos) << status.out;
  EXPECT_EQ(status.out.find(kAutoscalingGroupTheirs), std::string::npos) << status.out;
  EXPECT_GE(State().at("calls").at("by_action").value("tag:GetResources", 0), 1);
}

}  // namespace
}  // namespace arm::testing
