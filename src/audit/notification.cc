#include "audit/notification.h"

#include <cmath>

#include "cost/cost_model.h"

namespace arm {
namespace {

constexpr size_t kMaxSubject = 100;
constexpr size_t kMaxListed = 50;  // lines per section; the report has them all

}  // namespace

Notification BuildNotification(const OperationInfo& info, const OperationReport& report) {
  int failed = FailedActions(report);
  std::string what = info.project.empty() ? info.account_id : info.project;
  if (!info.environment.empty()) what += "/" + info.environment;
  std::string result = info.exit_code == 0 ? "done"
                       : failed > 0        ? std::to_string(failed) + " failed"
                                           : "exit code " + std::to_string(info.exit_code);
  Notification n;
  n.subject = "aws-resource-manager " + info.command + " " + what + ": " + result;
  if (n.subject.size() > kMaxSubject) n.subject = n.subject.substr(0, kMaxSubject - 3) + "...";

  std::string changed, failures;
  size_t n_changed = 0, n_failed = 0;
  for (const auto& o : report.outcomes) {
    if (o.status.ok() && o.ran && o.action.mutating) {
      if (n_changed++ < kMaxListed) changed += "  " + o.action.summary + "\n";
    } else if (OutcomeResult(o) == "failed") {
      if (n_failed++ < kMaxListed)
        failures += "  " + o.action.summary + ": " + o.status.ToString() + "\n";
    }
  }
  if (n_changed > kMaxListed)
    changed += "  ... and " + std::to_string(n_changed - kMaxListed) + " more\n";
  if (n_failed > kMaxListed)
    failures += "  ... and " + std::to_string(n_failed - kMaxListed) + " more\n";

  std::string& b = n.body;
  b += info.command + " of " + what + " in account " + info.account_id + " (" + info.region +
       ") by " + info.caller_arn + "\n";
  b += "Started " + info.started_at + ", ended " + info.ended_at + ", exit code " +
       std::to_string(info.exit_code) + "\n\n";
  b += "Changed (" + std::to_string(n_changed) + "):\n" +
       (changed.empty() ? "  nothing\n" : changed);
  if (n_failed > 0) b += "Failed (" + std::to_string(n_failed) + "):\n" + failures;
  for (const auto& e : report.diagnostics.errors) b += "Error: " + e + "\n";
  for (const auto& w : report.diagnostics.warnings) b += "Warning: " + w + "\n";
  double before = report.cost_before.daily_usd(), after = report.cost_after.daily_usd();
  double delta = before - after;
  b += "\nIdle cost: " + FormatUsd(before) + "/day -> " + FormatUsd(after) + "/day";
  // A change too small to show as a cent is none (a start that re-armed
  // alarms only does not "save $0.00").
  if (std::abs(delta) < 0.005)
    b += " (no change)";
  else
    b += std::string(" (") + (delta > 0 ? "saves " : "adds ") + FormatUsd(std::abs(delta)) +
         "/day, " + FormatUsd(std::abs(delta) * 30) + "/month)";
  if (!report.cost_before.known || !report.cost_after.known) b += " (some prices unknown)";
  b += "\n";
  return n;
}

}  // namespace arm
