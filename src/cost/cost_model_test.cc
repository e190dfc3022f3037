#include "cost/cost_model.h"

#include <gtest/gtest.h>

#include "tests/testing/mem_file_system.h"

namespace arm {
namespace {

class CostModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::MemFileSystem fs;
    auto t = PriceTable::Load(fs, MapEnvironment());
    ASSERT_TRUE(t.ok());
    prices_ = std::move(t).value();
  }
  PriceTable prices_ =
      PriceTable::Parse(R"({"schema_version": 1, "regions": {}})", "empty").value();
  const std::string region_ = "us-east-1";
};

TEST_F(CostModelTest, DemoEndpointCostsInstancePriceTimesCount) {
  Cost one = EndpointCost(prices_, region_, "ml.m5.large", 1);
  EXPECT_TRUE(one.known);
  EXPECT_NEAR(one.hourly_usd, 0.115, 1e-12);
  EXPECT_EQ(FormatUsd(one.daily_usd()), "$2.76");
  EXPECT_NEAR(one.monthly_usd(), 82.80, 1e-9);
  EXPECT_NEAR(one.annual_usd(), 993.60, 1e-9);
  ASSERT_EQ(one.components.size(), 1u);
  EXPECT_EQ(one.components[0].item, "ml.m5.large instance");
  EXPECT_EQ(one.components[0].quantity, 1);
  EXPECT_DOUBLE_EQ(one.components[0].price.usd, 0.115);
  EXPECT_EQ(FormatUsd(EndpointCost(prices_, region_, "ml.m5.large", 3).daily_usd()), "$8.28");
  Cost none = EndpointCost(prices_, region_, "ml.m5.large", 0);
  EXPECT_TRUE(none.known);
  EXPECT_EQ(none.hourly_usd, 0);
}

TEST_F(CostModelTest, UnknownInstanceTypeOrRegionSaysPriceUnknown) {
  Cost c = EndpointCost(prices_, region_, "ml.p5.48xlarge", 1);
  EXPECT_FALSE(c.known);
  EXPECT_EQ(c.hourly_usd, 0);
  EXPECT_EQ(c.notes, std::vector<std::string>{"price unknown: ml.p5.48xlarge in us-east-1"});
  EXPECT_FALSE(StreamCost(prices_, "mars-north-1", "PROVISIONED", 2).known);
  Cost sum = EndpointCost(prices_, region_, "ml.m5.large", 1);
  sum += c;
  EXPECT_FALSE(sum.known);
  EXPECT_NEAR(sum.hourly_usd, 0.115, 1e-12);
}

TEST_F(CostModelTest, DemoStreamRunningAndParked) {
  EXPECT_EQ(FormatUsd(StreamCost(prices_, region_, "PROVISIONED", 2).daily_usd()), "$0.72");
  Cost parked = StreamCost(prices_, region_, "PROVISIONED", 1);
  EXPECT_NEAR(parked.daily_usd(), 0.36, 1e-12);
  EXPECT_EQ(parked.components[0].price.unit, "shard-hour");
  Cost on_demand = StreamCost(prices_, region_, "ON_DEMAND", 4);
  EXPECT_NEAR(on_demand.hourly_usd, 0.04, 1e-12);
  EXPECT_EQ(on_demand.components[0].quantity, 1);
}

TEST_F(CostModelTest, DemoAlarmsCostTheSameEnabledOrNot) {
  Cost nine = AlarmCost(prices_, region_, AlarmKind::kStandard, 9);
  EXPECT_NEAR(nine.monthly_usd(), 0.90, 1e-9);
  EXPECT_EQ(FormatUsd(nine.monthly_usd()), "$0.90");
  EXPECT_NEAR(AlarmCost(prices_, region_, AlarmKind::kComposite).monthly_usd(), 0.50, 1e-9);
  EXPECT_NEAR(AlarmCost(prices_, region_, AlarmKind::kHighResolution).monthly_usd(), 0.30, 1e-9);
  EXPECT_EQ(ClassifyAlarm(false, 300), AlarmKind::kStandard);
  EXPECT_EQ(ClassifyAlarm(false, 60), AlarmKind::kStandard);
  EXPECT_EQ(ClassifyAlarm(false, 10), AlarmKind::kHighResolution);
  EXPECT_EQ(ClassifyAlarm(true, 0), AlarmKind::kComposite);
}

TEST_F(CostModelTest, LambdaAndOnDemandTablesHaveNoIdleCost) {
  EXPECT_EQ(LambdaIdleCost().hourly_usd, 0);
  EXPECT_TRUE(LambdaIdleCost().known);
  EXPECT_EQ(TableCost(prices_, region_, "PAY_PER_REQUEST", 0, 0).hourly_usd, 0);
  EXPECT_EQ(ServerlessEndpointCost().hourly_usd, 0);
}

TEST_F(CostModelTest, ProvisionedTableBillsCapacityUnits) {
  Cost t = TableCost(prices_, region_, "PROVISIONED", 5, 5);
  EXPECT_TRUE(t.known);
  EXPECT_NEAR(t.hourly_usd, 5 * 0.00013 + 5 * 0.00065, 1e-12);
  EXPECT_EQ(FormatUsd(t.hourly_usd), "$0.0039");
  EXPECT_EQ(FormatUsd(t.daily_usd()), "$0.09");
  ASSERT_EQ(t.components.size(), 2u);
  EXPECT_EQ(t.components[0].item, "RCU");
  EXPECT_EQ(t.components[1].price.unit, "WCU-hour");
}

TEST_F(CostModelTest, DemoEstateSavingsSummary) {
  // Endpoint (ml.m5.large x 1), stream (2 shards -> 1), 9 standard + 1
  // composite alarm, 2 Lambda functions, a provisioned 5/5 table.
  Cost fixed = AlarmCost(prices_, region_, AlarmKind::kStandard, 9);
  fixed += AlarmCost(prices_, region_, AlarmKind::kComposite);
  fixed += LambdaIdleCost();
  fixed += TableCost(prices_, region_, "PROVISIONED", 5, 5);
  Cost running = fixed;
  running += EndpointCost(prices_, region_, "ml.m5.large", 1);
  running += StreamCost(prices_, region_, "PROVISIONED", 2);
  Cost parked = fixed;
  parked += StreamCost(prices_, region_, "PROVISIONED", 1);
  SavingsSummary s = Summarize(running, parked);
  EXPECT_TRUE(s.known);
  EXPECT_NEAR(s.daily_usd, 2.76 + 0.36, 1e-9);
  EXPECT_NEAR(s.monthly_usd, 93.60, 1e-9);
  EXPECT_NEAR(s.annual_usd, 1123.20, 1e-9);
  double running_daily = 2.76 + 0.72 + 1.40 / 30 + 0.0039 * 24;
  EXPECT_NEAR(running.daily_usd(), running_daily, 1e-9);
  EXPECT_NEAR(s.percent, 100 * 3.12 / running_daily, 1e-9);
  std::string table = FormatSavingsTable(s);
  EXPECT_NE(table.find("savings          $3.12       $93.60     $1123.20"), std::string::npos)
      << table;
  EXPECT_NE(table.find("savings: 86% of the running cost"), std::string::npos) << table;
  EXPECT_NE(table.find(kCostFormulaNote), std::string::npos);
}

TEST_F(CostModelTest, SummaryOfNothingRunningIsZeroPercent) {
  SavingsSummary s = Summarize(Cost(), Cost());
  EXPECT_EQ(s.percent, 0);
  EXPECT_EQ(s.daily_usd, 0);
}

TEST_F(CostModelTest, AddAmountTotalsWithoutKeepingTheLines) {
  Cost total;
  total.AddAmount(EndpointCost(prices_, region_, "ml.m5.large", 2));
  total.AddAmount(StreamCost(prices_, region_, "PROVISIONED", 3));
  Cost summed = EndpointCost(prices_, region_, "ml.m5.large", 2);
  summed += StreamCost(prices_, region_, "PROVISIONED", 3);
  EXPECT_DOUBLE_EQ(total.hourly_usd, summed.hourly_usd);
  EXPECT_TRUE(total.known);
  EXPECT_TRUE(total.components.empty());
  EXPECT_TRUE(total.notes.empty());
  total.AddAmount(EndpointCost(prices_, region_, "ml.no.such", 1));
  EXPECT_FALSE(total.known);
  EXPECT_DOUBLE_EQ(total.hourly_usd, summed.hourly_usd);
}

TEST_F(CostModelTest, JsonCarriesUnitPriceAndFormulaInputs) {
  nlohmann::json j = CostToJson(EndpointCost(prices_, region_, "ml.m5.large", 2));
  EXPECT_EQ(j["known"], true);
  EXPECT_NEAR(j["daily_cost_usd"].get<double>(), 5.52, 1e-9);
  EXPECT_NEAR(j["monthly_cost_usd"].get<double>(), 165.6, 1e-9);
  EXPECT_EQ(j["components"][0]["quantity"], 2);
  EXPECT_DOUBLE_EQ(j["components"][0]["unit_price_usd"].get<double>(), 0.115);
  EXPECT_EQ(j["components"][0]["unit"], "instance-hour");
}

TEST(FormatUsdTest, CentsAndSubCentAmounts) {
  EXPECT_EQ(FormatUsd(0), "$0.00");
  EXPECT_EQ(FormatUsd(2.76), "$2.76");
  EXPECT_EQ(FormatUsd(0.00013), "$0.0001");
  EXPECT_EQ(FormatUsd(-3.12), "-$3.12");
  EXPECT_EQ(FormatUsd(1123.2), "$1123.20");
}

}  // namespace
}  // namespace arm
