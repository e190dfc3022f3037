#include <gtest/gtest.h>

#include "core/environment.h"
#include "resources/registry.h"
#include "resources/types.h"
#include "services/dynamodb_client.h"
#include "tests/testing/mem_file_system.h"
#include "tests/testing/service_test_env.h"

namespace arm {
namespace {

Snapshot Table(const std::string& mode, int64_t rcu, int64_t wcu) {
  Snapshot s;
  s.type = "dynamodb-table";
  s.name = "t";
  s.config = {{"billing_mode", mode}, {"read_capacity", rcu}, {"write_capacity", wcu}};
  return s;
}

class DynamoDbTableTest : public ::testing::Test {
 protected:
  void TearDown() override { EXPECT_TRUE(env_.requests().empty()); }
  PlanOutput Stop(const Snapshot& s) const { return type_->PlanStop({{&s, s.config, ""}}); }

  testing::ServiceTestEnv env_;
  DynamoDbClient client_{env_.client()};
  std::unique_ptr<ResourceType> type_ = MakeDynamoDbTableType(client_);
};

TEST_F(DynamoDbTableTest, StopNeverActsAndRecommendsOnDemandForProvisioned) {
  PlanOutput out = Stop(Table("PROVISIONED", 5, 3));
  EXPECT_TRUE(out.actions.empty());
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_EQ(out.notes[0].severity, Severity::kInfo);
  EXPECT_NE(out.notes[0].message.find("5 RCU / 3 WCU"), std::string::npos);
  EXPECT_NE(out.notes[0].message.find("on-demand"), std::string::npos);
}

TEST_F(DynamoDbTableTest, OnDemandTableHasNoIdleCost) {
  Snapshot s = Table("PAY_PER_REQUEST", 0, 0);
  PlanOutput out = Stop(s);
  EXPECT_TRUE(out.actions.empty());
  EXPECT_NE(out.notes.at(0).message.find("no idle cost"), std::string::npos);
  testing::MemFileSystem fs;
  auto prices = PriceTable::Load(fs, MapEnvironment(), TypePriceKeys());
  ASSERT_TRUE(prices.ok());
  EXPECT_EQ(type_->CostOf(s, *prices, "us-east-1").hourly_usd, 0);
  EXPECT_GT(type_->CostOf(Table("PROVISIONED", 5, 5), *prices, "us-east-1").hourly_usd, 0);
}

TEST_F(DynamoDbTableTest, StartHasNothingToDoAndParkingChangesNothing) {
  Snapshot s = Table("PROVISIONED", 5, 5);
  PlanOutput out = type_->PlanStart({{&s, s.config, "stopped"}});
  EXPECT_TRUE(out.actions.empty());
  EXPECT_TRUE(out.notes.empty());
  EXPECT_EQ(type_->Parked(s).config, s.config);
  EXPECT_EQ(type_->Classify(s, nullptr), Condition::kRunning);
  EXPECT_EQ(type_->Verify(s, s.config), "");
  Snapshot gone = s;
  gone.exists = false;
  EXPECT_EQ(type_->Classify(gone, nullptr), Condition::kMissing);
  EXPECT_TRUE(Stop(gone).notes.empty());
}

}  // namespace
}  // namespace arm
