// Each type's billing rules (ResourceType::CostOf) against the shipped price
// table, with the demo estate's figures the README and the demo show.
#include <gtest/gtest.h>

#include "cost/cost_model.h"
#include "resources/registry.h"
#include "tests/testing/mem_file_system.h"
#include "tests/testing/real_types.h"

namespace arm {
namespace {

using nlohmann::json;

class TypeCostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::MemFileSystem fs;
    auto t = PriceTable::Load(fs, MapEnvironment(), TypePriceKeys());
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    prices_ = std::move(t).value();
  }
  void TearDown() override { EXPECT_TRUE(real_.env().requests().empty()); }

  Cost CostOf(const std::string& type, json config, json details = json::object()) {
    Snapshot s;
    s.type = type;
    s.name = "x";
    s.config = std::move(config);
    s.details = std::move(details);
    return real_.Get(type).CostOf(s, prices_, region_);
  }
  Cost Endpoint(const std::string& instance_type, int count) {
    return CostOf("sagemaker-endpoint",
                  {{"variants", {{{"instance_type", instance_type}, {"instance_count", count}}}}});
  }
  Cost Stream(int shards, const std::string& mode = "PROVISIONED") {
    return CostOf("kinesis-stream", {{"mode", mode}, {"shard_count", shards}});
  }
  Cost Alarm(bool composite = false, int period = 300) {
    return CostOf("cloudwatch-alarm", {{"actions_enabled", true}},
                  {{"composite", composite}, {"period", period}});
  }
  Cost Table(const std::string& mode, int rcu = 0, int wcu = 0) {
    return CostOf("dynamodb-table",
                  {{"billing_mode", mode}, {"read_capacity", rcu}, {"write_capacity", wcu}});
  }

  testing::RealTypes real_;
  PriceTable prices_;
  const std::string region_ = "us-east-1";
};

TEST_F(TypeCostTest, AnEndpointCostsInstancePriceTimesCount) {
  Cost one = Endpoint("ml.m5.large", 1);
  EXPECT_TRUE(one.known);
  EXPECT_EQ(FormatUsd(one.daily_usd()), "$2.76");
  ASSERT_EQ(one.components.size(), 1u);
  EXPECT_EQ(one.components[0].item, "ml.m5.large instance");
  EXPECT_EQ(one.components[0].price.unit, "instance-hour");
  EXPECT_EQ(FormatUsd(Endpoint("ml.m5.large", 3).daily_usd()), "$8.28");
  Cost none = Endpoint("ml.m5.large", 0);
  EXPECT_TRUE(none.known);
  EXPECT_EQ(none.hourly_usd, 0);
  Cost serverless = CostOf("sagemaker-endpoint", {{"variants", {{{"serverless", true}}}}});
  EXPECT_TRUE(serverless.known);
  EXPECT_EQ(serverless.hourly_usd, 0);
}

TEST_F(TypeCostTest, AnUnknownInstanceTypeOrRegionIsPriceUnknown) {
  Cost c = Endpoint("ml.p5.48xlarge", 1);
  EXPECT_FALSE(c.known);
  EXPECT_EQ(c.notes, std::vector<std::string>{"price unknown: ml.p5.48xlarge in us-east-1"});
  Snapshot s;
  s.config = {{"mode", "PROVISIONED"}, {"shard_count", 2}};
  EXPECT_FALSE(real_.Get("kinesis-stream").CostOf(s, prices_, "mars-north-1").known);
  // An unknown price says so, and only that.
  s.config = {{"mode", "ON_DEMAND"}, {"shard_count", 4}};
  Cost on_demand = real_.Get("kinesis-stream").CostOf(s, prices_, "mars-north-1");
  EXPECT_FALSE(on_demand.known);
  EXPECT_EQ(on_demand.notes, std::vector<std::string>{
                                 "price unknown: Kinesis on-demand stream-hour in mars-north-1"});
}

TEST_F(TypeCostTest, AStreamBillsItsShardsOrItsOnDemandHour) {
  EXPECT_EQ(FormatUsd(Stream(2).daily_usd()), "$0.72");
  Cost parked = Stream(1);
  EXPECT_NEAR(parked.daily_usd(), 0.36, 1e-12);
  EXPECT_EQ(parked.components[0].price.unit, "shard-hour");
  Cost on_demand = Stream(4, "ON_DEMAND");
  EXPECT_NEAR(on_demand.hourly_usd, 0.04, 1e-12);
  EXPECT_EQ(on_demand.components[0].quantity, 1);
}

TEST_F(TypeCostTest, AlarmsCostTheSameEnabledOrNotByKind) {
  EXPECT_NEAR(Alarm().monthly_usd(), 0.10, 1e-9);
  EXPECT_NEAR(Alarm(false, 60).monthly_usd(), 0.10, 1e-9);
  EXPECT_NEAR(Alarm(false, 10).monthly_usd(), 0.30, 1e-9);
  EXPECT_NEAR(Alarm(true, 0).monthly_usd(), 0.50, 1e-9);
  Cost disabled = CostOf("cloudwatch-alarm", {{"actions_enabled", false}}, {{"period", 300}});
  EXPECT_NEAR(disabled.monthly_usd(), 0.10, 1e-9);
}

TEST_F(TypeCostTest, LambdaAndOnDemandTablesHaveNoIdleCost) {
  Cost fn = CostOf("lambda-function", {{"reserved_concurrency", 5}});
  EXPECT_TRUE(fn.known);
  EXPECT_EQ(fn.hourly_usd, 0);
  EXPECT_EQ(Table("PAY_PER_REQUEST").hourly_usd, 0);
}

TEST_F(TypeCostTest, AProvisionedTableBillsCapacityUnits) {
  Cost t = Table("PROVISIONED", 5, 5);
  EXPECT_TRUE(t.known);
  EXPECT_NEAR(t.hourly_usd, 5 * 0.00013 + 5 * 0.00065, 1e-12);
  EXPECT_EQ(FormatUsd(t.hourly_usd), "$0.0039");
  ASSERT_EQ(t.components.size(), 2u);
  EXPECT_EQ(t.components[0].item, "RCU");
  EXPECT_EQ(t.components[1].price.unit, "WCU-hour");
}

TEST_F(TypeCostTest, TheDemoEstateSaves86Percent) {
  // Endpoint (ml.m5.large x 1), stream (2 shards -> 1), 9 standard + 1
  // composite alarm, 2 Lambda functions, a provisioned 5/5 table.
  Cost fixed;
  for (int i = 0; i < 9; ++i) fixed += Alarm();
  fixed += Alarm(true, 0);
  fixed += Table("PROVISIONED", 5, 5);
  Cost running = fixed;
  running += Endpoint("ml.m5.large", 1);
  running += Stream(2);
  Cost parked = fixed;
  parked += Stream(1);
  SavingsSummary s = Summarize(running, parked);
  EXPECT_TRUE(s.known);
  EXPECT_NEAR(s.daily_usd, 2.76 + 0.36, 1e-9);
  EXPECT_NEAR(s.monthly_usd, 93.60, 1e-9);
  EXPECT_NEAR(s.annual_usd, 1123.20, 1e-9);
  std::string table = FormatSavingsTable(s);
  EXPECT_NE(table.find("savings: 86% of the running cost"), std::string::npos) << table;
}

}  // namespace
}  // namespace arm
