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

class PriceTable {
 public:
  // `origin` names the data in messages ("PRICES_FILE /x.json"). `known`:
  // the price names the resource types declare ("kinesis-shard-hour", or
  // "sagemaker-instance-hour/*" for an object of prices by instance type);
  // any other name is an error (a typo would price a resource as unknown).
  static Result<PriceTable> Parse(std::string_view json_text, const std::string& origin,
                                  const std::vector<std::string>& known);
  // The embedded table, or the file PRICES_FILE names.
  static Result<PriceTable> Load(FileSystem& fs, const Environment& env,
                                 const std::vector<std::string>& known);

  // key: "kinesis-shard-hour", or "sagemaker-instance-hour/ml.m5.large" in a
  // family.
  std::optional<Price> Lookup(const std::string& region, const std::string& key) const;

  std::vector<std::string> Regions() const;
  const std::string& origin() const { return origin_; }

 private:
  std::string origin_;
  std::map<std::string, std::map<std::string, Price>> prices_;  // region -> key -> price
};

}  // namespace arm
