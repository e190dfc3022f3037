// override: a temporary exception to the schedule that reconcile honours
// until it expires ("keep it running until 22:00"). Recorded durably with
// who and why (ScheduleStore), and in the audit trail, so `history` lists it.
// No AWS call.
#include <iostream>

#include "audit/report_writer.h"
#include "cli/schedule_common.h"
#include "core/printable.h"
#include "version.h"

namespace arm {
namespace {

ExitCode Fail(CommandContext& ctx, const std::string& message) {
  ctx.err << "error: " << Printable(message) << "\n";
  return ExitCode::kUsage;
}

// The audit report of the override: `history` shows it with who and what.
void Audit(CommandContext& ctx, const std::string& what, const std::string& who, SysSeconds now) {
  App& app = ctx.app;
  OperationInfo info;
  info.command = what;
  info.caller_arn = who;
  info.region = app.region();
  info.project = app.config().project_name;
  info.environment = app.config().environment;
  info.tool_version = ARM_VERSION;
  info.started_at = FormatIso8601(app.seams().clock.Now());
  info.ended_at = info.started_at;
  OperationReport report;
  report.command = "override";
  report.diagnostics.warnings.push_back(what + " (evaluated at " + FormatUtc(now) + ")");
  std::string path =
      NewReportStem(app.seams().fs, app.config().log_dir, app.seams().clock.Now(), "override") +
      ".json";
  Status written = WriteOperationReport(app.seams().fs, path, info, report, {}, {});
  if (!written.ok())
    ctx.err << "warning: could not write the audit report: " << Printable(written.ToString())
            << " (the override itself is recorded)\n";
}

}  // namespace

ExitCode RunOverride(CommandContext& ctx, const OverrideOptions& options) {
  App& app = ctx.app;
  if (!options.clear && options.running_until.empty() && options.parked_until.empty())
    return Fail(ctx, "say what: override --running-until TIME, --parked-until TIME or --clear");
  // The reason goes to JSON files (the override, the audit report), which
  // hold only UTF-8.
  if (!IsValidUtf8(options.reason))
    return Fail(ctx, "--reason is not valid UTF-8 text (" + Printable(options.reason) +
                         "); nothing was changed");
  auto loaded = LoadSchedule(app);
  if (!loaded.ok()) return Fail(ctx, loaded.status().message());
  PrintWarnings(ctx, *loaded);
  auto now = EvaluationTime(app, options.now, "--now");
  if (!now.ok()) return Fail(ctx, now.status().message());
  // An override set at a --now still to come would outlast the maximum
  // counted from today, and take effect unseen.
  if (!options.now.empty()) {
    auto clock = EvaluationTime(app, "", "");
    if (clock.ok() && *now > *clock + std::chrono::minutes(5))
      return Fail(ctx, "--now " + Printable(options.now) +
                           " is later than the clock: an override starts now; nothing was "
                           "changed");
  }
  Schedule& schedule = loaded->schedule();
  const std::string who = WhoAmI(app);
  Override o;
  if (options.clear) {
    const auto& current = loaded->override_on_file;
    // One still to come (set for a later time) is cleared too.
    if (!current || current->until <= *now) {
      ctx.out << "No override is active; the schedule applies ("
              << DesiredName(schedule.At(*now).state) << " now).\n";
      return ExitCode::kOk;
    }
    o = *current;
    o.until = *now;
    o.cleared = true;
    o.reason = options.reason.empty()
                   ? current->reason
                   : current->reason + "; cleared by " + who + ": " + options.reason;
  } else {
    const bool running = !options.running_until.empty();
    const std::string& text = running ? options.running_until : options.parked_until;
    const std::string flag = running ? "--running-until" : "--parked-until";
    auto until = ParseInstantOrLocal(text, schedule.zone(), *now);
    if (!until.ok()) return Fail(ctx, flag + ": " + until.status().message());
    if (*until <= *now)
      return Fail(ctx, flag + " " + text + " is " + FormatLocal(schedule.zone(), *until) +
                           ", which is not in the future (now " +
                           FormatLocal(schedule.zone(), *now) + "); nothing was changed");
    const auto max = loaded->settings.override_max;
    if (*until - *now > max)
      return Fail(ctx, flag + " " + text + " is more than " + std::to_string(max.count() / 24) +
                           " days away (SCHEDULE_OVERRIDE_MAX_DAYS); change the schedule "
                           "instead, or raise the maximum; nothing was changed");
    o.state = running ? Desired::kRunning : Desired::kParked;
    o.since = *now;
    o.until = *until;
    o.who = who;
    o.reason = options.reason;
  }
  Status saved = loaded->store->SaveOverride(o);
  if (!saved.ok()) {
    ctx.err << "error: could not save the override in " << loaded->store->override_path() << ": "
            << Printable(saved.ToString()) << "\n";
    return ExitCode::kPartialFailure;
  }
  schedule.set_override(o);
  std::string what = options.clear ? "override cleared"
                                   : "override " + std::string(DesiredName(o.state)) + " until " +
                                         FormatUtc(o.until);
  if (!o.reason.empty()) what += " (" + o.reason + ")";
  Audit(ctx, what, who, *now);
  DesiredState desired = schedule.At(*now);
  if (app.options().output == "json") {
    ctx.out << nlohmann::json{{"override", OverrideJson(schedule, o, *now)},
                              {"wants_now", DesiredName(desired.state)},
                              {"why", desired.why},
                              {"file", loaded->store->override_path()}}
                   .dump(2)
            << "\n";
    return ExitCode::kOk;
  }
  if (options.clear) {
    ctx.out << "Override cleared; the schedule applies again: " << DesiredName(desired.state)
            << " (" << Printable(desired.why) << ").\n";
  } else {
    ctx.out << "Override: " << Printable(OverrideText(schedule, o, *now)) << ".\n";
  }
  ctx.out << "The next reconcile run makes the resources " << DesiredName(desired.state)
          << " if they are not; `aws-resource-manager schedule` shows what follows.\n";
  return ExitCode::kOk;
}

}  // namespace arm
