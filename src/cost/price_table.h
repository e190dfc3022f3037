#pragma once
// AWS list prices per region, loaded from data/prices.json (embedded at build
// time) or from PRICES_FILE. A price that is not in the table is unknown:
// lookups return nullopt and never invent a number.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/environment.h"
#include "core/file_system.h"
#include "core/status.h"

namespace arm {

struct Price {
  double usd = 0;
  std::string unit;    // "instance-hour", "shard-hour", "alarm-month", "RCU-hour"...
  std::string source;  // "AWS public pricing page, 2024-06-01: <url>"
  std::string date;
};

enum class AlarmKind { kStandard, kHighResolution, kComposite };

class PriceTable {
 public:
  // `origin` names the data in messages ("PRICES_FILE /x.json").
  static Result<PriceTable> Parse(std::string_view json_text, const std::string& origin);
  // The embedded table, or the file PRICES_FILE names.
  static Result<PriceTable> Load(FileSystem& fs, const Environment& env);

  std::optional<Price> SageMakerInstanceHour(const std::string& region,
                                             const std::string& instance_type) const;
  std::optional<Price> KinesisShardHour(const std::string& region) const;
  std::optional<Price> KinesisOnDemandStreamHour(const std::string& region) const;
  std::optional<Price> CloudWatchAlarmMonth(const std::string& region, AlarmKind kind) const;
  std::optional<Price> DynamoDbRcuHour(const std::string& region) const;
  std::optional<Price> DynamoDbWcuHour(const std::string& region) const;

  std::vector<std::string> Regions() const;
  const std::string& origin() const { return origin_; }

 private:
  // key: "kinesis-shard-hour" or "sagemaker-instance-hour/ml.m5.large".
  std::optional<Price> Find(const std::string& region, const std::string& key) const;
  std::string origin_;
  std::map<std::string, std::map<std::string, Price>> prices_;  // region -> key -> price
};

}  // namespace arm
