#include "sandbox/estate_generator.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "sandbox/auth.h"
#include "sandbox/registry.h"
#include "tests/testing/fake_clock.h"

namespace sandbox {
namespace {

using nlohmann::json;

// The generated estate as the handlers load and dump it, by signing name.
class EstateGeneratorTest : public ::testing::Test {
 protected:
  json Loaded(const std::string& spec) {
    auto counts = ParseGenerateSpec(spec);
    EXPECT_TRUE(counts.ok()) << counts.status().ToString();
    json estate;
    GenerateEstate(*counts, "generated-", estate);
    HandlerDeps deps;
    deps.context.clock = &clock_;
    deps.credentials = &credentials_;
    json out;
    for (const auto& handler : MakeHandlers(deps)) {
      handler->Load(estate);
      out[std::string(handler->signing_name())] = handler->Dump();
    }
    return out;
  }

  static bool OursByName(const json& tags, const std::string& name) {
    return tags.value("Project", "") == "generated" && name.rfind("generated-", 0) == 0;
  }

  arm::testing::FakeClock clock_;
  CredentialStore credentials_;
};

TEST_F(EstateGeneratorTest, ParsesTheComputeAndDatabaseKinds) {
  auto counts = ParseGenerateSpec("ecs=3,asgs=4,instances=5,rds=6,aurora=7,nodegroups=8");
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(*counts, (std::map<std::string, int>{{"ecs", 3},
                                                 {"asgs", 4},
                                                 {"instances", 5},
                                                 {"rds", 6},
                                                 {"aurora", 7},
                                                 {"nodegroups", 8}}));
  EXPECT_FALSE(ParseGenerateSpec("services=3").ok());
}

TEST_F(EstateGeneratorTest, EcsServicesTwentyToAClusterHalfWithAutoScaling) {
  json d = Loaded("ecs=50");
  const json& clusters = d["ecs"]["clusters"];
  ASSERT_EQ(clusters.size(), 3u);
  size_t services = 0, fargate = 0;
  for (const auto& c : clusters) {
    for (const auto& s : c["services"]) {
      ++services;
      fargate += s["launch_type"] == "FARGATE";
      EXPECT_TRUE(
          OursByName(s["tags"], c["name"].get<std::string>() + "/" + s["name"].get<std::string>()));
      EXPECT_GE(s["desired_count"].get<int>(), 1);
      EXPECT_EQ(s["running_count"], s["desired_count"]);
    }
  }
  EXPECT_EQ(services, 50u);
  EXPECT_EQ(fargate, 40u);  // every fifth on EC2
  size_t targets = 0, policies = 0;
  for (const auto& t : d["application-autoscaling"]["scalable_targets"])
    targets += t["service_namespace"] == "ecs";
  for (const auto& p : d["application-autoscaling"]["scaling_policies"])
    policies += p["resource_id"].get<std::string>().rfind("service/", 0) == 0;
  EXPECT_EQ(targets, 25u);
  EXPECT_EQ(policies, 25u);
}

TEST_F(EstateGeneratorTest, AutoScalingGroupsWithInstancesSomeProcessesSuspended) {
  json d = Loaded("asgs=20");
  const json& groups = d["autoscaling"]["groups"];
  ASSERT_EQ(groups.size(), 20u);
  size_t suspended = 0;
  for (const auto& g : groups) {
    EXPECT_TRUE(OursByName(g["tags"], g["name"]));
    EXPECT_LE(g["min_size"].get<int>(), g["desired_capacity"].get<int>());
    EXPECT_LE(g["desired_capacity"].get<int>(), g["max_size"].get<int>());
    EXPECT_EQ(g["in_service"], g["desired_capacity"]);
    suspended += !g["suspended_processes"].empty();
  }
  EXPECT_EQ(suspended, 2u);
}

TEST_F(EstateGeneratorTest, Ec2InstancesAQuarterAlreadyStoppedEachWithAVolume) {
  json d = Loaded("instances=40");
  const json& instances = d["ec2"]["instances"];
  ASSERT_EQ(instances.size(), 40u);
  EXPECT_EQ(d["ec2"]["state_seconds"], 0);
  size_t stopped = 0, hibernation = 0;
  for (const auto& i : instances) {
    EXPECT_TRUE(OursByName(i["tags"], i["tags"].value("Name", "")));
    EXPECT_EQ(i["volumes"].size(), 1u);
    stopped += i["state"] == "stopped";
    hibernation += i["hibernation_configured"].get<bool>();
  }
  EXPECT_EQ(stopped, 10u);
  EXPECT_EQ(hibernation, 5u);
}

TEST_F(EstateGeneratorTest, RdsInstancesAndAuroraClustersOfTwoMembers) {
  json d = Loaded("rds=6,aurora=3");
  const json& rds = d["rds"];
  EXPECT_EQ(rds["state_seconds"], 0);
  ASSERT_EQ(rds["instances"].size(), 6u);  // cluster members are dumped with their cluster
  for (const auto& i : rds["instances"]) {
    EXPECT_EQ(i["status"], "available");
    EXPECT_TRUE(OursByName(i["tags"], i["id"]));
  }
  ASSERT_EQ(rds["clusters"].size(), 3u);
  for (const auto& c : rds["clusters"]) {
    EXPECT_TRUE(OursByName(c["tags"], c["id"]));
    ASSERT_EQ(c["members"].size(), 2u);
    EXPECT_NE(c["members"][0]["writer"], c["members"][1]["writer"]);
  }
}

TEST_F(EstateGeneratorTest, EksNodeGroupsFiveToAClusterMaxAtLeastOne) {
  json d = Loaded("nodegroups=12");
  const json& clusters = d["eks"]["clusters"];
  ASSERT_EQ(clusters.size(), 3u);
  EXPECT_EQ(d["eks"]["update_seconds"], 0);
  size_t groups = 0;
  for (const auto& c : clusters) {
    for (const auto& g : c["nodegroups"]) {
      ++groups;
      EXPECT_TRUE(
          OursByName(g["tags"], c["name"].get<std::string>() + "/" + g["name"].get<std::string>()));
      EXPECT_GE(g["max_size"].get<int>(), 1);
      EXPECT_LE(g["min_size"].get<int>(), g["desired_size"].get<int>());
      EXPECT_LE(g["desired_size"].get<int>(), g["max_size"].get<int>());
    }
  }
  EXPECT_EQ(groups, 12u);
}

TEST_F(EstateGeneratorTest, NewKindsLeaveTheOtherServicesEmpty) {
  json d = Loaded("ecs=2,asgs=2,instances=2,rds=2,aurora=2,nodegroups=2");
  EXPECT_TRUE(d["lambda"].value("functions", json::array()).empty());
  EXPECT_TRUE(d["kinesis"].value("streams", json::array()).empty());
}

}  // namespace
}  // namespace sandbox
