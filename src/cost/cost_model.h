#pragma once
// What AWS bills for a resource while it sits idle: the cost arithmetic and
// its rendering. Each resource type's CostOf applies its billing rules (an
// endpoint costs instance price x count, a parked stream still bills its one
// shard) through PricedCost.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cost/price_table.h"

namespace arm {

inline constexpr char kCostFormulaNote[] =
    "daily = hourly x 24, monthly = daily x 30, annual = monthly x 12";

// One priced line: quantity x unit price.
struct CostComponent {
  std::string item;  // "ml.m5.large instance", "provisioned shard", "standard
                     // alarm", "RCU"
  double quantity = 0;
  Price price;
  double hourly_usd = 0;  // monthly prices are spread over 30 x 24 hours
};

struct Cost {
  // False when a price was missing: hourly_usd then covers only the known part.
  bool known = true;
  // Why it is zero or unknown ("price unknown: ml.x1.large in us-east-1").
  std::vector<std::string> notes;
  std::vector<CostComponent> components;
  double hourly_usd = 0;

  double daily_usd() const { return hourly_usd * 24; }
  double monthly_usd() const { return daily_usd() * 30; }
  double annual_usd() const { return monthly_usd() * 12; }

  static Cost Zero(std::string why);
  static Cost Unknown(std::string why);
  Cost& operator+=(const Cost& other);
  // The amount and `known` of `other` without its notes and components: a
  // total over thousands of resources that only its amount is read from.
  Cost& AddAmount(const Cost& other);
};

// `quantity` x the price table's `key` in `region`, as one line named
// `item` ("provisioned shard"). Unknown when the table has no such price:
// "price unknown: <what> in <region>". A monthly price ("alarm-month") is
// spread over 30 x 24 hours. Each resource type prices itself with it.
Cost PricedCost(const PriceTable& prices, const std::string& region, const std::string& key,
                std::string item, double quantity, const std::string& what);

struct SavingsSummary {
  Cost running;
  Cost parked;
  double daily_usd = 0;  // running - parked
  double monthly_usd = 0;
  double annual_usd = 0;
  double percent = 0;  // of the running cost; 0 when that is 0
  bool known = true;
};
SavingsSummary Summarize(const Cost& running, const Cost& parked);

// "$2.76"; amounts under a cent keep four decimals ("$0.0039").
std::string FormatUsd(double usd);
// Running / parked / savings rows x daily / monthly / annual, plus the
// percentage and the formula note.
std::string FormatSavingsTable(const SavingsSummary& summary);

// {"known", "hourly_usd", "daily_cost_usd", "monthly_cost_usd", "notes",
//  "components": [{"item", "quantity", "unit_price_usd", "unit", "source",
//  "date"}]}
nlohmann::json CostToJson(const Cost& cost);

}  // namespace arm
