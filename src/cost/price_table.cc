#include "cost/price_table.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "cost/embedded_prices.h"

namespace arm {
namespace {

using nlohmann::json;

constexpr std::string_view kFamily = "/*";

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

Result<PriceTable> PriceTable::Parse(std::string_view text, const std::string& origin,
                                     const std::vector<std::string>& known) {
  auto is = [&](const std::string& name) {
    return std::find(known.begin(), known.end(), name) != known.end();
  };
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
      if (is(key + std::string(kFamily))) {
        if (!value.is_object())
          return Status::Corruption(origin + ": " + base + "." + key + ": expected an object");
        for (const auto& [type, price] : value.items()) {
          auto p = ParsePrice(price, origin, base + "." + key + "." + type);
          if (!p.ok()) return p.status();
          out[key + "/" + type] = std::move(p).value();
        }
        continue;
      }
      if (!is(key))
        return Status::Corruption(origin + ": " + base + "." + key + ": unknown price name");
      auto p = ParsePrice(value, origin, base + "." + key);
      if (!p.ok()) return p.status();
      out[key] = std::move(p).value();
    }
  }
  return table;
}

Result<PriceTable> PriceTable::Load(FileSystem& fs, const Environment& env,
                                    const std::vector<std::string>& known) {
  std::string path = env.GetOr("PRICES_FILE", "");
  if (path.empty()) return Parse(EmbeddedPricesJson(), "embedded data/prices.json", known);
  auto text = fs.ReadFile(path, ReadLimits{kMaxConfigFileBytes, false});
  if (!text.ok()) return text.status().WithContext("PRICES_FILE");
  return Parse(*text, "PRICES_FILE " + path, known);
}

std::optional<Price> PriceTable::Lookup(const std::string& region, const std::string& key) const {
  auto r = prices_.find(region);
  if (r == prices_.end()) return std::nullopt;
  auto p = r->second.find(key);
  if (p == r->second.end()) return std::nullopt;
  return p->second;
}

std::vector<std::string> PriceTable::Regions() const {
  std::vector<std::string> out;
  for (const auto& [r, p] : prices_) out.push_back(r);
  return out;
}

}  // namespace arm
