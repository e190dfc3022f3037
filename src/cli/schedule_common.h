#pragma once
// What the schedule commands (reconcile, schedule, override,
// install-schedule) and status share: the settings with the override in
// force, the time to evaluate at, and who is asking.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "engine/manager.h"
#include "schedule/settings.h"
#include "schedule/store.h"

namespace arm {

struct LoadedSchedule {
  ScheduleSettings settings;
  std::unique_ptr<ScheduleStore> store;
  // The override on file (active, future or past), also set on the schedule;
  // one longer than SCHEDULE_OVERRIDE_MAX_DAYS (a hand-edited file) is
  // ignored with a warning.
  std::optional<Override> override_on_file;
  // One line each, for the command to print: holiday events skipped, an
  // override ignored.
  std::vector<std::string> warnings;
  Schedule& schedule() { return *settings.schedule; }
};

// InvalidArgument (exit 2) for a bad key or an unreadable override file;
// NotFound when no schedule is configured.
Result<LoadedSchedule> LoadSchedule(App& app);
// Prints each of `loaded.warnings` as "warning: ..." on ctx.err.
void PrintWarnings(CommandContext& ctx, const LoadedSchedule& loaded);
// `flag` ("" = the clock) as an instant; InvalidArgument naming `name`.
Result<SysSeconds> EvaluationTime(App& app, const std::string& flag, const std::string& name);
// "alice@build-host": USER (or LOGNAME) and the host name.
std::string WhoAmI(App& app);
// One line: "override: running until 2026-03-30 22:00 CEST (alice@host: release)".
std::string OverrideText(const Schedule& schedule, const Override& o, SysSeconds now);
nlohmann::json OverrideJson(const Schedule& schedule, const Override& o, SysSeconds now);
nlohmann::json TransitionJson(const Schedule& schedule, const Transition& t);

// After a stop or start by hand (not a dry run, not reconcile): a schedule's
// reconcile must not undo it. Each of the run's types that it finished is
// recorded as applied by hand for the current transition, and its back-off
// record dropped, so
// the next reconcile leaves it alone until the next transition
// (docs/design.md, "Schedules"). Says on ctx.err what reconcile will do
// when that is not to leave it alone: --resource runs are not recorded, and
// SCHEDULE_ENFORCE=true undoes changes by hand. No schedule: nothing.
void NoteManualRun(CommandContext& ctx, const std::string& command, const OperationReport& report);

// For status: the schedule, what it wants now, the next transition and any
// override; text lines and JSON. `error` when the configuration is bad.
struct ScheduleSummary {
  std::vector<std::string> lines;  // none when no schedule is configured
  std::vector<std::string> warnings;
  nlohmann::json json;  // null when none
  std::string error;
};
ScheduleSummary SummarizeSchedule(CommandContext& ctx);

}  // namespace arm
