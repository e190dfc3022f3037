// stop and start: the same flow (lock, discover, plan, confirm, act, report)
// with the plan and the state transitions of each command.
#include <cmath>
#include <iomanip>
#include <iostream>
#include <mutex>

#include "cli/commands.h"
#include "state/run_lock.h"

namespace arm {
namespace {

struct ParkRequest {
  std::string command;  // "stop" | "start"
  bool dry_run = false;
  bool force = false;
  ApplyOptions apply;
};

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

ExitCode Finish(CommandContext& ctx, const ParkRequest& req, const OperationReport& report) {
  App& app = ctx.app;
  bool json = app.options().output == "json";
  int failures = 0;
  for (const auto& o : report.outcomes) failures += !o.status.ok() && o.status.code() != StatusCode::kAborted &&
                                                    o.status.code() != StatusCode::kInterrupted;
  int note_errors = 0;
  for (const auto& n : report.plan.notes) note_errors += n.severity == "error";
  int verify_failures = 0;
  for (const auto& v : report.verified) verify_failures += !v.problem.empty();
  std::vector<std::string> errors;
  for (const auto& e : report.errors) {
    if (e.rfind("warning: ", 0) == 0) ctx.err << e << "\n";
    else errors.push_back(e);
  }

  ExitCode code = ExitCode::kOk;
  if (failures + note_errors + verify_failures > 0 || !errors.empty()) code = ExitCode::kPartialFailure;
  if (report.permission_error) code = ExitCode::kCredentials;
  if (report.interrupted) code = ExitCode::kInterrupted;
  if (report.bad_state_file) {
    // Nothing was planned: the error line alone says what to fix.
    for (const auto& e : errors) ctx.err << "error: " << e << "\n";
    return ExitCode::kUsage;
  }

  if (json) {
    nlohmann::json outcomes = nlohmann::json::array();
    for (const auto& o : report.outcomes) outcomes.push_back(OutcomeJson(o));
    nlohmann::json verified = nlohmann::json::array();
    for (const auto& v : report.verified)
      verified.push_back({{"type", v.type}, {"name", v.name}, {"ok", v.problem.empty()}, {"problem", v.problem}});
    nlohmann::json j = {{"command", req.command},
                        {"dry_run", req.dry_run},
                        {"account_id", app.account_id()},
                        {"region", app.region()},
                        {"plan", PlanToJson(report.plan)},
                        {"cost", {{"before_daily_usd", report.cost_before.daily_usd()},
                                  {"after_daily_usd", report.cost_after.daily_usd()},
                                  {"before_monthly_usd", report.cost_before.monthly_usd()},
                                  {"after_monthly_usd", report.cost_after.monthly_usd()},
                                  {"known", report.cost_before.known && report.cost_after.known}}},
                        {"results", outcomes},
                        {"verification", verified},
                        {"errors", errors},
                        {"aborted", report.aborted_by_user},
                        {"interrupted", report.interrupted},
                        {"state_file", app.state_store().path()},
                        {"exit_code", static_cast<int>(code)}};
    ctx.out << j.dump(2) << "\n";
  } else {
    if (req.dry_run || report.outcomes.empty()) {
      ctx.out << (req.dry_run ? "Dry run: nothing will be changed.\n" : "");
      ctx.out << PlanToText(report.plan);
    } else {
      for (const auto& n : report.plan.notes) {
        std::string tag = n.severity == "error" ? ctx.style.Red("ERROR") : (n.severity == "warning" ? "WARN " : "note ");
        ctx.out << "  " << tag << " " << n.type << " " << n.name << ": " << n.message << "\n";
      }
    }
    {
      const Cost& b = report.cost_before;
      const Cost& a = report.cost_after;
      double delta = a.daily_usd() - b.daily_usd();
      ctx.out << "Cost change: " << FormatUsd(b.daily_usd()) << "/day -> " << FormatUsd(a.daily_usd()) << "/day ("
              << (delta <= 0 ? "saves " + FormatUsd(-delta) : "adds " + FormatUsd(delta)) << "/day, "
              << FormatUsd(std::abs(delta) * 30) << "/month)";
      if (!b.known || !a.known) ctx.out << " (some prices unknown)";
      ctx.out << "\n";
    }
    int done = 0, deferred = 0;
    for (const auto& o : report.outcomes) {
      done += o.status.ok() && o.ran;
      deferred += o.deferred;
    }
    if (!report.outcomes.empty()) {
      ctx.out << "\n" << ctx.style.Bold(req.command == "stop" ? "Stop" : "Start") << ": " << done << " of "
              << report.outcomes.size() << " steps done";
      if (failures) ctx.out << ", " << ctx.style.Red(std::to_string(failures) + " failed");
      if (deferred) ctx.out << ", " << deferred << " not waited for (run `start` again to finish them)";
      ctx.out << "\n";
    }
    for (const auto& o : report.outcomes) {
      if (o.status.ok() || o.status.code() == StatusCode::kAborted) continue;
      ctx.out << "  " << ctx.style.Red("FAILED") << " " << o.action.summary << ": " << o.status.ToString() << "\n";
      std::string hint = FixHint(o.status, o.action.api);
      if (!hint.empty()) ctx.out << "         fix: " << hint << "\n";
    }
    if (!report.verified.empty()) {
      int ok = 0;
      for (const auto& v : report.verified) ok += v.problem.empty();
      ctx.out << "Verified " << ok << " of " << report.verified.size() << " resources against their recorded originals\n";
      for (const auto& v : report.verified)
        if (!v.problem.empty()) ctx.out << "  " << ctx.style.Red("MISMATCH") << " " << v.type << " " << v.name << ": " << v.problem << "\n";
    }
    if (report.aborted_by_user) ctx.out << "Aborted: nothing was changed.\n";
    if (report.interrupted)
      ctx.out << "Interrupted: in-flight calls finished and the state file is saved; run `" << req.command
              << "` again to finish.\n";
  }
  for (const auto& e : errors) ctx.err << "error: " << e << "\n";
  return code;
}

ExitCode RunPark(CommandContext& ctx, const ParkRequest& req) {
  App& app = ctx.app;
  // A cron job must never hang: decide before any call.
  bool need_confirmation = !req.dry_run && !req.force && !app.options().yes && app.config().require_confirmation;
  if (need_confirmation && !app.seams().terminal.StdinIsTty()) {
    ctx.err << "error: refusing to " << req.command
            << " without confirmation: stdin is not a terminal. Add --force (or --yes) to run unattended, e.g. "
               "from cron, or set REQUIRE_CONFIRMATION=false\n";
    return ExitCode::kUsage;
  }
  std::unique_ptr<RunLock> lock;
  if (!req.dry_run) {
    Status made = app.seams().fs.CreateDirs(DirName(app.state_store().path()), 0700);
    if (!made.ok()) {
      ctx.err << "error: " << made.ToString() << "\n";
      return ExitCode::kUsage;
    }
    auto l = RunLock::Acquire(app.state_store().path(), req.command, app.seams().clock);
    if (!l.ok()) {
      ctx.err << "error: " << l.status().ToString() << "\n";
      return ExitCode::kUsage;
    }
    lock = std::move(*l);
  }
  Status connected = app.Connect();
  if (!connected.ok()) {
    ctx.err << "error: " << connected.ToString() << "\n";
    return ExitCodeFor(connected);
  }
  std::mutex progress_mu;
  RunOptions run;
  run.dry_run = req.dry_run;
  run.workers = app.workers();
  run.apply = req.apply;
  run.interrupted = ctx.interrupted;
  bool quiet = app.options().quiet;
  run.progress = [&](const std::string& line) {
    if (quiet) return;
    std::lock_guard<std::mutex> l(progress_mu);
    ctx.err << "  " << line << "\n";
  };
  run.apply.progress = run.progress;
  if (need_confirmation) {
    run.confirm = [&](const Plan& plan) {
      ctx.err << PlanToText(plan) << "Proceed with " << req.command << "? [y/N] " << std::flush;
      auto answer = app.seams().terminal.ReadLine();
      return answer && (*answer == "y" || *answer == "Y" || *answer == "yes");
    };
  }
  OperationReport report = req.command == "stop" ? app.manager().Stop(run) : app.manager().Start(run);
  return Finish(ctx, req, report);
}

}  // namespace

ExitCode RunStop(CommandContext& ctx, const StopOptions& options) {
  ParkRequest req;
  req.command = "stop";
  req.dry_run = options.dry_run || ctx.app.config().dry_run_default;
  req.force = options.force;
  return RunPark(ctx, req);
}

ExitCode RunStart(CommandContext& ctx, const StartOptions& options) {
  ParkRequest req;
  req.command = "start";
  req.dry_run = options.dry_run || ctx.app.config().dry_run_default;
  req.force = options.force;
  req.apply.wait = !options.no_wait;
  req.apply.wait_timeout_seconds = options.wait_timeout_seconds;
  return RunPark(ctx, req);
}

std::string FixHint(const Status& s, const std::string& api) {
  const std::string& c = s.aws_code();
  if (s.code() == StatusCode::kPermission)
    return "grant " + api + " to " + std::string("the caller") + " (docs/iam-policy.json lists every permission the tool needs)";
  if (s.code() == StatusCode::kCredentials) return "check your credentials (aws sts get-caller-identity) and --profile";
  if (s.throttling()) return "AWS kept throttling after every retry; run again, or lower MAX_WORKERS";
  if (c == "ResourceInUseException") return "the resource is being updated; run again in a minute";
  if (c == "LimitExceededException" && api.rfind("kinesis:", 0) == 0)
    return "Kinesis allows at most 10 scaling operations per stream in 24 hours; try again later";
  if (c == "InvalidParameterValueException" && api.rfind("lambda:", 0) == 0)
    return "the account's unreserved concurrency would drop below its minimum; lower other reservations first";
  if (c == "WaitTimeout") return "raise --wait-timeout, or run start again later (the state file is kept)";
  if (c == "EndpointFailed") return "fix the cause above, then run start again: the recorded configuration is kept";
  if (s.code() == StatusCode::kNetworkError) return "check the network or --endpoint-url, then run again";
  return "";
}

}  // namespace arm
