#include "cli/run_record.h"

#include <spdlog/spdlog.h>

#include "audit/notification.h"
#include "audit/report_writer.h"
#include "version.h"

namespace arm {
namespace {

// Publishes the notification; a failure is a warning (the run is over).
void Notify(App& app, const OperationInfo& info, const OperationReport& report, std::vector<SideCall>* calls) {
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
    spdlog::warn("could not publish the notification to {}: {} (the {} itself is not affected)", topic,
                 id.status().ToString(), info.command);
  } else {
    spdlog::debug("notification {} published to {}", *id, topic);
  }
}

}  // namespace

void RecordRun(CommandContext& ctx, const RunRecord& run, const OperationReport& report, ExitCode code) {
  App& app = ctx.app;
  Clock& clock = app.seams().clock;
  OperationInfo info;
  info.command = run.command;
  info.dry_run = run.dry_run;
  info.caller_arn = app.caller_arn();
  info.account_id = app.account_id();
  info.region = app.region();
  info.profile = app.profile();
  info.project = app.config().project_name;
  info.environment = app.config().environment;
  info.tool_version = ARM_VERSION;
  info.started_at = FormatIso8601(run.started);
  info.ended_at = FormatIso8601(clock.Now());
  info.exit_code = static_cast<int>(code);

  std::vector<SideCall> side_calls;
  if (StateBackup* backup = app.state_backup()) side_calls = backup->calls();
  Notify(app, info, report, &side_calls);

  auto path = WriteOperationReport(app.seams().fs, app.config().log_dir, run.started, info, report, side_calls);
  if (!path.ok()) {
    spdlog::warn("could not write the audit report: {}", path.status().ToString());
  } else {
    spdlog::debug("audit report {}", *path);
  }
}

}  // namespace arm
