// status: every managed resource, its state, configuration and idle cost.
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/discovered.h"
#include "cli/schedule_common.h"
#include "cli/table.h"
#include "core/printable.h"
#include "resources/sagemaker_variant.h"

namespace arm {
namespace {

std::string ConfigText(const ResourceView& v) {
  const Snapshot& s = *v.snapshot;
  const nlohmann::json& c = s.exists || v.original.is_null() ? s.config : v.original;
  if (v.type == "sagemaker-endpoint") {
    std::string out;
    for (const auto& var : c.value("variants", nlohmann::json::array())) {
      if (!out.empty()) out += ", ";
      out += VariantCapacityText(var);
    }
    if (!s.exists && !s.details.value("config_exists", true)) {
      out = "deleted (was " + out + "); its config " + c.value("endpoint_config_name", "?") +
            " was deleted too: " +
            (c.value("endpoint_config", nlohmann::json()).is_object()
                 ? "start recreates it from the record"
                 : "not recorded, recreate it before start");
    } else if (!s.exists) {
      out = "deleted (config " + c.value("endpoint_config_name", "?") + " kept; was " + out + ")";
    } else if (s.details.contains("status"))
      out += ", " + s.details.value("status", "");
    // AWS's own words on why: free text, often the model container's output.
    if (s.exists && !s.details.value("failure_reason", "").empty())
      out += " (" + s.details.value("failure_reason", "") + ")";
    return out;
  }
  if (v.type == "kinesis-stream") {
    if (!s.exists) return "";
    std::string out = c.value("mode", "") == "ON_DEMAND"
                          ? "on-demand"
                          : std::to_string(c.value("shard_count", 0)) +
                                (c.value("shard_count", 0) == 1 ? " shard" : " shards");
    if (!v.original.is_null() && v.original.value("mode", "") == "ON_DEMAND" &&
        c.value("mode", "") != "ON_DEMAND")
      out += " (was on-demand)";
    else if (!v.original.is_null() &&
             v.original.value("shard_count", 0) != c.value("shard_count", 0))
      out += " (was " + std::to_string(v.original.value("shard_count", 0)) + ")";
    return out;
  }
  if (v.type == "lambda-function") {
    if (!s.exists) return "";
    const auto& rc = c.value("reserved_concurrency", nlohmann::json());
    std::string out = rc.is_null() ? "no reserved concurrency"
                                   : "reserved concurrency " + std::to_string(rc.get<int>());
    if (!v.original.is_null() && v.original.value("reserved_concurrency", nlohmann::json()) != rc) {
      const auto& o = v.original.value("reserved_concurrency", nlohmann::json());
      out += " (was " + (o.is_null() ? std::string("none") : std::to_string(o.get<int>())) + ")";
    }
    return out;
  }
  if (v.type == "cloudwatch-alarm") {
    if (!s.exists) return "";
    std::string out = std::string(s.details.value("composite", false) ? "composite, " : "") +
                      "actions " + (c.value("actions_enabled", false) ? "enabled" : "disabled");
    return out;
  }
  if (v.type == "dynamodb-table") {
    if (!s.exists) return "";
    if (c.value("billing_mode", "") == "PAY_PER_REQUEST") return "on-demand";
    return "provisioned " + std::to_string(c.value("read_capacity", 0)) + " RCU / " +
           std::to_string(c.value("write_capacity", 0)) + " WCU";
  }
  return c.dump();
}

std::string Money(const Cost& c, double v) { return c.known ? FormatUsd(v) : "unknown"; }

}  // namespace

ExitCode RunStatus(CommandContext& ctx) {
  App& app = ctx.app;
  Discovered found;
  if (auto failed = ConnectAndDiscover(ctx, &found)) return *failed;
  const State* state = found.state_ptr();
  const SnapshotSet& snaps = found.snapshots;
  // Warnings (a prefix neighbour left alone) are said, not counted.
  std::vector<std::string>& errors = found.errors;
  std::vector<std::string>& warnings = found.warnings;
  bool permission = found.permission_error;
  auto views = app.manager().View(snaps, state);

  Cost total_now = Cost::Zero(""), total_running = Cost::Zero(""), total_parked = Cost::Zero("");
  total_now.notes.clear();
  total_running.notes.clear();
  total_parked.notes.clear();
  const bool json_output = app.options().output == "json";
  nlohmann::json resources = nlohmann::json::array();
  TextTable table(
      {"TYPE", "NAME", "STATE", "SELECTED BY", "CONFIGURATION", "PER DAY", "PER MONTH"});
  int alarms_disabled = 0, idle_provisioned_tables = 0;
  for (const auto& v : views) {
    const ResourceType* type = app.manager().TypeById(v.type);
    Cost now = type->CostOf(*v.snapshot, app.prices(), app.region());
    Snapshot running_form = *v.snapshot;
    if (!v.original.is_null()) {
      running_form.config = v.original;
      running_form.exists = true;
    }
    Cost running = type->CostOf(running_form, app.prices(), app.region());
    Cost parked = type->CostOf(type->Parked(running_form), app.prices(), app.region());
    total_now.AddAmount(now);
    total_running.AddAmount(running);
    total_parked.AddAmount(parked);
    if (v.type == "cloudwatch-alarm" && v.state == "stopped") alarms_disabled++;
    if (v.type == "dynamodb-table" && v.snapshot->config.value("billing_mode", "") == "PROVISIONED")
      idle_provisioned_tables++;
    table.AddRow({v.type, Printable(v.name), ctx.style.ForState(v.state, v.state),
                  Printable(v.snapshot->selected_by.ToString()), Printable(ConfigText(v)),
                  Money(now, now.daily_usd()), Money(now, now.monthly_usd())});
    // Only the JSON output shows them: thousands of copied configurations
    // were the peak memory of a text status of a large estate.
    if (!json_output) continue;
    nlohmann::json details = v.snapshot->config;
    for (auto& [k, val] : v.snapshot->details.items()) details[k] = val;
    if (!v.original.is_null()) details["saved_original"] = v.original;
    if (!v.saved_status.empty()) details["saved_status"] = v.saved_status;
    resources.push_back({{"type", v.type},
                         {"name", v.name},
                         {"state", v.state},
                         {"selected_by", v.snapshot->selected_by.ToString()},
                         {"details", details},
                         {"daily_cost_usd", now.daily_usd()},
                         {"monthly_cost_usd", now.monthly_usd()},
                         {"cost", CostToJson(now)}});
  }
  SavingsSummary savings = Summarize(total_running, total_parked);
  ScheduleSummary schedule = SummarizeSchedule(ctx);
  if (!schedule.error.empty()) errors.push_back(schedule.error);
  std::string saved_at = state ? state->saved_at : "";
  if (json_output) {
    nlohmann::json j = {{"resources", std::move(resources)},
                        {"totals",
                         {{"daily_cost_usd", total_now.daily_usd()},
                          {"monthly_cost_usd", total_now.monthly_usd()},
                          {"known", total_now.known}}},
                        {"savings",
                         {{"running_daily_usd", total_running.daily_usd()},
                          {"parked_daily_usd", total_parked.daily_usd()},
                          {"daily_usd", savings.daily_usd},
                          {"monthly_usd", savings.monthly_usd},
                          {"annual_usd", savings.annual_usd},
                          {"percent", savings.percent}}},
                        {"state_file",
                         {{"path", app.state_store().path()},
                          {"exists", state != nullptr},
                          {"saved_at", saved_at}}},
                        {"account_id", app.account_id()},
                        {"region", app.region()},
                        {"errors", errors},
                        {"warnings", warnings},
                        {"cost_formula", kCostFormulaNote},
                        {"schedule", schedule.json}};
    ctx.out << j.dump(2) << "\n";
  } else {
    // Lines wider than the terminal wrap (never when piped).
    const size_t columns =
        static_cast<size_t>(OutputColumns(app.seams().terminal, app.seams().env));
    ctx.out << WrapLines(
                   ctx.style.Bold("AWS resources of " + Printable(app.config().project_name)) +
                       " (account " + app.account_id() + ", " + app.region() + ")\n",
                   columns)
            << "\n";
    std::ostringstream below;
    if (views.empty()) {
      ctx.out << "No managed resources found.\n";
    } else {
      // On a terminal the table fits its width: CONFIGURATION, SELECTED BY
      // and TYPE wrap first, then NAME (at its hyphens); when even that is
      // too wide, PER MONTH and then SELECTED BY are left out, and a line
      // says so. Piped output is never cut.
      using Wrap = ColumnFit::Wrap;
      table.Fit(columns, {{10, Wrap::kName, 0, 0},
                          {14, Wrap::kName, 1, 0},
                          {},
                          {12, Wrap::kWords, 0, 2},
                          {12, Wrap::kWords, 0, 0},
                          {},
                          {0, Wrap::kWords, 0, 1}});
      ctx.out << table.Render({false, false, false, false, false, true, true});
      std::vector<std::string> dropped = table.Dropped();
      if (!dropped.empty()) {
        std::string names;
        for (const auto& d : dropped) names += (names.empty() ? "" : " and ") + d;
        below << "(" << names << " left out to fit " << columns
              << " columns; a wider terminal, a pipe or --output json shows "
                 "them)\n";
      }
    }
    below << "\nTotal idle cost now: " << Money(total_now, total_now.daily_usd()) << "/day, "
          << Money(total_now, total_now.monthly_usd()) << "/month\n";
    below << "Running: " << FormatUsd(total_running.daily_usd())
          << "/day; parked: " << FormatUsd(total_parked.daily_usd()) << "/day; stop saves "
          << FormatUsd(savings.daily_usd) << "/day, " << FormatUsd(savings.monthly_usd)
          << "/month, " << FormatUsd(savings.annual_usd) << "/year (" << std::fixed
          << std::setprecision(0) << savings.percent << "%)\n";
    below << ctx.style.Dim(std::string("(") + kCostFormulaNote + ")") << "\n";
    below << "State file: " << Printable(app.state_store().path())
          << (state ? " (saved " + saved_at + ")" : " (none: nothing is parked)") << "\n";
    for (const auto& line : schedule.lines) below << Printable(line) << "\n";
    std::string tip;
    int stopped = 0, running = 0, odd = 0;
    for (const auto& v : views) {
      stopped += v.state == "stopped" && !v.original.is_null();
      running += v.state == "running";
      odd += v.state == "drifted" || v.state == "missing";
    }
    if (odd > 0)
      tip =
          "some resources are drifted or missing; `start --dry-run` shows what "
          "start would do with them";
    else if (stopped > 0 && state)
      tip = "resources are parked; `start` restores them exactly as recorded";
    else if (idle_provisioned_tables > 0)
      tip =
          "provisioned DynamoDB tables bill while idle; on-demand billing "
          "costs nothing idle";
    else if (running > 0)
      tip = "`stop --dry-run` shows what stop would change and save";
    if (alarms_disabled > 0 && tip.empty()) tip = std::string(kAlarmCostNote);
    if (!tip.empty()) below << "Tip: " << tip << "\n";
    ctx.out << WrapLines(below.str(), columns);
  }
  for (const auto& w : warnings) ctx.err << "warning: " << Printable(w) << "\n";
  for (const auto& e : errors) ctx.err << "error: " << Printable(e) << "\n";
  if (!errors.empty()) return permission ? ExitCode::kCredentials : ExitCode::kPartialFailure;
  return ExitCode::kOk;
}

}  // namespace arm
