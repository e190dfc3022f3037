#include <gtest/gtest.h>

#include "core/environment.h"
#include "cost/cost_model.h"
#include "cost/price_table.h"
#include "resources/registry.h"
#include "resources/types.h"
#include "services/ec2_client.h"
#include "tests/testing/mem_file_system.h"
#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using nlohmann::json;

constexpr char kEc2InstanceXmlns[] = R"( xmlns="http://ec2.amazonaws.com/doc/2016-11-15/")";

Snapshot Instance(const std::string& state, bool hibernation = false,
                  const std::string& skip = "") {
  Snapshot s;
  s.type = "ec2-instance";
  s.name = "i-0a1";
  s.transitioning = state == "pending" || state == "stopping";
  s.config = {
      {"state", state}, {"instance_type", "t3.micro"}, {"hibernation_configured", hibernation}};
  s.details = {{"name", "bastion"}, {"skip", skip},           {"root_device_type", "ebs"},
               {"lifecycle", ""},   {"ebs_gb", {{"gp3", 8}}}, {"public_ipv4", 2},
               {"elastic_ipv4", 1}, {"state_reason", ""}};
  return s;
}

const json kRunning = {
    {"state", "running"}, {"instance_type", "t3.micro"}, {"hibernation_configured", false}};

std::vector<std::string> Ec2Apis(const PlanOutput& out) {
  std::vector<std::string> apis;
  for (const auto& a : out.actions) apis.push_back(a.api);
  return apis;
}

std::string DescribeXml(const std::string& state, const std::string& extra = "") {
  return std::string("<DescribeInstancesResponse") + kEc2InstanceXmlns +
         "><requestId>r</requestId><reservationSet><item><instancesSet><item><instanceId>i-0a1"
         "</instanceId><instanceType>t3.micro</instanceType><instanceState><code>16</code><name>" +
         state + "</name></instanceState><rootDeviceType>ebs</rootDeviceType>" + extra +
         "<blockDeviceMapping><item><ebs><volumeId>vol-1</volumeId></ebs></item>"
         "</blockDeviceMapping><hibernationOptions><configured>true</configured>"
         "</hibernationOptions></item></instancesSet></item></reservationSet>"
         "</DescribeInstancesResponse>";
}

class Ec2InstanceTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (pure_) {
      EXPECT_TRUE(env_.requests().empty());
    }
  }
  PlanOutput Stop(const Snapshot& s, const std::string& saved = "") const {
    return type_->PlanStop({{&s, s.config, saved}});
  }
  PlanOutput Start(const Snapshot& s, const json& original = kRunning) const {
    return type_->PlanStart({{&s, original, "stopped"}});
  }

  bool pure_ = true;
  testing::ServiceTestEnv env_;
  Ec2Client ec2_{env_.client()};
  std::unique_ptr<ResourceType> type_ = MakeEc2InstanceType(ec2_, env_.clock());
};

TEST_F(Ec2InstanceTest, StopStopsARunningInstanceAndWaitsUntilStopped) {
  PlanOutput out = Stop(Instance("running"));
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].message, "stopped, it still bills 8 GB EBS gp3, 1 Elastic IP");
  ASSERT_EQ(Ec2Apis(out), (std::vector<std::string>{"ec2:StopInstances", "ec2:DescribeInstances"}));
  EXPECT_EQ(out.actions[0].summary, "StopInstances i-0a1 (bastion)");
  EXPECT_FALSE(out.actions[0].params.at("hibernate").get<bool>());
  EXPECT_TRUE(out.actions[0].changes_cost);
  EXPECT_FALSE(out.actions[1].mutating);
  EXPECT_EQ(out.actions[1].params.at("state"), "stopped");
  EXPECT_EQ(out.actions[0].chain, out.actions[1].chain);
}

// A start of ours killed mid-way leaves the instance pending: the recovery
// stop waits until it runs, then stops it. One not ours that is pending is left.
TEST_F(Ec2InstanceTest, StopWaitsForAnInstanceOurKilledStartLeftPending) {
  Snapshot pending = Instance("pending");
  PlanOutput out = type_->PlanStop({{&pending, kRunning, "starting"}});
  ASSERT_EQ(Ec2Apis(out), (std::vector<std::string>{"ec2:DescribeInstances", "ec2:StopInstances",
                                                    "ec2:DescribeInstances"}));
  EXPECT_EQ(out.actions[0].params.at("state"), "running");
  EXPECT_EQ(out.actions[2].params.at("state"), "stopped");
  out = Stop(pending);
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kError);
}

TEST_F(Ec2InstanceTest, HibernatesOnlyWhenConfiguredAndAskedFor) {
  EXPECT_FALSE(Stop(Instance("running", true)).actions[0].params.at("hibernate").get<bool>());
  auto hibernating = MakeEc2InstanceType(ec2_, env_.clock(), /*hibernate=*/true);
  Snapshot configured = Instance("running", true), not_configured = Instance("running", false);
  PlanOutput out = hibernating->PlanStop({{&configured, configured.config, ""}});
  EXPECT_TRUE(out.actions[0].params.at("hibernate").get<bool>());
  EXPECT_EQ(out.actions[0].summary, "StopInstances i-0a1 (hibernate) (bastion)");
  out = hibernating->PlanStop({{&not_configured, not_configured.config, ""}});
  EXPECT_FALSE(out.actions[0].params.at("hibernate").get<bool>());
}

TEST_F(Ec2InstanceTest, StopLeavesSkippedInstancesRunningWithTheReason) {
  PlanOutput out =
      Stop(Instance("running", false, "belongs to Auto Scaling group web, which would replace it"));
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kWarning);
  EXPECT_EQ(out.notes[0].message,
            "left running: it belongs to Auto Scaling group web, which would replace it");
}

TEST_F(Ec2InstanceTest, StopOfAStoppedInstanceRecordsNothingAndSaysStartLeavesIt) {
  PlanOutput out = Stop(Instance("stopped"));
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].message, "already stopped; start leaves it stopped");
  // A stop interrupted while the instance was stopping only waits.
  EXPECT_EQ(Ec2Apis(Stop(Instance("stopping"), "stopping")),
            std::vector<std::string>{"ec2:DescribeInstances"});
  EXPECT_EQ(Stop(Instance("pending")).notes.at(0).severity, Severity::kError);
  Snapshot gone = Instance("running");
  gone.exists = false;
  EXPECT_EQ(Stop(gone).notes.at(0).severity, Severity::kError);
}

TEST_F(Ec2InstanceTest, StartStartsOnlyWhatWasRecordedRunning) {
  ASSERT_EQ(Ec2Apis(Start(Instance("stopped"))),
            (std::vector<std::string>{"ec2:StartInstances", "ec2:DescribeInstances"}));
  EXPECT_EQ(Start(Instance("stopped")).actions[1].params.at("state"), "running");
  json was_stopped = kRunning;
  was_stopped["state"] = "stopped";
  PlanOutput out = Start(Instance("stopped"), was_stopped);
  EXPECT_TRUE(out.actions.empty());
  EXPECT_EQ(out.notes.at(0).message, "was stopped when recorded; left as it is");
  EXPECT_TRUE(Start(Instance("running")).actions.empty());
  EXPECT_EQ(Ec2Apis(Start(Instance("stopping"))),
            (std::vector<std::string>{"ec2:DescribeInstances", "ec2:StartInstances",
                                      "ec2:DescribeInstances"}));
}

TEST_F(Ec2InstanceTest, VerifyAndCheckOriginalNameTheField) {
  EXPECT_EQ(type_->Verify(Instance("running"), kRunning), "");
  EXPECT_EQ(type_->Verify(Instance("stopped"), kRunning), "instance is stopped, expected running");
  Snapshot bigger = Instance("running");
  bigger.config["instance_type"] = "m5.large";
  EXPECT_EQ(type_->Verify(bigger, kRunning), "instance type is m5.large, recorded t3.micro");
  EXPECT_EQ(type_->Classify(bigger, &kRunning), Condition::kDrifted);
  EXPECT_TRUE(type_->CheckOriginal(kRunning).ok());
  json bad = kRunning;
  bad["state"] = "asleep";
  EXPECT_EQ(type_->CheckOriginal(bad).message().rfind("state:", 0), 0u);
  bad = kRunning;
  bad.erase("instance_type");
  EXPECT_EQ(type_->CheckOriginal(bad).message().rfind("instance_type:", 0), 0u);
}

TEST_F(Ec2InstanceTest, AStoppedInstanceStillPaysForItsVolumesAndElasticIp) {
  testing::MemFileSystem fs;
  auto prices = PriceTable::Load(fs, MapEnvironment(), TypePriceKeys());
  ASSERT_TRUE(prices.ok()) << prices.status().ToString();
  Snapshot running = Instance("running");
  Cost c = type_->CostOf(running, *prices, "us-east-1");
  EXPECT_TRUE(c.known);
  // t3.micro + 8 GB gp3 a month + two public IPv4 addresses.
  EXPECT_NEAR(c.hourly_usd, 0.0104 + 8 * 0.08 / 720 + 2 * 0.005, 1e-9);
  Cost parked = type_->CostOf(type_->Parked(running), *prices, "us-east-1");
  // The auto-assigned address goes; the volume and the Elastic IP stay.
  EXPECT_NEAR(parked.hourly_usd, 8 * 0.08 / 720 + 0.005, 1e-9);
  Snapshot skipped = Instance("running", false, "is a spot instance");
  EXPECT_EQ(type_->Parked(skipped).config, skipped.config);
  Snapshot unknown = Instance("running");
  unknown.config["instance_type"] = "x9.huge";
  EXPECT_FALSE(type_->CostOf(unknown, *prices, "us-east-1").known);
}

TEST_F(Ec2InstanceTest, StatusTextSaysWhatBillsAndWhyItIsSkipped) {
  EXPECT_EQ(type_->StatusText(Instance("running", true), kRunning),
            "t3.micro running, hibernation configured, 8 GB gp3, 2 public IPv4s (bastion)");
  EXPECT_EQ(type_->StatusText(Instance("running", false, "is a spot instance"), json()),
            "t3.micro running, 8 GB gp3, 2 public IPv4s (bastion); not parked: it is a spot "
            "instance");
}

TEST_F(Ec2InstanceTest, DiscoverDescribesListedIdsWithVolumesAndSkipReasons) {
  pure_ = false;
  env_.EnqueueXml(
      DescribeXml("running",
                  "<tagSet><item><key>aws:autoscaling:groupName</key><value>web</value></item>"
                  "</tagSet>"));
  env_.EnqueueXml(std::string("<DescribeVolumesResponse") + kEc2InstanceXmlns +
                  "><volumeSet><item><volumeId>vol-1</volumeId><size>30</size><volumeType>gp2"
                  "</volumeType></item></volumeSet></DescribeVolumesResponse>");
  TypeSelection sel;
  sel.explicit_names = {"i-0a1", "i-gone"};
  auto snaps = type_->Discover(sel);
  ASSERT_TRUE(snaps.ok()) << snaps.status().ToString();
  ASSERT_EQ(snaps->size(), 2u);
  const Snapshot& s = snaps->at(0);
  EXPECT_EQ(s.config, (json{{"state", "running"},
                            {"instance_type", "t3.micro"},
                            {"hibernation_configured", true}}));
  EXPECT_EQ(s.details.at("ebs_gb"), (json{{"gp2", 30}}));
  EXPECT_EQ(s.details.at("skip"),
            "belongs to Auto Scaling group web, which would replace it; park the group");
  EXPECT_FALSE(snaps->at(1).exists);
  EXPECT_EQ(env_.Form(0)["Filter.1.Value.2"], "i-gone");
  EXPECT_EQ(env_.Form(1)["Filter.1.Value.1"], "vol-1");
}

TEST_F(Ec2InstanceTest, ApplyStopsThenWaitsOnTheClockUntilStopped) {
  pure_ = false;
  PlanOutput out = Stop(Instance("running"));
  env_.EnqueueXml(std::string("<StopInstancesResponse") + kEc2InstanceXmlns +
                  "><instancesSet><item><instanceId>i-0a1</instanceId></item></instancesSet>"
                  "</StopInstancesResponse>");
  ASSERT_TRUE(type_->Apply(out.actions[0], ApplyOptions()).ok());
  EXPECT_EQ(env_.Form(0)["Action"], "StopInstances");
  env_.EnqueueXml(DescribeXml("stopping"));
  env_.EnqueueXml(DescribeXml("stopped"));
  std::vector<std::string> progress;
  ApplyOptions options;
  options.progress = [&](const std::string& p) { progress.push_back(p); };
  Status s = type_->Apply(out.actions[1], options);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(env_.requests().size(), 3u);
  EXPECT_FALSE(env_.clock().sleeps().empty());
  ASSERT_FALSE(progress.empty());
  EXPECT_NE(progress[0].find("EC2 instance i-0a1: stopping"), std::string::npos);
}

TEST_F(Ec2InstanceTest, AStartAwsCouldNotCarryOutFailsTheWaitWithItsReason) {
  pure_ = false;
  env_.EnqueueXml(DescribeXml("stopped",
                              "<stateReason><code>Server.InsufficientInstanceCapacity</code>"
                              "<message>Server.InsufficientInstanceCapacity: Insufficient "
                              "capacity.</message></stateReason>"));
  Status s = type_->Apply(Start(Instance("stopped")).actions[1], ApplyOptions());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("Insufficient capacity"), std::string::npos) << s.ToString();
}

}  // namespace
}  // namespace arm
