#include "cost/price_table.h"

#include <nlohmann/json.hpp>

#include "cost/embedded_prices.h"

namespace arm {
namespace {

using nlohmann::json;

constexpr const char* kFlatKeys[] = {
    "kinesis-shard-hour",
    "kinesis-on-demand-stream-hour",
    "cloudwatch-standard-alarm-month",
    "cloudwatch-high-resolution-alarm-month",
    "cloudwatch-composite-alarm-month",
    "dynamodb-rcu-hour",
    "dynamodb-wcu-hour",
};
constexpr char kInstanceKey[] = "sagemaker-instance-hour";

Result<Price> ParsePrice(const json& j, const std::string& origin, const std::string& field) {
  auto bad = [&](const std::string& what) {
    return Status::Corruption(origin + ": " + field + ": " + what);
  };
  if (!j.is_object()) return bad("expected an object {usd, unit, source, date}");
  Price p;
  auto usd = j.find("usd");
  if (usd == j.end() || !usd->is_number() || usd->get<double>() < 0)
    return bad("usd must be a number >= 0");
  p.usd = usd->get<double>();
  for (auto [key, out] :
       {std::pair{"unit", &p.unit}, std::pair{"source", &p.source}, std::pair{"date", &p.date}}) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string() || it->get<std::string>().empty()) {
      return bad(std::string(key) + " must be a non-empty string");
    }
    *out = it->get<std::string>();
  }
  return p;
}

}  // namespace

Result<PriceTable> PriceTable::Parse(std::string_view text, const std::string& origin) {
  json doc = json::parse(text.begin(), text.end(), nullptr,
                         /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::Corruption(origin + ": not valid JSON");
  if (!doc.is_object() || doc.value("schema_version", json()) != json(1)) {
    return Status::Corruption(origin + ": expected an object with \"schema_version\": 1");
  }
  auto regions = doc.find("regions");
  if (regions == doc.end() || !regions->is_object()) {
    return Status::Corruption(origin + ": regions: expected an object");
  }
  PriceTable table;
  table.origin_ = origin;
  for (const auto& [region, entries] : regions->items()) {
    std::string base = "regions." + region;
    if (!entries.is_object())
      return Status::Corruption(origin + ": " + base + ": expected an object");
    auto& out = table.prices_[region];
    for (const auto& [key, value] : entries.items()) {
      if (key == kInstanceKey) {
        if (!value.is_object())
          return Status::Corruption(origin + ": " + base + "." + key + ": expected an object");
        for (const auto& [type, price] : value.items()) {
          auto p = ParsePrice(price, origin, base + "." + key + "." + type);
          if (!p.ok()) return p.status();
          out[std::string(kInstanceKey) + "/" + type] = std::move(p).value();
        }
        continue;
      }
      bool known = false;
      for (const char* k : kFlatKeys) known = known || key == k;
      if (!known)
        return Status::Corruption(origin + ": " + base + "." + key + ": unknown price name");
      auto p = ParsePrice(value, origin, base + "." + key);
      if (!p.ok()) return p.status();
      out[key] = std::move(p).value();
    }
  }
  return table;
}

Result<PriceTable> PriceTable::Load(FileSystem& fs, const Environment& env) {
  std::string path = env.GetOr("PRICES_FILE", "");
  if (path.empty()) return Parse(EmbeddedPricesJson(), "embedded data/prices.json");
  auto text = fs.ReadFile(path, ReadLimits{kMaxConfigFileBytes, false});
  if (!text.ok()) return text.status().WithContext("PRICES_FILE");
  return Parse(*text, "PRICES_FILE " + path);
}

std::optional<Price> PriceTable::Find(const std::string& region, const std::string& key) const {
  auto r = prices_.find(region);
  if (r == prices_.end()) return std::nullopt;
  auto p = r->second.find(key);
  if (p == r->second.end()) return std::nullopt;
  return p->second;
}

std::optional<Price> PriceTable::SageMakerInstanceHour(const std::string& region,
                                                       const std::string& instance_type) const {
  return Find(region, std::string(kInstanceKey) + "/" + instance_type);
}
std::optional<Price> PriceTable::KinesisShardHour(const std::string& region) const {
  return Find(region, "kinesis-shard-hour");
}
std::optional<Price> PriceTable::KinesisOnDemandStreamHour(const std::string& region) const {
  return Find(region, "kinesis-on-demand-stream-hour");
}
std::optional<Price> PriceTable::CloudWatchAlarmMonth(const std::string& region,
                                                      AlarmKind kind) const {
  switch (kind) {
    case AlarmKind::kStandard:
      return Find(region, "cloudwatch-standard-alarm-month");
    case AlarmKind::kHighResolution:
      return Find(region, "cloudwatch-high-resolution-alarm-month");
    case AlarmKind::kComposite:
      return Find(region, "cloudwatch-composite-alarm-month");
  }
  return std::nullopt;
}
std::optional<Price> PriceTable::DynamoDbRcuHour(const std::string& region) const {
  return Find(region, "dynamodb-rcu-hour");
}
std::optional<Price> PriceTable::DynamoDbWcuHour(const std::string& region) const {
  return Find(region, "dynamodb-wcu-hour");
}

std::vector<std::string> PriceTable::Regions() const {
  std::vector<std::string> out;
  for (const auto& [r, p] : prices_) out.push_back(r);
  return out;
}

}  // namespace arm
