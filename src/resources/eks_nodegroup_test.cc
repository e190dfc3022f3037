#include <gtest/gtest.h>

#include "core/environment.h"
#include "cost/cost_model.h"
#include "cost/price_table.h"
#include "resources/registry.h"
#include "resources/types.h"
#include "services/eks_client.h"
#include "tests/testing/mem_file_system.h"
#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

using nlohmann::json;

constexpr char kEksNodegroupName[] = "analytics/workers";

json EksNodegroupOriginal() {
  return {{"min_size", 1},
          {"max_size", 3},
          {"desired_size", 2},
          {"instance_types", {"t3.large"}},
          {"capacity_type", "ON_DEMAND"}};
}

Snapshot EksNodegroupSnap(const std::string& status = "ACTIVE") {
  Snapshot s;
  s.type = "eks-nodegroup";
  s.name = kEksNodegroupName;
  s.config = EksNodegroupOriginal();
  s.transitioning = status == "UPDATING";
  s.details = {{"arn", "arn:aws:eks:us-east-1:1:nodegroup/analytics/workers/u"},
               {"status", status},
               {"health_issues", json::array()},
               {"autoscaling_groups", {"eks-workers-u"}}};
  return s;
}

json EksNodegroupJson(int min, int desired, int max, const std::string& status) {
  return {{"nodegroup",
           {{"nodegroupName", "workers"},
            {"clusterName", "analytics"},
            {"nodegroupArn", "arn:aws:eks:us-east-1:1:nodegroup/analytics/workers/u"},
            {"status", status},
            {"capacityType", "ON_DEMAND"},
            {"scalingConfig", {{"minSize", min}, {"maxSize", max}, {"desiredSize", desired}}},
            {"instanceTypes", {"t3.large"}}}}};
}

std::vector<std::string> EksNodegroupApis(const PlanOutput& out) {
  std::vector<std::string> apis;
  for (const auto& a : out.actions) apis.push_back(a.api);
  return apis;
}

class EksNodegroupTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (pure_) {
      EXPECT_TRUE(env_.requests().empty());
    }
  }
  PlanOutput Stop(const Snapshot& s) const { return type_->PlanStop({{&s, s.config, ""}}); }
  PlanOutput Start(const Snapshot& s, const json& original = EksNodegroupOriginal()) const {
    return type_->PlanStart({{&s, original, "stopped"}});
  }

  bool pure_ = true;
  testing::ServiceTestEnv env_;
  EksClient eks_{env_.client()};
  std::unique_ptr<ResourceType> type_ = MakeEksNodegroupType(eks_, env_.clock());
};

TEST_F(EksNodegroupTest, StopSetsMinAndDesiredToZeroKeepsMaxAndWaits) {
  PlanOutput out = Stop(EksNodegroupSnap());
  EXPECT_TRUE(out.notes.empty());
  ASSERT_EQ(EksNodegroupApis(out),
            (std::vector<std::string>{"eks:UpdateNodegroupConfig", "eks:DescribeNodegroup"}));
  EXPECT_EQ(out.actions[0].params.at("min_size"), 0);
  EXPECT_EQ(out.actions[0].params.at("desired_size"), 0);
  EXPECT_EQ(out.actions[0].params.at("max_size"), 3);  // max >= 1, as AWS requires
  EXPECT_TRUE(out.actions[0].changes_cost);
  EXPECT_FALSE(out.actions[1].mutating);
  EXPECT_EQ(out.actions[0].chain, out.actions[1].chain);
}

TEST_F(EksNodegroupTest, ANodegroupUpdatingOrNotActiveIsReportedNotForced) {
  for (const char* status : {"UPDATING", "DEGRADED", "CREATING"}) {
    PlanOutput out = Stop(EksNodegroupSnap(status));
    EXPECT_TRUE(out.actions.empty()) << status;
    ASSERT_EQ(out.notes.size(), 1u) << status;
    EXPECT_EQ(out.notes[0].severity, Severity::kError);
    EXPECT_NE(out.notes[0].message.find(status), std::string::npos) << out.notes[0].message;
  }
}

TEST_F(EksNodegroupTest, StopOfAParkedNodegroupDoesNothing) {
  PlanOutput out = Stop(type_->Parked(EksNodegroupSnap()));
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kInfo);
  EXPECT_EQ(type_->Classify(type_->Parked(EksNodegroupSnap()), nullptr), Condition::kStopped);
}

TEST_F(EksNodegroupTest, StartRestoresTheRecordedSizesExactlyAndWaits) {
  PlanOutput out = Start(type_->Parked(EksNodegroupSnap()));
  EXPECT_TRUE(out.notes.empty());
  ASSERT_EQ(EksNodegroupApis(out),
            (std::vector<std::string>{"eks:UpdateNodegroupConfig", "eks:DescribeNodegroup"}));
  EXPECT_EQ(out.actions[0].params.at("min_size"), 1);
  EXPECT_EQ(out.actions[0].params.at("desired_size"), 2);
  EXPECT_EQ(out.actions[0].params.at("max_size"), 3);
  // Already as recorded: nothing.
  EXPECT_TRUE(Start(EksNodegroupSnap()).actions.empty());
  // An update still in progress: reported, no call that AWS would refuse.
  Snapshot busy = type_->Parked(EksNodegroupSnap());
  busy.details["status"] = "UPDATING";
  out = Start(busy);
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kError);
}

TEST_F(EksNodegroupTest, VerifyNamesSizesAndStatus) {
  EXPECT_EQ(type_->Verify(EksNodegroupSnap(), EksNodegroupOriginal()), "");
  EXPECT_NE(type_->Verify(type_->Parked(EksNodegroupSnap()), EksNodegroupOriginal()).find("min 0"),
            std::string::npos);
  EXPECT_NE(type_->Verify(EksNodegroupSnap("UPDATING"), EksNodegroupOriginal()).find("UPDATING"),
            std::string::npos);
}

TEST_F(EksNodegroupTest, CheckOriginalNamesTheField) {
  EXPECT_TRUE(type_->CheckOriginal(EksNodegroupOriginal()).ok());
  json bad = EksNodegroupOriginal();
  bad["max_size"] = "three";
  EXPECT_EQ(type_->CheckOriginal(bad).message().rfind("max_size:", 0), 0u);
  bad = EksNodegroupOriginal();
  bad["min_size"] = 3;
  EXPECT_EQ(type_->CheckOriginal(bad).message().rfind("desired_size:", 0), 0u);
  bad = EksNodegroupOriginal();
  bad["max_size"] = 0;
  bad["desired_size"] = 0;
  bad["min_size"] = 0;
  EXPECT_EQ(type_->CheckOriginal(bad).message().rfind("desired_size:", 0), 0u);
}

TEST_F(EksNodegroupTest, NodesCostTheirOnDemandPriceTheControlPlaneIsSaidToStay) {
  testing::MemFileSystem fs;
  auto prices = PriceTable::Load(fs, MapEnvironment(), TypePriceKeys());
  ASSERT_TRUE(prices.ok()) << prices.status().ToString();
  Cost c = type_->CostOf(EksNodegroupSnap(), *prices, "us-east-1");
  EXPECT_TRUE(c.known);
  EXPECT_NEAR(c.hourly_usd, 2 * 0.0832, 1e-9);
  Cost parked = type_->CostOf(type_->Parked(EksNodegroupSnap()), *prices, "us-east-1");
  EXPECT_EQ(parked.hourly_usd, 0);
  bool said = false;
  for (const auto& n : parked.notes)
    said = said || n.find("control plane ($0.10/hour)") != std::string::npos;
  EXPECT_TRUE(said) << ::testing::PrintToString(parked.notes);
  Snapshot odd = EksNodegroupSnap();
  odd.config["instance_types"] = {"x9.huge"};
  EXPECT_FALSE(type_->CostOf(odd, *prices, "us-east-1").known);
}

TEST_F(EksNodegroupTest, ReadsItsArnsForTheTagQuery) {
  EXPECT_EQ(type_->info().NameFromArn("arn:aws:eks:us-east-1:1:nodegroup/analytics/workers/4a-9"),
            kEksNodegroupName);
  EXPECT_EQ(type_->info().NameFromArn("arn:aws:eks:us-east-1:1:cluster/analytics"), "");
}

TEST_F(EksNodegroupTest, DiscoverDescribesListedNamesAndMarksAbsentOnesMissing) {
  pure_ = false;
  env_.EnqueueJson(EksNodegroupJson(1, 2, 3, "ACTIVE"));
  env_.EnqueueJsonError(404, "ResourceNotFoundException", "No node group found for name: gone.");
  TypeSelection sel;
  sel.explicit_names = {kEksNodegroupName, "analytics/zz-gone", "no-slash"};
  auto snaps = type_->Discover(sel);
  ASSERT_TRUE(snaps.ok()) << snaps.status().ToString();
  ASSERT_EQ(snaps->size(), 3u);
  EXPECT_EQ((*snaps)[0].config, EksNodegroupOriginal());
  EXPECT_EQ((*snaps)[0].details.at("status"), "ACTIVE");
  EXPECT_FALSE((*snaps)[1].exists);
  EXPECT_FALSE((*snaps)[2].known());  // not CLUSTER/NODEGROUP: reported, not skipped
  EXPECT_EQ(env_.requests().size(), 2u);
}

TEST_F(EksNodegroupTest, DiscoverByPrefixListsClustersAndTheirNodegroups) {
  pure_ = false;
  env_.EnqueueJson({{"clusters", {"analytics", "billing"}}});
  env_.EnqueueJson({{"nodegroups", {"workers"}}});
  env_.EnqueueJson({{"nodegroups", {"nodes"}}});
  env_.EnqueueJson(EksNodegroupJson(1, 2, 3, "ACTIVE"));
  TypeSelection sel;
  sel.name_prefix = "analytics/";
  auto snaps = type_->Discover(sel);
  ASSERT_TRUE(snaps.ok()) << snaps.status().ToString();
  ASSERT_EQ(snaps->size(), 1u);
  EXPECT_EQ((*snaps)[0].name, kEksNodegroupName);
  EXPECT_EQ(env_.requests().size(), 4u);
}

TEST_F(EksNodegroupTest, ApplyWaitsUntilActiveAtTheRecordedSizes) {
  pure_ = false;
  env_.EnqueueJson(EksNodegroupJson(1, 2, 3, "UPDATING"));
  env_.EnqueueJson(EksNodegroupJson(1, 2, 3, "ACTIVE"));
  Action wait = Start(type_->Parked(EksNodegroupSnap())).actions.at(1);
  std::vector<std::string> progress;
  ApplyOptions options;
  options.progress = [&](const std::string& line) { progress.push_back(line); };
  ASSERT_TRUE(type_->Apply(wait, options).ok());
  EXPECT_EQ(env_.requests().size(), 2u);
  ASSERT_FALSE(progress.empty());
  EXPECT_NE(progress[0].find("UPDATING"), std::string::npos) << progress[0];
}

TEST_F(EksNodegroupTest, AnUpdateInProgressIsAwsRefusalWithAHint) {
  pure_ = false;
  env_.EnqueueJsonError(409, "ResourceInUseException", "Nodegroup is currently UPDATING");
  Action scale = Stop(EksNodegroupSnap()).actions.at(0);
  Status s = type_->Apply(scale, ApplyOptions());
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.aws_code(), "ResourceInUseException");
  EXPECT_NE(type_->FixHint("ResourceInUseException", scale.api), "");
  ASSERT_EQ(env_.requests().size(), 1u);
  EXPECT_EQ(env_.request(0).path, "/clusters/analytics/node-groups/workers/update-config");
  EXPECT_EQ(env_.JsonBody(0),
            (json{{"scalingConfig", {{"minSize", 0}, {"maxSize", 3}, {"desiredSize", 0}}}}));
}

}  // namespace
}  // namespace arm
