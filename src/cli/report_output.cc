#include "cli/report_output.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "audit/operation_report.h"
#include "cli/table.h"
#include "core/printable.h"

namespace arm {
namespace {

nlohmann::json OutcomeJson(const ActionOutcome& o, const ResourceType* type) {
  nlohmann::json j = o.action;
  j["result"] = o.deferred ? "deferred" : (o.status.ok() ? (o.ran ? "done" : "skipped") : "failed");
  if (!o.status.ok()) {
    j["error"] = o.status.ToString();
    j["aws_error_code"] = o.status.aws_code();
    j["request_id"] = o.status.request_id();
    j["fix"] = FixHint(o.status, o.action.api, type);
  }
  j["started_at"] = o.started_at;
  j["duration_ms"] = o.duration_ms;
  return j;
}

nlohmann::json SavingsJson(const SavingsSummary& s) {
  return {{"running_daily_usd", s.running.daily_usd()},
          {"parked_daily_usd", s.parked.daily_usd()},
          {"daily_usd", s.daily_usd},
          {"monthly_usd", s.monthly_usd},
          {"annual_usd", s.annual_usd},
          {"percent", s.percent},
          {"known", s.known},
          {"formula", kCostFormulaNote}};
}

void RenderCostText(CommandContext& ctx, const std::string& command,
                    const OperationReport& report) {
  const Cost& b = report.cost_before;
  const Cost& a = report.cost_after;
  double delta = a.daily_usd() - b.daily_usd();
  ctx.out << "Cost change: " << FormatUsd(b.daily_usd()) << "/day -> " << FormatUsd(a.daily_usd())
          << "/day";
  // Rounded to the cent as printed: a change too small to show is none.
  if (std::abs(delta) < 0.005)
    ctx.out << " (no change)";
  else
    ctx.out << " (" << (delta < 0 ? "saves " + FormatUsd(-delta) : "adds " + FormatUsd(delta))
            << "/day, " << FormatUsd(std::abs(delta) * 30) << "/month)";
  if (!b.known || !a.known) ctx.out << " (some prices unknown)";
  ctx.out << "\n";
  // A real run that did only part of its plan: what it did change, so the
  // planned figure above is never read as done.
  if (!report.dry_run && !report.outcomes.empty()) {
    double realised = RealisedSavingsDaily(report);
    if (std::abs(realised) < 0.005 && std::abs(delta) >= 0.005)
      ctx.out << "Changed by this run: no cost change (no resource's billing "
                 "step was done)\n";
    else if (std::abs(realised + delta) > 1e-9)
      ctx.out << "Changed by this run: " << (realised >= 0 ? "saves " : "adds ")
              << FormatUsd(std::abs(realised))
              << "/day (only the resources whose steps were done; the others "
                 "cost as before)\n";
  }
  // The table is what parking saves; after a start it is what the start
  // gives up, so it says so instead of reading as the start's savings.
  if (command == "start") {
    if (std::abs(delta) < 0.005) return;  // no "savings $0.00" for a start
    ctx.out << "What parking them saves, which this start ends:\n";
  }
  ctx.out << FormatSavingsTable(SavingsOf(command, report));
}

// What the run did with its plan, counted once for every rendering.
struct RunCounts {
  int done = 0;           // steps carried out
  int failed = 0;         // steps that failed
  int deferred = 0;       // not waited for (--no-wait)
  int not_attempted = 0;  // planned, never tried (an earlier failure, an interruption, declined)
  int plan_errors = 0;    // resources planning found an error for
  int held = 0;           // left as they were: what they watch was not changed
  int verify_failed = 0;  // restored but not as recorded
};

bool Failed(const ActionOutcome& o) {
  return !o.status.ok() && o.status.code() != StatusCode::kAborted &&
         o.status.code() != StatusCode::kInterrupted;
}

RunCounts CountRun(const OperationReport& report) {
  RunCounts n;
  for (const auto& o : report.outcomes) {
    n.done += o.status.ok() && !o.deferred;
    n.failed += Failed(o);
    n.deferred += o.deferred;
  }
  // Steps of a stage that never ran (interrupted, declined, a failed save)
  // have no outcome.
  n.not_attempted =
      std::max(0, static_cast<int>(report.plan.ActionCount()) - n.done - n.failed - n.deferred);
  for (const auto& note : report.plan.notes) {
    n.plan_errors += note.severity == Severity::kError;
    n.held += note.severity == Severity::kHeld;
  }
  for (const auto& v : report.verified) n.verify_failed += !v.problem.empty();
  return n;
}

}  // namespace

std::set<std::string> TypesNotDone(const OperationReport& report,
                                   const std::vector<std::string>& types) {
  const std::set<std::string> all(types.begin(), types.end());
  if (!report.diagnostics.errors.empty() || report.interrupted || report.aborted_by_user ||
      report.bad_state_file)
    return all;
  std::set<std::string> out;
  std::map<std::string, size_t> planned, finished;
  for (const auto& stage : report.plan.stages) planned[stage.type] += stage.actions.size();
  for (const auto& o : report.outcomes) {
    if (!o.status.ok() || o.deferred)
      out.insert(o.action.type);
    else
      ++finished[o.action.type];
  }
  for (const auto& [type, n] : planned)
    if (finished[type] < n) out.insert(type);
  for (const auto& note : report.plan.notes) {
    if (note.severity != Severity::kError && note.severity != Severity::kHeld) continue;
    if (note.type.empty()) return all;
    out.insert(note.type);
  }
  for (const auto& v : report.verified)
    if (!v.problem.empty()) out.insert(v.type);
  for (const auto& v : report.not_verified) out.insert(v.type);
  for (const auto& s : report.unknown) out.insert(s.type);
  return out;
}

namespace {

// The end of a real run: what was done of the whole plan, then every failure
// and every error planning found, so none is only in the scrollback.
void RenderSummaryText(CommandContext& ctx, const std::string& command,
                       const OperationReport& report, const RunCounts& n,
                       const std::vector<std::string>& errors) {
  const int planned = static_cast<int>(report.plan.ActionCount());
  const int other_errors = n.plan_errors + static_cast<int>(errors.size());
  if (planned > 0 || other_errors > 0 || n.held > 0) {
    ctx.out << "\n" << ctx.style.Bold(command == "stop" ? "Stop" : "Start") << ": ";
    if (planned == 0)
      ctx.out << "no step to do";
    else
      ctx.out << n.done << " of " << planned << " step" << (planned == 1 ? "" : "s") << " done";
    if (n.failed) ctx.out << ", " << ctx.style.Red(std::to_string(n.failed) + " failed");
    if (n.not_attempted) ctx.out << ", " << n.not_attempted << " not attempted";
    if (n.deferred)
      ctx.out << ", " << n.deferred << " not waited for (run `start` again to finish them)";
    // Held back with a resource that failed: part of that failure, not an
    // error of its own.
    if (n.held) ctx.out << "; " << n.held << " held back";
    if (other_errors)
      ctx.out << "; "
              << ctx.style.Red(std::to_string(other_errors) + " error" +
                               (other_errors == 1 ? "" : "s"));
    ctx.out << "\n";
  }
  for (const auto& o : report.outcomes) {
    if (!Failed(o)) continue;
    ctx.out << "  " << ctx.style.Red("FAILED") << " " << Printable(o.action.summary) << ": "
            << Printable(o.status.ToString()) << "\n";
    std::string hint = FixHint(o.status, o.action.api, ctx.app.manager().TypeById(o.action.type));
    if (!hint.empty()) ctx.out << "         fix: " << hint << "\n";
  }
  for (const auto& note : report.plan.notes)
    if (note.severity == Severity::kError)
      ctx.out << "  " << ctx.style.Red("ERROR") << " " << note.type << " " << Printable(note.name)
              << ": " << Printable(note.message) << "\n";
  for (const auto& note : report.plan.notes)
    if (note.severity == Severity::kHeld)
      ctx.out << "  HELD  " << note.type << " " << Printable(note.name) << ": "
              << Printable(note.message) << "\n";
  for (const auto& e : errors)
    ctx.out << "  " << ctx.style.Red("ERROR") << " " << Printable(e) << "\n";
  if (!report.verified.empty() || !report.not_verified.empty()) {
    int ok = 0;
    for (const auto& v : report.verified) ok += v.problem.empty();
    size_t total = report.verified.size() + report.not_verified.size();
    ctx.out << "Verified " << ok << " of " << total << " resource" << (total == 1 ? "" : "s")
            << " against their recorded originals";
    if (!report.not_verified.empty())
      ctx.out << " (" << report.not_verified.size() << " not checked)";
    ctx.out << "\n";
    for (const auto& v : report.verified)
      if (!v.problem.empty())
        ctx.out << "  " << ctx.style.Red("MISMATCH") << " " << v.type << " " << Printable(v.name)
                << ": " << Printable(v.problem) << "\n";
    for (const auto& v : report.not_verified)
      ctx.out << "  NOT CHECKED " << v.type << " " << Printable(v.name) << ": "
              << Printable(v.problem) << "\n";
  }
  if (report.aborted_by_user && report.interrupted) {
    ctx.out << "Interrupted before any change: nothing was changed.\n";
  } else if (report.aborted_by_user) {
    ctx.out << "Declined: nothing was changed.\n";
  } else if (report.interrupted) {
    ctx.out << "Interrupted: in-flight calls finished and the state file is saved; run `" << command
            << "` again to finish.\n";
  }
}

}  // namespace

SavingsSummary SavingsOf(const std::string& command, const OperationReport& report) {
  return command == "start" ? Summarize(report.cost_after, report.cost_before)
                            : Summarize(report.cost_before, report.cost_after);
}

ExitCode RenderReport(CommandContext& ctx, const ReportHeader& header,
                      const OperationReport& report) {
  RunCounts n = CountRun(report);
  const std::vector<std::string>& errors = report.diagnostics.errors;
  const std::vector<std::string>& warnings = report.diagnostics.warnings;
  for (const auto& w : warnings) ctx.err << "warning: " << Printable(w) << "\n";

  ExitCode code = ExitCode::kOk;
  // Something held back is left as it was: the run did not do all of its
  // selection (1), though it is not counted as an error of its own.
  if (n.failed + n.plan_errors + n.verify_failed + n.held > 0 || !errors.empty())
    code = ExitCode::kPartialFailure;
  if (report.aborted_by_user) code = ExitCode::kDeclined;
  if (report.permission_error) code = ExitCode::kCredentials;
  if (report.interrupted) code = ExitCode::kInterrupted;
  if (report.bad_state_file) {
    // Nothing was planned: the error line alone says what to fix.
    for (const auto& e : errors) ctx.err << "error: " << Printable(e) << "\n";
    return ExitCode::kUsage;
  }

  if (header.json) {
    nlohmann::json outcomes = nlohmann::json::array();
    for (const auto& o : report.outcomes)
      outcomes.push_back(OutcomeJson(o, ctx.app.manager().TypeById(o.action.type)));
    nlohmann::json verified = nlohmann::json::array();
    for (const auto& v : report.verified)
      verified.push_back(
          {{"type", v.type}, {"name", v.name}, {"ok", v.problem.empty()}, {"problem", v.problem}});
    nlohmann::json not_verified = nlohmann::json::array();
    for (const auto& v : report.not_verified)
      not_verified.push_back({{"type", v.type}, {"name", v.name}, {"reason", v.problem}});
    nlohmann::json j = {{"command", header.command},
                        {"dry_run", header.dry_run},
                        {"account_id", header.account_id},
                        {"region", header.region},
                        {"plan", PlanToJson(report.plan)},
                        {"cost",
                         {{"before_daily_usd", report.cost_before.daily_usd()},
                          {"after_daily_usd", report.cost_after.daily_usd()},
                          {"before_monthly_usd", report.cost_before.monthly_usd()},
                          {"after_monthly_usd", report.cost_after.monthly_usd()},
                          {"known", report.cost_before.known && report.cost_after.known},
                          {"changed_savings_daily_usd", RealisedSavingsDaily(report)}}},
                        {"savings", SavingsJson(SavingsOf(header.command, report))},
                        {"results", outcomes},
                        {"steps",
                         {{"planned", report.plan.ActionCount()},
                          {"done", n.done},
                          {"failed", n.failed},
                          {"deferred", n.deferred},
                          {"not_attempted", n.not_attempted}}},
                        {"verification", verified},
                        {"not_verified", not_verified},
                        {"errors", errors},
                        {"warnings", warnings},
                        {"aborted", report.aborted_by_user},
                        {"interrupted", report.interrupted},
                        {"state_file", header.state_file},
                        {"exit_code", static_cast<int>(code)}};
    ctx.out << j.dump(2) << "\n";
  } else {
    if (header.dry_run || report.outcomes.empty()) {
      ctx.out << (header.dry_run ? "Dry run: nothing will be changed.\n" : "");
      // On a terminal long plan lines wrap, indented under their start.
      ctx.out << WrapLines(
          PlanToText(report.plan, !errors.empty()),
          static_cast<size_t>(OutputColumns(ctx.app.seams().terminal, ctx.app.seams().env)));
    } else {
      // Errors are listed in the summary at the end.
      for (const auto& note : report.plan.notes) {
        if (note.severity == Severity::kError || note.severity == Severity::kHeld) continue;
        ctx.out << "  " << (note.severity == Severity::kWarning ? "WARN " : "note ") << " "
                << note.type << " " << Printable(note.name) << ": " << Printable(note.message)
                << "\n";
      }
    }
    RenderCostText(ctx, header.command, report);
    if (!header.dry_run) RenderSummaryText(ctx, header.command, report, n, errors);
  }
  for (const auto& e : errors) ctx.err << "error: " << Printable(e) << "\n";
  return code;
}

}  // namespace arm
