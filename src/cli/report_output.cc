#include "cli/report_output.h"

#include <cmath>

#include "core/printable.h"

namespace arm {
namespace {

nlohmann::json OutcomeJson(const ActionOutcome& o) {
  nlohmann::json j = o.action;
  j["result"] = o.deferred ? "deferred" : (o.status.ok() ? (o.ran ? "done" : "skipped") : "failed");
  if (!o.status.ok()) {
    j["error"] = o.status.ToString();
    j["aws_error_code"] = o.status.aws_code();
    j["request_id"] = o.status.request_id();
    j["fix"] = FixHint(o.status, o.action.api);
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

void RenderCostText(CommandContext& ctx, const std::string& command, const OperationReport& report) {
  const Cost& b = report.cost_before;
  const Cost& a = report.cost_after;
  double delta = a.daily_usd() - b.daily_usd();
  ctx.out << "Cost change: " << FormatUsd(b.daily_usd()) << "/day -> " << FormatUsd(a.daily_usd()) << "/day ("
          << (delta <= 0 ? "saves " + FormatUsd(-delta) : "adds " + FormatUsd(delta)) << "/day, "
          << FormatUsd(std::abs(delta) * 30) << "/month)";
  if (!b.known || !a.known) ctx.out << " (some prices unknown)";
  ctx.out << "\n" << FormatSavingsTable(SavingsOf(command, report));
}

}  // namespace

SavingsSummary SavingsOf(const std::string& command, const OperationReport& report) {
  return command == "start" ? Summarize(report.cost_after, report.cost_before)
                            : Summarize(report.cost_before, report.cost_after);
}

ExitCode RenderReport(CommandContext& ctx, const ReportHeader& header, const OperationReport& report) {
  int failures = 0;
  for (const auto& o : report.outcomes) failures += !o.status.ok() && o.status.code() != StatusCode::kAborted &&
                                                    o.status.code() != StatusCode::kInterrupted;
  int note_errors = 0;
  for (const auto& n : report.plan.notes) note_errors += n.severity == "error";
  int verify_failures = 0;
  for (const auto& v : report.verified) verify_failures += !v.problem.empty();
  std::vector<std::string> errors;
  for (const auto& e : report.errors) {
    if (e.rfind("warning: ", 0) == 0)
      ctx.err << Printable(e) << "\n";
    else errors.push_back(e);
  }

  ExitCode code = ExitCode::kOk;
  if (failures + note_errors + verify_failures > 0 || !errors.empty()) code = ExitCode::kPartialFailure;
  if (report.permission_error) code = ExitCode::kCredentials;
  if (report.interrupted) code = ExitCode::kInterrupted;
  if (report.bad_state_file) {
    // Nothing was planned: the error line alone says what to fix.
    for (const auto& e : errors) ctx.err << "error: " << Printable(e) << "\n";
    return ExitCode::kUsage;
  }

  if (header.json) {
    nlohmann::json outcomes = nlohmann::json::array();
    for (const auto& o : report.outcomes) outcomes.push_back(OutcomeJson(o));
    nlohmann::json verified = nlohmann::json::array();
    for (const auto& v : report.verified)
      verified.push_back({{"type", v.type}, {"name", v.name}, {"ok", v.problem.empty()}, {"problem", v.problem}});
    nlohmann::json j = {{"command", header.command},
                        {"dry_run", header.dry_run},
                        {"account_id", header.account_id},
                        {"region", header.region},
                        {"plan", PlanToJson(report.plan)},
                        {"cost", {{"before_daily_usd", report.cost_before.daily_usd()},
                                  {"after_daily_usd", report.cost_after.daily_usd()},
                                  {"before_monthly_usd", report.cost_before.monthly_usd()},
                                  {"after_monthly_usd", report.cost_after.monthly_usd()},
                                  {"known", report.cost_before.known && report.cost_after.known}}},
                        {"savings", SavingsJson(SavingsOf(header.command, report))},
                        {"results", outcomes},
                        {"verification", verified},
                        {"errors", errors},
                        {"aborted", report.aborted_by_user},
                        {"interrupted", report.interrupted},
                        {"state_file", header.state_file},
                        {"exit_code", static_cast<int>(code)}};
    ctx.out << j.dump(2) << "\n";
  } else {
    if (header.dry_run || report.outcomes.empty()) {
      ctx.out << (header.dry_run ? "Dry run: nothing will be changed.\n" : "");
      ctx.out << PlanToText(report.plan);
    } else {
      for (const auto& n : report.plan.notes) {
        std::string tag = n.severity == "error" ? ctx.style.Red("ERROR") : (n.severity == "warning" ? "WARN " : "note ");
        ctx.out << "  " << tag << " " << n.type << " " << Printable(n.name)
                << ": " << Printable(n.message) << "\n";
      }
    }
    RenderCostText(ctx, header.command, report);
    int done = 0, deferred = 0;
    for (const auto& o : report.outcomes) {
      done += o.status.ok() && o.ran;
      deferred += o.deferred;
    }
    if (!report.outcomes.empty()) {
      ctx.out << "\n" << ctx.style.Bold(header.command == "stop" ? "Stop" : "Start") << ": " << done << " of "
              << report.outcomes.size() << " steps done";
      if (failures) ctx.out << ", " << ctx.style.Red(std::to_string(failures) + " failed");
      if (deferred) ctx.out << ", " << deferred << " not waited for (run `start` again to finish them)";
      ctx.out << "\n";
    }
    for (const auto& o : report.outcomes) {
      if (o.status.ok() || o.status.code() == StatusCode::kAborted) continue;
      ctx.out << "  " << ctx.style.Red("FAILED") << " "
              << Printable(o.action.summary) << ": "
              << Printable(o.status.ToString()) << "\n";
      std::string hint = FixHint(o.status, o.action.api);
      if (!hint.empty()) ctx.out << "         fix: " << hint << "\n";
    }
    if (!report.verified.empty()) {
      int ok = 0;
      for (const auto& v : report.verified) ok += v.problem.empty();
      ctx.out << "Verified " << ok << " of " << report.verified.size() << " resources against their recorded originals\n";
      for (const auto& v : report.verified)
        if (!v.problem.empty())
          ctx.out << "  " << ctx.style.Red("MISMATCH") << " " << v.type << " "
                  << Printable(v.name) << ": " << Printable(v.problem) << "\n";
    }
    if (report.aborted_by_user) ctx.out << "Aborted: nothing was changed.\n";
    if (report.interrupted)
      ctx.out << "Interrupted: in-flight calls finished and the state file is saved; run `" << header.command
              << "` again to finish.\n";
  }
  for (const auto& e : errors) ctx.err << "error: " << Printable(e) << "\n";
  return code;
}

}  // namespace arm
