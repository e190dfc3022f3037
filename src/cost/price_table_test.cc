#include "cost/price_table.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cost/embedded_prices.h"
#include "resources/registry.h"
#include "tests/testing/mem_file_system.h"
#include "tests/testing/testing.h"

namespace arm {
namespace {

PriceTable Embedded() {
  testing::MemFileSystem fs;
  auto t = PriceTable::Load(fs, MapEnvironment(), TypePriceKeys());
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
  const std::string r = "us-east-1";
  EXPECT_DOUBLE_EQ(t.Lookup(r, "sagemaker-instance-hour/ml.m5.large")->usd, 0.115);
  EXPECT_EQ(t.Lookup(r, "sagemaker-instance-hour/ml.m5.large")->unit, "instance-hour");
  EXPECT_DOUBLE_EQ(t.Lookup(r, "kinesis-shard-hour")->usd, 0.015);
  EXPECT_DOUBLE_EQ(t.Lookup(r, "cloudwatch-standard-alarm-month")->usd, 0.10);
  EXPECT_DOUBLE_EQ(t.Lookup(r, "cloudwatch-high-resolution-alarm-month")->usd, 0.30);
  EXPECT_DOUBLE_EQ(t.Lookup(r, "cloudwatch-composite-alarm-month")->usd, 0.50);
  EXPECT_DOUBLE_EQ(t.Lookup(r, "dynamodb-rcu-hour")->usd, 0.00013);
  EXPECT_DOUBLE_EQ(t.Lookup(r, "dynamodb-wcu-hour")->usd, 0.00065);
  EXPECT_EQ(t.Lookup(r, "kinesis-shard-hour")->source.rfind("AWS public pricing page, ", 0), 0u);
  EXPECT_FALSE(t.Lookup(r, "kinesis-shard-hour")->date.empty());
}

// Every price name a type declares, in every shipped region; a family
// ("name/*") for the instance types the demo and docs use.
TEST(PriceTableTest, EveryShippedRegionHasEveryDeclaredPrice) {
  PriceTable t = Embedded();
  const auto shipped = nlohmann::json::parse(EmbeddedPricesJson());
  EXPECT_EQ(t.Regions(), (std::vector<std::string>{"ap-southeast-1", "eu-central-1", "eu-west-1",
                                                   "us-east-1", "us-west-2"}));
  for (const auto& r : t.Regions()) {
    for (const auto& key : TypePriceKeys()) {
      if (!key.ends_with("/*")) {
        EXPECT_TRUE(t.Lookup(r, key).has_value()) << r << " " << key;
        continue;
      }
      // A family (instance types, volume types): every region prices the
      // members the reference region prices, and there is at least one.
      std::string name = key.substr(0, key.size() - 2);
      const auto& members = shipped["regions"]["us-east-1"][name];
      ASSERT_TRUE(members.is_object() && !members.empty()) << name;
      for (const auto& [member, price] : members.items()) {
        EXPECT_TRUE(t.Lookup(r, name + "/" + member).has_value())
            << r << " " << name << "/" << member;
      }
    }
  }
}

TEST(PriceTableTest, UnknownTypeOrRegionIsNotInvented) {
  PriceTable t = Embedded();
  EXPECT_FALSE(t.Lookup("us-east-1", "sagemaker-instance-hour/ml.p5.48xlarge").has_value());
  EXPECT_FALSE(t.Lookup("mars-north-1", "kinesis-shard-hour").has_value());
}

TEST(PriceTableTest, OnlyDeclaredNamesAreAccepted) {
  const char* text = R"({"schema_version": 1, "regions": {"r": {
      "thing-hour": {"usd": 1, "unit": "thing-hour", "source": "s", "date": "d"},
      "box-hour": {"small": {"usd": 2, "unit": "box-hour", "source": "s", "date": "d"}}}}})";
  auto t = PriceTable::Parse(text, "test", {"thing-hour", "box-hour/*"});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_DOUBLE_EQ(t->Lookup("r", "thing-hour")->usd, 1);
  EXPECT_DOUBLE_EQ(t->Lookup("r", "box-hour/small")->usd, 2);
  EXPECT_EQ(PriceTable::Parse(text, "test", {"thing-hour"}).status().message(),
            "test: regions.r.box-hour: unknown price name");
}

TEST(PriceTableTest, PricesFileOverridesTheEmbeddedTable) {
  testing::MemFileSystem fs;
  fs.SetFile("/p.json",
             R"({"schema_version": 1, "regions": {"xx-1": {"kinesis-shard-hour":
      {"usd": 1.5, "unit": "shard-hour", "source": "test", "date": "2030-01-01"}}}})");
  auto t = PriceTable::Load(
      fs, MapEnvironment(std::map<std::string, std::string>{{"PRICES_FILE", "/p.json"}}),
      TypePriceKeys());
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->origin(), "PRICES_FILE /p.json");
  EXPECT_DOUBLE_EQ(t->Lookup("xx-1", "kinesis-shard-hour")->usd, 1.5);
  EXPECT_FALSE(t->Lookup("us-east-1", "kinesis-shard-hour").has_value());
}

TEST(PriceTableTest, BadPricesFileIsRefused) {
  testing::MemFileSystem fs;
  auto load = [&](const std::string& text) {
    fs.SetFile("/p.json", text);
    return PriceTable::Load(
               fs, MapEnvironment(std::map<std::string, std::string>{{"PRICES_FILE", "/p.json"}}),
               TypePriceKeys())
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
      fs, MapEnvironment(std::map<std::string, std::string>{{"PRICES_FILE", "/none"}}),
      TypePriceKeys());
  EXPECT_TRUE(missing.status().IsNotFound());
  EXPECT_EQ(missing.status().message(), "PRICES_FILE: /none: no such file");
}

}  // namespace
}  // namespace arm
