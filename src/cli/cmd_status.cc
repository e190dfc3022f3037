// status: every managed resource, its state, configuration and idle cost.
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/discovered.h"
#include "cli/schedule_common.h"
#include "cli/table.h"
#include "core/printable.h"

namespace arm {
namespace {

std::string Money(const Cost& c, double v) { return c.known ? FormatUsd(v) : "unknown"; }

}  // namespace

ExitCode RunStatus(CommandContext& ctx) {
  App& app = ctx.app;
  // A bad SCHEDULE_* key is bad input: one line and exit 2, before any call.
  if (auto loaded = LoadSchedule(app); !loaded.ok() && !loaded.status().IsNotFound()) {
    ctx.err << "error: " << Printable(loaded.status().message()) << "\n";
    return ExitCode::kUsage;
  }
  Discovered found;
  if (auto failed = ConnectAndDiscover(ctx, &found)) return *failed;
  const State* state = found.state_ptr();
  const SnapshotSet& snaps = found.snapshots;
  // Warnings (a prefix neighbour left alone) are said, not counted.
  std::vector<std::string>& errors = found.diagnostics.errors;
  std::vector<std::string>& warnings = found.diagnostics.warnings;
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
  // The types' own tips: the first urgent one, else the first other one.
  std::string type_tip, type_fallback_tip;
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
    ResourceType::Tip tip = type->StatusTip(*v.snapshot, v.state);
    std::string& slot = tip.urgent ? type_tip : type_fallback_tip;
    if (slot.empty()) slot = tip.text;
    const std::string state(ConditionName(v.state));
    table.AddRow({v.type, Printable(v.name), ctx.style.ForState(state, state),
                  Printable(v.snapshot->selected_by.ToString()),
                  Printable(type->StatusText(*v.snapshot, v.original)), Money(now, now.daily_usd()),
                  Money(now, now.monthly_usd())});
    // Only the JSON output shows them: thousands of copied configurations
    // were the peak memory of a text status of a large estate.
    if (!json_output) continue;
    nlohmann::json details = v.snapshot->config;
    for (auto& [k, val] : v.snapshot->details.items()) details[k] = val;
    if (!v.original.is_null()) details["saved_original"] = v.original;
    if (!v.saved_status.empty()) details["saved_status"] = v.saved_status;
    resources.push_back({{"type", v.type},
                         {"name", v.name},
                         {"state", ConditionName(v.state)},
                         {"selected_by", v.snapshot->selected_by.ToString()},
                         {"details", details},
                         {"daily_cost_usd", now.daily_usd()},
                         {"monthly_cost_usd", now.monthly_usd()},
                         {"cost", CostToJson(now)}});
  }
  SavingsSummary savings = Summarize(total_running, total_parked);
  ScheduleSummary schedule = SummarizeSchedule(ctx);
  if (!schedule.error.empty()) errors.push_back(schedule.error);
  for (const auto& w : schedule.warnings) warnings.push_back(w);
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
      stopped += v.state == Condition::kStopped && !v.original.is_null();
      running += v.state == Condition::kRunning;
      odd += v.state == Condition::kDrifted || v.state == Condition::kMissing;
    }
    if (odd > 0)
      tip =
          "some resources are drifted or missing; `start --dry-run` shows what "
          "start would do with them";
    else if (stopped > 0 && running > 0 && state)
      tip = std::to_string(stopped) + " parked and " + std::to_string(running) +
            " running: `start` restores the parked ones exactly as recorded, `stop` parks the "
            "others";
    else if (stopped > 0 && state)
      tip = "resources are parked; `start` restores them exactly as recorded";
    else if (!type_tip.empty())
      tip = type_tip;
    else if (running > 0)
      tip = "`stop --dry-run` shows what stop would change and save";
    if (tip.empty()) tip = type_fallback_tip;
    if (!tip.empty()) below << "Tip: " << tip << "\n";
    ctx.out << WrapLines(below.str(), columns);
  }
  for (const auto& w : warnings) ctx.err << "warning: " << Printable(w) << "\n";
  for (const auto& e : errors) ctx.err << "error: " << Printable(e) << "\n";
  if (!errors.empty()) return permission ? ExitCode::kCredentials : ExitCode::kPartialFailure;
  return ExitCode::kOk;
}

}  // namespace arm
