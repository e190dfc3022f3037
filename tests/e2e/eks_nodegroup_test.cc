// EKS managed node groups end to end: the real binary against aws-sandbox
// with the demo estate. stop records the scaling config and parks the node
// group at min and desired 0 (max kept), waiting until it is ACTIVE; start
// restores the recorded sizes exactly. The other projects' node groups
// (billing-service, the prefix neighbour user-journey-analytics-v2) are
// never called.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "tests/e2e/manager_fixture.h"
#include "tests/testing/testing.h"

namespace arm::testing {
namespace {

using nlohmann::json;

constexpr char kEksOursCluster[] = "user-journey-analytics";
constexpr char kEksOurs[] = "user-journey-analytics-nodes";

class EksNodegroupE2eTest : public ManagerFixture {
 protected:
  // Every node group as the sandbox holds it, by "cluster/nodegroup".
  std::map<std::string, json> Nodegroups() {
    std::map<std::string, json> out;
    const json estate = Estate();
    for (const auto& c : estate.at("eks").at("clusters"))
      for (const auto& g : c.at("nodegroups"))
        out[c.value("name", "") + "/" + g.value("name", "")] = g;
    return out;
  }
  int UpdatesNaming(const std::string& nodegroup) {
    int n = 0;
    const json state = State();
    for (const auto& e : state.at("calls").value("mutating_log", json::array()))
      n += e.value("action", "") == "eks:UpdateNodegroupConfig" &&
           e.value("request", "").find("/node-groups/" + nodegroup + "/") != std::string::npos;
    return n;
  }
};

TEST_F(EksNodegroupE2eTest, StopThenStartRestoresTheScalingConfigExactly) {
  const std::string ours = std::string(kEksOursCluster) + "/" + kEksOurs;
  std::map<std::string, json> before = Nodegroups();
  ASSERT_EQ(before.size(), 3u);

  auto stop = Manager({"stop", "--force", "--only", "nodegroup"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  std::map<std::string, json> parked = Nodegroups();
  EXPECT_EQ(parked[ours].value("min_size", -1), 0);
  EXPECT_EQ(parked[ours].value("desired_size", -1), 0);
  EXPECT_EQ(parked[ours].value("max_size", -1), 3);
  EXPECT_EQ(parked[ours].value("status", ""), "ACTIVE");  // the stop waited
  for (const auto& [name, g] : before) {
    if (name != ours) {
      EXPECT_EQ(parked[name], g) << name;
    }
  }
  // The original is recorded in the state file.
  json state = json::parse(Slurp(state_path()));
  EXPECT_NE(state.dump().find("\"desired_size\":2"), std::string::npos) << state.dump();

  auto start = Manager({"start", "--force", "--only", "nodegroup"});
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  EXPECT_EQ(Nodegroups(), before) << start.out;
  EXPECT_EQ(UpdatesNaming(kEksOurs), 2);
  EXPECT_EQ(UpdatesNaming("billing-service-nodes"), 0);
  EXPECT_EQ(UpdatesNaming("user-journey-analytics-v2-nodes"), 0);
}

TEST_F(EksNodegroupE2eTest, StatusAndDryRunShowTheNodesTheControlPlaneAndThePlan) {
  auto status = Manager({"status", "--only", "nodegroup"});
  ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("min 1 desired 2 max 3, t3.large, ACTIVE"), std::string::npos)
      << status.out;
  auto plan = Manager({"stop", "--dry-run", "--only", "nodegroup"});
  ASSERT_EQ(plan.exit_code, 0) << plan.out << plan.err;
  EXPECT_NE(plan.out.find("UpdateNodegroupConfig user-journey-analytics/"
                          "user-journey-analytics-nodes min 1 desired 2 max 3 -> min 0 desired 0 "
                          "max 3"),
            std::string::npos)
      << plan.out;
  EXPECT_TRUE(MutatingCalls().empty());
  // The control plane is said to keep billing; it is not in the saving.
  auto json_status = Manager({"--output", "json", "status", "--only", "nodegroup"});
  ASSERT_EQ(json_status.exit_code, 0) << json_status.err;
  EXPECT_NE(json_status.out.find("control plane ($0.10/hour) keeps billing"), std::string::npos)
      << json_status.out;
  EXPECT_NEAR(json_status.json.at("totals").at("daily_cost_usd").get<double>(), 2 * 0.0832 * 24,
              0.01);
}

// The tag query (eks:nodegroup) finds our node group by its tag and reads
// its ARN (nodegroup/CLUSTER/NODEGROUP/UUID) back to its name.
TEST_F(EksNodegroupE2eTest, ATagRuleSelectsTheNodegroupThroughTheTaggingApi) {
  std::string conf = state_path() + ".tags.conf";
  std::ofstream(conf) << "PROJECT_NAME=\"user-journey-analytics\"\nENVIRONMENT=\"demo\"\n"
                         "AWS_REGION=\"us-east-1\"\nNAME_PREFIX=\"matches-nothing-\"\n"
                         "TAG_KEY=\"Project\"\nTAG_VALUE=\"user-journey-analytics\"\n";
  set_config(conf);
  auto status = Manager({"status", "--only", "nodegroup"});
  ASSERT_EQ(status.exit_code, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("user-journey-analytics/user-journey-analytics-nodes"),
            std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("tag Project=user-journey-analytics"), std::string::npos) << status.out;
  EXPECT_EQ(status.out.find("billing-service-nodes"), std::string::npos) << status.out;
  EXPECT_EQ(status.out.find("v2-nodes"), std::string::npos) << status.out;
}

}  // namespace
}  // namespace arm::testing
