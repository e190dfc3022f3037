// ECS services end to end: the real binary against aws-sandbox with the demo
// estate. stop suspends the service's auto scaling and parks it at desired
// count 0; start restores the count, waits for the rollout and gives the
// target back its recorded SuspendedState. The other project's service and
// target are never called.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/e2e/manager_fixture.h"

namespace arm::testing {
namespace {

using nlohmann::json;

constexpr char kOurs[] = "user-journey-analytics-api";
constexpr char kOurTarget[] = "service/user-journey-analytics/user-journey-analytics-api";
constexpr char kTheirs[] = "billing-service-worker";

class EcsServiceE2eTest : public ManagerFixture {
 protected:
  json Service(const std::string& name) {
    const json estate = Estate();
    for (const auto& c : estate.at("ecs").at("clusters"))
      for (const auto& s : c.at("services"))
        if (s.value("name", "") == name) return s;
    ADD_FAILURE() << "no ECS service " << name;
    return json();
  }
  json Target(const std::string& resource_id) {
    const json state = State();
    for (const auto& t : state.at("services").at("application-autoscaling").at("scalable_targets"))
      if (t.value("resource_id", "") == resource_id) return t;
    ADD_FAILURE() << "no scalable target " << resource_id;
    return json();
  }
  // Mutating calls whose request names `what`.
  int CallsNaming(const std::string& what) {
    int n = 0;
    const json state = State();
    for (const auto& e : state.at("calls").value("mutating_log", json::array()))
      n += e.value("request", "").find(what) != std::string::npos;
    return n;
  }
  json EcsAndScaling() {
    json e = Estate();
    return {{"ecs", e.at("ecs")}, {"application-autoscaling", e.at("application-autoscaling")}};
  }
};

TEST_F(EcsServiceE2eTest, StopThenStartRestoresCountAndScalingExactly) {
  json before = EcsAndScaling();
  json their_target = Target("service/billing-service/billing-service-worker");

  auto stop = Manager({"stop", "--force"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  json parked = Service(kOurs);
  EXPECT_EQ(parked.value("desired_count", -1), 0);
  EXPECT_EQ(parked.value("running_count", -1), 0);
  EXPECT_EQ(Target(kOurTarget).at("suspended_state"), (json{{"DynamicScalingInSuspended", true},
                                                            {"DynamicScalingOutSuspended", true},
                                                            {"ScheduledScalingSuspended", true}}));
  // The state file keeps the original SuspendedState, not the parked one.
  std::ifstream in(state_path());
  json recorded = json::parse(in, nullptr, /*allow_exceptions=*/false);
  EXPECT_NE(recorded.dump().find(R"("DynamicScalingOutSuspended":false)"), std::string::npos)
      << recorded.dump();
  EXPECT_EQ(Service(kTheirs).value("desired_count", -1), 2);
  EXPECT_EQ(Target("service/billing-service/billing-service-worker"), their_target);

  auto start = Manager({"start", "--force"});
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  json after = EcsAndScaling();
  EXPECT_TRUE(after == before) << json::diff(before, after).dump() << "\nstart:\n" << start.out;
  // Two calls each way on our service (suspend + scale, scale + restore),
  // none on theirs.
  EXPECT_EQ(CallsNaming(kOurs), 4);
  EXPECT_EQ(CallsNaming(kTheirs), 0);
}

TEST_F(EcsServiceE2eTest, StatusAndDryRunShowTheFargateCostAndThePlan) {
  auto status = Manager({"status", "--only", "ecs"});
  ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("2 tasks (2 running), Fargate 0.5 vCPU / 1 GB, auto scaling 2-6"),
            std::string::npos)
      << status.out;
  auto plan = Manager({"stop", "--dry-run", "--only", "ecs"});
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("UpdateService user-journey-analytics/user-journey-analytics-api "
                          "desiredCount 2 -> 0"),
            std::string::npos)
      << plan.out;
  EXPECT_TRUE(MutatingCalls().empty());
}

}  // namespace
}  // namespace arm::testing
