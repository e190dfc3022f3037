#include "cost/price_table.h"

#include <gtest/gtest.h>

#include "cost/embedded_prices.h"
#include "tests/testing/mem_file_system.h"
#include "tests/testing/testing.h"

namespace arm {
namespace {

PriceTable Embedded() {
  testing::MemFileSystem fs;
  auto t = PriceTable::Load(fs, MapEnvironment());
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return std::move(t).value();
}

TEST(PriceTableTest, EmbeddedTableIsTheShippedFile) {
  RealFileSystem fs;
  auto file = fs.ReadFile(testing::SourceDir() + "/data/prices.json");
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(EmbeddedPricesJson(), *file);
}

TEST(PriceTableTest, UsEast1ReferencePrices) {
  PriceTable t = Embedded();
  EXPECT_DOUBLE_EQ(t.SageMakerInstanceHour("us-east-1", "ml.m5.large")->usd, 0.115);
  EXPECT_EQ(t.SageMakerInstanceHour("us-east-1", "ml.m5.large")->unit, "instance-hour");
  EXPECT_DOUBLE_EQ(t.KinesisShardHour("us-east-1")->usd, 0.015);
  EXPECT_DOUBLE_EQ(t.CloudWatchAlarmMonth("us-east-1", AlarmKind::kStandard)->usd, 0.10);
  EXPECT_DOUBLE_EQ(t.CloudWatchAlarmMonth("us-east-1", AlarmKind::kHighResolution)->usd, 0.30);
  EXPECT_DOUBLE_EQ(t.CloudWatchAlarmMonth("us-east-1", AlarmKind::kComposite)->usd, 0.50);
  EXPECT_DOUBLE_EQ(t.DynamoDbRcuHour("us-east-1")->usd, 0.00013);
  EXPECT_DOUBLE_EQ(t.DynamoDbWcuHour("us-east-1")->usd, 0.00065);
  EXPECT_EQ(t.KinesisShardHour("us-east-1")->source.rfind("AWS public pricing page, ", 0), 0u);
  EXPECT_FALSE(t.KinesisShardHour("us-east-1")->date.empty());
}

TEST(PriceTableTest, EveryShippedRegionHasEveryPrice) {
  PriceTable t = Embedded();
  EXPECT_EQ(t.Regions(), (std::vector<std::string>{"ap-southeast-1", "eu-central-1", "eu-west-1",
                                                   "us-east-1", "us-west-2"}));
  for (const auto& r : t.Regions()) {
    for (const char* type : {"ml.t2.medium", "ml.m5.large", "ml.m5.xlarge", "ml.m5.2xlarge",
                             "ml.c5.large", "ml.c5.xlarge", "ml.g4dn.xlarge", "ml.inf1.xlarge"}) {
      EXPECT_TRUE(t.SageMakerInstanceHour(r, type).has_value()) << r << " " << type;
    }
    EXPECT_TRUE(t.KinesisShardHour(r) && t.KinesisOnDemandStreamHour(r)) << r;
    EXPECT_TRUE(t.CloudWatchAlarmMonth(r, AlarmKind::kStandard) &&
                t.CloudWatchAlarmMonth(r, AlarmKind::kHighResolution) &&
                t.CloudWatchAlarmMonth(r, AlarmKind::kComposite))
        << r;
    EXPECT_TRUE(t.DynamoDbRcuHour(r) && t.DynamoDbWcuHour(r)) << r;
  }
}

TEST(PriceTableTest, UnknownTypeOrRegionIsNotInvented) {
  PriceTable t = Embedded();
  EXPECT_FALSE(t.SageMakerInstanceHour("us-east-1", "ml.p5.48xlarge").has_value());
  EXPECT_FALSE(t.KinesisShardHour("mars-north-1").has_value());
}

TEST(PriceTableTest, PricesFileOverridesTheEmbeddedTable) {
  testing::MemFileSystem fs;
  fs.SetFile("/p.json",
             R"({"schema_version": 1, "regions": {"xx-1": {"kinesis-shard-hour":
      {"usd": 1.5, "unit": "shard-hour", "source": "test", "date": "2030-01-01"}}}})");
  auto t = PriceTable::Load(
      fs, MapEnvironment(std::map<std::string, std::string>{{"PRICES_FILE", "/p.json"}}));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->origin(), "PRICES_FILE /p.json");
  EXPECT_DOUBLE_EQ(t->KinesisShardHour("xx-1")->usd, 1.5);
  EXPECT_FALSE(t->KinesisShardHour("us-east-1").has_value());
}

TEST(PriceTableTest, BadPricesFileIsRefused) {
  testing::MemFileSystem fs;
  auto load = [&](const std::string& text) {
    fs.SetFile("/p.json", text);
    return PriceTable::Load(
               fs, MapEnvironment(std::map<std::string, std::string>{{"PRICES_FILE", "/p.json"}}))
        .status()
        .message();
  };
  EXPECT_EQ(load("{"), "PRICES_FILE /p.json: not valid JSON");
  EXPECT_EQ(load(R"({"regions": {}})"),
            "PRICES_FILE /p.json: expected an object with \"schema_version\": 1");
  EXPECT_EQ(
      load(R"({"schema_version": 1, "regions": {"r": {"kinesis-shard-hour": {"usd": "1"}}}})"),
      "PRICES_FILE /p.json: regions.r.kinesis-shard-hour: usd must be a number "
      ">= 0");
  EXPECT_EQ(load(R"({"schema_version": 1, "regions": {"r": {"kinesis-shard-hours": {}}}})"),
            "PRICES_FILE /p.json: regions.r.kinesis-shard-hours: unknown price name");
  EXPECT_EQ(
      load(
          R"({"schema_version": 1, "regions": {"r": {"kinesis-shard-hour": {"usd": 1, "unit": "u"}}}})"),
      "PRICES_FILE /p.json: regions.r.kinesis-shard-hour: source must be a "
      "non-empty string");
  auto missing = PriceTable::Load(
      fs, MapEnvironment(std::map<std::string, std::string>{{"PRICES_FILE", "/none"}}));
  EXPECT_TRUE(missing.status().IsNotFound());
  EXPECT_EQ(missing.status().message(), "PRICES_FILE: /none: no such file");
}

}  // namespace
}  // namespace arm
