#include "cost/cost_model.h"

#include <cmath>
#include <cstdio>

namespace arm {
namespace {

constexpr double kHoursPerMonth = 24 * 30;

Cost Priced(std::string item, double quantity, const Price& price, bool monthly_price) {
  Cost c;
  CostComponent line;
  line.item = std::move(item);
  line.quantity = quantity;
  line.price = price;
  line.hourly_usd = quantity * (monthly_price ? price.usd / kHoursPerMonth : price.usd);
  c.hourly_usd = line.hourly_usd;
  c.components.push_back(std::move(line));
  return c;
}

std::string Unknown(const std::string& what, const std::string& region) {
  return "price unknown: " + what + " in " + region;
}

}  // namespace

Cost Cost::Zero(std::string why) {
  Cost c;
  c.notes.push_back(std::move(why));
  return c;
}

Cost Cost::Unknown(std::string why) {
  Cost c;
  c.known = false;
  c.notes.push_back(std::move(why));
  return c;
}

Cost& Cost::operator+=(const Cost& other) {
  known = known && other.known;
  hourly_usd += other.hourly_usd;
  notes.insert(notes.end(), other.notes.begin(), other.notes.end());
  components.insert(components.end(), other.components.begin(), other.components.end());
  return *this;
}

Cost& Cost::AddAmount(const Cost& other) {
  known = known && other.known;
  hourly_usd += other.hourly_usd;
  return *this;
}

Cost PricedCost(const PriceTable& prices, const std::string& region, const std::string& key,
                std::string item, double quantity, const std::string& what) {
  auto p = prices.Lookup(region, key);
  if (!p) return Cost::Unknown(Unknown(what, region));
  return Priced(std::move(item), quantity, *p, p->unit.ends_with("-month"));
}

SavingsSummary Summarize(const Cost& running, const Cost& parked) {
  SavingsSummary s;
  s.running = running;
  s.parked = parked;
  s.known = running.known && parked.known;
  double hourly = running.hourly_usd - parked.hourly_usd;
  s.daily_usd = hourly * 24;
  s.monthly_usd = s.daily_usd * 30;
  s.annual_usd = s.monthly_usd * 12;
  s.percent = running.hourly_usd > 0 ? 100.0 * hourly / running.hourly_usd : 0;
  return s;
}

std::string FormatUsd(double usd) {
  char buf[64];
  double a = std::fabs(usd);
  bool tiny = a > 0 && std::round(a * 100) == 0;
  std::snprintf(buf, sizeof(buf), tiny ? "%s$%.4f" : "%s$%.2f", usd < 0 ? "-" : "", a);
  return buf;
}

std::string FormatSavingsTable(const SavingsSummary& s) {
  char buf[256];
  std::string out;
  auto row = [&](const char* label, double daily, double monthly, double annual) {
    std::snprintf(buf, sizeof(buf), "%-9s %12s %12s %12s\n", label, FormatUsd(daily).c_str(),
                  FormatUsd(monthly).c_str(), FormatUsd(annual).c_str());
    out += buf;
  };
  std::snprintf(buf, sizeof(buf), "%-9s %12s %12s %12s\n", "", "daily", "monthly", "annual");
  out += buf;
  row("running", s.running.daily_usd(), s.running.monthly_usd(), s.running.annual_usd());
  row("parked", s.parked.daily_usd(), s.parked.monthly_usd(), s.parked.annual_usd());
  row("savings", s.daily_usd, s.monthly_usd, s.annual_usd);
  std::snprintf(buf, sizeof(buf), "savings: %.0f%% of the running cost", s.percent);
  out += buf;
  if (!s.known) out += " (some prices unknown: the figures cover only the priced resources)";
  out += "\n";
  out += kCostFormulaNote;
  out += "\n";
  return out;
}

nlohmann::json CostToJson(const Cost& cost) {
  nlohmann::json components = nlohmann::json::array();
  for (const auto& c : cost.components) {
    components.push_back({{"item", c.item},
                          {"quantity", c.quantity},
                          {"unit_price_usd", c.price.usd},
                          {"unit", c.price.unit},
                          {"source", c.price.source},
                          {"date", c.price.date}});
  }
  return {{"known", cost.known},
          {"hourly_usd", cost.hourly_usd},
          {"daily_cost_usd", cost.daily_usd()},
          {"monthly_cost_usd", cost.monthly_usd()},
          {"notes", cost.notes},
          {"components", std::move(components)}};
}

}  // namespace arm
