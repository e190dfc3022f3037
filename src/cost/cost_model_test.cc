#include "cost/cost_model.h"

#include <gtest/gtest.h>

namespace arm {
namespace {

// A table of made-up prices: the arithmetic, not any type's billing rules
// (those are tested with each type, resources/type_cost_test.cc).
class CostModelTest : public ::testing::Test {
 protected:
  PriceTable prices_ = PriceTable::Parse(R"({"schema_version": 1, "regions": {"r": {
      "box-hour": {"usd": 0.115, "unit": "box-hour", "source": "s", "date": "d"},
      "bell-month": {"usd": 0.10, "unit": "bell-month", "source": "s", "date": "d"}}}})",
                                         "test", {"box-hour", "bell-month"})
                           .value();
};

TEST_F(CostModelTest, QuantityTimesAnHourlyPrice) {
  Cost one = PricedCost(prices_, "r", "box-hour", "box", 1, "box-hour");
  EXPECT_TRUE(one.known);
  EXPECT_NEAR(one.hourly_usd, 0.115, 1e-12);
  EXPECT_EQ(FormatUsd(one.daily_usd()), "$2.76");
  EXPECT_NEAR(one.monthly_usd(), 82.80, 1e-9);
  EXPECT_NEAR(one.annual_usd(), 993.60, 1e-9);
  ASSERT_EQ(one.components.size(), 1u);
  EXPECT_EQ(one.components[0].item, "box");
  EXPECT_EQ(one.components[0].quantity, 1);
  EXPECT_DOUBLE_EQ(one.components[0].price.usd, 0.115);
  EXPECT_EQ(FormatUsd(PricedCost(prices_, "r", "box-hour", "box", 3, "").daily_usd()), "$8.28");
}

TEST_F(CostModelTest, AMonthlyPriceIsSpreadOverThirtyDays) {
  Cost nine = PricedCost(prices_, "r", "bell-month", "bell", 9, "bell-month");
  EXPECT_NEAR(nine.monthly_usd(), 0.90, 1e-9);
  EXPECT_EQ(FormatUsd(nine.monthly_usd()), "$0.90");
}

TEST_F(CostModelTest, AMissingPriceIsUnknownNeverInvented) {
  Cost c = PricedCost(prices_, "r", "crate-hour", "crate", 1, "crate-hour");
  EXPECT_FALSE(c.known);
  EXPECT_EQ(c.hourly_usd, 0);
  EXPECT_EQ(c.notes, std::vector<std::string>{"price unknown: crate-hour in r"});
  EXPECT_FALSE(PricedCost(prices_, "mars-north-1", "box-hour", "box", 2, "box-hour").known);
  Cost sum = PricedCost(prices_, "r", "box-hour", "box", 1, "");
  sum += c;
  EXPECT_FALSE(sum.known);
  EXPECT_NEAR(sum.hourly_usd, 0.115, 1e-12);
}

TEST_F(CostModelTest, SavingsSummaryAndItsTable) {
  Cost fixed = PricedCost(prices_, "r", "bell-month", "bell", 10, "");
  Cost running = fixed;
  running += PricedCost(prices_, "r", "box-hour", "box", 2, "");
  Cost parked = fixed;
  SavingsSummary s = Summarize(running, parked);
  EXPECT_TRUE(s.known);
  EXPECT_NEAR(s.daily_usd, 5.52, 1e-9);
  EXPECT_NEAR(s.monthly_usd, 165.60, 1e-9);
  EXPECT_NEAR(s.annual_usd, 1987.20, 1e-9);
  double running_daily = 5.52 + 1.0 / 30;
  EXPECT_NEAR(running.daily_usd(), running_daily, 1e-9);
  EXPECT_NEAR(s.percent, 100 * 5.52 / running_daily, 1e-9);
  std::string table = FormatSavingsTable(s);
  EXPECT_NE(table.find("savings          $5.52      $165.60     $1987.20"), std::string::npos)
      << table;
  EXPECT_NE(table.find("savings: 99% of the running cost"), std::string::npos) << table;
  EXPECT_NE(table.find(kCostFormulaNote), std::string::npos);
}

TEST_F(CostModelTest, SummaryOfNothingRunningIsZeroPercent) {
  SavingsSummary s = Summarize(Cost(), Cost());
  EXPECT_EQ(s.percent, 0);
  EXPECT_EQ(s.daily_usd, 0);
}

TEST_F(CostModelTest, AddAmountTotalsWithoutKeepingTheLines) {
  Cost total;
  total.AddAmount(PricedCost(prices_, "r", "box-hour", "box", 2, ""));
  total.AddAmount(PricedCost(prices_, "r", "bell-month", "bell", 3, ""));
  Cost summed = PricedCost(prices_, "r", "box-hour", "box", 2, "");
  summed += PricedCost(prices_, "r", "bell-month", "bell", 3, "");
  EXPECT_DOUBLE_EQ(total.hourly_usd, summed.hourly_usd);
  EXPECT_TRUE(total.known);
  EXPECT_TRUE(total.components.empty());
  EXPECT_TRUE(total.notes.empty());
  total.AddAmount(PricedCost(prices_, "r", "no-such", "x", 1, "x"));
  EXPECT_FALSE(total.known);
  EXPECT_DOUBLE_EQ(total.hourly_usd, summed.hourly_usd);
}

TEST_F(CostModelTest, JsonCarriesUnitPriceAndFormulaInputs) {
  nlohmann::json j = CostToJson(PricedCost(prices_, "r", "box-hour", "box", 2, ""));
  EXPECT_EQ(j["known"], true);
  EXPECT_NEAR(j["daily_cost_usd"].get<double>(), 5.52, 1e-9);
  EXPECT_NEAR(j["monthly_cost_usd"].get<double>(), 165.6, 1e-9);
  EXPECT_EQ(j["components"][0]["quantity"], 2);
  EXPECT_DOUBLE_EQ(j["components"][0]["unit_price_usd"].get<double>(), 0.115);
  EXPECT_EQ(j["components"][0]["unit"], "box-hour");
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
