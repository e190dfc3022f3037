// history: past stops and starts, newest first, read from the audit reports
// in LOG_DIR/operations/. No AWS call.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <iostream>

#include "audit/report_writer.h"
#include "cli/commands.h"
#include "cli/table.h"
#include "core/printable.h"
#include "cost/cost_model.h"

namespace arm {
namespace {

// An unfinished run whose process (its journal names it) is alive on this
// host is still running, not killed. A reused pid is the rare wrong answer.
bool InProgress(const HistoryEntry& e) {
  if (!e.unfinished || e.pid <= 0 || e.host.empty()) return false;
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0 || e.host != host) return false;
  return ::kill(static_cast<pid_t>(e.pid), 0) == 0 || errno == EPERM;
}

std::string ResultText(const HistoryEntry& e, bool in_progress) {
  std::string out = in_progress        ? "in progress (pid " + std::to_string(e.pid) + ")"
                    : e.unfinished     ? "interrupted (killed; no final report)"
                    : e.exit_code == 0 ? "ok"
                                       : "exit " + std::to_string(e.exit_code);
  // A dry run does nothing: what it planned is its count.
  if (e.dry_run && !e.unfinished)
    out += ", " + std::to_string(e.planned_actions) +
           (e.planned_actions == 1 ? " action planned" : " actions planned");
  else
    out += ", " + std::to_string(e.actions) + (e.actions == 1 ? " action" : " actions");
  if (e.failed > 0) out += ", " + std::to_string(e.failed) + " failed";
  if (e.in_flight > 0) out += ", " + std::to_string(e.in_flight) + " in flight (outcome unknown)";
  return out;
}

std::string SavingsText(const HistoryEntry& e) {
  if (e.unfinished) return "-";
  std::string out;
  if (e.dry_run) {
    if (e.planned_savings_daily_usd == 0 || e.planned_actions == 0) return "-";
    out = (e.planned_savings_daily_usd >= 0 ? "would save " : "would add ") +
          FormatUsd(std::abs(e.planned_savings_daily_usd)) + "/day";
  } else {
    if (e.savings_daily_usd == 0) return "-";
    out = (e.savings_daily_usd >= 0 ? "saves " : "adds ") +
          FormatUsd(std::abs(e.savings_daily_usd)) + "/day";
  }
  if (!e.cost_known) out += " (partly unknown)";
  return out;
}

nlohmann::json EntryJson(const HistoryEntry& e) {
  return {{"file", e.file},
          {"scheduled", e.scheduled},
          {"in_progress", InProgress(e)},
          {"planned_actions", e.planned_actions},
          {"started_at", e.started_at},
          {"ended_at", e.ended_at},
          {"caller_arn", e.caller_arn},
          {"account_id", e.account_id},
          {"region", e.region},
          {"profile", e.profile},
          {"command", e.command},
          {"dry_run", e.dry_run},
          {"exit_code", e.exit_code},
          {"actions", e.actions},
          {"failed", e.failed},
          {"savings_daily_usd", e.savings_daily_usd},
          {"cost_known", e.cost_known},
          {"planned_savings_daily_usd", e.planned_savings_daily_usd},
          {"credentials", e.credentials},
          {"unfinished", e.unfinished},
          {"in_flight", e.in_flight},
          {"calls_sent", e.calls},
          {"calls_unanswered", e.calls_unanswered}};
}

}  // namespace

ExitCode RunHistory(CommandContext& ctx, const HistoryOptions& options) {
  App& app = ctx.app;
  std::vector<std::string> warnings;
  auto entries = LoadHistory(app.seams().fs, app.config().log_dir,
                             static_cast<size_t>(options.limit), &warnings);
  for (const auto& w : warnings) ctx.err << "warning: " << Printable(w) << "\n";
  if (!entries.ok()) {
    ctx.err << "error: " << Printable(entries.status().ToString()) << "\n";
    return ExitCodeFor(entries.status());
  }
  if (app.options().output == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : *entries) list.push_back(EntryJson(e));
    ctx.out << nlohmann::json{{"operations", list}}.dump(2, ' ', false,
                                                         nlohmann::json::error_handler_t::replace)
            << "\n";
    return ExitCode::kOk;
  }
  if (entries->empty()) {
    ctx.out << "No operations recorded in " << OperationsDir(app.config().log_dir) << "\n";
    return ExitCode::kOk;
  }
  TextTable table({"WHEN (UTC)", "WHO", "WHAT", "RESULT", "SAVINGS"});
  for (const auto& e : *entries) {
    std::string what = e.command + (e.dry_run ? " (dry run)" : "");
    // A run of reconcile names the transition it applied.
    if (!e.scheduled.empty()) what += " (reconcile: " + e.scheduled + ")";
    const bool in_progress = InProgress(e);
    std::string result = ResultText(e, in_progress);
    if (!in_progress && (e.unfinished || e.exit_code != 0)) result = ctx.style.Red(result);
    // Report files may hold anything (a reason typed by a user, a file
    // edited by hand): control characters are shown escaped.
    table.AddRow({Printable(e.started_at), e.caller_arn.empty() ? "?" : Printable(e.caller_arn),
                  Printable(what), result, SavingsText(e)});
  }
  ctx.out << table.Render({false, false, false, false, true});
  return ExitCode::kOk;
}

}  // namespace arm
