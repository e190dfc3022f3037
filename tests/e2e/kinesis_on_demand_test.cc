// KINESIS_ON_DEMAND_TO_PROVISIONED: an on-demand stream is parked at one
// provisioned shard and switched back to on-demand at start, within AWS's two
// capacity-mode switches per stream per rolling 24 h (the sandbox enforces
// them as AWS does).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/e2e/manager_fixture.h"

namespace arm::testing {
namespace {

using nlohmann::json;

constexpr char kOnDemandStream[] = "user-journey-analytics-clickstream";
// The demo config lists its streams; the on-demand one joins the list.
constexpr char kStreams[] =
    "KINESIS_STREAMS=user-journey-analytics-user-events user-journey-analytics-clickstream";
const std::vector<std::string> kOn = {"KINESIS_ON_DEMAND_TO_PROVISIONED=true", kStreams};

class KinesisOnDemandTest : public ManagerFixture {
 protected:
  sandbox::ServerOptions Options() override {
    auto o = ManagerFixture::Options();
    o.estate["kinesis"]["streams"].push_back(
        {{"StreamName", kOnDemandStream},
         {"StreamMode", "ON_DEMAND"},
         {"OpenShardCount", 4},
         {"RetentionPeriodHours", 24},
         {"Tags", {{{"Key", "Project"}, {"Value", "user-journey-analytics"}}}}});
    return o;
  }
  json Stream(const std::string& name = kOnDemandStream) {
    json estate = Estate();
    for (const auto& s : estate["kinesis"]["streams"])
      if (s.value("name", "") == name) return s;
    return json();
  }
  std::string Saved() {
    std::ifstream in(state_path());
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

TEST_F(KinesisOnDemandTest, ParkedAtOneProvisionedShardAndBackToOnDemand) {
  auto plan = Manager({"--only", "kinesis", "stop", "--dry-run"}, kOn);
  EXPECT_NE(plan.out.find("UpdateStreamMode " + std::string(kOnDemandStream) +
                          " ON_DEMAND -> PROVISIONED"),
            std::string::npos)
      << plan.out;
  auto stop = Manager({"--only", "kinesis", "stop", "--force"}, kOn);
  ASSERT_EQ(stop.exit_code, 0) << stop.out << stop.err;
  EXPECT_EQ(MutatingCalls()["kinesis:UpdateStreamMode"], 1);
  json parked = Stream();
  EXPECT_EQ(parked["mode"], "PROVISIONED");
  EXPECT_EQ(parked["open_shard_count"], 1);
  json state = json::parse(Saved());
  bool recorded = false;
  for (const auto& r : state["resources"]) {
    if (r.value("name", "") != kOnDemandStream) continue;
    recorded = true;
    EXPECT_EQ(r["original"]["mode"], "ON_DEMAND");
    EXPECT_EQ(r["extra"]["mode_switches"].size(), 1u);
  }
  EXPECT_TRUE(recorded) << state.dump();
  auto status = Manager({"--only", "kinesis", "status"}, kOn);
  EXPECT_NE(status.out.find("1 shard (was on-demand)"), std::string::npos) << status.out;

  auto start = Manager({"--only", "kinesis", "start", "--force"}, kOn);
  ASSERT_EQ(start.exit_code, 0) << start.out << start.err;
  EXPECT_EQ(Stream()["mode"], "ON_DEMAND");
  EXPECT_EQ(MutatingCalls()["kinesis:UpdateStreamMode"], 2);
  // Both switches of the day are used: a second stop is refused before any
  // call, and says when it can be done.
  auto again = Manager({"--only", "kinesis", "stop", "--force"}, kOn);
  EXPECT_EQ(again.exit_code, 1) << again.out << again.err;
  EXPECT_NE(again.out.find("try again after"), std::string::npos) << again.out;
  EXPECT_EQ(MutatingCalls()["kinesis:UpdateStreamMode"], 2);
  EXPECT_EQ(Stream()["mode"], "ON_DEMAND");
}

// The whole estate, not only the stream: a stream refused for want of mode
// switches is a selected resource left running, so the run exits 1.
TEST_F(KinesisOnDemandTest, AStopRefusedForWantOfModeSwitchesExitsOneWithTheRest) {
  ASSERT_EQ(Manager({"stop", "--force"}, kOn).exit_code, 0);
  ASSERT_EQ(Manager({"start", "--force"}, kOn).exit_code, 0);
  auto again = Manager({"stop", "--force"}, kOn);
  EXPECT_EQ(again.exit_code, 1) << again.out << again.err;
  EXPECT_NE(again.out.find("try again after"), std::string::npos) << again.out;
  EXPECT_EQ(Stream()["mode"], "ON_DEMAND");
}

TEST_F(KinesisOnDemandTest, WithoutTheOptionItIsLeftAloneAndNotCalledParked) {
  ASSERT_EQ(Manager({"--only", "kinesis", "stop", "--force"}, {kStreams}).exit_code, 0);
  EXPECT_EQ(Stream()["mode"], "ON_DEMAND");
  EXPECT_EQ(Stream()["open_shard_count"], 4);
  auto again = Manager({"--only", "kinesis", "stop", "--force"}, {kStreams});
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(again.out.find("every selected resource is already parked"), std::string::npos)
      << again.out;
  EXPECT_NE(again.out.find("left as they are"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("KINESIS_ON_DEMAND_TO_PROVISIONED=true"), std::string::npos)
      << again.out;
  EXPECT_EQ(MutatingCalls().count("kinesis:UpdateStreamMode"), 0u);
}

}  // namespace
}  // namespace arm::testing
