#include "cli/run_record.h"

#include <spdlog/spdlog.h>

#include "audit/notification.h"
#include "audit/report_writer.h"
#include "version.h"

namespace arm {
namespace {

// Publishes the notification; a failure is a warning (the run is over).
void Notify(App& app, const OperationInfo& info, const OperationReport& report,
            std::vector<SideCall>* calls) {
  const std::string& topic = app.config().sns_topic_arn;
  if (topic.empty() || info.dry_run) return;
  Notification n = BuildNotification(info, report);
  CallLog log;
  Result<std::string> id = [&] {
    ScopedCallObserver observe(&log);
    return app.sns().Publish(topic, n.subject, n.body);
  }();
  for (const auto& c : log.Records()) calls->push_back({"notification", c});
  if (!id.ok()) {
    spdlog::warn(
        "could not publish the notification to {}: {} (the {} itself is not "
        "affected)",
        topic, id.status().ToString(), info.command);
  } else {
    spdlog::debug("notification {} published to {}", *id, topic);
  }
}

OperationInfo InfoOf(App& app, const RunRecord& run) {
  OperationInfo info;
  info.command = run.command;
  info.dry_run = run.dry_run;
  info.caller_arn = app.caller_arn();
  info.account_id = app.account_id();
  info.region = app.region();
  info.profile = app.profile_used();
  info.credentials = app.credentials_source();
  info.project = app.config().project_name;
  info.environment = app.config().environment;
  info.tool_version = ARM_VERSION;
  info.started_at = FormatIso8601(run.started);
  info.scheduled = run.scheduled;
  return info;
}

}  // namespace

RunRecord StartRunRecord(CommandContext& ctx, const std::string& command, bool dry_run,
                         const std::string& scheduled) {
  App& app = ctx.app;
  RunRecord run;
  run.command = command;
  run.dry_run = dry_run;
  run.scheduled = scheduled;
  run.started = app.seams().clock.Now();
  auto journal =
      RunJournal::Create(app.seams().fs, app.config().log_dir, run.started, InfoOf(app, run));
  if (journal.ok()) {
    run.journal = std::move(*journal);
    app.set_call_observer(run.journal.get());
  } else {
    spdlog::warn(
        "could not start the audit report: {} (it is written at the end of the "
        "run instead)",
        journal.status().ToString());
    run.calls = std::make_unique<CallLog>();
    app.set_call_observer(run.calls.get());
  }
  return run;
}

void RecordIdentity(CommandContext& ctx, RunRecord& run) {
  if (run.journal) run.journal->OnIdentity(ctx.app.caller_arn(), ctx.app.account_id());
}

void RecordRun(CommandContext& ctx, RunRecord& run, const OperationReport& report, ExitCode code) {
  App& app = ctx.app;
  Clock& clock = app.seams().clock;
  OperationInfo info = InfoOf(app, run);
  info.ended_at = FormatIso8601(clock.Now());
  info.exit_code = static_cast<int>(code);

  std::vector<SideCall> side_calls;
  if (StateBackup* backup = app.state_backup()) side_calls = backup->calls();
  Notify(app, info, report, &side_calls);
  app.set_call_observer(nullptr);

  std::vector<CallRecord> calls = run.journal ? run.journal->Calls() : run.calls->Records();
  std::string path =
      run.journal
          ? run.journal->report_path()
          : NewReportStem(app.seams().fs, app.config().log_dir, run.started, run.command) + ".json";
  Status written = WriteOperationReport(app.seams().fs, path, info, report, side_calls, calls);
  if (!written.ok()) {
    // The journal stays: `history` shows the run as unfinished.
    spdlog::warn("could not write the audit report: {}", written.ToString());
    return;
  }
  spdlog::debug("audit report {}", path);
  if (run.journal) {
    Status removed = run.journal->Remove();
    if (!removed.ok()) spdlog::warn("could not remove the audit journal: {}", removed.ToString());
  }
}

}  // namespace arm
