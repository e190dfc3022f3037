// EC2 instances end to end: the real binary against aws-sandbox with the demo
// estate. stop stops the running bastion and waits until it is stopped; the
// instance already stopped and the Auto Scaling group's member are left as
// they are, the member with its reason. start starts only the bastion, and
// the estate is as before. The other project's instances are never called.
#include <gtest/gtest.h>

#include "tests/e2e/manager_fixture.h"

namespace arm::testing {
namespace {

using nlohmann::json;

constexpr char kBastion[] = "i-0a1b2c3d4e5f60001";
constexpr char kStopped[] = "i-0a1b2c3d4e5f60002";
constexpr char kAsgMember[] = "i-0a1b2c3d4e5f60003";

class Ec2InstanceE2eTest : public ManagerFixture {
 protected:
  std::string StateOf(const std::string& id) {
    const json estate = Estate();  // Estate().at(..) in the for would dangle
    for (const auto& i : estate.at("ec2").at("instances"))
      if (i.value("id", "") == id) return i.value("state", "");
    ADD_FAILURE() << "no EC2 instance " << id;
    return "";
  }
  // Mutating calls whose request names `what`.
  int CallsNaming(const std::string& what) {
    int n = 0;
    const json state = State();
    for (const auto& e : state.at("calls").value("mutating_log", json::array()))
      n += e.value("request", "").find(what) != std::string::npos;
    return n;
  }
};

TEST_F(Ec2InstanceE2eTest, StopThenStartRestoresTheInstancesExactly) {
  json before = Estate().at("ec2");

  auto stop = Manager({"stop", "--force"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  EXPECT_EQ(StateOf(kBastion), "stopped");
  EXPECT_EQ(StateOf(kStopped), "stopped");
  EXPECT_EQ(StateOf(kAsgMember), "running");
  EXPECT_NE(stop.out.find("belongs to Auto Scaling group user-journey-analytics-workers"),
            std::string::npos)
      << stop.out;

  auto start = Manager({"start", "--force"});
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  EXPECT_EQ(StateOf(kStopped), "stopped");
  json after = Estate().at("ec2");
  EXPECT_TRUE(after == before) << json::diff(before, after).dump() << "\nstart:\n" << start.out;
  // One StopInstances and one StartInstances on the bastion; none on the
  // instance already stopped, the group's member or the other project's.
  EXPECT_EQ(CallsNaming(kBastion), 2);
  EXPECT_EQ(CallsNaming(kStopped), 0);
  EXPECT_EQ(CallsNaming(kAsgMember), 0);
  EXPECT_EQ(CallsNaming("i-0c9d8e7f6a5b4"), 0);
  auto calls = MutatingCalls();
  EXPECT_EQ(calls["ec2:StopInstances"], 1);
  EXPECT_EQ(calls["ec2:StartInstances"], 1);
}

TEST_F(Ec2InstanceE2eTest, StatusAndDryRunShowWhatStillBillsAndWhyTheMemberStays) {
  auto status = Manager({"status", "--only", "ec2"});
  ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("t3.micro running, hibernation configured, 8 GB gp3, 1 public IPv4 "
                            "(user-journey-analytics-bastion)"),
            std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("not parked: it belongs to Auto Scaling group"), std::string::npos)
      << status.out;
  auto plan = Manager({"stop", "--dry-run", "--only", "ec2"});
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("StopInstances i-0a1b2c3d4e5f60001 (user-journey-analytics-bastion)"),
            std::string::npos)
      << plan.out;
  EXPECT_NE(plan.out.find("already stopped; start leaves it stopped"), std::string::npos)
      << plan.out;
  EXPECT_TRUE(MutatingCalls().empty());
}

}  // namespace
}  // namespace arm::testing
