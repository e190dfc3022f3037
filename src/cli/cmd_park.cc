// stop and start: the same flow (lock, discover, plan, confirm, act, report)
// with the plan and the state transitions of each command.
#include <iostream>
#include <mutex>
#include <string>

#include "cli/commands.h"
#include "cli/discovered.h"
#include "cli/park.h"
#include "cli/report_output.h"
#include "cli/run_record.h"
#include "cli/schedule_common.h"
#include "core/printable.h"
#include "state/run_lock.h"

namespace arm {

ExitCode RunPark(CommandContext& ctx, const ParkRequest& req) {
  App& app = ctx.app;
  // A cron job must never hang: decide before any call.
  bool need_confirmation =
      !req.dry_run && !req.force && !app.options().yes && app.config().require_confirmation;
  if (need_confirmation && !app.seams().terminal.StdinIsTty()) {
    ctx.err << "error: refusing to " << req.command
            << " without confirmation: stdin is not a terminal. Add --force "
               "(or --yes) to run unattended, e.g. "
               "from cron, or set REQUIRE_CONFIRMATION=false\n";
    return ExitCode::kUsage;
  }
  // Before the lock and the S3 copy, which write next to the state file.
  if (Status usable = app.state_store().CheckPath(); !usable.ok()) {
    ctx.err << "error: " << Printable(usable.ToString()) << "\n";
    return ExitCode::kUsage;
  }
  std::unique_ptr<RunLock> lock;
  if (!req.dry_run && !req.lock_held) {
    Status made = app.seams().fs.CreateDirs(DirName(app.state_store().path()), 0700);
    if (!made.ok()) {
      ctx.err << "error: " << Printable(made.ToString()) << "\n";
      return ExitCode::kUsage;
    }
    auto l = RunLock::Acquire(app.state_store().path(), req.command, app.seams().clock);
    if (!l.ok()) {
      ctx.err << "error: " << Printable(l.status().ToString()) << "\n";
      return ExitCode::kUsage;
    }
    lock = std::move(*l);
  }
  RunRecord record = StartRunRecord(ctx, req.command, req.dry_run, req.scheduled);
  Status connected = app.Connect();
  if (!connected.ok()) {
    ExitCode code = FailBeforeChanges(ctx, connected);
    OperationReport failed;
    failed.diagnostics.errors.push_back(connected.ToString());
    RecordRun(ctx, record, failed, code);
    return code;
  }
  RecordIdentity(ctx, record);
  if (req.command == "start" && app.state_backup() != nullptr && !req.dry_run) {
    auto chosen = SelectStateCopy(app.seams().fs, *app.state_backup(), app.state_store().path(),
                                  req.state_from_s3);
    if (!chosen.ok()) {
      ExitCode code = FailBeforeChanges(ctx, chosen.status());
      OperationReport failed;
      failed.diagnostics.errors.push_back(chosen.status().ToString());
      RecordRun(ctx, record, failed, code);
      return code;
    }
    if (!chosen->empty()) ctx.err << *chosen << "\n";
  }
  if (req.command == "start" && req.dry_run && app.state_backup() != nullptr &&
      (req.state_from_s3 || !app.seams().fs.Exists(app.state_store().path())))
    ctx.err << "note: a dry run reads only the local state file " << app.state_store().path()
            << "; a real start would use the S3 copy " << app.state_backup()->url()
            << " if there is one\n";
  std::mutex progress_mu;
  RunOptions run;
  run.dry_run = req.dry_run;
  run.workers = app.workers();
  run.apply = req.apply;
  run.interrupted = ctx.interrupted;
  run.exempt_tag = req.exempt_tag;
  run.watch_only_this_run = req.watch_only_this_run;
  bool quiet = app.options().quiet;
  run.progress = [&](const std::string& line) {
    if (quiet) return;
    // One write per line: stderr is unbuffered, and a large run prints a
    // line per action.
    std::string text;
    text.reserve(line.size() + 3);
    text += "  ";
    text += Printable(line);
    text += '\n';
    std::lock_guard<std::mutex> l(progress_mu);
    ctx.err << text;
  };
  run.apply.progress = run.progress;
  if (record.journal) {
    run.on_outcome = [&](const ActionOutcome& o) { record.journal->OnAction(o); };
    run.on_start = [&](const Action& a) { record.journal->OnActionStarted(a); };
  }
  if (need_confirmation) {
    run.confirm = [&](const Plan& plan) {
      ctx.err << PlanToText(plan) << "Proceed with " << req.command << "? [y/N] " << std::flush;
      auto answer = app.seams().terminal.ReadLine();
      if (!answer) ctx.err << "\n";  // end of input or Ctrl-C: what follows starts on its own line
      return answer && (*answer == "y" || *answer == "Y" || *answer == "yes");
    };
  }
  OperationReport report =
      req.command == "stop" ? app.manager().Stop(run) : app.manager().Start(run);
  ReportHeader header{req.command,      req.dry_run,  app.options().output == "json",
                      app.account_id(), app.region(), app.state_store().path()};
  if (req.before_render) req.before_render(report);
  ExitCode code = RenderReport(ctx, header, report);
  RecordRun(ctx, record, report, code);
  // Under the run lock, as reconcile's own record.
  if (req.scheduled.empty() && code != ExitCode::kUsage) NoteManualRun(ctx, req.command, report);
  return code;
}

ExitCode RunStop(CommandContext& ctx, const StopOptions& options) {
  ParkRequest req;
  req.command = "stop";
  req.dry_run = ctx.app.config().dry_run_default;  // --dry-run/--no-dry-run applied
  req.force = options.force;
  req.apply.wait_timeout_seconds = options.wait_timeout_seconds;
  return RunPark(ctx, req);
}

ExitCode RunStart(CommandContext& ctx, const StartOptions& options) {
  ParkRequest req;
  req.command = "start";
  req.dry_run = ctx.app.config().dry_run_default;  // --dry-run/--no-dry-run applied
  req.force = options.force;
  req.apply.wait = !options.no_wait;
  req.apply.wait_timeout_seconds = options.wait_timeout_seconds;
  req.state_from_s3 = options.state_from_s3;
  if (req.state_from_s3 && ctx.app.state_backup() == nullptr) {
    ctx.err << "error: --state-from-s3 needs STATE_BACKUP_S3_BUCKET (in the "
               "config file or the environment)\n";
    return ExitCode::kUsage;
  }
  return RunPark(ctx, req);
}

std::string FixHint(const Status& s, const std::string& api, const ResourceType* type) {
  const std::string& c = s.aws_code();
  if (s.code() == StatusCode::kPermission)
    return "grant " + api +
           " to the caller (`aws-resource-manager iam-policy` prints every permission this "
           "configuration needs)";
  if (s.code() == StatusCode::kCredentials)
    return "check your credentials (aws sts get-caller-identity) and --profile";
  if (s.throttling())
    return "AWS kept throttling after every retry; run again, or lower "
           "MAX_WORKERS";
  if (c == "ResourceInUseException") return "the resource is being updated; run again in a minute";
  if (type != nullptr && !c.empty()) {
    std::string own = type->FixHint(c, api);
    if (!own.empty()) return own;
  }
  if (c == "WaitTimeout")
    return "raise --wait-timeout, or run start again later (the state file is "
           "kept)";
  if (c == "EndpointFailed")
    return "fix the cause above, then run start again: the recorded "
           "configuration is kept";
  if (s.code() == StatusCode::kNetworkError)
    return "check the network or --endpoint-url, then run again";
  return "";
}

}  // namespace arm
